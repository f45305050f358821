// Strict-Transport-Security header parsing (RFC 6797 §6.1), shared by the HSTS checks.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gapscan {

struct StsHeader {
  bool has_max_age = false;  // a max-age directive with a valid delta-seconds value
  std::int64_t max_age = 0;  // seconds (saturates at INT64_MAX); valid when has_max_age
  std::string max_age_text;  // the max-age value as written ("" when absent)
  bool include_subdomains = false;
  bool preload = false;
  // Why browsers ignore the header (RFC 6797 §6.1: a header that does not conform is
  // ignored as a whole). Each entry: a stable key and a human-readable detail.
  struct Problem {
    std::string key;  // "syntax", "missing-max-age", "invalid-max-age",
                      // "duplicate-directive:<name>", "includesubdomains-value"
    std::string detail;
  };
  std::vector<Problem> problems;

  bool valid() const { return problems.empty() && has_max_age; }
};

// Parses one Strict-Transport-Security field value. Directive names are case-insensitive;
// values are tokens or quoted-strings; whitespace around ';' and '=' is allowed.
StsHeader parse_sts(std::string_view value);

}  // namespace gapscan
