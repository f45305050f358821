// login-form-over-http: a page with a password form served over plain HTTP.
#include "checks/common/all_checks.h"
#include "checks/common/page_util.h"

namespace gapscan {

const CheckInfo kLoginFormOverHttp{
    "login-form-over-http",
    "Login form served over plain HTTP",
    CheckKind::passive,
    319,
    Severity::high,
    Confidence::high,
    "A page containing a form with a password field is served over plain HTTP. An attacker on "
    "the network path can modify the page in transit, for example to send the form to a "
    "server they control or to add a key logger, even if the form itself posts to an HTTPS "
    "URL; browsers also warn users about password fields on insecure pages.",
    "Serve every page that contains a login or password form (ideally the whole site) over "
    "HTTPS, redirect HTTP to HTTPS and send Strict-Transport-Security.",
    {"https://cheatsheetseries.owasp.org/cheatsheets/"
     "Authentication_Cheat_Sheet.html#transmit-passwords-only-over-tls-or-other-strong-transport",
     "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_"
     "Testing/04-Authentication_Testing/01-Testing_for_Credentials_Transported_over_an_"
     "Encrypted_Channel",
     "https://cwe.mitre.org/data/definitions/319.html"},
};

namespace {

class LoginFormOverHttp final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    if (!pageutil::is_http_url(ex.request.url) || !pageutil::is_html_2xx(ctx)) return;
    const auto& forms = ctx.html->forms;
    for (std::size_t i = 0; i < forms.size(); ++i) {
      const FormInput* password = pageutil::password_input(forms[i]);
      if (password == nullptr) continue;
      Finding f = make_finding(kLoginFormOverHttp, ex);
      // One condition per origin: the site serves password forms over plain HTTP, whatever
      // the forms (login box in the layout, sign-up, password change); one fix (HTTPS). The
      // pages are the finding's affected URLs.
      f.per_origin = true;
      pageutil::set_body_evidence(f.evidence, ex.response.body,
                                  pageutil::find_password_input(ex.response.body, forms[i], i),
                                  "<input type=\"password\" name=\"" + password->name + "\">");
      f.evidence.note = "password field \"" + password->name + "\" in a " +
                        pageutil::describe_form(forms[i]) + " on a plain-HTTP page";
      f.message = "Page with a password form is served over plain HTTP";
      sink.report(std::move(f));
      return;  // one finding per page
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_login_form_over_http() {
  return std::make_unique<LoginFormOverHttp>();
}

}  // namespace gapscan
