#include "scanner/login_form.h"

#include <doctest/doctest.h>

namespace gapscan {
namespace {

HtmlDocument page(const char* html) {
  return parse_html(html, *parse_url("https://app.example.com/app/login"));
}

TEST_CASE("login form: found with its CSRF token carried") {
  const auto doc = page(
      "<form method=post action=/app/login><input type=hidden name=csrf_token value=abc123>"
      "<input name=username autocomplete=username><input type=password name=password>"
      "<input type=checkbox name=remember><button type=submit name=go>Log in</button></form>");
  const auto form = find_login_form(doc);
  REQUIRE(form.has_value());
  CHECK(form->action == "https://app.example.com/app/login");
  CHECK(form->method == "POST");
  CHECK(form->username_field == "username");
  CHECK(form->password_field == "password");
  REQUIRE(form->carried.size() == 1);
  CHECK(form->carried[0] == std::pair<std::string, std::string>{"csrf_token", "abc123"});
  // The default button goes too, as a browser sends it (a <button> without value: empty).
  CHECK(login_form_body(*form, "alice", "p&ss w=rd") ==
        "username=alice&password=p%26ss+w%3Drd&csrf_token=abc123&go=");
}

TEST_CASE("login form: the default button is submitted like a browser does") {
  // PHP apps answer the login page again unless isset($_POST['Login']).
  auto body = [](const char* html) {
    const auto form = find_login_form(page(html));
    REQUIRE(form.has_value());
    return login_form_body(*form, "admin", "pw");
  };
  CHECK(body("<form method=post action=login.php><input name=username>"
             "<input type=password name=password><input type=submit name=Login value=Login>"
             "</form>") == "username=admin&password=pw&Login=Login");
  // Only the first submit control: the one Enter triggers.
  CHECK(body("<form method=post><input name=user><input type=password name=pw>"
             "<input type=submit name=login-php-submit-button value=Login>"
             "<input type=submit name=cancel value=Cancel></form>") ==
        "user=admin&pw=pw&login-php-submit-button=Login");
  // An unnamed default button adds nothing, even before a named one.
  CHECK(body("<form method=post><input name=user><input type=password name=pw>"
             "<button>Sign in</button><input type=submit name=other value=x></form>") ==
        "user=admin&pw=pw");
  CHECK(body("<form method=post><input name=user><input type=password name=pw>"
             "<input type=image name=go src=b.png></form>") == "user=admin&pw=pw&go.x=1&go.y=1");
}

TEST_CASE("login form: search and sign-up forms are not login forms; hints pick fields") {
  const auto doc = page(
      "<form action=/search><input name=q></form>"
      "<form method=post action=/signup><input name=email><input type=password name=pw1>"
      "<input type=password name=pw2></form>"
      "<form method=post action=/in><input name=ident><input type=password name=secret></form>");
  const auto form = find_login_form(doc);
  REQUIRE(form.has_value());
  CHECK(form->action == "https://app.example.com/in");
  CHECK(form->username_field == "ident");  // the text field before the password
  CHECK(form->password_field == "secret");
  const auto hinted = find_login_form(doc, "email", "pw1");
  REQUIRE(hinted.has_value());
  CHECK(hinted->action == "https://app.example.com/signup");
  CHECK(hinted->carried == std::vector<std::pair<std::string, std::string>>{{"pw2", ""}});
  CHECK_FALSE(find_login_form(page("<p>no form</p>")).has_value());
}

TEST_CASE("login form: --login-submit names the button a person clicks") {
  const std::string html =
      "<form method=post action=/search><input name=q><input type=password name=pin>"
      "<input type=submit name=find value=Find></form>"
      "<form method=post action=/in><input name=user><input type=password name=pw>"
      "<input type=submit name=help value=Help><input type=submit name=go value=Sign+in>"
      "</form>";
  const auto form = find_login_form(page(html.c_str()), "", "", "go");
  REQUIRE(form.has_value());
  CHECK(form->action == "https://app.example.com/in");  // the first form has no "go" button
  CHECK(login_form_body(*form, "a", "b") == "user=a&pw=b&go=Sign%2Bin");
  CHECK_FALSE(find_login_form(page(html.c_str()), "", "", "missing").has_value());
}

}  // namespace
}  // namespace gapscan
