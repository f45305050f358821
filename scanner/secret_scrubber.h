// Keeps the user's own credentials out of findings. Reporters redact secret headers and query
// values by name, but a server can echo a credential anywhere (TRACE bodies, debug pages,
// error messages): every finding is scrubbed of the exact secret values the scan was given.
#pragma once

#include <string>
#include <vector>

#include "checks/finding.h"
#include "scanner/http.h"

namespace gapscan {

// The secret values in user-supplied headers: whole values of secret headers (Authorization,
// Cookie, X-Api-Key, ...), the credential part after an auth scheme ("Bearer abc" -> "abc"),
// and each cookie value. Short values are ignored (4 bytes whole, 8 for parts): they would
// scrub ordinary words.
std::vector<std::string> secrets_of(const HeaderList& user_headers,
                                    const std::vector<std::string>& extra = {});

// Replaces every occurrence of each secret in the finding's text fields with "<redacted>".
void scrub_finding(Finding& finding, const std::vector<std::string>& secrets);

// A sink that scrubs, then forwards.
class ScrubbingSink : public FindingSink {
 public:
  ScrubbingSink(FindingSink& next, std::vector<std::string> secrets)
      : next_(next), secrets_(std::move(secrets)) {}
  void report(Finding finding) override {
    if (!secrets_.empty()) scrub_finding(finding, secrets_);
    next_.report(std::move(finding));
  }

 private:
  FindingSink& next_;
  std::vector<std::string> secrets_;
};

}  // namespace gapscan
