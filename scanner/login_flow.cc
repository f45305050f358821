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

// What the page after a failed login showed, for the user: status, title and the first words
// of its text, with the password blanked out (an app may echo what was typed).
std::string page_summary(const Exchange& ex, const std::string& password) {
  constexpr std::size_t kMaxText = 160;
  const std::string& body = ex.response.body;
  std::string title;
  if (const auto url = parse_url(ex.request.url)) {
    title = parse_html(html_to_utf8(body, content_type_charset(ex.response)), *url).title;
  }
  std::size_t start = 0;
  for (std::size_t p = body.find('<'); p != std::string::npos; p = body.find('<', p + 1)) {
    if (istarts_with(std::string_view(body).substr(p + 1), "body")) {
      start = p;
      break;
    }
  }
  std::string text = strip_tags(std::string_view(body).substr(start, 64 * 1024));
  auto blank = [&password](std::string& s) {
    if (password.empty()) return;
    for (std::size_t p = s.find(password); p != std::string::npos; p = s.find(password, p)) {
      s.replace(p, password.size(), "***");
    }
  };
  blank(title);
  blank(text);
  std::string out = std::to_string(ex.response.status);
  if (!title.empty()) out += ", title \"" + printable_snippet(title, 100) + "\"";
  if (!text.empty()) out += ", text \"" + printable_snippet(text, kMaxText) + "\"";
  return out;
}

// Why the answer to the login is not a logged-in page, or "" when it is. The login form must be
// gone (the same form: the same user and password fields); a logged-out marker must not show;
// the user's logged-in marker must match. A loose marker ("Logged In" inside "Not Logged In")
// cannot confirm a login on its own.
std::string login_refusal(const LoginConfig& c, const LoginForm& form, const Exchange& ex) {
  std::vector<std::string> why;
  if (shows_login_form(ex, form.username_field, form.password_field)) {
    why.push_back("the login form is shown again");
  }
  if (!c.logged_out_regex.empty() && Pattern(c.logged_out_regex).search(ex.response.body)) {
    why.push_back("the page matches --logged-out-regex");
  }
  if (!c.logged_in_regex.empty() && !Pattern(c.logged_in_regex).search(ex.response.body)) {
    why.push_back("the page does not match --logged-in-regex");
  }
  std::string out;
  for (const std::string& w : why) out += (out.empty() ? "" : "; ") + w;
  return out;
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
  const auto form = find_login_form(doc, c.username_field, c.password_field, c.submit_field);
  if (!form) {
    out.error =
        "no login form (one password field" +
        (c.submit_field.empty() ? std::string() : " and a submit button named " + c.submit_field) +
        ") on " + page.request.url;
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
  const std::string page_was = "; the page after login was " + answer.request.url + " (" +
                               page_summary(answer, c.password) + ")";
  if (answer.response.status >= 400) {
    out.error = "the login was refused (" + std::to_string(answer.response.status) + ")" + page_was;
    return out;
  }
  if (std::string why = login_refusal(c, *form, answer); !why.empty()) {
    out.error = "login failed: " + why + page_was;
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
  // Without a logged-in marker, a new session cookie is the only sign of a login.
  if (c.logged_in_regex.empty() && !new_cookie) {
    out.error = "login failed: no session cookie was set" + page_was;
    return out;
  }
  out.ok = true;
  out.secrets = jar.values();
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
    // The answer's own words ({"error":"invalid_grant"}), the password blanked out.
    out.error = "the login was refused (" + std::to_string(answer.response.status) + "); " + c.url +
                " answered " + page_summary(answer, c.password);
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
