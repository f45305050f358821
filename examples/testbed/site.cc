#include "examples/testbed/site.h"

#include <openssl/rand.h>

#include <charconv>
#include <ctime>
#include <set>

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
  bool ok = !host.empty() && host.size() < 256;
  for (char c : host)
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' ||
          c == ']'))
      ok = false;
  std::string origin = req.tls ? "https://" : "http://";
  if (ok)
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

std::string Page(std::string_view title, std::string_view body_html) {
  std::string t = HtmlEscape(title);
  std::string s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>";
  s += t;
  s += "</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n</head>\n<body>\n<h1>";
  s += t;
  s += "</h1>\n";
  s += body_html;
  s += "\n</body>\n</html>\n";
  return s;
}

std::string LoginForm() {
  return "<form method=\"post\" action=\"/login\">\n"
         "<label>Username <input type=\"text\" name=\"username\"></label>\n"
         "<label>Password <input type=\"password\" name=\"password\"></label>\n"
         "<input type=\"hidden\" name=\"csrf\" value=\"" +
         RandomHex(16) +
         "\">\n"
         "<button type=\"submit\">Log in</button>\n</form>";
}

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

Site::Site(const Options& opt) : opt_(opt) {
  // ~200 KB that inflates to 200 MiB; computed once at startup (a fraction of a second).
  if (opt_.hostile) gzip_bomb_ = GzipZeros(size_t{200} << 20);
}

Reply Site::Html(int status, std::string_view title, std::string_view body_html) const {
  Reply r;
  r.status = status;
  r.headers.emplace_back("Content-Type", kHtmlType);
  r.body = Page(title, body_html);
  return r;
}

Reply Site::Redirect(int status, std::string_view location) const {
  Reply r = Html(status, "Moved",
                 "<p>This page has moved to <a href=\"" + HtmlEscape(location) + "\">" +
                     HtmlEscape(location) + "</a>.</p>");
  r.headers.emplace_back("Location", location);
  return r;
}

Reply Site::Handle(const Request& req) const {
  // Origin-form is normal; absolute-form (proxies) is reduced to its path.
  std::string_view target = req.target;
  if (target.starts_with("http://") || target.starts_with("https://")) {
    auto slash = target.find('/', target.find("//") + 2);
    target = slash == std::string_view::npos ? "/" : target.substr(slash);
  }
  std::string_view path = target.substr(0, target.find_first_of("?#"));
  std::string_view query;
  if (auto q = target.find('?'); q != std::string_view::npos) {
    query = target.substr(q + 1);
    query = query.substr(0, query.find('#'));
  }
  Reply r = Route(req, path, query);
  if (r.kind == Reply::Kind::kNormal) AddCommonHeaders(req, r);
  return r;
}

