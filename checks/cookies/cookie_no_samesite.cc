// cookie-no-samesite: a session-like cookie without a valid SameSite attribute.
#include "checks/common/all_checks.h"
#include "scanner/base/cookies.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kCookieNoSamesite{
    "cookie-no-samesite",
    "Session cookie without SameSite attribute",
    CheckKind::passive,
    1275,
    Severity::low,
    Confidence::medium,
    "A cookie that looks like a session or authentication cookie is set without a SameSite "
    "attribute, or with a value browsers do not recognise. Its cross-site behaviour then "
    "depends on the browser's default (Lax in Chromium, none in some others), which leaves "
    "room for cross-site request forgery.",
    "Set SameSite=Lax (or Strict) explicitly on session cookies; use SameSite=None; Secure "
    "only for cookies that must be sent in cross-site requests.",
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
    for (const auto& [header, cookie] : response_cookies(ex.response)) {
      if (cookie.same_site != SameSite::absent && cookie.same_site != SameSite::invalid) {
        continue;
      }
      if (!looks_like_session_cookie(cookie.name, cookie.value)) continue;
      Finding f = make_finding(kCookieNoSamesite, ex);
      f.per_origin = true;
      f.key = cookie.name;
      f.evidence.header_name = "Set-Cookie";
      f.evidence.header_value = *header;
      if (cookie.same_site == SameSite::invalid) {
        f.evidence.note = "SameSite=\"" + cookie.same_site_value +
                          "\" is not Strict, Lax or None; browsers ignore it";
        f.message = "Session cookie \"" + cookie.name + "\" has an invalid SameSite value";
      } else {
        f.evidence.note = "session-like cookie \"" + cookie.name + "\" has no SameSite attribute";
        f.message = "Session cookie \"" + cookie.name +
                    "\" has no SameSite attribute; cross-site behaviour is left to the browser";
      }
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_cookie_no_samesite() {
  return std::make_unique<CookieNoSamesite>();
}

}  // namespace gapscan
