// Unit-test helper for the checks that try failed logins: a tiny login application behind a
// FakeFetcher handler, hardened or flawed. Form login: GET /login sets cookie "pre" and a
// hidden csrf_token bound to it; POST /login needs both (else 403) and answers a failed login
// with the form again. JSON login: POST /api/login {"username","password"} -> 401. Hardened:
// after `limit` failures per user name, 429 + Retry-After; every failure looks the same.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "scanner/base/http.h"
#include "scanner/base/text.h"
#include "scanner/session.h"
#include "test/checks/test_sink.h"

namespace gapscan::testing {

struct FakeLoginApp {
  bool rate_limit = true;  // 429 + Retry-After after `limit` failures per user name
  int limit = 10;
  bool enumerate = false;     // unknown users: "Unknown user." (form) / 404 (json)
  bool redirect = false;      // form: a failed login redirects to /login?error (flash message)
  bool echo_user = false;     // form: the failure page fills in the submitted user name
  std::string extra_failure;  // form: added to every failure page (e.g. "Too many attempts")
  std::set<std::string> users = {"alice"};

  std::map<std::string, int> failures;  // per user name
  std::string flash;                    // the message the next GET /login shows (redirect mode)
  int logins_posted = 0;
  int pages = 0;
  std::mutex mu;

  static std::string cookie(const HttpRequest& req, const std::string& name) {
    const std::string* c = find_header(req.headers, "Cookie");
    if (c == nullptr) return "";
    for (std::string_view part : split(*c, ';')) {
      part = trim(part);
      if (part.starts_with(name + "=")) return std::string(part.substr(name.size() + 1));
    }
    return "";
  }

  static std::string field(const std::string& body, const std::string& name) {
    for (std::string_view part : split(body, '&')) {
      if (part.starts_with(name + "=")) return std::string(part.substr(name.size() + 1));
    }
    return "";
  }

  std::string form_page(const std::string& message, const std::string& user) {
    const std::string pre = "p" + std::to_string(100000 + ++pages) + "aaaaaaaaaaaaaaaaaaaaaaaaa";
    std::string body = "<html><head><title>Sign in</title></head><body>\n<h1>Sign in</h1>\n" +
                       (message.empty() ? "" : "<p class=\"error\">" + message + "</p>\n") +
                       "<form method=\"post\" action=\"/login\">\n"
                       "<input type=\"text\" name=\"username\" value=\"" +
                       (echo_user ? user : "") +
                       "\">\n<input type=\"password\" name=\"password\">\n"
                       "<input type=\"hidden\" name=\"csrf_token\" value=\"c" +
                       std::to_string(pages) + pre +
                       "\">\n<button type=\"submit\">Sign in</button>\n</form>\n</body></html>\n";
    return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nSet-Cookie: pre=" + pre +
           "; Path=/; Secure; HttpOnly\r\n\r\n" + body;
  }

  std::optional<std::string> handle(const HttpRequest& req) {
    std::lock_guard lock(mu);
    const std::string path = req.url.substr(req.url.find('/', 8));
    if (req.method == "GET" && path.starts_with("/login")) {
      std::string message = flash;
      flash.clear();
      return form_page(message, "");
    }
    if (req.method == "POST" && path == "/login") {
      ++logins_posted;
      const std::string pre = cookie(req, "pre");
      const std::string csrf = field(req.body, "csrf_token");
      if (pre.empty() || csrf.size() <= pre.size() || !csrf.ends_with(pre)) {
        return std::string("HTTP/1.1 403 Forbidden\r\nContent-Type: text/html\r\n\r\ninvalid csrf");
      }
      const std::string user = field(req.body, "username");
      if (rate_limit && failures[user] >= limit) {
        return std::string(
            "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 60\r\nContent-Type: text/html\r\n\r\n"
            "<p>Slow down.</p>");
      }
      ++failures[user];
      const bool unknown = users.count(user) == 0;
      std::string message =
          unknown && enumerate ? "Unknown user." : "Invalid username or password.";
      if (!extra_failure.empty()) message += " " + extra_failure;
      if (redirect) {
        flash = message;
        return std::string("HTTP/1.1 302 Found\r\nLocation: /login?error=1\r\n\r\n");
      }
      return form_page(message, user);
    }
    if (req.method == "POST" && path == "/api/login") {
      ++logins_posted;
      const auto j = nlohmann::json::parse(req.body, nullptr, false);
      if (j.is_discarded() || !j.contains("username") || !j.contains("password")) {
        return std::string("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n\r\n{}");
      }
      const std::string user = j["username"].get<std::string>();
      if (rate_limit && failures[user] >= limit) {
        return std::string(
            "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 60\r\nContent-Type: "
            "application/json\r\n\r\n{\"error\":\"slow down\"}");
      }
      ++failures[user];
      if (enumerate && users.count(user) == 0) {
        return std::string(
            "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n\r\n"
            "{\"error\":\"unknown user\"}");
      }
      return std::string(
          "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n\r\n"
          "{\"error\":\"invalid credentials\"}");
    }
    return std::nullopt;
  }

  // Installs the app as `fetcher`'s handler (the app must outlive the fetcher's use).
  void serve(FakeFetcher& fetcher) {
    fetcher.handler = [this](const HttpRequest& req) { return handle(req); };
  }
};

// The login of the tests' user alice on https://example.com (form: /login, JSON: /api/login).
inline LoginConfig login_of(LoginConfig::Kind kind) {
  LoginConfig c;
  c.kind = kind;
  c.url = kind == LoginConfig::Kind::form ? "https://example.com/login"
                                          : "https://example.com/api/login";
  c.username = "alice";
  c.password = "pw-alice-secret";
  return c;
}

// Runs `check` on https://example.com as a scan with identity alice (a login of `kind`) and
// the anonymous comparison identity; `with_auth` false: an anonymous scan (ctx.auth null).
inline std::vector<Finding> run_as_alice(const ActiveCheck& check, Fetcher& fetcher,
                                         LoginConfig::Kind kind, const CheckSettings& settings,
                                         bool with_auth, LoginLedger* ledger = nullptr) {
  SecretSet secrets;
  IdentityConfig cfg;
  cfg.name = "alice";
  cfg.login = login_of(kind);
  AuthContext auth;
  auth.identities.push_back({std::make_shared<Session>(cfg, secrets), {}});
  auth.identities.push_back({std::make_shared<Session>(IdentityConfig{}, secrets), {}});
  ActiveContext ctx{"https://example.com", {}, fetcher};
  ctx.settings = &settings;
  if (with_auth) ctx.auth = &auth;
  ctx.logins = ledger;
  VectorSink sink;
  check.run(ctx, sink);
  return std::move(sink.findings);
}

}  // namespace gapscan::testing
