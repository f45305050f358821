// Finding the login form on a login page and filling it in (used by the form login flow).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "scanner/base/html.h"
#include "scanner/base/http.h"

namespace gapscan {

struct LoginForm {
  std::string action;  // absolute URL the form posts to
  std::string method;  // "POST" (or "GET": reported as password-in-get-form by its check)
  std::string username_field;
  std::string password_field;
  // Every other named field with its value as served: hidden CSRF tokens must be carried.
  std::vector<std::pair<std::string, std::string>> carried;
  // What the form's default button adds, as a browser submits it on Enter or a click: the
  // first submit control's name=value ("Login=Login"), name.x/name.y for an image button,
  // nothing when it has no name. Apps check isset($_POST['Login']).
  std::vector<std::pair<std::string, std::string>> submitter;
};

// The page's login form: a form with exactly one password field (sign-up forms have two),
// the user-name field by hint, else by autocomplete/name, else the text field before the
// password. Hints name the fields explicitly (--username-field / --password-field); a submit
// hint (--login-submit) names the button that submits it, and a form without that button is
// not the login form.
std::optional<LoginForm> find_login_form(const HtmlDocument& page,
                                         const std::string& username_hint = "",
                                         const std::string& password_hint = "",
                                         const std::string& submit_hint = "");

// Whether the answer's body shows a login form (find_login_form with these hints): what a
// visitor without a session is shown. Callers decide whether the body is HTML.
bool shows_login_form(const Exchange& ex, const std::string& username_hint = "",
                      const std::string& password_hint = "");

// application/x-www-form-urlencoded body with the credentials filled in.
std::string login_form_body(const LoginForm& form, const std::string& username,
                            const std::string& password);

}  // namespace gapscan
