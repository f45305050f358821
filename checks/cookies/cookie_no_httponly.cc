// cookie-no-httponly: a cookie that scripts can read (session-like ones at low, others info).
#include "checks/common/all_checks.h"
#include "checks/cookies/cookie_finding.h"
#include "scanner/base/cookies.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kCookieNoHttponly{
    "cookie-no-httponly",
    "Cookie without HttpOnly attribute",
    CheckKind::passive,
    1004,
    Severity::low,
    Confidence::medium,
    "A cookie is set without the HttpOnly attribute, so any script running in the page, "
    "including one injected through cross-site scripting, can read and exfiltrate it. Cookies "
    "that look like a session or authentication cookie are reported at low severity; other "
    "cookies (client-held state such as security=low, tracking ids) at info. Cookies meant to "
    "be read by scripts (CSRF tokens, analytics ids) are not reported.",
    "Add the HttpOnly attribute to session and authentication cookies, and to every other "
    "cookie that scripts do not need to read.",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie#httponly",
     "https://owasp.org/www-community/HttpOnly",
     "https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html"},
};

namespace {

class CookieNoHttponly final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override { check(ctx, sink); }

 private:
  static void check(const PassiveContext& ctx, FindingSink& sink) {
    const Exchange& ex = ctx.exchange;
    for (const ResponseCookie& rc : response_cookies(ex.response)) {
      if (rc.cookie.http_only) continue;
      // CSRF double-submit tokens and analytics ids are left out: HttpOnly would break them.
      auto j = cookiecheck::judge(kCookieNoHttponly, ex, rc, Severity::info);
      if (!j) continue;
      j->finding.evidence.note =
          cookiecheck::noun(*j) + " \"" + rc.cookie.name + "\" has no HttpOnly attribute";
      j->finding.message =
          cookiecheck::message(*j, "is readable by scripts (no HttpOnly attribute)",
                               "an injected script can still read or steal what it holds");
      sink.report(std::move(j->finding));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_cookie_no_httponly() {
  return std::make_unique<CookieNoHttponly>();
}

}  // namespace gapscan
