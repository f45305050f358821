#include "examples/testbed/site.h"

#include <openssl/rand.h>

#include <charconv>
#include <ctime>
#include <set>

#include "examples/testbed/crypto.h"
#include "examples/testbed/flaws.h"
#include "examples/testbed/gzip.h"

namespace testbed {
namespace {

constexpr std::string_view kHtmlType = "text/html; charset=utf-8";

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded decoding ('+' is a space, bad escapes kept as-is).
std::string FormDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 &&
               HexValue(s[i + 2]) >= 0) {
      out += char(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool HostHeaderOk(std::string_view host) {
  if (host.empty() || host.size() >= 256) return false;
  for (char c : host)
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' ||
          c == ']'))
      return false;
  return true;
}

// Value of the first `name=` parameter in a query string, decoded.
std::string QueryParam(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    auto eq = pair.find('=');
    if (pair.substr(0, eq) == name)
      return eq == std::string_view::npos ? "" : FormDecode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return "";
}

// Scheme://authority for absolute URLs in robots.txt and sitemaps. The Host header is
// used (so a scan of "localhost:N" stays same-origin) only if it looks like a host.
std::string Origin(const Request& req) {
  std::string_view host = req.Header("Host");
  std::string origin = req.tls ? "https://" : "http://";
  if (HostHeaderOk(host))
    origin += host;
  else
    origin += "127.0.0.1:" + std::to_string(req.port);
  return origin;
}

// Deterministic links of generated page i: a ring (so every page is reachable from page 0)
// plus a few pseudo-random jumps.
std::vector<int> GenLinks(int i, int n) {
  std::vector<int> out;
  std::set<int> seen{i};
  for (long cand :
       {long(i) + 1, long(i) * 7 + 3, long(i) * 13 + 5, long(i) * 31 + 11, long(i) / 2}) {
    int c = static_cast<int>(cand % n);
    if (seen.insert(c).second) out.push_back(c);
  }
  return out;
}

// Parses "/gen/page-<i>.html" with 0 <= i < n (no leading zeros, so each page has one URL).
bool ParseGenPage(std::string_view path, int n, int& i) {
  constexpr std::string_view kPrefix = "/gen/page-", kSuffix = ".html";
  if (!path.starts_with(kPrefix) || !path.ends_with(kSuffix)) return false;
  std::string_view num = path.substr(kPrefix.size(), path.size() - kPrefix.size() - kSuffix.size());
  if (num.empty() || num.size() > 9 || (num.size() > 1 && num[0] == '0')) return false;
  auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), i);
  return ec == std::errc() && p == num.data() + num.size() && i >= 0 && i < n;
}

}  // namespace

std::string Page(std::string_view title, std::string_view body_html, bool meta_charset) {
  std::string t = HtmlEscape(title);
  std::string s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n";
  if (meta_charset) s += "<meta charset=\"utf-8\">\n";
  s += "<title>";
  s += t;
  s += "</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n</head>\n<body>\n<h1>";
  s += t;
  s += "</h1>\n";
  s += body_html;
  s += "\n</body>\n</html>\n";
  return s;
}

namespace {

std::string SearchForm(std::string_view q) {
  return "<form method=\"get\" action=\"/search\">\n<input type=\"search\" name=\"q\" value=\"" +
         HtmlEscape(q) + "\">\n<button type=\"submit\">Search</button>\n</form>";
}

}  // namespace

std::string_view Request::Header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (IEquals(k, name)) return v;
  return {};
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string HttpDate() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

