// cookie-no-secure: a cookie set over HTTPS without the Secure attribute.
#include "checks/common/all_checks.h"
#include "scanner/base/cookies.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kCookieNoSecure{
    "cookie-no-secure",
    "Cookie without Secure attribute",
    CheckKind::passive,
    614,
    Severity::low,
    Confidence::high,
    "A cookie is set over HTTPS without the Secure attribute, so the browser also sends it "
    "over plain HTTP, where anyone on the network path can read it. Severity is raised to "
    "medium when the cookie looks like a session or authentication cookie.",
    "Add the Secure attribute to every cookie set by an HTTPS site; for session cookies also "
    "consider the __Host- name prefix, which requires Secure.",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie#secure",
     "https://owasp.org/www-community/controls/SecureCookieAttribute",
     "https://www.rfc-editor.org/rfc/rfc6265#section-4.1.2.5"},
};

namespace {

class CookieNoSecure final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override { check(ctx, sink); }

 private:
  static void check(const PassiveContext& ctx, FindingSink& sink) {
    const Exchange& ex = ctx.exchange;
    // Over plain HTTP the cookie is exposed anyway; hsts/TLS checks cover that.
    if (!istarts_with(ex.request.url, "https://")) return;
    for (const auto& [header, cookie] : response_cookies(ex.response)) {
      if (cookie.secure) continue;
      const bool session = looks_like_session_cookie(cookie.name, cookie.value);
      Finding f = make_finding(kCookieNoSecure, ex);
      f.per_origin = true;
      f.key = cookie.name;
      if (session) f.severity = Severity::medium;
      f.evidence.header_name = "Set-Cookie";
      f.evidence.header_value = *header;
      f.evidence.note = std::string(session ? "session-like cookie" : "cookie") + " \"" +
                        cookie.name + "\" has no Secure attribute";
      f.message = "Cookie \"" + cookie.name +
                  "\" is set over HTTPS without Secure and would also be sent over plain HTTP";
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_cookie_no_secure() { return std::make_unique<CookieNoSecure>(); }

}  // namespace gapscan
