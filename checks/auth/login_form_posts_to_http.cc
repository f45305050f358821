// login-form-posts-to-http: a password form whose action is a plain-HTTP URL.
#include "checks/common/all_checks.h"
#include "checks/common/page_util.h"

namespace gapscan {

const CheckInfo kLoginFormPostsToHttp{
    "login-form-posts-to-http",
    "Password form submits to plain HTTP",
    CheckKind::passive,
    319,
    Severity::high,
    Confidence::high,
    "A form with a password field submits to an http:// URL (explicitly, or implicitly "
    "because the page itself is plain HTTP). The password, and everything else in the form, "
    "travels unencrypted and can be read by anyone on the network path, whatever the "
    "security of the page that shows the form.",
    "Make every form that carries credentials submit to an https:// URL, and serve the page "
    "itself over HTTPS.",
    {"https://cheatsheetseries.owasp.org/cheatsheets/"
     "Authentication_Cheat_Sheet.html#transmit-passwords-only-over-tls-or-other-strong-transport",
     "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_"
     "Testing/04-Authentication_Testing/01-Testing_for_Credentials_Transported_over_an_"
     "Encrypted_Channel",
     "https://cwe.mitre.org/data/definitions/319.html"},
};

namespace {

class LoginFormPostsToHttp final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    if (!pageutil::is_html_2xx(ctx)) return;
    const auto& forms = ctx.html->forms;
    for (std::size_t i = 0; i < forms.size(); ++i) {
      const HtmlForm& form = forms[i];
      if (!pageutil::is_http_url(form.action)) continue;
      const FormInput* password = pageutil::password_input(form);
      if (password == nullptr) continue;
      Finding f = make_finding(kLoginFormPostsToHttp, ex);
      // One condition per server the passwords go to in clear: every form posting to it (a
      // login box in the layout, sign-up, password change) is the same fix.
      f.per_origin = true;
      if (const auto action = parse_url(form.action)) f.key = action->origin();
      pageutil::set_body_evidence(
          f.evidence, ex.response.body, pageutil::find_form_tag(ex.response.body, form, i),
          "<form method=\"" + form.method + "\" action=\"" + form.action + "\">");
      f.evidence.note =
          "password field \"" + password->name + "\" in a " + pageutil::describe_form(form);
      f.message = "Form with password field \"" + password->name + "\" submits to plain-HTTP URL " +
                  form.action;
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_login_form_posts_to_http() {
  return std::make_unique<LoginFormPostsToHttp>();
}

}  // namespace gapscan
