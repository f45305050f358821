// password-in-get-form: a password field in a form submitted with GET.
#include "checks/common/all_checks.h"
#include "checks/common/page_util.h"

namespace gapscan {

const CheckInfo kPasswordInGetForm{
    "password-in-get-form",
    "Password submitted in the URL (GET form)",
    CheckKind::passive,
    598,
    Severity::medium,
    Confidence::high,
    "A form with a password field uses method GET (explicitly or by default), so submitting it "
    "puts the password in the URL query string. URLs end up in browser history, server, proxy "
    "and load-balancer logs, Referer headers sent to other sites, and analytics tools.",
    "Submit forms that carry passwords or other secrets with method=\"post\" (over HTTPS).",
    {"https://owasp.org/www-community/vulnerabilities/"
     "Information_exposure_through_query_strings_in_url",
     "https://cwe.mitre.org/data/definitions/598.html",
     "https://developer.mozilla.org/en-US/docs/Web/HTML/Element/form#method"},
};

namespace {

class PasswordInGetForm final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    if (!pageutil::is_html_2xx(ctx)) return;
    const auto& forms = ctx.html->forms;
    for (std::size_t i = 0; i < forms.size(); ++i) {
      const HtmlForm& form = forms[i];
      // A non-HTTP action (javascript:) is submitted by script: the method does not apply.
      if (form.method != "GET" || form.action.empty()) continue;
      const FormInput* password = pageutil::password_input(form);
      if (password == nullptr) continue;
      Finding f = make_finding(kPasswordInGetForm, ex);
      // One finding per origin and form action, however many pages carry the form.
      f.per_origin = true;
      f.key = form.action;
      f.parameter = password->name;
      pageutil::set_body_evidence(f.evidence, ex.response.body,
                                  pageutil::find_form_tag(ex.response.body, form, i),
                                  "<form method=\"GET\" action=\"" + form.action + "\">");
      f.evidence.note =
          "password field \"" + password->name + "\" in a " + pageutil::describe_form(form);
      f.message = "Form submits password field \"" + password->name + "\" with GET to " +
                  form.action + ", putting it in the URL";
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_password_in_get_form() {
  return std::make_unique<PasswordInGetForm>();
}

}  // namespace gapscan
