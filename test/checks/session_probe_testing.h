// Test helpers for the session checks: a tiny form-login application served through a
// FakeFetcher handler (hardened by default, each flaw switchable), and the scan context that
// logs in to it as one identity.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "checks/common/check.h"
#include "scanner/base/text.h"
#include "scanner/base/url.h"
#include "scanner/session.h"
#include "test/checks/test_sink.h"

namespace gapscan::sessionprobe::testing {

// https://example.com: GET /app/login sets app_pre and shows the form; POST /app/login
// (alice/pw) answers 302 /app/ with app_session; /app/ is the dashboard (302 /app/login
// without a session); GET /app/logout signs out.
class LoginApp {
 public:
  bool pre_cookie = true;          // the login page sets app_pre
  bool fixation = false;           // app_pre's value becomes the session, app_pre stays valid
  bool keep_after_logout = false;  // logout clears the cookie only
  bool sequential_ids = false;     // ids 100001, 100002, ...
  bool public_landing = false;     // /app/ shows the same page without a session
  bool logout_clears_cookie = true;
  int logout_status = 200;
  std::string session_attrs = "; Path=/; Secure; HttpOnly; SameSite=Lax";
  // Session ids by login number (1, 2, ...); default: 32 hex characters.
  std::function<std::string(int)> make_id;
  // Another Set-Cookie value of the login answer by login number (verbatim; "" for none).
  std::function<std::string(int)> extra_cookie;
  std::string extra_cookie_name;  // when set, /app/ also needs this cookie

  std::optional<std::string> operator()(const HttpRequest& req) {
    std::lock_guard lock(mu_);
    const auto url = parse_url(req.url);
    if (!url) return std::nullopt;
    const std::string& path = url->path;
    if (path == "/app/login" && req.method == "GET") return login_page(req);
    if (path == "/app/login" && req.method == "POST") return login_post(req);
    if (path == "/app/" && req.method == "GET") return dashboard(req);
    if (path == "/app/logout" && req.method == "GET") return logout(req);
    if (path == "/api/login" && req.method == "POST") return api_login(req);
    return std::nullopt;
  }

  std::size_t sessions() const {
    std::lock_guard lock(mu_);
    return sessions_.size();
  }

 private:
  static std::string cookie(const HttpRequest& req, const std::string& name) {
    const std::string* h = find_header(req.headers, "Cookie");
    if (h == nullptr) return "";
    for (std::string_view part : split(*h, ';')) {
      part = trim(part);
      if (part.starts_with(name + "=")) return std::string(part.substr(name.size() + 1));
    }
    return "";
  }

  std::string new_id() {
    ++logins_;
    if (make_id) return make_id(logins_);
    if (sequential_ids) return std::to_string(100000 + logins_);
    return sha256_hex("session " + std::to_string(logins_)).substr(0, 32);
  }

  std::string login_page(const HttpRequest& req) {
    std::string headers;
    if (pre_cookie) {
      std::string pre = cookie(req, "app_pre");
      if (pre.size() != 32) pre = sha256_hex("pre " + std::to_string(++counter_)).substr(0, 32);
      headers = "Set-Cookie: app_pre=" + pre + "; Path=/; Secure; HttpOnly; SameSite=Lax\r\n";
    }
    return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + headers +
           "\r\n<html><title>Sign in</title><form method=\"post\" action=\"/app/login\">"
           "<input name=\"username\"><input type=\"password\" name=\"password\">"
           "<button>Sign in</button></form></html>";
  }

  std::string login_post(const HttpRequest& req) {
    if (req.body.find("username=alice") == std::string::npos ||
        req.body.find("password=pw") == std::string::npos) {
      return login_page(req);
    }
    const std::string pre = cookie(req, "app_pre");
    const std::string id = fixation && !pre.empty() ? pre : new_id();
    sessions_[id] = "alice";
    std::string out = "HTTP/1.1 302 Found\r\nLocation: /app/\r\nSet-Cookie: app_session=" + id +
                      session_attrs + "\r\n";
    if (!fixation && pre_cookie) out += "Set-Cookie: app_pre=; Max-Age=0; Path=/\r\n";
    if (extra_cookie) {
      if (const std::string c = extra_cookie(logins_); !c.empty()) {
        out += "Set-Cookie: " + c + "\r\n";
      }
    }
    return out + "Content-Length: 0\r\n\r\n";
  }

