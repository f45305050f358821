// cookie-no-httponly: a session-like cookie that scripts can read.
#include "checks/common/all_checks.h"
#include "scanner/base/cookies.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kCookieNoHttponly{
    "cookie-no-httponly",
    "Session cookie without HttpOnly attribute",
    CheckKind::passive,
    1004,
    Severity::low,
    Confidence::medium,
    "A cookie that looks like a session or authentication cookie is set without the HttpOnly "
    "attribute, so any script running in the page, including one injected through cross-site "
    "scripting, can read and exfiltrate it. Cookies meant to be read by scripts (CSRF tokens, "
    "preferences) are not reported.",
    "Add the HttpOnly attribute to session and authentication cookies.",
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
    for (const auto& [header, cookie] : response_cookies(ex.response)) {
      if (cookie.http_only || !looks_like_session_cookie(cookie.name, cookie.value)) continue;
      Finding f = make_finding(kCookieNoHttponly, ex);
      f.per_origin = true;
      f.key = cookie.name;
      f.evidence.header_name = "Set-Cookie";
      f.evidence.header_value = *header;
      f.evidence.note = "session-like cookie \"" + cookie.name + "\" has no HttpOnly attribute";
      f.message =
          "Session cookie \"" + cookie.name + "\" is readable by scripts (no HttpOnly attribute)";
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_cookie_no_httponly() {
  return std::make_unique<CookieNoHttponly>();
}

}  // namespace gapscan
