// The probe group's flaws: answers to forged request headers (CORS, Host), extra methods
// (TRACE, OPTIONS, PROPFIND, PUT, DELETE), an open redirect and a 403 that path tricks bypass.
//
// Where each one shows (all only while its flaw is on):
// - cors-origin-reflection / cors-null-origin: /api/status (crawled: linked from the home
//   page and /docs/api.html) answers a request carrying Origin with
//   Access-Control-Allow-Origin: <that origin> (any origin but "null") / "null" (only "null"),
//   with Access-Control-Allow-Credentials: true. Without an Origin header nothing changes, so
//   the passive CORS checks see nothing new.
// - http-method-trace: TRACE on any path echoes the request as message/http.
// - http-methods-unsafe: OPTIONS on any path lists PUT, DELETE and WebDAV methods with
//   DAV: 1,2; PROPFIND answers 207 Multi-Status; PUT stores a file in memory (GET returns it,
//   DELETE removes it).
// - host-header-injection: the home page carries <link rel="canonical"> built from
//   X-Forwarded-Host, else Host; /docs redirects to an absolute URL built alike.
// - open-redirect: /redirect?url=X answers 302 Location: X. The home page links
//   /redirect?url=/about.html (site.cc, kFlawLinks) so the crawler finds the parameter.
// - forbidden-bypass: /private/ (listed in robots.txt, so crawled) answers 403 to requests whose
//   raw path starts with "/private" (a front proxy's prefix rule), but serves the page for
//   other spellings of the same path ("//private/", "/./private/", "/%2e/private/",
//   "/..;/private/") and for "/" with X-Original-URL or X-Rewrite-URL: /private/.
#include <map>
#include <mutex>

#include "examples/testbed/flaws.h"
#include "examples/testbed/site.h"

namespace testbed {
namespace {

constexpr std::string_view kRedirectLink = "/redirect?url=/about.html";

// PUT files of http-methods-unsafe, shared by every connection.
struct Uploads {
  std::mutex mu;
  std::map<std::string, std::string, std::less<>> files;
};
Uploads& uploads() {
  static Uploads u;
  return u;
}
constexpr size_t kMaxUploads = 256;
constexpr size_t kMaxUploadBytes = 64 * 1024;

bool HostLike(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  for (char c : host) {
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' ||
          c == ']'))
      return false;
  }
  return true;
}

// Path segments after percent-decoding, with "", "." and ";params" dropped and ".." applied:
// how an application server behind a proxy reads the path.
std::vector<std::string> Segments(std::string_view raw) {
  std::string path = PercentDecode(raw.substr(0, raw.find('?')));
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    std::string seg = path.substr(start, slash - start);
    seg = seg.substr(0, seg.find(';'));
    if (seg == "..") {
      if (!out.empty()) out.pop_back();
    } else if (!seg.empty() && seg != ".") {
      out.push_back(seg);
    }
    start = slash + 1;
  }
  return out;
}

bool IsPrivate(std::string_view raw) {
  const auto s = Segments(raw);
  return s.size() == 1 && s[0] == "private";
}

// Decoded value of the first `name=` parameter ('+' is a space).
std::string QueryValue(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      if (eq == std::string_view::npos) return "";
      std::string v(pair.substr(eq + 1));
      for (char& c : v)
        if (c == '+') c = ' ';
      return PercentDecode(v);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return "";
}

std::string EchoRequest(const Request& req) {
  std::string out = req.method + " " + req.target + " HTTP/1.1\r\n";
  for (const auto& [k, v] : req.headers) out += k + ": " + v + "\r\n";
  return out + "\r\n";
}

}  // namespace

std::vector<FlawSpec> ProbeFlaws() {
  return {
      OriginFlaw("cors-origin-reflection", "http https", {"/api/status"},
                 "/api/status echoes any Origin (but null) in Access-Control-Allow-Origin, with "
                 "Allow-Credentials: true"),
      OriginFlaw("cors-null-origin", "http https", {"/api/status"},
                 "/api/status answers Origin: null with Access-Control-Allow-Origin: null and "
                 "Allow-Credentials: true"),
      OriginFlaw("http-method-trace", "http https", {"/"},
                 "TRACE on any path echoes the request (message/http)"),
      OriginFlaw("http-methods-unsafe", "http https", {"/"},
                 "OPTIONS lists PUT, DELETE and WebDAV methods (DAV: 1,2), PROPFIND answers 207, "
                 "PUT stores files in memory (GET returns them, DELETE removes them)"),
      OriginFlaw("host-header-injection", "http https", {"/"},
                 "the home page's <link rel=\"canonical\"> (and /docs's redirect) is built from "
                 "X-Forwarded-Host or Host"),
      PageFlaw("open-redirect", "http https", {kRedirectLink},
               "/redirect?url=X redirects to X, any site (the home page links "
               "/redirect?url=/about.html)"),
      OriginFlaw("forbidden-bypass", "http https", {"/private/"},
                 "/private/ answers 403 but is served for //private/, /./private/, "
                 "/%2e/private/, /..;/private/ and for / with X-Original-URL: /private/"),
  };
}

