#include "examples/testbed/flaws.h"

#include "examples/testbed/request_log.h"

namespace testbed {
namespace {

// Table rows. `schemes` is "http", "https" or "http https".
FlawSpec Row(bool per_page, std::string_view id, std::string_view schemes,
             std::vector<std::string_view> paths, std::string_view summary) {
  FlawSpec f;
  f.id = id;
  f.per_page = per_page;
  f.http = schemes.starts_with("http ") || schemes == "http";
  f.https = schemes.ends_with("https");
  f.paths = std::move(paths);
  f.summary = summary;
  return f;
}
FlawSpec Origin(std::string_view id, std::string_view schemes, std::vector<std::string_view> paths,
                std::string_view summary) {
  return Row(false, id, schemes, std::move(paths), summary);
}
FlawSpec Page(std::string_view id, std::string_view schemes, std::vector<std::string_view> paths,
              std::string_view summary) {
  return Row(true, id, schemes, std::move(paths), summary);
}
FlawSpec Linked(FlawSpec f, std::vector<std::string_view> links) {
  f.links = std::move(links);
  return f;
}
FlawSpec LoginPaths(FlawSpec f, std::vector<std::string_view> paths) {
  f.login_paths = std::move(paths);
  return f;
}
FlawSpec OnlyUnder(FlawSpec f, std::string_view host) {
  f.requires_host = host;
  return f;
}

std::vector<FlawSpec> MakeTable() {
  std::vector<FlawSpec> table = {
      // Headers, per origin.
      Origin("csp-missing", "http https", {"/flaw/no-csp.html"},
             "/flaw/no-csp.html is served without any Content-Security-Policy"),
      Origin("csp-unsafe-inline", "http https", {"/"},
             "the site policy's script-src allows 'unsafe-inline' (no nonce or hash)"),
      Origin("csp-unsafe-eval", "http https", {"/"},
             "the site policy's script-src allows 'unsafe-eval'"),
      Origin("csp-wildcard-source", "http https", {"/"},
             "the site policy's script-src allows any https: source"),
      Origin("csp-no-object-src", "http https", {"/"},
             "the site policy has neither object-src nor default-src"),
      Origin("csp-no-base-uri", "http https", {"/"}, "the site policy has no base-uri"),
      Origin("csp-report-only", "http https", {"/flaw/report-only.html"},
             "/flaw/report-only.html has only Content-Security-Policy-Report-Only"),
      Origin("csp-malformed", "http https", {"/"},
             "the site policy repeats style-src and has an unknown directive (img-scr)"),
      Origin("hsts-missing", "https", {"/flaw/no-hsts.html"},
             "/flaw/no-hsts.html is served over https without Strict-Transport-Security"),
      Origin("hsts-short-max-age", "https", {"/"}, "Strict-Transport-Security: max-age=300"),
      Origin("hsts-malformed", "https", {"/"},
             "two Strict-Transport-Security headers with different values"),
      Origin("x-content-type-options-missing", "http https", {"/"},
             "no X-Content-Type-Options: nosniff"),
      Origin("clickjacking-protection-missing", "http https", {"/flaw/frameable.html"},
             "/flaw/frameable.html (and the pages without CSP) have no X-Frame-Options or "
             "frame-ancestors"),
      Origin("x-frame-options-malformed", "http https", {"/"},
             "X-Frame-Options: ALLOW-FROM https://example.com instead of DENY"),
      Origin("referrer-policy-unsafe", "https", {"/"}, "Referrer-Policy: unsafe-url on https"),
      Origin("referrer-policy-missing", "http", {"/"},
             "no Referrer-Policy (on https only when referrer-policy-unsafe is off)"),
      Origin("permissions-policy-missing", "http https", {"/"}, "no Permissions-Policy"),
      Origin("cross-origin-isolation-missing", "https", {"/"},
             "no Cross-Origin-Opener/Embedder/Resource-Policy on https"),
      Origin("content-type-missing", "http https", {"/flaw/no-content-type"},
             "/flaw/no-content-type answers 200 without a Content-Type"),
      Origin("charset-missing", "http https", {"/flaw/no-charset.html"},
             "/flaw/no-charset.html is text/html without charset and without <meta charset>"),
      Origin("x-powered-by-disclosure", "http https", {"/"}, "X-Powered-By: PHP/7.4.3"),
      Origin("backend-disclosure", "http https", {"/"}, "X-Backend-Server: app-01.internal"),
      Origin("debug-header-disclosure", "http https", {"/"},
             "X-Debug-Token: a1b2c3 on the home page"),
      Origin("server-version-disclosure", "http https", {"/"}, "Server: Apache/2.4.41 (Ubuntu)"),
      Origin("cache-control-sensitive", "http https", {"/login"},
             "no Cache-Control: no-store, also on the login page and on cookie-setting pages"),
      Origin("https-not-enforced", "http", {"/"},
             "the http listener serves the site instead of redirecting to https"),
      // Cookies, per origin (one cookie name each).
      Origin("cookie-no-secure", "https", {"/"}, "SESSIONID without Secure on https"),
      Origin("cookie-no-httponly", "http https", {"/"}, "SESSIONID without HttpOnly"),
      Origin("cookie-no-samesite", "http https", {"/"}, "SESSIONID without SameSite"),
      Origin("cookie-samesite-none-insecure", "http", {"/"},
             "tracking_id=<hex>; SameSite=None without Secure (set by the site on http)"),
      Origin("cookie-prefix-violation", "https", {"/"},
             "__Host-sid=<hex>; Path=/docs; Secure (a __Host- cookie must have Path=/)"),
      OnlyUnder(Origin("cookie-broad-domain", "https", {"/"},
                       "sso_session=<hex>; Domain=<parent of the Host> (only when Host is "
                       "*.localhost or *.test: scan https://app.localhost:PORT/)"),
                "app.localhost"),
      Origin("cookie-long-lived-session", "https", {"/"},
             "remember_session=<hex>; Max-Age=31536000"),
      Origin("session-cookie-over-http", "http", {"/"},
             "the http site sets SESSIONID (without it, http sets no session cookie)"),
      // Authentication.
      Page("login-form-over-http", "http", {"/login"},
           "the /login password form is served over http"),
      Page("login-form-posts-to-http", "https", {"/flaw/login-posts-http.html"},
           "https page whose password form posts to http://HOST:HTTP_PORT/login"),
      Page("password-in-get-form", "https", {"/flaw/get-login.html"},
           "https page with a method=get form holding a password field"),
      Origin("cleartext-http-auth", "http", {"/admin/"},
             "/admin/ answers 401 WWW-Authenticate: Basic (on both schemes; cleartext on http)"),
      Linked(Page("session-id-in-url", "http https", {"/"},
                  "home links to URLs carrying ;jsessionid= and ?PHPSESSID= (two findings on /)"),
             {kJsessionUrl, kPhpSessUrl}),
      Page("csrf-token-missing", "http https", {"/account/settings"},
           "POST form with an email field and no CSRF token (SESSIONID has no SameSite when "
           "cookie-no-samesite is on)"),
      Origin("password-autocomplete", "http https", {"/login"},
             "password inputs without autocomplete=\"off\""),
      LoginPaths(Page("jwt-weak", "https", {"/login", "/flaw/jwt-none"},
                      "auth_token cookie: HS256 JWT signed with \"secret\", no exp (/login); "
                      "alg=none JWT in /flaw/jwt-none; with a login, the /api/v2/login token is "
                      "signed with \"development\""),
                 {"/api/v2/login"}),
      // Content, transport and CORS.
      Page("mixed-content", "https", {"/flaw/mixed.html", "/flaw/login-posts-http.html"},
           "https page loading a script (with SRI) and an image over http; the "
           "login-form-posts-to-http page's form is mixed content too"),
      Page("sri-missing", "http https", {"/flaw/cdn.html"},
           "script from https://cdn.example.invalid/ without integrity (never to be requested)"),
      Origin("cors-wildcard-with-credentials", "http https", {"/api/me"},
             "/api/me: Access-Control-Allow-Origin: * with Allow-Credentials: true"),
      Page("cors-wildcard-on-sensitive", "http https", {"/api/account", "/api/me"},
           "Access-Control-Allow-Origin: * on /api/account (sets SESSIONID) and on /api/me "
           "(JSON under /api/)"),
      // Disclosure.
      Page("error-disclosure", "http https", {"/flaw/error", "/flaw/sql-error"},
           "500 pages with a Python traceback and a MySQL syntax error (404 pages echo the path)"),
      Origin("private-ip-disclosure", "http https", {"/about.html"},
             "<!-- upstream 10.0.3.17 --> in /about.html"),
      Origin("email-disclosure", "http https", {"/about.html"},
             "ops@gapscan-testbed.dev in /about.html"),
      Page("php-source-disclosure", "http https", {"/flaw/source.php"},
           "/flaw/source.php served as text/plain PHP source"),
      Page("secret-in-response", "http https", {"/static/config.js"},
           "AWS access key id AKIAZ7Q4GAPSCAN3TEST in /static/config.js"),
      // One finding per origin, affecting the page that links it and the request the crawler
      // then makes.
      Linked(Page("sensitive-data-in-url", "http https", {"/", kApiKeyUrl},
                  "home links to a URL with an api_key query parameter"),
             {kApiKeyUrl}),
      Origin("default-page", "http https", {"/nginx-welcome.html"},
             "the \"Welcome to nginx!\" default page"),
      Origin("component-detected", "http https", {"/static/jquery-3.5.1.min.js"},
             "home loads /static/jquery-3.5.1.min.js (jQuery v3.5.1 banner)"),
      Page("directory-listing", "http https", {"/files/"},
           "/files/ is an Apache-style directory listing"),
      Origin("security-txt-missing", "http https", {"/.well-known/security.txt"},
             "no /.well-known/security.txt (active check)"),
  };
  for (auto group : {TransportFlaws, ProbeFlaws, ExposureFlaws, ConsoleFlaws, AuthFlaws}) {
    for (FlawSpec& f : group()) table.push_back(std::move(f));
  }
  return table;
}

}  // namespace

FlawSpec OriginFlaw(std::string_view id, std::string_view schemes,
                    std::vector<std::string_view> paths, std::string_view summary) {
  return Origin(id, schemes, std::move(paths), summary);
}
FlawSpec PageFlaw(std::string_view id, std::string_view schemes,
                  std::vector<std::string_view> paths, std::string_view summary) {
  return Page(id, schemes, std::move(paths), summary);
}

const std::vector<FlawSpec>& AllFlaws() {
  static const std::vector<FlawSpec> table = MakeTable();
  return table;
}

bool IsKnownFlaw(std::string_view id) {
  for (const auto& f : AllFlaws())
    if (f.id == id) return true;
  return false;
}

std::string FlawsJson() {
  auto list = [](const std::vector<std::string_view>& items) {
    std::string s = "[";
    for (size_t i = 0; i < items.size(); ++i) s += (i ? ",\"" : "\"") + JsonEscape(items[i]) + "\"";
    return s + "]";
  };
  std::string out = "[\n";
  const auto& all = AllFlaws();
  for (size_t i = 0; i < all.size(); ++i) {
    const FlawSpec& f = all[i];
    std::vector<std::string_view> schemes;
    if (f.http) schemes.push_back("http");
    if (f.https) schemes.push_back("https");
    out += "{\"id\":\"" + JsonEscape(f.id) + "\",\"scope\":\"" + (f.per_page ? "page" : "origin") +
           "\",\"schemes\":" + list(schemes) + ",\"paths\":" + list(f.paths);
    if (!f.links.empty()) out += ",\"links\":" + list(f.links);
    if (!f.requires_host.empty())
      out += ",\"requires_host\":\"" + JsonEscape(f.requires_host) + "\"";
    if (f.needs_login) out += ",\"needs_login\":true";
    if (!f.login_paths.empty()) out += ",\"login_paths\":" + list(f.login_paths);
    if (!f.overlaps.empty()) out += ",\"overlaps\":" + list(f.overlaps);
    out += i + 1 < all.size() ? "},\n" : "}\n";
  }
  return out + "]\n";
}

}  // namespace testbed