std::string RandomHex(size_t bytes) {
  std::vector<unsigned char> b(bytes);
  if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1) {
    // Not security relevant here; fall back to something that still varies.
    for (auto& x : b) x = static_cast<unsigned char>(std::rand());
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char x : b) {
    out += kHex[x >> 4];
    out += kHex[x & 15];
  }
  return out;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += char(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string UrlHost(const Request& req) {
  std::string_view host = req.Header("Host");
  if (!HostHeaderOk(host)) return "127.0.0.1";
  if (host.starts_with('[')) {
    auto close = host.find(']');
    return close == std::string_view::npos ? "127.0.0.1" : std::string(host.substr(0, close + 1));
  }
  std::string h(host.substr(0, host.find(':')));
  return h.empty() ? "127.0.0.1" : h;
}

std::string BroadCookieDomain(std::string_view host) {
  std::string h;
  for (char c : host) h += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
  for (std::string_view tld : {".localhost", ".test"}) {
    if (h.size() > tld.size() && h.ends_with(tld)) {
      auto dot = h.find('.');
      if (dot != 0) return h.substr(dot + 1);
    }
  }
  return "";
}

const std::string_view kAppJs =
    "// gapscan testbed script\n"
    "document.addEventListener('DOMContentLoaded', function () {\n"
    "  document.body.classList.add('js');\n"
    "});\n";

Site::Site(const Options& opt) : opt_(opt) {
  // ~200 KB that inflates to 200 MiB; computed once at startup (a fraction of a second).
  if (opt_.hostile) gzip_bomb_ = GzipZeros(size_t{200} << 20);
  app_js_sri_ = SriSha384(kAppJs);
  jwt_weak_ = MakeJwt(R"({"alg":"HS256","typ":"JWT"})",
                      R"({"sub":"alice","role":"user","iat":1700000000})", "secret");
  jwt_none_ = MakeJwt(R"({"alg":"none","typ":"JWT"})",
                      R"({"sub":"alice","role":"admin","iat":1700000000})", "");
}

void Site::SetListeners(uint16_t http_port, uint16_t https_port) {
  has_http_ = http_port != 0;
  has_https_ = https_port != 0;
  http_port_ = http_port;
  https_port_ = https_port;
}

std::string Site::HttpOrigin(const Request& req) const {
  return "http://" + UrlHost(req) + ":" + std::to_string(has_http_ ? http_port_ : 80);
}

Reply Site::Html(int status, std::string_view title, std::string_view body_html) const {
  Reply r;
  r.status = status;
  r.headers.emplace_back("Content-Type", kHtmlType);
  r.body = Page(title, body_html);
  return r;
}

Reply Site::Text(std::string_view type, std::string body) const {
  Reply r;
  r.headers.emplace_back("Content-Type", type);
  r.body = std::move(body);
  return r;
}

Reply Site::Redirect(int status, std::string_view location) const {
  Reply r = Html(status, "Moved",
                 "<p>This page has moved to <a href=\"" + HtmlEscape(location) + "\">" +
                     HtmlEscape(location) + "</a>.</p>");
  r.headers.emplace_back("Location", location);
  return r;
}

Reply Site::ToHttps(const Request& req, std::string_view target) const {
  return Redirect(
      301, "https://" + UrlHost(req) + ":" + std::to_string(https_port_) + std::string(target));
}

Reply Site::NotFound(std::string_view path) const {
  // Like Apache, the page names the requested path (decoded, escaped): a scanner must not
  // take text it put into the URL itself for a finding on this page.
  return Html(404, "Not Found",
              "<p>The requested URL <code>" + HtmlEscape(PercentDecode(path)) +
                  "</code> was not found on this server.</p>");
}

Reply Site::NotFound(const Request& req, std::string_view path) const {
  if (Reply r; Soft404(req, path, r)) return r;
  return NotFound(path);
}

Reply Site::Handle(const Request& req) const {
  // Origin-form is normal; absolute-form (proxies) is reduced to its path.
  std::string_view target = req.target;
  if (target.starts_with("http://") || target.starts_with("https://")) {
    auto slash = target.find('/', target.find("//") + 2);
    target = slash == std::string_view::npos ? "/" : target.substr(slash);
  }
  if (!req.tls && has_https_ && !HttpServesSite() && !AuthServesOverHttp(req, target)) {
    // The transport rule: plain http only redirects, with hardened headers and no cookies.
    Reply r = ToHttps(req, target.starts_with('/') ? target : "/");
    AddCommonHeaders(req, r, /*hardened=*/true);
    return r;
  }
  std::string_view path = target.substr(0, target.find_first_of("?#"));
  std::string_view query;
  if (auto q = target.find('?'); q != std::string_view::npos) {
    query = target.substr(q + 1);
    query = query.substr(0, query.find('#'));
  }
  Reply r = Route(req, path, query);
  if (r.kind == Reply::Kind::kNormal) {
    AddCommonHeaders(req, r, /*hardened=*/false);
    DecorateReply(req, path, r);
  }
  return r;
}

Reply Site::Route(const Request& req, std::string_view full_path, std::string_view query) const {
  if (opt_.hostile && full_path.starts_with("/hostile/")) return Hostile(full_path);
  // Path parameters (";jsessionid=...") are ignored for routing, as Java servers do.
  const std::string_view path = full_path.substr(0, full_path.find(';'));

  if (Reply r; TransportRoute(req, path, query, r)) return r;
  if (Reply r; ProbeRoute(req, path, query, r)) return r;
  if (Reply r; AuthRoute(req, path, query, r)) return r;

  const bool get = req.method == "GET" || req.method == "HEAD";
  const bool post = req.method == "POST";
  if (path == "/login" && (get || post)) return Login(req, post);
  if (path == "/account/settings" && (get || post)) return AccountSettings(req, post);
  if (!get) {
    Reply r = Html(405, "Method Not Allowed", "<p>This method is not allowed here.</p>");
    r.headers.emplace_back(
        "Allow", path == "/login" || path == "/account/settings" ? "GET, HEAD, POST" : "GET, HEAD");
    return r;
  }

  if (Reply flaw_page; FlawPage(req, path, flaw_page)) return flaw_page;
  if (Reply r; ExposureRoute(req, path, query, r)) return r;
  if (Reply r; ConsoleRoute(req, path, query, r)) return r;
  if (path == "/") return Home(req);
  if (path == "/about.html") {
    std::string b = "<p>This is the gapscan testbed, a deliberately flawed site for testing.</p>\n";
    if (Flaw("email-disclosure"))
      b += "<p>Operations: <a href=\"mailto:ops@gapscan-testbed.dev\">ops@gapscan-testbed.dev</a>"
           "</p>\n";
    if (Flaw("private-ip-disclosure")) b += "<!-- upstream 10.0.3.17 -->\n";
    return Html(200, "About", b + "<p><a href=\"/\">Home</a></p>");
  }
  if (path == "/search") {
    std::string q = QueryParam(query, "q");
    return Html(200, "Search",
                SearchForm(q) + "\n<p>No results for <b>" + HtmlEscape(q) +
                    "</b>.</p>\n<p><a href=\"/\">Home</a></p>");
  }
  if (path == "/docs") return Redirect(301, "/docs/");
  if (path == "/docs/")
    return Html(
        200, "Documentation",
        "<ul>\n<li><a href=\"/docs/guide.html\">Guide</a></li>\n"
        "<li><a href=\"/docs/api.html\">API</a></li>\n</ul>\n<p><a href=\"/\">Home</a></p>");
  if (path == "/docs/guide.html")
    return Html(200, "Guide",
                "<p>Start at the <a href=\"/\">home page</a>. See also the "
                "<a href=\"/docs/api.html\">API reference</a>.</p>\n"
                "<p><a href=\"/docs/\">Back to the documentation</a></p>");
  if (path == "/docs/api.html")
    return Html(200, "API",
                "<p><code>GET <a href=\"/api/status\">/api/status</a></code> returns JSON.</p>\n"
                "<p><a href=\"/docs/\">Back to the documentation</a></p>");
  if (path == "/api/status") {
    std::string body = "{\"status\":\"ok\",\"service\":\"gapscan-testbed\",\"hardened\":";
    body += opt_.hardened ? "true" : "false";
    body += ",\"flaws\":[";
    bool first = true;
    for (const auto& f : opt_.flaws) {
      body += (first ? "\"" : ",\"") + f + "\"";
      first = false;
    }
    return Text("application/json", body + "]}\n");
  }
  if (path == "/api/me") {
    Reply r = Text("application/json", "{\"authenticated\":false}\n");
    if (Flaw("cors-wildcard-with-credentials")) {
      r.headers.emplace_back("Access-Control-Allow-Origin", "*");
      r.headers.emplace_back("Access-Control-Allow-Credentials", "true");
    }
    return r;
  }
  if (path == "/api/account") {
    Reply r = Text("application/json", "{\"user\":\"alice\",\"plan\":\"free\"}\n");
    if (SetsSessionCookies(req)) r.headers.emplace_back("Set-Cookie", SessionCookie(req));
    if (Flaw("cors-wildcard-on-sensitive"))
      r.headers.emplace_back("Access-Control-Allow-Origin", "*");
    return r;
  }
  if (path == "/static/app.js") return Text("text/javascript; charset=utf-8", std::string(kAppJs));
  if (path == "/static/config.js") {
    std::string body = "// gapscan testbed configuration\nconst apiBase = \"/api\";\n";
    if (Flaw("secret-in-response")) body += "const awsKey = \"AKIAZ7Q4GAPSCAN3TEST\";\n";
    return Text("text/javascript; charset=utf-8", body);
  }
  if (path == "/static/style.css")
    return Text("text/css; charset=utf-8",
                "body { font-family: sans-serif; margin: 2em; }\nh1 { color: #235; }\n");
  if (path == "/static/logo.png") {
    // 1x1 transparent PNG.
    static constexpr unsigned char kPng[] = {
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48,
        0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
        0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78,
        0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00,
        0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};
    return Text("image/png", std::string(reinterpret_cast<const char*>(kPng), sizeof kPng));
  }
  if (path == "/files/") {
    if (!Flaw("directory-listing"))
      return Html(403, "Forbidden", "<p>You don't have permission to access this resource.</p>");
    // Mimics Apache mod_autoindex closely enough for fingerprinting checks.
    return Text(kHtmlType,
                "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n<html>\n <head>\n"
                "  <title>Index of /files</title>\n </head>\n <body>\n<h1>Index of /files</h1>\n"
                "  <table>\n"
                "   <tr><th>Name</th><th>Last modified</th><th>Size</th></tr>\n"
                "   <tr><th colspan=\"3\"><hr></th></tr>\n"
                "<tr><td><a href=\"/\">Parent Directory</a></td><td>&nbsp;</td><td>  - </td></tr>\n"
                "<tr><td><a href=\"notes.txt\">notes.txt</a></td><td>2024-01-15 10:20  </td>"
                "<td>120 </td></tr>\n"
                "<tr><td><a href=\"report.pdf\">report.pdf</a></td><td>2024-01-15 10:21  </td>"
                "<td>4.2K</td></tr>\n"
                "   <tr><th colspan=\"3\"><hr></th></tr>\n</table>\n"
                "<address>Apache/2.4.41 (Ubuntu) Server at 127.0.0.1</address>\n</body></html>\n");
  }
  if (path == "/files/notes.txt")
    return Text("text/plain; charset=utf-8", "Meeting notes: nothing secret here.\n");
  if (path == "/files/report.pdf")
    return Text(
        "application/pdf",
        "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
  if (path == "/robots.txt")
    return Text("text/plain; charset=utf-8",
                "User-agent: *\nDisallow: /private/\n\nSitemap: " + Origin(req) + "/sitemap.xml\n");
  if (path == "/private/")
    return Html(200, "Private area",
                "<p>Only robots.txt points here.</p>\n<p><a href=\"/\">Home</a></p>");
  if (path == "/sitemap.xml" || path == "/sitemap-pages.xml") {
    std::string body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    if (path == "/sitemap.xml")
      body +=
          "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
          "  <sitemap><loc>" +
          Origin(req) + "/sitemap-pages.xml</loc></sitemap>\n</sitemapindex>\n";
    else
      body += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  <url><loc>" +
              Origin(req) + "/from-sitemap.html</loc></url>\n</urlset>\n";
    return Text("application/xml; charset=utf-8", body);
  }
  if (path == "/from-sitemap.html")
    return Html(200, "From the sitemap",
                "<p>Only the sitemap points here.</p>\n<p><a href=\"/\">Home</a></p>");
  if (path == "/.well-known/security.txt" && !Flaw("security-txt-missing")) {
    std::time_t expires = std::time(nullptr) + 365L * 24 * 3600;
    std::tm tm{};
    gmtime_r(&expires, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    // A URL contact: no e-mail address anywhere on a site without email-disclosure.
    return Text("text/plain; charset=utf-8",
                "Contact: https://gapscan-testbed.dev/security\nExpires: " + std::string(buf) +
                    "\nPreferred-Languages: en\n");
  }
  if (path == "/go-away" && !opt_.redirect_to.empty()) return Redirect(302, opt_.redirect_to);
  int page = 0;
  if (ParseGenPage(path, opt_.pages, page)) {
    std::string body = "<ul>\n";
    for (int l : GenLinks(page, opt_.pages)) {
      std::string href = "/gen/page-" + std::to_string(l) + ".html";
      body += "<li><a href=\"" + href + "\">Page " + std::to_string(l) + "</a></li>\n";
    }
    body += "</ul>\n<p><a href=\"/\">Home</a></p>";
    return Html(200, "Generated page " + std::to_string(page), body);
  }
  return NotFound(req, full_path);
}

std::string Site::PasswordForm(std::string_view action, std::string_view method, bool csrf) const {
  const std::string autocomplete = Flaw("password-autocomplete") ? "" : " autocomplete=\"off\"";
  std::string f = "<form method=\"" + std::string(method) + "\" action=\"" + HtmlEscape(action) +
                  "\">\n" +
                  "<label>Username <input type=\"text\" name=\"username\"></label>\n"
                  "<label>Password <input type=\"password\" name=\"password\"" +
                  autocomplete + "></label>\n";
  if (csrf) f += "<input type=\"hidden\" name=\"csrf_token\" value=\"" + RandomHex(16) + "\">\n";
  return f + "<button type=\"submit\">Log in</button>\n</form>";
}

Reply Site::Login(const Request& req, bool post) const {
  if (!req.tls && !Flaw("login-form-over-http")) {
    if (has_https_) return ToHttps(req, "/login");
    return Html(200, "Log in",
                "<p>Logging in is only possible over HTTPS.</p>\n<p><a href=\"/\">Home</a></p>");
  }
  std::string b = post ? "<p class=\"error\">Invalid username or password.</p>\n" : "";
  // Over http the form still posts to https (a common half-measure): the page is then a
  // login-form-over-http finding, but not also a login-form-posts-to-http one.
  const std::string action = !req.tls && has_https_ ? "https://" + UrlHost(req) + ":" +
                                                          std::to_string(https_port_) + "/login"
                                                    : "/login";
  Reply r = Html(200, "Log in",
                 b + PasswordForm(action, "post", true) + "\n<p><a href=\"/\">Home</a></p>");
  if (!post && Flaw("jwt-weak") && SetsHttpsSiteCookies(req))
    r.headers.emplace_back("Set-Cookie", "auth_token=" + jwt_weak_ + SoundCookieAttrs(req));
  return r;
}

Reply Site::AccountSettings(const Request& req, bool post) const {
  Reply r;
  if (post) {
    r = Html(200, "Account settings", "<p>Settings saved.</p>\n<p><a href=\"/\">Home</a></p>");
  } else {
    std::string form =
        "<form method=\"post\" action=\"/account/settings\">\n"
        "<label>Email <input type=\"email\" name=\"email\"></label>\n";
    if (!Flaw("csrf-token-missing"))
      form += "<input type=\"hidden\" name=\"csrf_token\" value=\"" + RandomHex(16) + "\">\n";
    form += "<button type=\"submit\">Save</button>\n</form>";
    r = Html(200, "Account settings", form + "\n<p><a href=\"/\">Home</a></p>");
  }
  if (SetsSessionCookies(req)) r.headers.emplace_back("Set-Cookie", SessionCookie(req));
  return r;
}

bool Site::SetsSessionCookies(const Request& req) const {
  return req.tls || Flaw("session-cookie-over-http");
}

bool Site::SetsHttpsSiteCookies(const Request& req) const {
  return req.tls || (!has_https_ && Flaw("session-cookie-over-http"));
}

std::string Site::SoundCookieAttrs(const Request& req) const {
  return std::string("; Path=/") + (req.tls ? "; Secure" : "") + "; HttpOnly; SameSite=Lax";
}

std::string Site::SessionCookie(const Request& req) const {
  std::string session = "SESSIONID=" + RandomHex(16) + "; Path=/";
  if (req.tls && !Flaw("cookie-no-secure")) session += "; Secure";
  if (!Flaw("cookie-no-httponly")) session += "; HttpOnly";
  if (!Flaw("cookie-no-samesite")) session += "; SameSite=Lax";
  return session;
}

Reply Site::Home(const Request& req) const {
  std::string b =
      "<p>A deliberately flawed site for testing gapscan.</p>\n<ul>\n"
      "<li><a href=\"/about.html\">About</a></li>\n"
      "<li><a href=\"/login\">Log in</a></li>\n"
      "<li><a href=\"/app/login\">Members area</a></li>\n"
      "<li><a href=\"/account/settings\">Account settings</a></li>\n"
      "<li><a href=\"/docs/\">Documentation</a></li>\n"
      "<li><a href=\"/files/\">Files</a></li>\n"
      "<li><a href=\"/api/status\">API status</a></li>\n"
      "<li><a href=\"/api/me\">API: who am I</a></li>\n"
      "<li><a href=\"/api/account\">API: account</a></li>\n";
  // Pages that exist only for their flaw.
  static constexpr std::pair<std::string_view, std::string_view> kFlawLinks[] = {
      {"csp-missing", "/flaw/no-csp.html"},
      {"csp-report-only", "/flaw/report-only.html"},
      {"hsts-missing", "/flaw/no-hsts.html"},
      {"clickjacking-protection-missing", "/flaw/frameable.html"},
      {"content-type-missing", "/flaw/no-content-type"},
      {"charset-missing", "/flaw/no-charset.html"},
      {"mixed-content", "/flaw/mixed.html"},
      {"sri-missing", "/flaw/cdn.html"},
      {"login-form-posts-to-http", "/flaw/login-posts-http.html"},
      {"password-in-get-form", "/flaw/get-login.html"},
      {"jwt-weak", "/flaw/jwt-none"},
      {"error-disclosure", "/flaw/error"},
      {"error-disclosure", "/flaw/sql-error"},
      {"php-source-disclosure", "/flaw/source.php"},
      {"cleartext-http-auth", "/admin/"},
      {"default-page", "/nginx-welcome.html"},
      {"session-id-in-url", kJsessionUrl},
      {"session-id-in-url", kPhpSessUrl},
      {"sensitive-data-in-url", kApiKeyUrl},
      {"https-downgrade-redirect", "/flaw/downgrade"},
      {"open-redirect", "/redirect?url=/about.html"},
  };
  for (const auto& [flaw, href] : kFlawLinks) {
    if (!Flaw(flaw)) continue;
    b += "<li><a href=\"" + HtmlEscape(href) + "\">" + HtmlEscape(href) + "</a></li>\n";
  }
  if (opt_.pages > 0) b += "<li><a href=\"/gen/page-0.html\">Generated pages</a></li>\n";
  if (!opt_.redirect_to.empty()) b += "<li><a href=\"/go-away\">Elsewhere</a></li>\n";
  for (const auto& url : opt_.also_links)
    b += "<li><a href=\"" + HtmlEscape(url) + "\">" + HtmlEscape(url) + "</a></li>\n";
  if (opt_.hostile) {
    for (std::string_view h : {"bad-utf8", "bad-bytes-evidence", "malformed-headers", "huge-body",
                               "endless", "gzip-bomb", "redirect-loop", "hang", "slow-headers"}) {
      b += "<li><a href=\"/hostile/" + std::string(h) + "\">hostile: " + std::string(h) +
           "</a></li>\n";
    }
  }
  b += "</ul>\n" + SearchForm("") + "\n<script src=\"/static/app.js\"></script>";
  b += "\n<script src=\"/static/config.js\"></script>";
  if (Flaw("component-detected")) b += "\n<script src=\"/static/jquery-3.5.1.min.js\"></script>";
  Reply r = Html(200, "gapscan testbed", b);

  if (Flaw("debug-header-disclosure")) r.headers.emplace_back("X-Debug-Token", "a1b2c3");
  if (SetsSessionCookies(req)) r.headers.emplace_back("Set-Cookie", SessionCookie(req));
  // Not a session cookie: its missing HttpOnly is reported one level lower (info).
  r.headers.emplace_back(
      "Set-Cookie", std::string("theme=light; Path=/; SameSite=Lax") + (req.tls ? "; Secure" : ""));
  // Each cookie below shows exactly one cookie flaw. Session-like ones carry every other
  // attribute and belong to the https site; the SameSite=None one is no session cookie and is
  // set by the http site (so it is not also a cookie-no-secure or session-cookie-over-http).
  if (Flaw("cookie-samesite-none-insecure") && (!req.tls || !HttpServesSite()))
    r.headers.emplace_back("Set-Cookie", "tracking_id=" + RandomHex(4) + "; Path=/; SameSite=None");
  if (SetsHttpsSiteCookies(req)) {
    if (Flaw("cookie-prefix-violation"))
      r.headers.emplace_back("Set-Cookie", "__Host-sid=" + RandomHex(16) +
                                               "; Path=/docs; Secure; HttpOnly; SameSite=Lax");
    if (Flaw("cookie-long-lived-session"))
      r.headers.emplace_back("Set-Cookie", "remember_session=" + RandomHex(16) +
                                               "; Max-Age=31536000" + SoundCookieAttrs(req));
    const std::string domain = BroadCookieDomain(UrlHost(req));
    if (Flaw("cookie-broad-domain") && !domain.empty())
      r.headers.emplace_back("Set-Cookie", "sso_session=" + RandomHex(16) + "; Domain=" + domain +
                                               SoundCookieAttrs(req));
  }
  return r;
}

// The site-wide policy: the hardened one, or one composed so that it shows every CSP flaw
// that is on at once (see README.md).
std::string Site::SitePolicy(bool frame_ancestors) const {
  const bool inline_ = Flaw("csp-unsafe-inline"), eval = Flaw("csp-unsafe-eval"),
             wildcard = Flaw("csp-wildcard-source"), no_object = Flaw("csp-no-object-src"),
             no_base = Flaw("csp-no-base-uri"), malformed = Flaw("csp-malformed");
  std::vector<std::string> d;
  if (!no_object) d.push_back("default-src 'self'");  // object-src falls back to default-src
  // Without default-src, script-src keeps scripts restricted (no accidental wildcard).
  if (inline_ || eval || wildcard || no_object) {
    std::string s = "script-src 'self'";
    if (inline_) s += " 'unsafe-inline'";
    if (eval) s += " 'unsafe-eval'";
    if (wildcard) s += " https:";
    d.push_back(s);
  }
  if (no_object || malformed) d.push_back("style-src 'self'");
  if (malformed) {
    d.push_back("img-scr 'self'");    // unknown directive (a typo of img-src)
    d.push_back("style-src 'self'");  // duplicate: browsers ignore the second one
  }
  if (!no_object) d.push_back("object-src 'none'");
  if (!no_base) d.push_back("base-uri 'none'");
  if (frame_ancestors) d.push_back("frame-ancestors 'none'");
  std::string p;
  for (const auto& x : d) p += (p.empty() ? "" : "; ") + x;
  return p;
}

void Site::AddCommonHeaders(const Request& req, Reply& r, bool hardened) const {
  auto flaw = [&](std::string_view id) { return !hardened && Flaw(id); };
  auto& h = r.headers;
  h.emplace_back("Date", HttpDate());
  h.emplace_back("Server",
                 flaw("server-version-disclosure") ? "Apache/2.4.41 (Ubuntu)" : "testbed");
  if (flaw("x-powered-by-disclosure")) h.emplace_back("X-Powered-By", "PHP/7.4.3");
  if (flaw("backend-disclosure")) h.emplace_back("X-Backend-Server", "app-01.internal");
  if (!flaw("x-content-type-options-missing")) h.emplace_back("X-Content-Type-Options", "nosniff");

  // CSP and framing. A page with frame-ancestors may carry the malformed X-Frame-Options
  // (it is then harmless); a page without it gets DENY unless it is meant to be frameable.
  constexpr std::string_view kHardenedPolicy =
      "default-src 'self'; object-src 'none'; base-uri 'none'";
  const bool frameable = !hardened && r.frameable;
  const Reply::Csp csp = hardened ? Reply::Csp::kSite : r.csp;
  if (csp == Reply::Csp::kSite) {
    h.emplace_back("Content-Security-Policy",
                   hardened ? std::string(kHardenedPolicy) + "; frame-ancestors 'none'"
                            : SitePolicy(!frameable));
  } else if (csp == Reply::Csp::kReportOnly) {
    h.emplace_back("Content-Security-Policy-Report-Only",
                   std::string(kHardenedPolicy) + (frameable ? "" : "; frame-ancestors 'none'"));
  }
  const bool has_frame_ancestors = csp == Reply::Csp::kSite && !frameable;
  const bool malformed_xfo =
      flaw("x-frame-options-malformed") && (has_frame_ancestors || frameable);
  if (malformed_xfo)
    h.emplace_back("X-Frame-Options", "ALLOW-FROM https://example.com");
  else if (!frameable)
    h.emplace_back("X-Frame-Options", "DENY");

  if (req.tls && !(r.no_hsts && !hardened)) {
    const bool short_age = flaw("hsts-short-max-age");
    h.emplace_back("Strict-Transport-Security",
                   short_age ? "max-age=300" : "max-age=63072000; includeSubDomains");
    if (flaw("hsts-malformed"))  // a second, different header: which one applies?
      h.emplace_back("Strict-Transport-Security",
                     short_age ? "max-age=300; includeSubDomains" : "max-age=31536000");
  }
  if (req.tls && flaw("referrer-policy-unsafe"))
    h.emplace_back("Referrer-Policy", "unsafe-url");
  else if (!flaw("referrer-policy-missing"))
    h.emplace_back("Referrer-Policy", "strict-origin-when-cross-origin");
  if (!flaw("permissions-policy-missing"))
    h.emplace_back("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  // Browsers ignore these over plain http, so the flaw takes them away on https only.
  if (!(req.tls && flaw("cross-origin-isolation-missing"))) {
    h.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
    h.emplace_back("Cross-Origin-Embedder-Policy", "require-corp");
    h.emplace_back("Cross-Origin-Resource-Policy", "same-origin");
  }
  if (!flaw("cache-control-sensitive")) h.emplace_back("Cache-Control", "no-store");
}

std::string Site::RawError(int status) const {
  std::string reason = status == 413   ? "Payload Too Large"
                       : status == 431 ? "Request Header Fields Too Large"
                                       : "Bad Request";
  std::string body = Page(reason, "<p>The request could not be processed.</p>");
  return "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nDate: " + HttpDate() +
         "\r\nServer: testbed\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

}  // namespace testbed