Reply Site::Route(const Request& req, std::string_view path, std::string_view query) const {
  if (opt_.hostile && path.starts_with("/hostile/")) return Hostile(path);

  const bool get = req.method == "GET" || req.method == "HEAD";
  if (path == "/login" && req.method == "POST") {
    Reply r = Html(200, "Log in",
                   "<p class=\"error\">Invalid username or password.</p>\n" + LoginForm() +
                       "\n<p><a href=\"/\">Home</a></p>");
    return r;
  }
  if (!get) {
    Reply r = Html(405, "Method Not Allowed", "<p>This method is not allowed here.</p>");
    r.headers.emplace_back("Allow", path == "/login" ? "GET, HEAD, POST" : "GET, HEAD");
    return r;
  }

  if (path == "/") return Home(req);
  if (path == "/about.html")
    return Html(200, "About",
                "<p>This is the gapscan testbed, a deliberately flawed site for testing.</p>\n"
                "<p><a href=\"/\">Home</a></p>");
  if (path == "/login") return Html(200, "Log in", LoginForm() + "\n<p><a href=\"/\">Home</a></p>");
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
    Reply r;
    r.headers.emplace_back("Content-Type", "application/json");
    r.body = "{\"status\":\"ok\",\"service\":\"gapscan-testbed\",\"hardened\":";
    r.body += opt_.hardened ? "true" : "false";
    r.body += ",\"flaws\":[";
    bool first = true;
    for (const auto& f : opt_.flaws) {
      r.body += (first ? "\"" : ",\"") + f + "\"";
      first = false;
    }
    r.body += "]}\n";
    return r;
  }
  if (path == "/static/app.js") {
    Reply r;
    r.headers.emplace_back("Content-Type", "text/javascript; charset=utf-8");
    r.body =
        "// gapscan testbed script\n"
        "document.addEventListener('DOMContentLoaded', function () {\n"
        "  document.body.classList.add('js');\n"
        "});\n";
    return r;
  }
  if (path == "/static/style.css") {
    Reply r;
    r.headers.emplace_back("Content-Type", "text/css; charset=utf-8");
    r.body = "body { font-family: sans-serif; margin: 2em; }\nh1 { color: #235; }\n";
    return r;
  }
  if (path == "/files/") {
    if (!Flaw("directory-listing"))
      return Html(403, "Forbidden", "<p>You don't have permission to access this resource.</p>");
    // Mimics Apache mod_autoindex closely enough for fingerprinting checks.
    Reply r;
    r.headers.emplace_back("Content-Type", kHtmlType);
    r.body =
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
        "<address>Apache/2.4.41 (Ubuntu) Server at 127.0.0.1</address>\n</body></html>\n";
    return r;
  }
  if (path == "/files/notes.txt") {
    Reply r;
    r.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
    r.body = "Meeting notes: nothing secret here.\n";
    return r;
  }
  if (path == "/files/report.pdf") {
    Reply r;
    r.headers.emplace_back("Content-Type", "application/pdf");
    r.body = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    return r;
  }
  if (path == "/robots.txt") {
    Reply r;
    r.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
    r.body = "User-agent: *\nDisallow: /private/\n\nSitemap: " + Origin(req) + "/sitemap.xml\n";
    return r;
  }
  if (path == "/private/")
    return Html(200, "Private area",
                "<p>Only robots.txt points here.</p>\n<p><a href=\"/\">Home</a></p>");
  if (path == "/sitemap.xml" || path == "/sitemap-pages.xml") {
    Reply r;
    r.headers.emplace_back("Content-Type", "application/xml; charset=utf-8");
    r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    if (path == "/sitemap.xml")
      r.body +=
          "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
          "  <sitemap><loc>" +
          Origin(req) + "/sitemap-pages.xml</loc></sitemap>\n</sitemapindex>\n";
    else
      r.body += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  <url><loc>" +
                Origin(req) + "/from-sitemap.html</loc></url>\n</urlset>\n";
    return r;
  }
  if (path == "/from-sitemap.html")
    return Html(200, "From the sitemap",
                "<p>Only the sitemap points here.</p>\n<p><a href=\"/\">Home</a></p>");
  if (path == "/.well-known/security.txt" && opt_.hardened && !Flaw("security-txt-missing")) {
    std::time_t expires = std::time(nullptr) + 365L * 24 * 3600;
    std::tm tm{};
    gmtime_r(&expires, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    Reply r;
    r.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
    r.body = "Contact: mailto:security@example.com\nExpires: " + std::string(buf) +
             "\nPreferred-Languages: en\n";
    return r;
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
  return Html(404, "Not Found", "<p>The requested URL was not found on this server.</p>");
}

Reply Site::Home(const Request& req) const {
  std::string b =
      "<p>A deliberately flawed site for testing gapscan.</p>\n<ul>\n"
      "<li><a href=\"/about.html\">About</a></li>\n"
      "<li><a href=\"/login\">Log in</a></li>\n"
      "<li><a href=\"/docs/\">Documentation</a></li>\n"
      "<li><a href=\"/files/\">Files</a></li>\n"
      "<li><a href=\"/api/status\">API status</a></li>\n";
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
  Reply r = Html(200, "gapscan testbed", b);

  std::string session = "SESSIONID=" + RandomHex(16) + "; Path=/";
  if (req.tls && !Flaw("cookie-no-secure")) session += "; Secure";
  if (!Flaw("cookie-no-httponly")) session += "; HttpOnly";
  if (!Flaw("cookie-no-samesite")) session += "; SameSite=Lax";
  r.headers.emplace_back("Set-Cookie", session);
  // Not a session cookie: a precise scanner must not demand HttpOnly on it.
  const bool secure_theme = req.tls && !Flaw("cookie-no-secure");
  r.headers.emplace_back("Set-Cookie", std::string("theme=light; Path=/; SameSite=Lax") +
                                           (secure_theme ? "; Secure" : ""));
  return r;
}

void Site::AddCommonHeaders(const Request& req, Reply& r) const {
  auto& h = r.headers;
  h.emplace_back("Date", HttpDate());
  if (Flaw("server-version-disclosure")) {
    h.emplace_back("Server", "Apache/2.4.41 (Ubuntu)");
    h.emplace_back("X-Powered-By", "PHP/7.4.3");
  } else {
    h.emplace_back("Server", "testbed");
  }
  if (!Flaw("x-content-type-options-missing")) h.emplace_back("X-Content-Type-Options", "nosniff");
  const bool clickjack = Flaw("clickjacking-protection-missing");
  if (!Flaw("csp-missing")) {
    std::string csp = "default-src 'self'; object-src 'none'; base-uri 'none'";
    if (!clickjack) csp += "; frame-ancestors 'none'";
    h.emplace_back("Content-Security-Policy", csp);
  }
  if (!clickjack) h.emplace_back("X-Frame-Options", "DENY");
  if (req.tls && !Flaw("hsts-missing"))
    h.emplace_back("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  if (opt_.hardened) {
    h.emplace_back("Referrer-Policy", "strict-origin-when-cross-origin");
    h.emplace_back("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  }
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
