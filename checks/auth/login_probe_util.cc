#include "checks/auth/login_probe_util.h"

#include <nlohmann/json.hpp>

#include "checks/common/probe_util.h"
#include "scanner/base/html.h"
#include "scanner/base/text.h"
#include "scanner/base/url.h"
#include "scanner/cookie_jar.h"
#include "scanner/login_form.h"
#include "scanner/login_ledger.h"
#include "scanner/session.h"

namespace gapscan::login_probe {

namespace {

constexpr std::size_t kMaxBodyScan = 64 * 1024;

// Sends `req` without the scan's credentials, with the jar's cookies; keeps what it sets.
Exchange send(Fetcher& fetcher, HttpRequest req, CookieJar& jar, std::int64_t now) {
  req.without_credentials = true;
  const auto url = parse_url(req.url);
  if (url) {
    if (const std::string c = jar.header_for(*url, now); !c.empty()) {
      req.headers.push_back({"Cookie", c});
    }
  }
  Exchange ex = fetcher.fetch(req);
  if (url && ex.ok()) jar.store(*url, ex.response, now);
  return ex;
}

// The same-origin target of a redirect answer, or "".
std::string redirect_target(const Exchange& ex) {
  const long s = ex.response.status;
  if (s < 300 || s >= 400) return "";
  const std::string* location = find_header(ex.response.headers, "Location");
  const auto from = parse_url(ex.request.url);
  if (location == nullptr || !from) return "";
  const auto to = resolve_url(*from, *location);
  if (!to || to->origin() != from->origin()) return "";
  return to->to_string();
}

void follow(Fetcher& fetcher, FailedLogin& out, CookieJar& jar, std::int64_t now) {
  const std::string next = redirect_target(out.answer);
  if (next.empty()) return;
  ++out.requests;
  Exchange landing = send(fetcher, {"GET", next, {}, {}}, jar, now);
  if (landing.ok()) out.landing = std::move(landing);
}

}  // namespace

const LoginConfig* login_on_origin(const ActiveContext& ctx) {
  if (ctx.auth == nullptr) return nullptr;
  for (const IdentityCrawl& id : ctx.auth->identities) {
    if (!id.session || !id.session->has_login()) continue;
    const LoginConfig& login = *id.session->config().login;
    if (origin_of(login.url) == ctx.origin) return &login;
  }
  return nullptr;
}

bool reserve_attempts(const ActiveContext& ctx, std::string_view check_id, const std::string& url,
                      const std::string& account, int n) {
  return ctx.logins == nullptr || ctx.logins->reserve(check_id, url, account, n);
}

void release_attempt(const ActiveContext& ctx, const std::string& url, const std::string& account) {
  if (ctx.logins != nullptr) ctx.logins->release(url, account);
}

std::string random_user_name() { return "gapscan-" + probe::random_hex(10); }

std::string random_password() {
  // Hex plus a fixed upper-case letter: passes "letters and digits" password rules.
  return "Gs" + probe::random_hex(18);
}

int requests_per_attempt(const LoginConfig& login, bool follow_redirect) {
  return (login.kind == LoginConfig::Kind::form ? 2 : 1) + (follow_redirect ? 1 : 0);
}

FailedLogin failed_login(Fetcher& fetcher, const LoginConfig& login, const std::string& user,
                         const std::string& password, bool follow_redirect, std::int64_t now) {
  FailedLogin out;
  CookieJar jar;  // fresh per attempt: nothing carries over from an earlier one
  if (login.kind == LoginConfig::Kind::json) {
    nlohmann::json body;
    body[login.username_field.empty() ? "username" : login.username_field] = user;
    body[login.password_field.empty() ? "password" : login.password_field] = password;
    HttpRequest post{"POST", login.url, {}, body.dump()};
    post.headers.push_back({"Content-Type", "application/json"});
    post.headers.push_back({"Accept", "application/json"});
    ++out.requests;
    out.answer = send(fetcher, std::move(post), jar, now);
  } else {
    const auto page_url = parse_url(login.url);
    if (!page_url) {
      out.error = "the login URL is not an http(s) URL";
      return out;
    }
    ++out.requests;
    out.page = send(fetcher, {"GET", login.url, {}, {}}, jar, now);
    if (!out.page.ok()) {
      out.error = "cannot fetch the login page: " + out.page.error;
      return out;
    }
    const HtmlDocument doc = parse_html(
        html_to_utf8(out.page.response.body, content_type_charset(out.page.response)), *page_url);
    const auto form = find_login_form(doc, login.username_field, login.password_field);
    if (!form) {
      out.error =
          "no login form on the login page (HTTP " + std::to_string(out.page.response.status) + ")";
      return out;
    }
    // A GET form would put the password in the URL; a form posting elsewhere is not ours.
    if (!iequals(form->method, "POST") || origin_of(form->action) != page_url->origin()) {
      out.error = "the login form does not POST to this origin";
      return out;
    }
    HttpRequest post{"POST", form->action, {}, login_form_body(*form, user, password)};
    post.credentials_in_body = true;
    post.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
    ++out.requests;
    out.answer = send(fetcher, std::move(post), jar, now);
  }
  if (!out.answer.ok()) {
    out.error = "the login request failed: " + out.answer.error;
    return out;
  }
  out.answered = true;
  if (follow_redirect) follow(fetcher, out, jar, now);
  return out;
}

std::string throttle_signal(const HttpResponse& response) {
  if (response.status == 429 || response.status == 503) {
    return "HTTP " + std::to_string(response.status);
  }
  if (has_header(response.headers, "Retry-After")) return "a Retry-After header";
  const std::string body = to_lower(std::string_view(response.body).substr(0, kMaxBodyScan));
  for (const char* word : {"captcha", "too many", "locked", "try again later", "rate limit"}) {
    if (body.find(word) != std::string::npos) return std::string("the body says \"") + word + "\"";
  }
  return "";
}

}  // namespace gapscan::login_probe
