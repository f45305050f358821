// Logging in before a scan (used by Session, scanner/session.h): an HTML
// form login (the form found on the login page, hidden CSRF fields carried, cookies kept in a
// jar) or a JSON login (credentials POSTed as JSON, the token read by JSON pointer and sent as
// a header). Every request goes through a Fetcher, so scope, rate limit and caps apply.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "checks/common/check.h"
#include "scanner/cookie_jar.h"

namespace gapscan {

struct LoginConfig {
  enum class Kind { form, json } kind = Kind::form;
  std::string url;  // the login page (form) or endpoint (json)
  std::string username;
  std::string password;
  std::string username_field;    // form: hint (auto-detected when empty); json: default "username"
  std::string password_field;    // form: hint; json: default "password"
  std::string submit_field;      // form: the button to submit with (--login-submit); else the
                                 // form's default button
  std::string logged_in_regex;   // must match the page after login, when given
  std::string logged_out_regex;  // must not match it, when given
  std::string token_pointer = "/token";  // json: where the token is in the response
  std::string token_header = "Authorization";
  std::string token_scheme = "Bearer";
  // Constant fields the login endpoint also wants (--login-field NAME=VALUE; Node-RED's
  // /auth/token needs client_id, grant_type and scope): string members of the json body.
  std::vector<std::pair<std::string, std::string>> extra_fields;
};

struct LoginOutcome {
  bool ok = false;
  std::string error;                 // why not, for the user (never holds a secret)
  HeaderList headers;                // to send on authenticated requests (json: the token)
  std::vector<std::string> secrets;  // token and session cookie values: scrub from reports
  std::vector<Exchange> exchanges;   // the login flow, for checks (credentials-over-http, ...)
};

LoginOutcome log_in(Fetcher& fetcher, const LoginConfig& config, CookieJar& jar,
                    std::int64_t now_unix);

}  // namespace gapscan
