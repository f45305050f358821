// The members area: an HTML form login (/app/login, CSRF token bound to a pre-login cookie),
// pages for logged-in users and admin-only pages under /app/, a JSON login returning a JWT and
// a bearer-token API under /api/v2/, and an HTTP Basic area under /basic/. Hardened by default;
// each authentication flaw (AuthFlaws(), not part of --all-flaws) weakens one thing. See
// README.md, "Members area".
#include <iterator>
#include <string>

#include "examples/testbed/auth_state.h"
#include "examples/testbed/flaws.h"
#include "examples/testbed/request_log.h"
#include "examples/testbed/site.h"

namespace testbed {
namespace {

constexpr std::string_view kLoginPath = "/app/login";
constexpr std::string_view kPreCookie = "app_pre";
constexpr std::string_view kSessionCookie = "app_session";
constexpr std::string_view kGenericFailure = "Invalid username or password.";

bool IsAuthPath(std::string_view path) {
  for (std::string_view root : {"/app", "/api/v2", "/basic"}) {
    if (path == root) return true;
    if (path.size() > root.size() && path.starts_with(root) && path[root.size()] == '/')
      return true;
  }
  return false;
}

bool IEqualChar(char a, char b) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
  return lower(a) == lower(b);
}

bool IStartsWith(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (!IEqualChar(s[i], prefix[i])) return false;
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The value of cookie `name` in the request's Cookie header(s), or "".
std::string CookieValue(const Request& req, std::string_view name) {
  for (const auto& [k, v] : req.headers) {
    if (k.size() != 6 || !IStartsWith(k, "cookie")) continue;
    std::string_view rest = v;
    while (!rest.empty()) {
      const auto semi = rest.find(';');
      std::string_view pair = Trim(rest.substr(0, semi));
      const auto eq = pair.find('=');
      if (eq != std::string_view::npos && Trim(pair.substr(0, eq)) == name)
        return std::string(Trim(pair.substr(eq + 1)));
      if (semi == std::string_view::npos) break;
      rest.remove_prefix(semi + 1);
    }
  }
  return "";
}

// Field `name` of an application/x-www-form-urlencoded body ("" when absent).
std::string FormField(std::string_view body, std::string_view name) {
  while (!body.empty()) {
    const auto amp = body.find('&');
    std::string_view pair = body.substr(0, amp);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      std::string v(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
      for (char& c : v)
        if (c == '+') c = ' ';
      return PercentDecode(v);
    }
    if (amp == std::string_view::npos) break;
    body.remove_prefix(amp + 1);
  }
  return "";
}

// 128-bit lower-case hex: the form of a pre-login id this site issues (others are replaced).
bool ValidPreId(std::string_view id) {
  if (id.size() != 32) return false;
  for (char c : id)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

struct Order {
  std::string_view id, placed, item, total, status;
};
constexpr Order kOrders[] = {
    {"1001", "2026-01-12", "Teapot, 2 x 18.00 EUR", "36.00 EUR", "shipped"},
    {"1002", "2026-02-03", "Tea sampler, 1 x 25.00 EUR", "25.00 EUR", "processing"},
};

}  // namespace

// Builds the answers of the members area for one request (friend of Site).
class AuthPages {
 public:
  AuthPages(const Site& site, const Request& req)
      : s_(site), req_(req), st_(*site.auth_), port_(req.port) {}

  Reply Route(std::string_view path, std::string_view query) {
    const bool get = req_.method == "GET" || req_.method == "HEAD";
    const bool post = req_.method == "POST";
    if (!req_.tls) {
      const bool over_http = s_.Flaw("credentials-over-http") && path == kLoginPath;
      if (!over_http) {
        if (s_.has_https_)
          return s_.ToHttps(req_,
                            std::string(path) + (query.empty() ? "" : "?") + std::string(query));
        if (path == kLoginPath || path == "/api/v2/login" || path.starts_with("/basic"))
          return HttpsOnly(path, get);
      }
    }
    if (path == "/app") return s_.Redirect(301, "/app/");
    if (path == "/basic") return s_.Redirect(301, "/basic/");
    if (path.starts_with("/basic/")) return Basic(path, get);
    if (path.starts_with("/api/v2")) return Api(path, get, post);
    if (path == kLoginPath) {
      if (get) return LoginForm("", 200);
      if (post) return LoginPost();
      return MethodNotAllowed("GET, HEAD, POST");
    }
    if (path == "/app/logout") return get ? Logout() : MethodNotAllowed("GET, HEAD");
    if (path == "/app/settings" && !(get || post)) return MethodNotAllowed("GET, HEAD, POST");
    if (!IsMemberPage(path)) return get ? s_.NotFound(req_, path) : MethodNotAllowed("GET, HEAD");
    if (!get && path != "/app/settings") return MethodNotAllowed("GET, HEAD");
    return Member(path, post);
  }

 private:
  static bool IsMemberPage(std::string_view path) {
    for (auto p : kMemberPages)
      if (p == path) return true;
    for (auto p : kAdminPages)
      if (p == path) return true;
    return false;
  }

  std::string SoundAttrs() const { return s_.SoundCookieAttrs(req_); }

  Reply MethodNotAllowed(std::string_view allow) const {
    Reply r = s_.Html(405, "Method Not Allowed", "<p>This method is not allowed here.</p>");
    r.headers.emplace_back("Allow", allow);
    return r;
  }

  Reply Json(int status, std::string body) const {
    Reply r = s_.Text("application/json", std::move(body) + "\n");
    r.status = status;
    return r;
  }

  Reply HttpsOnly(std::string_view path, bool get) const {
    constexpr std::string_view kText = "Signing in is only possible over HTTPS.";
    if (path == "/api/v2/login") return Json(403, "{\"error\":\"https required\"}");
    return s_.Html(get && path == kLoginPath ? 200 : 403, "Members area",
                   "<p>" + std::string(kText) + "</p>\n<p><a href=\"/\">Home</a></p>");
  }

  // --- Form login ---

  Reply LoginForm(std::string_view message, int status) {
    std::string pre = CookieValue(req_, kPreCookie);
    if (!ValidPreId(pre)) pre = RandomHex(16);
    std::string b;
    if (!message.empty()) b += "<p class=\"error\">" + HtmlEscape(message) + "</p>\n";
    b += "<form method=\"post\" action=\"/app/login\">\n"
         "<label>Username <input type=\"text\" name=\"username\" autocomplete=\"username\" "
         "required></label>\n"
         "<label>Password <input type=\"password\" name=\"password\" "
         "autocomplete=\"current-password\" required></label>\n"
         "<input type=\"hidden\" name=\"csrf_token\" value=\"" +
         st_.CsrfToken("login", pre) +
         "\">\n<button type=\"submit\">Sign in</button>\n</form>\n<p><a href=\"/\">Home</a></p>";
    Reply r = s_.Html(status, "Members area: sign in", b);
    r.headers.emplace_back("Set-Cookie", std::string(kPreCookie) + "=" + pre + SoundAttrs());
    return r;
  }

  Reply LoginPost() {
    const std::string pre = CookieValue(req_, kPreCookie);
    const std::string user = FormField(req_.body, "username");
    const std::string password = FormField(req_.body, "password");
    if (!ValidPreId(pre) || !st_.CsrfValid("login", pre, FormField(req_.body, "csrf_token"))) {
      return s_.Html(403, "Forbidden",
                     "<p>The sign-in form has expired or did not come from this site (invalid "
                     "CSRF token).</p>\n<p><a href=\"/app/login\">Sign in</a></p>");
    }
    if (int wait = Throttled(user); wait > 0) {
      Reply r = s_.Html(429, "Too Many Requests",
                        "<p>Too many failed sign-ins. Try again in " + std::to_string(wait) +
                            " seconds.</p>\n<p><a href=\"/\">Home</a></p>");
      r.headers.emplace_back("Retry-After", std::to_string(wait));
      return r;
    }
    const AuthUser* u = st_.CheckPassword(user, password);
    if (u == nullptr) {
      if (!s_.Flaw("login-no-rate-limit")) st_.RecordLoginFailure(port_, user);
      const bool unknown = st_.FindUser(user) == nullptr;
      return LoginForm(unknown && s_.Flaw("user-enumeration") ? "Unknown user." : kGenericFailure,
                       200);
    }
    st_.RecordLoginSuccess(port_, user);
    const bool fixation = s_.Flaw("session-fixation"), weak = s_.Flaw("session-cookie-weak");
    // Hardened: a fresh id. session-fixation: the pre-login id the client held (and may have
    // been handed by someone else) becomes the session.
    const std::string id = fixation ? pre : st_.NewSessionId(weak);
    st_.AddSession(id, *u);
    Reply r = s_.Redirect(302, "/app/");
    r.headers.emplace_back("Set-Cookie",
                           std::string(kSessionCookie) + "=" + id +
                               (weak ? std::string("; Path=/; SameSite=Lax") : SoundAttrs()));
    if (!fixation)
      r.headers.emplace_back("Set-Cookie", std::string(kPreCookie) + "=; Max-Age=0" + SoundAttrs());
    return r;
  }

  // 0, or the seconds a login for `user` must wait (hardened throttling).
  int Throttled(std::string_view user) {
    return s_.Flaw("login-no-rate-limit") ? 0 : st_.ThrottleWait(port_, user);
  }

  // The session of the request's cookie (app_session; with session-fixation also app_pre),
  // counting one authenticated request. `id` receives the session id.
  std::optional<AuthSession> CurrentSession(std::string& id) {
    id = CookieValue(req_, kSessionCookie);
    if (auto s = st_.UseSession(id)) return s;
    if (s_.Flaw("session-fixation")) {
      id = CookieValue(req_, kPreCookie);
      if (auto s = st_.UseSession(id)) return s;
    }
    id.clear();
    return std::nullopt;
  }

  Reply Logout() {
    if (!s_.Flaw("session-not-invalidated")) {
      st_.DropSession(CookieValue(req_, kSessionCookie));
      if (s_.Flaw("session-fixation")) st_.DropSession(CookieValue(req_, kPreCookie));
    }
    Reply r = s_.Html(200, "Signed out",
                      "<p>You have been signed out.</p>\n<p><a href=\"/app/login\">Sign in "
                      "again</a> or go <a href=\"/\">home</a>.</p>");
    r.headers.emplace_back("Set-Cookie",
                           std::string(kSessionCookie) + "=; Max-Age=0" + SoundAttrs());
    return r;
  }

  // --- Pages behind the login ---

  static std::string Banner(const std::optional<AuthSession>& s) {
    if (!s) return "<p class=\"whoami\">Not signed in. <a href=\"/app/login\">Sign in</a></p>\n";
    return "<p class=\"whoami\">Signed in as <b>" + HtmlEscape(s->user) + "</b> (" +
           HtmlEscape(s->role) + "). <a href=\"/app/logout\">Sign out</a></p>\n";
  }

  Reply Member(std::string_view path, bool post) {
    std::string sid;
    const auto session = CurrentSession(sid);
    const bool acl = s_.Flaw("access-control-missing");
    const bool admin_page = path.starts_with("/app/admin/");
    // access-control-missing: one order is served without any session, and one admin page
    // checks only that someone is signed in.
    if (!session && !(acl && path == kAnonymousLeaks[0])) return s_.Redirect(302, "/app/login");
    if (session && admin_page && session->role != "admin" && !(acl && path == kUserLeaks[0])) {
      return s_.Html(403, "Forbidden",
                     Banner(session) +
                         "<p>This page is for administrators only.</p>\n<p><a "
                         "href=\"/app/\">Dashboard</a></p>");
    }
    const std::string back = "<p><a href=\"/app/\">Dashboard</a></p>";
    std::string b = Banner(session);
    if (path == "/app/") {
      b += "<ul>\n<li><a href=\"/app/profile\">Profile</a></li>\n"
           "<li><a href=\"/app/orders\">Orders</a></li>\n"
           "<li><a href=\"/app/orders/1001\">Order 1001</a></li>\n"
           "<li><a href=\"/app/orders/1002\">Order 1002</a></li>\n"
           "<li><a href=\"/app/settings\">Settings</a></li>\n";
      if (session && session->role == "admin")
        b += "<li><a href=\"/app/admin/\">Administration</a></li>\n"
             "<li><a href=\"/app/admin/users\">Users</a></li>\n";
      b += "<li><a href=\"/app/logout\">Sign out</a></li>\n</ul>";
      return s_.Html(200, "Dashboard", b);
    }
    if (path == "/app/profile") {
      return s_.Html(200, "Profile",
                     b + "<dl>\n<dt>User name</dt><dd>" + HtmlEscape(session->user) +
                         "</dd>\n<dt>Role</dt><dd>" + HtmlEscape(session->role) +
                         "</dd>\n<dt>Member since</dt><dd>2024-03-01</dd>\n</dl>\n" + back);
    }
    if (path == "/app/orders") {
      b += "<table>\n<tr><th>Order</th><th>Placed</th><th>Total</th><th>Status</th></tr>\n";
      for (const Order& o : kOrders)
        b += "<tr><td><a href=\"/app/orders/" + std::string(o.id) + "\">" + std::string(o.id) +
             "</a></td><td>" + std::string(o.placed) + "</td><td>" + std::string(o.total) +
             "</td><td>" + std::string(o.status) + "</td></tr>\n";
      return s_.Html(200, "Orders", b + "</table>\n" + back);
    }
    for (const Order& o : kOrders) {
      if (path != "/app/orders/" + std::string(o.id)) continue;
      return s_.Html(200, "Order " + std::string(o.id),
                     b + "<dl>\n<dt>Placed</dt><dd>" + std::string(o.placed) +
                         "</dd>\n<dt>Items</dt><dd>" + std::string(o.item) +
                         "</dd>\n<dt>Total</dt><dd>" + std::string(o.total) +
                         "</dd>\n<dt>Status</dt><dd>" + std::string(o.status) +
                         "</dd>\n</dl>\n<p><a href=\"/app/orders\">All orders</a></p>\n" + back);
    }
    if (path == "/app/settings") {
      if (post) {
        if (!st_.CsrfValid("settings", sid, FormField(req_.body, "csrf_token")))
          return s_.Html(403, "Forbidden",
                         b + "<p>Invalid CSRF token: the settings were not saved.</p>\n" + back);
        return s_.Html(200, "Settings", b + "<p>Settings saved.</p>\n" + back);
      }
      b += "<form method=\"post\" action=\"/app/settings\">\n"
           "<label>Display name <input type=\"text\" name=\"display_name\" "
           "autocomplete=\"nickname\"></label>\n"
           "<label><input type=\"checkbox\" name=\"newsletter\" value=\"1\"> Newsletter</label>\n"
           "<input type=\"hidden\" name=\"csrf_token\" value=\"" +
           st_.CsrfToken("settings", sid) +
           "\">\n<button type=\"submit\">Save</button>\n</form>\n" + back;
      return s_.Html(200, "Settings", b);
    }
    if (path == "/app/admin/") {
      return s_.Html(200, "Administration",
                     b + "<ul>\n<li><a href=\"/app/admin/users\">Users</a></li>\n</ul>\n" + back);
    }
    // /app/admin/users
    b += "<table>\n<tr><th>User</th><th>Role</th></tr>\n";
    for (const AuthUser& u : s_.opt_.auth_users)
      b += "<tr><td>" + HtmlEscape(u.name) + "</td><td>" + HtmlEscape(u.role) + "</td></tr>\n";
    return s_.Html(200, "Users", b + "</table>\n" + back);
  }

  // --- JSON login and bearer API ---

  Reply Api(std::string_view path, bool get, bool post) {
    if (path == "/api/v2/login") {
      if (!post) {
        Reply r = Json(405, "{\"error\":\"method not allowed\"}");
        r.headers.emplace_back("Allow", "POST");
        return r;
      }
      return ApiLogin();
    }
    bool known = false;
    for (auto p : kApiUserPaths) known = known || p == path;
    for (auto p : kApiAdminPaths) known = known || p == path;
    if (!known) return Json(404, "{\"error\":\"not found\"}");
    if (!get) {
      Reply r = Json(405, "{\"error\":\"method not allowed\"}");
      r.headers.emplace_back("Allow", "GET, HEAD");
      return r;
    }
    std::string_view auth = req_.Header("Authorization");
    std::optional<TokenClaims> claims;
    const bool presented = IStartsWith(auth, "bearer ");
    if (presented) {
      claims = st_.UseToken(Trim(auth.substr(7)), !s_.Flaw("jwt-signature-not-verified"));
    }
    if (!claims && !(s_.Flaw("access-control-missing") && path == kAnonymousLeaks[1])) {
      Reply r =
          Json(401, presented ? "{\"error\":\"invalid token\"}" : "{\"error\":\"unauthorized\"}");
      r.headers.emplace_back(
          "WWW-Authenticate",
          presented ? "Bearer realm=\"api\", error=\"invalid_token\"" : "Bearer realm=\"api\"");
      return r;
    }
    if (path == "/api/v2/me")
      return Json(200, "{\"sub\":\"" + JsonEscape(claims->sub) + "\",\"role\":\"" +
                           JsonEscape(claims->role) + "\"}");
    if (path == "/api/v2/orders") {
      std::string b =
          "{\"user\":" + (claims ? "\"" + JsonEscape(claims->sub) + "\"" : std::string("null")) +
          ",\"orders\":[";
      for (size_t i = 0; i < std::size(kOrders); ++i) {
        const Order& o = kOrders[i];
        b += std::string(i ? "," : "") + "{\"id\":" + std::string(o.id) + ",\"placed\":\"" +
             std::string(o.placed) + "\",\"total\":\"" + std::string(o.total) + "\",\"status\":\"" +
             std::string(o.status) + "\"}";
      }
      return Json(200, b + "]}");
    }
    // /api/v2/admin/users
    if (claims->role != "admin") return Json(403, "{\"error\":\"forbidden\"}");
    std::string b = "{\"users\":[";
    for (size_t i = 0; i < s_.opt_.auth_users.size(); ++i) {
      const AuthUser& u = s_.opt_.auth_users[i];
      b += std::string(i ? "," : "") + "{\"name\":\"" + JsonEscape(u.name) + "\",\"role\":\"" +
           JsonEscape(u.role) + "\"}";
    }
    return Json(200, b + "]}");
  }

  Reply ApiLogin() {
    if (!IStartsWith(Trim(req_.Header("Content-Type")), "application/json"))
      return Json(415, "{\"error\":\"expected application/json\"}");
    const auto body = ParseFlatJson(req_.body);
    auto field = [&](std::string_view key) -> const std::string* {
      if (!body) return nullptr;
      auto it = body->find(key);
      return it != body->end() && it->second.first ? &it->second.second : nullptr;
    };
    const std::string* user = field("username");
    const std::string* password = field("password");
    if (user == nullptr || password == nullptr)
      return Json(400, "{\"error\":\"username and password required\"}");
    if (int wait = Throttled(*user); wait > 0) {
      Reply r = Json(429, "{\"error\":\"too many attempts\"}");
      r.headers.emplace_back("Retry-After", std::to_string(wait));
      return r;
    }
    const AuthUser* u = st_.CheckPassword(*user, *password);
    if (u == nullptr) {
      if (!s_.Flaw("login-no-rate-limit")) st_.RecordLoginFailure(port_, *user);
      if (s_.Flaw("user-enumeration") && st_.FindUser(*user) == nullptr)
        return Json(404, "{\"error\":\"unknown user\"}");
      return Json(401, "{\"error\":\"invalid credentials\"}");
    }
    st_.RecordLoginSuccess(port_, *user);
    return Json(200, "{\"token\":\"" + st_.IssueToken(*u) +
                         "\",\"token_type\":\"Bearer\",\"expires_in\":" +
                         std::to_string(kTokenLifetimeSeconds) + "}");
  }

  // --- HTTP Basic area ---

  Reply Basic(std::string_view path, bool get) {
    if (!get) return MethodNotAllowed("GET, HEAD");
    const AuthUser* u = nullptr;
    if (std::string_view auth = req_.Header("Authorization"); IStartsWith(auth, "basic ")) {
      if (auto decoded = Base64Decode(Trim(auth.substr(6)), false)) {
        const auto colon = decoded->find(':');
        if (colon != std::string::npos)
          u = st_.CheckPassword(decoded->substr(0, colon), decoded->substr(colon + 1));
      }
    }
    if (u == nullptr) {
      Reply r = s_.Html(401, "Authentication required",
                        "<p>This area needs a member's user name and password.</p>");
      r.headers.emplace_back("WWW-Authenticate", "Basic realm=\"members\"");
      return r;
    }
    const std::string banner = "<p class=\"whoami\">Signed in as <b>" + HtmlEscape(u->name) +
                               "</b> (" + HtmlEscape(u->role) + ").</p>\n";
    if (path == "/basic/")
      return s_.Html(
          200, "Member reports",
          banner + "<ul>\n<li><a href=\"/basic/report\">Quarterly report</a></li>\n</ul>");
    if (path == "/basic/report")
      return s_.Html(200, "Quarterly report",
                     banner +
                         "<p>Orders this quarter: 2. Revenue: 61.00 EUR.</p>\n<p><a "
                         "href=\"/basic/\">All reports</a></p>");
    return s_.NotFound(req_, path);
  }

  const Site& s_;
  const Request& req_;
  AuthState& st_;
  const uint16_t port_;
};

bool Site::AuthRoute(const Request& req, std::string_view path, std::string_view query,
                     Reply& out) const {
  if (!IsAuthPath(path)) return false;
  out = AuthPages(*this, req).Route(path, query);
  return true;
}

bool Site::AuthServesOverHttp(const Request& req, std::string_view target) const {
  return !req.tls && Flaw("credentials-over-http") &&
         target.substr(0, target.find_first_of("?#")) == kLoginPath;
}

namespace {

FlawSpec LoginFlaw(FlawSpec f, std::vector<std::string_view> overlaps = {}) {
  f.needs_login = true;
  f.overlaps = std::move(overlaps);
  return f;
}

}  // namespace

std::vector<FlawSpec> AuthFlaws() {
  return {
      LoginFlaw(PageFlaw("access-control-missing", "https",
                         {"/app/orders/1002", "/app/admin/users", "/api/v2/orders"},
                         "/app/orders/1002 and /api/v2/orders answer without credentials; "
                         "/app/admin/users answers role user (other admin pages stay 403)")),
      LoginFlaw(OriginFlaw("session-fixation", "https", {"/app/login"},
                           "login keeps the pre-login id: app_session is the app_pre value the "
                           "client held, and app_pre stays a valid session cookie")),
      LoginFlaw(OriginFlaw("session-not-invalidated", "https", {"/app/logout"},
                           "/app/logout clears the cookie, but the server keeps the session")),
      LoginFlaw(OriginFlaw("session-cookie-weak", "https", {"/app/login"},
                           "app_session without HttpOnly and Secure, and a sequential number "
                           "(100001, 100002, ...)"),
                {"cookie-no-httponly", "cookie-no-secure"}),
      LoginFlaw(OriginFlaw("jwt-signature-not-verified", "https", {"/api/v2/me"},
                           "the /api/v2/ API accepts tokens with alg none, a stripped or altered "
                           "signature, and expired tokens")),
      LoginFlaw(OriginFlaw("login-no-rate-limit", "https", {"/app/login"},
                           "no 429 after 10 failed logins per user name within a minute "
                           "(/app/login, /api/v2/login)")),
      LoginFlaw(OriginFlaw("user-enumeration", "https", {"/app/login"},
                           "unknown user names get \"Unknown user.\" (/app/login) and 404 "
                           "(/api/v2/login) instead of the answer to a wrong password")),
      LoginFlaw(PageFlaw("credentials-over-http", "http", {"/app/login"},
                         "http /app/login serves the form and accepts the login instead of "
                         "redirecting to https"),
                {"login-form-over-http", "login-form-posts-to-http", "session-cookie-over-http"}),
  };
}

}  // namespace testbed
