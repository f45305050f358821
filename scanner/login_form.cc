#include "scanner/login_form.h"

#include "scanner/base/text.h"
#include "scanner/crawl_rules.h"

namespace gapscan {

namespace {

bool texty(const FormInput& in) {
  return in.type == "text" || in.type == "email" || in.type == "tel" || in.type.empty();
}

bool looks_like_user_field(const FormInput& in) {
  if (!texty(in)) return false;
  const std::string ac = to_lower(in.autocomplete);
  if (ac.find("username") != std::string::npos || ac == "email") return true;
  const std::string n = to_lower(in.name);
  for (const char* w : {"user", "login", "email", "mail", "account", "uid", "name"}) {
    if (n.find(w) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

std::optional<LoginForm> find_login_form(const HtmlDocument& page, const std::string& username_hint,
                                         const std::string& password_hint,
                                         const std::string& submit_hint) {
  for (const HtmlForm& form : page.forms) {
    if (form.action.empty()) continue;
    std::vector<const FormInput*> passwords;
    for (const FormInput& in : form.inputs) {
      if (in.type == "password" && !in.name.empty()) passwords.push_back(&in);
    }
    const FormInput* password = nullptr;
    if (!password_hint.empty()) {
      for (const FormInput* p : passwords) {
        if (p->name == password_hint) password = p;
      }
    } else if (passwords.size() == 1) {
      password = passwords.front();
    }
    if (password == nullptr) continue;
    const FormInput* user = nullptr;
    const FormInput* text_before = nullptr;
    for (const FormInput& in : form.inputs) {
      if (&in == password) break;
      if (!in.name.empty() && texty(in)) text_before = &in;
    }
    for (const FormInput& in : form.inputs) {
      if (in.name.empty() || &in == password) continue;
      if (!username_hint.empty() ? in.name == username_hint : looks_like_user_field(in)) {
        user = &in;
        break;
      }
    }
    if (user == nullptr && username_hint.empty()) user = text_before;
    if (user == nullptr) continue;
    LoginForm out;
    out.action = form.action;
    out.method = form.method.empty() ? "GET" : form.method;
    out.username_field = user->name;
    out.password_field = password->name;
    bool submit_found = submit_hint.empty();
    for (const FormInput& in : form.inputs) {
      if (in.type != "submit" && in.type != "image") continue;
      // The named button, else the first one: the default button, named or not.
      if (!submit_hint.empty() && in.name != submit_hint) continue;
      submit_found = true;
      if (in.type == "image" && !in.name.empty()) {
        out.submitter = {{in.name + ".x", "1"}, {in.name + ".y", "1"}};
      } else if (!in.name.empty()) {
        out.submitter = {{in.name, in.value}};
      }
      break;
    }
    if (!submit_found) continue;
    for (const FormInput& in : form.inputs) {
      if (in.name.empty() || &in == user || &in == password) continue;
      // Other buttons and unchecked boxes are not sent by a browser either.
      if (in.type == "submit" || in.type == "button" || in.type == "reset" || in.type == "image" ||
          in.type == "checkbox" || in.type == "radio" || in.type == "file") {
        continue;
      }
      out.carried.emplace_back(in.name, in.value);
    }
    return out;
  }
  return std::nullopt;
}

std::string login_form_body(const LoginForm& form, const std::string& username,
                            const std::string& password) {
  std::string body =
      url_encode_component(form.username_field) + "=" + url_encode_component(username) + "&" +
      url_encode_component(form.password_field) + "=" + url_encode_component(password);
  for (const auto& [name, value] : form.carried) {
    body += "&" + url_encode_component(name) + "=" + url_encode_component(value);
  }
  for (const auto& [name, value] : form.submitter) {
    body += "&" + url_encode_component(name) + "=" + url_encode_component(value);
  }
  return body;
}

bool shows_login_form(const Exchange& ex, const std::string& username_hint,
                      const std::string& password_hint) {
  const auto url = parse_url(ex.request.url);
  if (!url) return false;
  const HtmlDocument doc =
      parse_html(html_to_utf8(ex.response.body, content_type_charset(ex.response)), *url);
  return find_login_form(doc, username_hint, password_hint).has_value();
}

}  // namespace gapscan
