// login-no-rate-limit: the scan's login accepts a burst of failed logins for one user name
// without any sign of throttling, lockout or CAPTCHA.
//
// Intrusive (it stresses the login): runs only with --intrusive, else sends nothing. On the
// first identity's login on this origin, --login-burst (default 20; at least 5) failed logins for
// ONE random user name that does not exist ("gapscan-<hex>"; no real account can be locked),
// each with a random password, one at a time. Form logins GET the login page into a fresh jar
// and post its form (CSRF fields carried); JSON logins POST {"username","password"}.
// Throttling is seen, and the check stops at once without a finding, on any 429 or 503, a
// Retry-After header, a body mentioning a CAPTCHA, "too many", "locked", "try again later" or
// "rate limit", or an answer (status or redirect target) differing from the first attempt's.
// A transport error or a first answer that is not a login failure (a 403 CSRF refusal, 5xx)
// means "cannot tell". Only when the whole burst is answered the same way is it reported.
//
// The one exception to the scan's lockout limit (scanner/login_ledger.h: 3 failed logins per
// account per host): the user asked for the burst with --intrusive, and its account does not
// exist. The burst is recorded in the ledger under that random name, never refused.
//
// Budget per origin: 2 requests per attempt (form) + 2 = 2 * burst + 2 (42 at the default
// burst); without --intrusive nothing is sent.
#include <algorithm>
#include <chrono>
#include <cstdio>

#include "checks/auth/login_probe_util.h"
#include "checks/common/all_checks.h"
#include "checks/common/probe_util.h"
#include "scanner/base/url.h"
#include "scanner/login_ledger.h"
#include "scanner/session.h"

namespace gapscan {

const CheckInfo kLoginNoRateLimit{
    "login-no-rate-limit",
    "Login has no rate limit (brute force possible)",
    CheckKind::active,
    307,
    Severity::medium,
    Confidence::high,
    "A burst of failed logins for one user name (--login-burst, default 20, with random "
    "passwords) was answered the same way every time: no HTTP 429 or 503, no Retry-After, no "
    "CAPTCHA, no lockout message, no change of answer. Nothing stops an attacker from guessing "
    "passwords online at the speed of the network, or from trying leaked passwords against "
    "many accounts. Runs only with --intrusive; the user name it tries does not exist, so no "
    "real account is locked.",
    "Throttle failed logins per account and per client (exponential back-off, temporary "
    "lockout, or a CAPTCHA after a few failures), answer throttled attempts with 429 and "
    "Retry-After, alert on bursts, and offer multi-factor authentication.",
    {"https://cwe.mitre.org/data/definitions/307.html",
     "https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#protect-"
     "against-automated-attacks",
     "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_"
     "Security_Testing/04-Authentication_Testing/03-Testing_for_Weak_Lock_Out_Mechanism"},
    42,  // request budget per origin with --intrusive at the default burst (2 * 20 + 2)
};

namespace {

int burst_of(const CheckSettings& s) { return std::clamp(s.login_burst, 5, 1000); }

// The answer's shape: status and redirect target.
std::string shape(const HttpResponse& r) {
  std::string out = std::to_string(r.status);
  if (r.status >= 300 && r.status < 400) {
    out += " -> " + probe::short_text(probe::header_value(r, "Location"), 120);
  }
  return out;
}

// Whether the first answer looks like a refused login (not a CSRF refusal or an error page).
bool login_failure_status(const LoginConfig& login, long status) {
  if (status == 200 || status == 401 || status == 422) return true;
  if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
    return login.kind == LoginConfig::Kind::form;
  }
  if (status == 400 || status == 403 || status == 404) return login.kind == LoginConfig::Kind::json;
  return false;
}

class LoginNoRateLimit final : public ActiveCheck {
 public:
  int request_budget(const CheckSettings& settings, int declared) const override {
    return settings.intrusive ? 2 * burst_of(settings) + 2 : declared;
  }

  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    const CheckSettings& settings = settings_of(ctx);
    if (!settings.intrusive) return;  // stresses the login: --intrusive only
    const LoginConfig* login = login_probe::login_on_origin(ctx);
    if (login == nullptr) return;
    const int burst = burst_of(settings);
    const std::string user = login_probe::random_user_name();
    if (ctx.logins != nullptr) ctx.logins->record_opted_in(login->url, user, burst);
    const auto start = std::chrono::steady_clock::now();
    std::string first;
    login_probe::FailedLogin last;
    for (int i = 0; i < burst; ++i) {
      last = login_probe::failed_login(ctx.fetcher, *login, user, login_probe::random_password(),
                                       false, unix_now());
      if (!last.answered) return;  // cannot tell
      if (last.page.ok() && !login_probe::throttle_signal(last.page.response).empty()) return;
      if (!login_probe::throttle_signal(last.answer.response).empty()) return;
      const std::string s = shape(last.answer.response);
      if (i == 0) {
        if (!login_failure_status(*login, last.answer.response.status)) return;
        first = s;
      } else if (s != first) {
        return;  // the answer changed: throttling, lockout or noise; no finding either way
      }
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    char secs[32];
    std::snprintf(secs, sizeof secs, seconds < 1 ? "%.2f" : "%.1f", seconds);
    Finding f = make_finding(kLoginNoRateLimit, last.answer);
    const auto url = parse_url(last.answer.request.url);
    const std::string path = url ? url->path : last.answer.request.url;
    f.message = "The login at " + path + " answered " + std::to_string(burst) +
                " failed logins for one user name alike, without throttling";
    f.evidence.snippet = "user name " + user + ", " + std::to_string(burst) + " random passwords";
    f.evidence.note = std::to_string(burst) + " failed logins in " + secs +
                      " seconds, all answered " + first +
                      "; no 429/503, Retry-After, CAPTCHA or lockout wording, no change of answer";
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_login_no_rate_limit() {
  return std::make_unique<LoginNoRateLimit>();
}

}  // namespace gapscan
