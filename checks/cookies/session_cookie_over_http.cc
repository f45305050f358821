// session-cookie-over-http: a cookie sent in a plain-HTTP response (session-like ones at high,
// others medium).
#include "checks/common/all_checks.h"
#include "checks/common/page_util.h"
#include "checks/cookies/cookie_finding.h"
#include "scanner/base/cookies.h"

namespace gapscan {

const CheckInfo kSessionCookieOverHttp{
    "session-cookie-over-http",
    "Cookie set over plain HTTP",
    CheckKind::passive,
    614,
    Severity::high,
    Confidence::high,
    "A cookie that looks like a session or authentication cookie is set in a response served "
    "over plain HTTP. Anyone on the network path (public Wi-Fi, a compromised router, the ISP) "
    "can read the session identifier from the response, and the browser sends it back "
    "unencrypted on every request, so the session can be hijacked. Other cookies (client-held "
    "state such as security=low, tracking ids) are reported at medium: they can be read and "
    "changed on the network too. CSRF tokens and analytics ids are not reported.",
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
    for (const ResponseCookie& rc : response_cookies(ex.response)) {
      // Whoever reads the network reads the page that holds a CSRF token or analytics id too.
      auto j = cookiecheck::judge(kSessionCookieOverHttp, ex, rc, Severity::medium);
      if (!j) continue;
      j->finding.evidence.note =
          cookiecheck::noun(*j) + " \"" + rc.cookie.name + "\" in a plain-HTTP response";
      j->finding.message = cookiecheck::message(
          *j, "is set over plain HTTP, where it can be read on the network",
          "anyone on the network can also change it, and the server may trust its value");
      sink.report(std::move(j->finding));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_session_cookie_over_http() {
  return std::make_unique<SessionCookieOverHttp>();
}

}  // namespace gapscan
