// cookie-samesite-none-insecure: SameSite=None without Secure, which browsers reject.
#include "checks/common/all_checks.h"
#include "scanner/base/cookies.h"

namespace gapscan {

const CheckInfo kCookieSamesiteNoneInsecure{
    "cookie-samesite-none-insecure",
    "Cookie with SameSite=None but without Secure",
    CheckKind::passive,
    1275,
    Severity::medium,
    Confidence::high,
    "A cookie is set with SameSite=None but without the Secure attribute. Current browsers "
    "reject such cookies outright, so the feature relying on it (often a cross-site login or "
    "embedded widget) silently breaks; older browsers that accept it send the cookie on every "
    "cross-site request and over plain HTTP.",
    "Add the Secure attribute to every SameSite=None cookie (and serve the site over HTTPS), or "
    "use SameSite=Lax if the cookie does not need to be sent in cross-site requests.",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie#none",
     "https://web.dev/articles/samesite-cookies-explained",
     "https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-5.6.7"},
};

namespace {

class CookieSamesiteNoneInsecure final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    for (const auto& [header, cookie] : response_cookies(ex.response)) {
      if (cookie.same_site != SameSite::none || cookie.secure) continue;
      Finding f = make_finding(kCookieSamesiteNoneInsecure, ex);
      f.per_origin = true;
      f.key = cookie.name;
      f.evidence.header_name = "Set-Cookie";
      f.evidence.header_value = *header;
      f.evidence.note = "SameSite=None without the Secure attribute";
      f.message = "Cookie \"" + cookie.name +
                  "\" is set with SameSite=None but without Secure; browsers reject it";
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_cookie_samesite_none_insecure() {
  return std::make_unique<CookieSamesiteNoneInsecure>();
}

}  // namespace gapscan