  // A JSON login that also sets a cookie.
  std::string api_login(const HttpRequest& req) {
    if (req.body.find("\"alice\"") == std::string::npos) {
      return "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n\r\n{}";
    }
    const std::string id = new_id();
    sessions_[id] = "alice";
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nSet-Cookie: api_session=" + id +
           session_attrs + "\r\n\r\n{\"token\":\"t" + id + "\"}";
  }

  std::optional<std::string> user_of(const HttpRequest& req) const {
    if (!extra_cookie_name.empty() && cookie(req, extra_cookie_name).empty()) return std::nullopt;
    for (const char* name : {"app_session", "app_pre"}) {
      if (std::string(name) == "app_pre" && !fixation) break;
      if (auto it = sessions_.find(cookie(req, name)); it != sessions_.end()) return it->second;
    }
    return std::nullopt;
  }

  std::string dashboard(const HttpRequest& req) const {
    std::optional<std::string> user = user_of(req);
    if (!user && public_landing) user = "someone";
    if (!user) return "HTTP/1.1 302 Found\r\nLocation: /app/login\r\nContent-Length: 0\r\n\r\n";
    return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><title>Dashboard</title>"
           "<p>Signed in as " +
           *user +
           ". Your recent orders, your profile and your account settings are listed below.</p>"
           "<ul><li><a href=\"/app/orders\">Orders</a></li><li><a href=\"/app/profile\">"
           "Profile</a></li><li><a href=\"/app/settings\">Settings</a></li>"
           "<li><a href=\"/app/logout\">Sign out</a></li></ul></html>";
  }

  std::string logout(const HttpRequest& req) {
    if (!keep_after_logout) {
      sessions_.erase(cookie(req, "app_session"));
      sessions_.erase(cookie(req, "app_pre"));
    }
    std::string out =
        "HTTP/1.1 " + std::to_string(logout_status) + " OK\r\nContent-Type: text/html\r\n";
    if (logout_clears_cookie) out += "Set-Cookie: app_session=; Max-Age=0; Path=/\r\n";
    return out + "\r\n<html><p>Goodbye.</p><a href=\"/\">Home</a></html>";
  }

  mutable std::mutex mu_;
  std::map<std::string, std::string> sessions_;
  int counter_ = 0;
  int logins_ = 0;
};

// One identity with a form login to the LoginApp, and the fetcher serving it.
struct Env {
  SecretSet secrets;
  std::shared_ptr<LoginApp> app = std::make_shared<LoginApp>();
  gapscan::testing::FakeFetcher fetcher;
  AuthContext auth;
  CheckSettings settings;

  explicit Env(std::string logout_url = "", LoginConfig::Kind kind = LoginConfig::Kind::form) {
    fetcher.handler = [app = app](const HttpRequest& req) { return (*app)(req); };
    IdentityConfig cfg;
    cfg.name = "alice";
    cfg.logout_url = std::move(logout_url);
    LoginConfig login;
    login.kind = kind;
    login.url = kind == LoginConfig::Kind::form ? "https://example.com/app/login"
                                                : "https://example.com/api/login";
    login.username = "alice";
    login.password = "pw";
    cfg.login = login;
    auth.identities.push_back({std::make_shared<Session>(cfg, secrets), {}});
    IdentityConfig anon;
    anon.name = "anonymous";
    auth.identities.push_back({std::make_shared<Session>(anon, secrets), {}});
  }

  std::vector<Finding> run(const ActiveCheck& check, bool with_auth = true) {
    ActiveContext ctx{"https://example.com", {"https://example.com/app/"}, fetcher, &settings};
    if (with_auth) ctx.auth = &auth;
    gapscan::testing::VectorSink sink;
    check.run(ctx, sink);
    return std::move(sink.findings);
  }
};

}  // namespace gapscan::sessionprobe::testing