bool Site::ProbeRoute(const Request& req, std::string_view path, std::string_view query,
                      Reply& out) const {
  const bool get = req.method == "GET" || req.method == "HEAD";
  if (req.method == "TRACE" && Flaw("http-method-trace")) {
    out = Text("message/http", EchoRequest(req));
    return true;
  }
  if (Flaw("http-methods-unsafe")) {
    if (req.method == "OPTIONS") {
      out = Reply{};
      out.headers.emplace_back("Allow",
                               "OPTIONS, GET, HEAD, POST, PUT, DELETE, PROPFIND, PROPPATCH, "
                               "MKCOL, COPY, MOVE, LOCK, UNLOCK");
      out.headers.emplace_back("DAV", "1,2");
      out.headers.emplace_back("MS-Author-Via", "DAV");
      return true;
    }
    if (req.method == "PROPFIND") {
      out = Text("application/xml; charset=utf-8",
                 "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                 "<D:multistatus xmlns:D=\"DAV:\">\n<D:response>\n<D:href>" +
                     HtmlEscape(path) +
                     "</D:href>\n<D:propstat>\n<D:prop><D:resourcetype><D:collection/>"
                     "</D:resourcetype></D:prop>\n<D:status>HTTP/1.1 200 OK</D:status>\n"
                     "</D:propstat>\n</D:response>\n</D:multistatus>\n");
      out.status = 207;
      return true;
    }
    const bool file_path = path.size() > 1 && !path.ends_with('/');
    if (req.method == "PUT" && file_path) {
      Uploads& u = uploads();
      std::lock_guard lock(u.mu);
      const bool exists = u.files.count(path) != 0;
      if (req.body.size() > kMaxUploadBytes || (!exists && u.files.size() >= kMaxUploads)) {
        out = Html(507, "Insufficient Storage", "<p>The upload store is full.</p>");
        return true;
      }
      u.files[std::string(path)] = req.body;
      out = Html(exists ? 200 : 201, "Stored", "<p>The file was stored.</p>");
      return true;
    }
    if (req.method == "DELETE" && file_path) {
      Uploads& u = uploads();
      std::lock_guard lock(u.mu);
      if (u.files.erase(std::string(path)) == 0) {
        out = NotFound(path);
      } else {
        out = Reply{};
        out.status = 204;
      }
      return true;
    }
    if (get && file_path) {
      Uploads& u = uploads();
      std::lock_guard lock(u.mu);
      if (auto it = u.files.find(path); it != u.files.end()) {
        out = Text("text/plain; charset=utf-8", it->second);
        return true;
      }
    }
  }
  if (!get) return false;

  if (path == "/redirect" && Flaw("open-redirect")) {
    std::string to = QueryValue(query, "url");
    out = Redirect(302, to.empty() ? "/" : to);
    return true;
  }
  if (path == "/docs" && Flaw("host-header-injection")) {
    std::string host(req.Header("X-Forwarded-Host"));
    if (host.empty()) host = std::string(req.Header("Host"));
    if (HostLike(host)) {
      out = Redirect(301, std::string(req.tls ? "https://" : "http://") + host + "/docs/");
      return true;
    }
  }
  if (Flaw("forbidden-bypass")) {
    const std::string_view raw = std::string_view(req.target).substr(0, req.target.find('?'));
    const auto private_page = [&] {
      out = Html(200, "Private area",
                 "<p>Quarterly figures and internal contacts for the operations team.</p>\n"
                 "<ul>\n<li>Backup rotation: weekly, kept for 90 days</li>\n"
                 "<li>On-call schedule: see the shared calendar</li>\n</ul>\n"
                 "<p><a href=\"/\">Home</a></p>");
      return true;
    };
    if (path == "/") {
      for (std::string_view h : {"X-Original-URL", "X-Rewrite-URL"}) {
        if (!req.Header(h).empty() && IsPrivate(req.Header(h))) return private_page();
      }
    }
    if (raw.starts_with("/private")) {
      out = Html(403, "Forbidden", "<p>You don't have permission to access this resource.</p>");
      return true;
    }
    if (IsPrivate(raw)) return private_page();
  }
  return false;
}

void Site::DecorateReply(const Request& req, std::string_view path, Reply& r) const {
  if (path == "/" && r.status == 200) {
    if (Flaw("host-header-injection")) {
      std::string host(req.Header("X-Forwarded-Host"));
      if (host.empty()) host = std::string(req.Header("Host"));
      if (auto head = r.body.find("</head>"); head != std::string::npos && HostLike(host))
        r.body.insert(head, "<link rel=\"canonical\" href=\"" +
                                std::string(req.tls ? "https://" : "http://") + HtmlEscape(host) +
                                "/\">\n");
    }
  }
  if (path == "/api/status") {
    const std::string_view origin = req.Header("Origin");
    bool has_acao = false;
    for (const auto& [k, v] : r.headers)
      if (k == "Access-Control-Allow-Origin") has_acao = true;
    const bool reflect = origin == "null" ? Flaw("cors-null-origin")
                                          : !origin.empty() && Flaw("cors-origin-reflection");
    if (reflect && !has_acao) {
      r.headers.emplace_back("Access-Control-Allow-Origin", std::string(origin));
      r.headers.emplace_back("Access-Control-Allow-Credentials", "true");
      r.headers.emplace_back("Vary", "Origin");
    }
  }
}

}  // namespace testbed
