// Shared helpers of the checks that try failed logins against the scan's own login
// (login-no-rate-limit, user-enumeration): which login to use, random user names and
// passwords, one failed-login attempt (form or JSON), and throttling signals.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "checks/common/check.h"
#include "scanner/base/http.h"
#include "scanner/login_flow.h"

namespace gapscan::login_probe {

// The login of the first identity whose login URL is on `ctx.origin`, or null (anonymous
// scans, static-header identities, logins elsewhere).
const LoginConfig* login_on_origin(const ActiveContext& ctx);

// Reserves `n` login attempts that may fail (a guessed or deliberately wrong password) for
// `account` at `url` in the scan's login ledger (ctx.logins), before they are sent. False: the
// lockout limit holds for that account on that host; send none of them (the ledger has
// recorded the refusal). Always true without a ledger (unit tests).
bool reserve_attempts(const ActiveContext& ctx, std::string_view check_id, const std::string& url,
                      const std::string& account, int n = 1);
// A reserved attempt proved a successful login: it no longer counts.
void release_attempt(const ActiveContext& ctx, const std::string& url, const std::string& account);

// "gapscan-" + 10 random hex digits: a user name that does not exist.
std::string random_user_name();
// 20 random letters and digits: a password that is wrong for any account.
std::string random_password();

// One login attempt with credentials that must fail.
struct FailedLogin {
  bool answered = false;  // the login request got an answer (false: cannot tell)
  std::string error;      // why not
  Exchange page;          // form: the login page fetched first
  Exchange answer;        // the login request's answer
  Exchange landing;       // the answer's redirect target, when followed (else empty)
  int requests = 0;       // requests sent
  // The exchange that shows the outcome: the landing page when followed, else the answer.
  const Exchange& outcome() const { return landing.ok() ? landing : answer; }
};

// Form: GETs the login page into a fresh cookie jar, fills its login form (hidden CSRF fields
// carried) and POSTs it. JSON: POSTs {"<username_field>": user, "<password_field>": password}.
// Every request goes without the scan's credentials. With `follow_redirect`, a same-origin
// redirect answer is followed once with the attempt's cookies (flash messages).
FailedLogin failed_login(Fetcher& fetcher, const LoginConfig& login, const std::string& user,
                         const std::string& password, bool follow_redirect, std::int64_t now_unix);

// The most requests one failed_login() sends.
int requests_per_attempt(const LoginConfig& login, bool follow_redirect);

// Why `response` looks throttled or locked ("HTTP 429", "a Retry-After header", "the body
// says \"too many\""), or "" when it does not.
std::string throttle_signal(const HttpResponse& response);

}  // namespace gapscan::login_probe
