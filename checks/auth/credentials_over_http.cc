// credentials-over-http: the scan's own login sent the password over plain HTTP and the
// server accepted it. Confirmed by the login flow itself (not guessed from a form's markup):
// the request that carried the credentials went to an http:// URL and the login succeeded.
//
// Budget per origin: none (it reads the login the scan already performed).
#include "checks/common/all_checks.h"
#include "scanner/session.h"

namespace gapscan {

const CheckInfo kCredentialsOverHttp{
    "credentials-over-http",
    "Login credentials accepted over unencrypted HTTP",
    CheckKind::active,
    319,
    Severity::high,
    Confidence::high,
    "The scan logged in with the configured credentials, and the request carrying the user "
    "name and password went over plain HTTP; the server accepted it instead of refusing it or "
    "redirecting to HTTPS first. Anyone on the network path (public Wi-Fi, a compromised "
    "router, a proxy) reads the password and the session that follows.",
    "Serve the login page and the login endpoint over HTTPS only: redirect plain HTTP to HTTPS "
    "before any credentials are sent (and refuse credentials that arrive over HTTP), and send "
    "Strict-Transport-Security so that browsers never try plain HTTP again.",
    {"https://owasp.org/www-community/vulnerabilities/Insecure_Transport",
     "https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html",
     "https://cwe.mitre.org/data/definitions/319.html"},
    0,  // request budget per origin: sends nothing
};

namespace {

class CredentialsOverHttp final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    if (ctx.auth == nullptr) return mark_not_applicable(ctx, "needs a logged-in identity");
    for (const auto& crawl : ctx.auth->identities) {
      if (!crawl.session || !crawl.session->has_login()) continue;
      const auto login = crawl.session->first_login();
      if (!login || !login->ok) continue;
      const LoginConfig& config = *crawl.session->config().login;
      for (const Exchange& ex : login->exchanges) {
        // The request carrying the credentials: the login flow's only POST with a body.
        if (ex.request.method != "POST" || ex.request.body.empty() || !ex.ok()) continue;
        const auto url = parse_url(ex.request.url);
        if (!url || url->scheme != "http" || url->origin() != ctx.origin) continue;
        Finding f = make_finding(kCredentialsOverHttp, ex);
        f.method = "POST";
        f.key = crawl.session->name();
        f.parameter = config.password_field.empty() ? "password" : config.password_field;
        f.message = "the login of identity '" + crawl.session->name() +
                    "' sent its password over plain HTTP and was accepted";
        f.evidence.note = "POST " + ex.request.url + " (" +
                          (config.kind == LoginConfig::Kind::json ? "JSON" : "form") +
                          " login) answered " + std::to_string(ex.response.status) +
                          "; the login succeeded";
        sink.report(std::move(f));
        break;
      }
    }
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_credentials_over_http() {
  return std::make_unique<CredentialsOverHttp>();
}

}  // namespace gapscan
