// cookie-no-samesite: a cookie without a valid SameSite attribute (session-like ones at low,
// others info).
#include "checks/common/all_checks.h"
#include "checks/cookies/cookie_finding.h"
#include "scanner/base/cookies.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kCookieNoSamesite{
    "cookie-no-samesite",
    "Cookie without SameSite attribute",
    CheckKind::passive,
    1275,
    Severity::low,
    Confidence::medium,
    "A cookie is set without a SameSite attribute, or with a value browsers do not recognise. "
    "Its cross-site behaviour then depends on the browser's default (Lax in Chromium, none in "
    "some others), which leaves room for cross-site request forgery. Cookies that look like a "
    "session or authentication cookie are reported at low severity; other cookies "
    "(client-held state such as security=low, tracking ids) at info. CSRF tokens and "
    "analytics ids are not reported.",
    "Set SameSite=Lax (or Strict) explicitly on session cookies and on other cookies the "
    "server acts upon; use SameSite=None; Secure only for cookies that must be sent in "
    "cross-site requests.",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie#samesitesamesite-value",
     "https://owasp.org/www-community/SameSite",
     "https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-5.6.7"},
};

namespace {

class CookieNoSamesite final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override { check(ctx, sink); }

 private:
  static void check(const PassiveContext& ctx, FindingSink& sink) {
    const Exchange& ex = ctx.exchange;
    for (const ResponseCookie& rc : response_cookies(ex.response)) {
      const SetCookie& cookie = rc.cookie;
      if (cookie.same_site != SameSite::absent && cookie.same_site != SameSite::invalid) {
        continue;
      }
      // A CSRF token or an analytics id grants nothing when a cross-site request carries it.
      auto j = cookiecheck::judge(kCookieNoSamesite, ex, rc, Severity::info);
      if (!j) continue;
      constexpr std::string_view kWhy = "cross-site requests still carry it";
      if (cookie.same_site == SameSite::invalid) {
        j->finding.evidence.note = "SameSite=\"" + cookie.same_site_value +
                                   "\" is not Strict, Lax or None; browsers ignore it";
        j->finding.message = cookiecheck::message(*j, "has an invalid SameSite value", kWhy);
      } else {
        j->finding.evidence.note =
            cookiecheck::noun(*j) + " \"" + cookie.name + "\" has no SameSite attribute";
        j->finding.message = cookiecheck::message(
            *j, "has no SameSite attribute; cross-site behaviour is left to the browser", kWhy);
      }
      sink.report(std::move(j->finding));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_cookie_no_samesite() {
  return std::make_unique<CookieNoSamesite>();
}

}  // namespace gapscan
