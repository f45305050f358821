// Helpers shared by the information-disclosure checks: bounded body access, a one-pass
// multi-literal matcher, evidence snippets, redaction, the soft-404 echo guard and address
// classification. Everything here is cheap on the hot path (no regex, no copies of the body).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scanner/base/http.h"
#include "scanner/base/text.h"

namespace gapscan::disclosure {

constexpr std::size_t npos = std::string_view::npos;

// Bodies are scanned up to this many bytes.
constexpr std::size_t kMaxScanBytes = std::size_t{512} * 1024;

// The first kMaxScanBytes of the body.
std::string_view scan_body(const HttpResponse& response);

// Coarse classification of a response by its media type.
enum class BodyKind { html, javascript, json, css, xml, text, binary, unknown };
BodyKind body_kind(const HttpResponse& response);
inline bool is_textual(BodyKind k) { return k != BodyKind::binary; }

// Byte classes.
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
inline bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
inline bool is_ident(char c) { return is_alnum(c) || c == '_'; }

// memmem-based search (fast for any needle, unlike a first-byte scan for common letters).
std::size_t find_lit(std::string_view hay, std::string_view needle, std::size_t from = 0);

// Number of digits at s[pos...].
std::size_t digits_at(std::string_view s, std::size_t pos);

// Finds a fixed set of literals in one pass over the text. A 64 Ki-bit table of the first two
// bytes of every needle (all case variants for case-insensitive ones) filters positions; only
// filtered positions are compared. Needles must be at least two bytes long.
class NeedleSet {
 public:
  struct Needle {
    std::string_view text;
    int id = 0;
    bool icase = false;
  };

  NeedleSet(std::initializer_list<Needle> needles);

  // Calls on_match(pos, needle) for every occurrence in text order; stops early when it
  // returns false.
  template <typename F>
  void scan(std::string_view text, F&& on_match) const {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    for (std::size_t i = 0; i + 1 < n; ++i) {
      const unsigned key = (static_cast<unsigned>(p[i]) << 8) | p[i + 1];
      if (((bits_[key >> 6] >> (key & 63)) & 1) == 0) continue;
      const auto range = std::equal_range(index_.begin(), index_.end(),
                                          std::pair<unsigned, std::size_t>(key, 0), KeyLess{});
      for (auto it = range.first; it != range.second; ++it) {
        const Needle& nd = needles_[it->second];
        if (matches_at(text, i, nd) && !on_match(i, nd)) return;
      }
    }
  }

 private:
  struct KeyLess {
    bool operator()(const std::pair<unsigned, std::size_t>& a,
                    const std::pair<unsigned, std::size_t>& b) const {
      return a.first < b.first;
    }
  };
  static bool matches_at(std::string_view text, std::size_t pos, const Needle& nd);

  std::vector<Needle> needles_;
  std::vector<std::pair<unsigned, std::size_t>> index_;  // (bigram, needle index), sorted
  std::array<std::uint64_t, 1024> bits_{};
};

// Evidence text: the line holding [begin, end), trimmed; a line longer than max_bytes is cut
// to a window around the match, marked with "…".
std::string line_snippet(std::string_view body, std::size_t begin, std::size_t end,
                         std::size_t max_bytes = 200);

// A secret shown in evidence: the first 4 and last 2 characters ("AKIA…XY") for values of 12
// characters or more; shorter values show only their first and last character ("c…e"), and
// values under 6 characters are replaced by "…" entirely.
std::string redact_value(std::string_view secret);

// The path and query of the request URL as a soft-404 page may echo them back (raw, decoded,
// without the leading '/', HTML-escaped). covers() tells whether [begin, end) of the body lies
// inside such an echo: a match there comes from the URL, not from the application.
class RequestEcho {
 public:
  explicit RequestEcho(std::string_view request_url);
  bool covers(std::string_view body, std::size_t begin, std::size_t end) const;

 private:
  std::vector<std::string> variants_;
};

// A dotted-quad IPv4 address starting exactly at s[pos]: its length, or 0. Octets are 1-3
// digits, at most 255, without leading zeros.
std::size_t ipv4_at(std::string_view s, std::size_t pos, std::array<int, 4>* octets);
// 10/8, 172.16/12, 192.168/16, 169.254/16.
bool is_private_ipv4(const std::array<int, 4>& o);
// A whole-string IPv4 literal.
bool parse_ipv4(std::string_view s, std::array<int, 4>* octets);
// An IPv6 literal (inet_pton) in the unique-local fd00::/8 block.
bool is_ula_ipv6(std::string_view s);

// The host of an absolute URL (lower-case, no port, IPv6 without brackets); empty if none.
std::string url_host(std::string_view url);

}  // namespace gapscan::disclosure
