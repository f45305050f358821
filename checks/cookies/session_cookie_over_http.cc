// session-cookie-over-http: a session cookie sent in a plain-HTTP response.
#include "checks/common/all_checks.h"
#include "checks/common/page_util.h"
#include "scanner/base/cookies.h"

namespace gapscan {

const CheckInfo kSessionCookieOverHttp{
    "session-cookie-over-http",
    "Session cookie set over plain HTTP",
    CheckKind::passive,
    614,
    Severity::high,
    Confidence::high,
    "A cookie that looks like a session or authentication cookie is set in a response served "
    "over plain HTTP. Anyone on the network path (public Wi-Fi, a compromised router, the ISP) "
    "can read the session identifier from the response, and the browser sends it back "
    "unencrypted on every request, so the session can be hijacked.",
    "Serve the whole site over HTTPS, redirect HTTP to HTTPS before any session is created, "
    "send Strict-Transport-Security, and set session cookies with Secure (ideally with the "
    "__Host- prefix).",
    {"https://owasp.org/www-community/controls/SecureCookieAttribute",
     "https://cheatsheetseries.owasp.org/cheatsheets/"
     "Session_Management_Cheat_Sheet.html#transport-layer-security",
     "https://cwe.mitre.org/data/definitions/614.html"},
};

namespace {

class SessionCookieOverHttp final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    if (!pageutil::is_http_url(ex.request.url)) return;
    for (const auto& [header, cookie] : response_cookies(ex.response)) {
      if (!looks_like_session_cookie(cookie.name, cookie.value)) continue;
      Finding f = make_finding(kSessionCookieOverHttp, ex);
      f.per_origin = true;
      f.key = cookie.name;
      f.evidence.header_name = "Set-Cookie";
      f.evidence.header_value = *header;
      f.evidence.note = "session-like cookie \"" + cookie.name + "\" in a plain-HTTP response";
      f.message = "Session cookie \"" + cookie.name +
                  "\" is set over plain HTTP, where it can be read on the network";
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_session_cookie_over_http() {
  return std::make_unique<SessionCookieOverHttp>();
}

}  // namespace gapscan
