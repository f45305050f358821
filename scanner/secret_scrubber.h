// Keeps the user's own credentials out of findings. Reporters redact secret headers and query
// values by name, but a server can echo a credential anywhere (TRACE bodies, debug pages,
// error messages): every finding is scrubbed of the exact secret values the scan was given.
#pragma once

#include <mutex>
#include <string>
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

// Replaces every occurrence of each secret in the finding's text fields with "<redacted>".
void scrub_finding(Finding& finding, const std::vector<std::string>& secrets);

// Secrets that grow during a scan (session cookies and tokens of each login and re-login).
// Thread-safe; values shorter than 4 bytes are ignored (they would scrub ordinary text).
class SecretSet {
 public:
  SecretSet() = default;
  explicit SecretSet(const std::vector<std::string>& values) { add(values); }
  void add(const std::vector<std::string>& values);
  void add(const std::string& value) { add(std::vector<std::string>{value}); }
  // Longest first, so that a value containing another is replaced whole.
  std::vector<std::string> snapshot() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::string> values_;
};

// A sink that scrubs, then forwards.
class ScrubbingSink : public FindingSink {
 public:
  ScrubbingSink(FindingSink& next, const SecretSet& secrets) : next_(next), secrets_(secrets) {}
  void report(Finding finding) override {
    const std::vector<std::string> secrets = secrets_.snapshot();
    if (!secrets.empty()) scrub_finding(finding, secrets);
    next_.report(std::move(finding));
  }

 private:
  FindingSink& next_;
  const SecretSet& secrets_;
};

}  // namespace gapscan
