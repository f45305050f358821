// Keeps the user's own credentials out of findings. Reporters redact secret headers and query
// values by name, but a server can echo a credential anywhere (TRACE bodies, debug pages,
// error messages): every finding is scrubbed of the exact secret values the scan was given.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "scanner/base/finding.h"
#include "scanner/base/http.h"

namespace gapscan {

// The secret values in user-supplied headers: whole values of secret headers (Authorization,
// Cookie, X-Api-Key, ...), the credential part after an auth scheme ("Bearer abc" -> "abc"),
// and each cookie value. Short values are ignored (4 bytes whole, 8 for parts): they would
// scrub ordinary words.
std::vector<std::string> secrets_of(const HeaderList& user_headers,
                                    const std::vector<std::string>& extra = {});

// Secrets that grow during a scan (session cookies and tokens of each login and re-login; an
// app that rotates its cookie on every answer adds one per answer). Thread-safe; values shorter
// than 4 bytes are ignored (they would scrub ordinary text). Adding is a hash insert and a
// scrub is one pass over each text (per distinct secret length), whatever the number of
// secrets: no sort per add, no copy per finding.
class SecretSet {
 public:
  SecretSet() = default;
  explicit SecretSet(const std::vector<std::string>& values) { add(values); }
  void add(const std::vector<std::string>& values);
  void add(const std::string& value) { add(std::vector<std::string>{value}); }
  // Replaces every occurrence of a secret in the finding's text fields with "<redacted>"; at
  // each position the longest secret wins, so a value containing another is replaced whole.
  void scrub(Finding& finding) const;
  // `text` with every secret replaced by "<redacted>" (the request log).
  std::string scrubbed(std::string text) const;
  // The values, longest first (tests, diagnostics).
  std::vector<std::string> snapshot() const;

 private:
  void scrub_text(std::string& text) const;  // mu_ held

  mutable std::mutex mu_;
  std::set<std::string> values_;  // owns the bytes the views below point at (stable nodes)
  // Distinct lengths, longest first, each with its values.
  std::map<std::size_t, std::unordered_set<std::string_view>, std::greater<>> by_length_;
};

// Replaces every occurrence of each secret in the finding's text fields with "<redacted>".
void scrub_finding(Finding& finding, const std::vector<std::string>& secrets);

// A sink that scrubs, then forwards.
class ScrubbingSink : public FindingSink {
 public:
  ScrubbingSink(FindingSink& next, const SecretSet& secrets) : next_(next), secrets_(secrets) {}
  void report(Finding finding) override {
    secrets_.scrub(finding);
    next_.report(std::move(finding));
  }

 private:
  FindingSink& next_;
  const SecretSet& secrets_;
};

}  // namespace gapscan
