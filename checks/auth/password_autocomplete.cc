// password-autocomplete: a login form's password field without an autocomplete hint.
#include "checks/common/all_checks.h"
#include "checks/common/page_util.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kPasswordAutocomplete{
    "password-autocomplete",
    "Password field without autocomplete attribute",
    CheckKind::passive,
    522,
    Severity::info,
    Confidence::medium,
    "The password field of a login form has no autocomplete attribute. Browsers ignore "
    "autocomplete=off on password fields, so this is not about preventing storage: without "
    "autocomplete=\"current-password\" (or \"new-password\" on sign-up forms) password "
    "managers may fill the wrong field or fail to offer strong generated passwords, which "
    "pushes users towards weak, reused passwords.",
    "Add autocomplete=\"current-password\" to login password fields and "
    "autocomplete=\"new-password\" to registration and change-password fields, together "
    "with autocomplete=\"username\" on the user name field.",
    {"https://developer.mozilla.org/en-US/docs/Web/Security/Practical_implementation_guides/"
     "Turning_off_form_autocompletion#preventing_autofilling_with_autocompletenew-password",
     "https://www.chromium.org/developers/design-documents/create-amazing-password-forms/",
     "https://cheatsheetseries.owasp.org/cheatsheets/"
     "Authentication_Cheat_Sheet.html#password-managers"},
};

namespace {

class PasswordAutocomplete final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    if (!pageutil::is_html_2xx(ctx)) return;
    const auto& forms = ctx.html->forms;
    for (std::size_t i = 0; i < forms.size(); ++i) {
      // A login form has exactly one password field (sign-up and change forms have more).
      const FormInput* password = nullptr;
      int count = 0;
      for (const FormInput& in : forms[i].inputs) {
        if (in.type != "password") continue;
        ++count;
        password = &in;
      }
      if (count != 1 || !trim(password->autocomplete).empty()) continue;
      Finding f = make_finding(kPasswordAutocomplete, ex);
      f.per_origin = true;
      pageutil::set_body_evidence(f.evidence, ex.response.body,
                                  pageutil::find_password_input(ex.response.body, forms[i], i),
                                  "<input type=\"password\" name=\"" + password->name + "\">");
      f.evidence.note = "password field \"" + password->name + "\" in a " +
                        pageutil::describe_form(forms[i]) + " has no autocomplete attribute";
      f.message = "Login password field \"" + password->name +
                  "\" has no autocomplete=\"current-password\" hint";
      sink.report(std::move(f));
      return;
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_password_autocomplete() {
  return std::make_unique<PasswordAutocomplete>();
}

}  // namespace gapscan
