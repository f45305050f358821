#include "scanner/login_flow.h"

#include <nlohmann/json.hpp>

#include "scanner/base/html.h"
#include "scanner/base/json.h"
#include "scanner/base/pattern.h"
#include "scanner/base/text.h"
#include "scanner/base/url.h"
#include "scanner/login_form.h"

namespace gapscan {

namespace {

constexpr int kMaxRedirects = 3;

// Sends `req` with the jar's cookies and keeps the cookies it sets.
Exchange send(Fetcher& fetcher, HttpRequest req, CookieJar& jar, std::int64_t now,
              LoginOutcome& out) {
  // The login carries its own jar's cookies, never the scan's session (a fresh login must not
  // ride on the session it is meant to replace or test).
  req.without_credentials = true;
  // Every request of a login carries credentials or the session they buy (the password, the
  // new session cookie), and the login page decides where the password goes: all of them go
  // over verified TLS only (unless --insecure-credentials).
  req.carries_credentials = true;
  const auto url = parse_url(req.url);
  if (url) {
    const std::string cookies = jar.header_for(*url, now);
    if (!cookies.empty()) req.headers.push_back({"Cookie", cookies});
  }
  Exchange ex = fetcher.fetch(req);
  if (url && ex.ok()) jar.store(*url, ex.response, now);
  out.exchanges.push_back(ex);
  return ex;
}

// Follows same-origin redirects (a login usually answers 302 to the dashboard).
Exchange follow(Fetcher& fetcher, Exchange ex, CookieJar& jar, std::int64_t now,
                LoginOutcome& out) {
  for (int hop = 0;
       hop < kMaxRedirects && ex.ok() && ex.response.status >= 300 && ex.response.status < 400;
       ++hop) {
    const std::string* location = find_header(ex.response.headers, "Location");
    const auto from = parse_url(ex.request.url);
    if (location == nullptr || !from) break;
    const auto to = resolve_url(*from, *location);
    if (!to || to->origin() != from->origin()) break;
    ex = send(fetcher, {"GET", to->to_string(), {}, {}}, jar, now, out);
  }
  return ex;
}

std::string check_page(const LoginConfig& c, const Exchange& ex) {
  if (!c.logged_out_regex.empty() && Pattern(c.logged_out_regex).search(ex.response.body)) {
    return "the page after login matches --logged-out-regex";
  }
  if (!c.logged_in_regex.empty() && !Pattern(c.logged_in_regex).search(ex.response.body)) {
    return "the page after login does not match --logged-in-regex";
  }
  return "";
}

// The URL the form posts to (cookies for it), or the login page when the action is unusable.
std::optional<Url> form_url_or(const Url& fallback, const std::string& action) {
  if (auto u = parse_url(action)) return u;
  return fallback;
}

LoginOutcome form_login(Fetcher& fetcher, const LoginConfig& c, CookieJar& jar, std::int64_t now) {
  LoginOutcome out;
  const auto login_url = parse_url(c.url);
  if (!login_url) {
    out.error = "login URL '" + c.url + "' is not an http(s) URL";
    return out;
  }
  const Exchange page =
      follow(fetcher, send(fetcher, {"GET", c.url, {}, {}}, jar, now, out), jar, now, out);
  if (!page.ok()) {
    out.error = "cannot fetch the login page " + c.url + ": " + page.error;
    return out;
  }
  const auto page_url = parse_url(page.request.url);
  const HtmlDocument doc =
      parse_html(html_to_utf8(page.response.body, ""), page_url ? *page_url : *login_url);
  const auto form = find_login_form(doc, c.username_field, c.password_field);
  if (!form) {
    out.error = "no login form (one password field) on " + page.request.url;
    return out;
  }
  // A login succeeds by setting a session cookie: a new name=value pair in the jar (with
  // session fixation the value may be an old one under a new name).
  const std::string before = jar.header_for(*form_url_or(*login_url, form->action), now);
  HttpRequest post{"POST", form->action, {}, {}};
  post.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
  post.body = login_form_body(*form, c.username, c.password);
  post.credentials_in_body = true;
  const Exchange answer =
      follow(fetcher, send(fetcher, std::move(post), jar, now, out), jar, now, out);
  if (!answer.ok()) {
    out.error = "the login request failed: " + answer.error;
    return out;
  }
  if (answer.response.status >= 400) {
    out.error = "the login was refused (" + std::to_string(answer.response.status) + ")";
    return out;
  }
  if (std::string why = check_page(c, answer); !why.empty()) {
    out.error = "login failed: " + why;
    return out;
  }
  const std::string after_header = jar.header_for(*form_url_or(*login_url, form->action), now);
  bool new_cookie = false;
  for (std::string_view pair : split(after_header, ';')) {
    const std::string p(trim(pair));
    bool seen = false;
    for (std::string_view old : split(before, ';')) seen = seen || trim(old) == p;
    new_cookie = new_cookie || (!p.empty() && !seen);
  }
  const std::vector<std::string> after = jar.values();
  const bool form_again = shows_login_form(answer, c.username_field, c.password_field);
  if (c.logged_in_regex.empty() && (!new_cookie || form_again)) {
    out.error = form_again ? "login failed: the login form is shown again"
                           : "login failed: no session cookie was set";
    return out;
  }
  out.ok = true;
  out.secrets = after;
  return out;
}

LoginOutcome json_login(Fetcher& fetcher, const LoginConfig& c, CookieJar& jar, std::int64_t now) {
  LoginOutcome out;
  nlohmann::json body;
  for (const auto& [name, value] : c.extra_fields) body[name] = value;
  body[c.username_field.empty() ? "username" : c.username_field] = c.username;
  body[c.password_field.empty() ? "password" : c.password_field] = c.password;
  HttpRequest post{"POST", c.url, {}, body.dump()};
  post.credentials_in_body = true;
  post.headers.push_back({"Content-Type", "application/json"});
  post.headers.push_back({"Accept", "application/json"});
  const Exchange answer = send(fetcher, std::move(post), jar, now, out);
  if (!answer.ok()) {
    out.error = "the login request failed: " + answer.error;
    return out;
  }
  if (answer.response.status < 200 || answer.response.status >= 300) {
    out.error = "the login was refused (" + std::to_string(answer.response.status) + ")";
    return out;
  }
  const nlohmann::json doc = parse_json_bounded(answer.response.body).value_or(nlohmann::json());
  std::string token;
  try {
    const auto& value = doc.at(nlohmann::json::json_pointer(c.token_pointer));
    if (value.is_string()) token = value.get<std::string>();
  } catch (const std::exception&) {
    token.clear();  // a bad pointer or a missing member: reported below
  }
  if (doc.is_discarded() || token.empty()) {
    out.error = "no token at " + c.token_pointer + " in the login response";
    return out;
  }
  out.ok = true;
  out.headers.push_back(
      {c.token_header, c.token_scheme.empty() ? token : c.token_scheme + " " + token});
  out.secrets.push_back(token);
  return out;
}

}  // namespace

LoginOutcome log_in(Fetcher& fetcher, const LoginConfig& config, CookieJar& jar,
                    std::int64_t now_unix) {
  return config.kind == LoginConfig::Kind::json ? json_login(fetcher, config, jar, now_unix)
                                                : form_login(fetcher, config, jar, now_unix);
}

}  // namespace gapscan
