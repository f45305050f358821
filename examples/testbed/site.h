// The testbed web site: routing and page content, independent of the network code.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "examples/testbed/options.h"

namespace testbed {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;
  std::string target;
  HeaderList headers;
  std::string body;
  bool tls = false;
  uint16_t port = 0;  // local (listener) port

  // First header named `name` (case-insensitive), or "".
  std::string_view Header(std::string_view name) const;
};

struct Reply {
  enum class Kind {
    kNormal,       // status/headers/body, serialized by Beast (Content-Length added there)
    kRaw,          // `raw` written verbatim, then the connection is closed
    kHugeBody,     // `raw` head, then kHugeBodySize bytes of filler
    kEndless,      // `raw` head, then 16 KiB chunks until the client leaves
    kHang,         // no answer at all; wait for the client to give up
    kSlowHeaders,  // `raw` status line, then one header byte per second
  };
  Kind kind = Kind::kNormal;
  int status = 200;
  HeaderList headers;
  std::string body;
  std::string raw;
  bool close = false;  // close the connection after a normal reply

  // Page-level exceptions to the site-wide headers (applied by Site::AddCommonHeaders).
  enum class Csp { kSite, kNone, kReportOnly };
  Csp csp = Csp::kSite;    // kNone: no policy at all; kReportOnly: only a report-only policy
  bool frameable = false;  // no frame-ancestors and no X-Frame-Options: DENY
  bool no_hsts = false;    // no Strict-Transport-Security
};

inline constexpr size_t kHugeBodySize = 20u << 20;  // 20 MiB

class AuthState;  // the members area's users, sessions and throttling (auth_state.h)
std::shared_ptr<AuthState> MakeAuthState(const Options& opt);

// The site. Which listener a request came in on matters: see README.md in this folder for
// the transport rule (http redirects to https unless https-not-enforced) and where each flaw
// shows.
class Site {
 public:
  explicit Site(const Options& opt);

  // The bound ports (0 = no such listener). Call once, before serving.
  void SetListeners(uint16_t http_port, uint16_t https_port);

  Reply Handle(const Request& req) const;

  // Raw error answer for a request that could not be parsed (then the connection closes).
  std::string RawError(int status) const;

 private:
  friend class AuthPages;  // auth_pages.cc
  Reply Route(const Request& req, std::string_view path, std::string_view query) const;
  // The members area /app/, the API /api/v2/ and the Basic area /basic/ (auth_pages.cc): true
  // and `out` set when `path` is one of theirs. Runs before method filtering.
  bool AuthRoute(const Request& req, std::string_view path, std::string_view query,
                 Reply& out) const;
  // credentials-over-http: the plain-http request `target` is served by the members area even
  // where the transport rule would redirect it to https.
  bool AuthServesOverHttp(const Request& req, std::string_view target) const;
  // The pages that exist only for a flaw (flaw_pages.cc): true and `out` set when `path` is
  // one of them and its flaw is on.
  bool FlawPage(const Request& req, std::string_view path, Reply& out) const;
  Reply Hostile(std::string_view path) const;
  // Active-check flaws, one file per group; each returns true and sets `out` when it answers.
  // ProbeRoute runs before method filtering (it may answer TRACE, PUT, OPTIONS, ...);
  // TransportRoute before it; the others after the GET-only pages.
  bool TransportRoute(const Request& req, std::string_view path, std::string_view query,
                      Reply& out) const;  // transport_pages.cc
  bool ProbeRoute(const Request& req, std::string_view path, std::string_view query,
                  Reply& out) const;  // probe_pages.cc
  bool ExposureRoute(const Request& req, std::string_view path, std::string_view query,
                     Reply& out) const;  // exposure_pages.cc
  bool ConsoleRoute(const Request& req, std::string_view path, std::string_view query,
                    Reply& out) const;  // console_pages.cc
  // Last touches on every normal reply (probe_pages.cc), e.g. reflected CORS headers.
  void DecorateReply(const Request& req, std::string_view path, Reply& r) const;
  // The answer for an unknown path under --soft404 (soft404.cc); false when not in a mode.
  bool Soft404(const Request& req, std::string_view path, Reply& out) const;
  Reply Home(const Request& req) const;
  Reply Login(const Request& req, bool post) const;
  Reply AccountSettings(const Request& req, bool post) const;
  Reply NotFound(std::string_view path) const;
  Reply NotFound(const Request& req, std::string_view path) const;  // with --soft404 modes
  Reply Html(int status, std::string_view title, std::string_view body_html) const;
  Reply Redirect(int status, std::string_view location) const;
  Reply ToHttps(const Request& req, std::string_view target) const;
  Reply Text(std::string_view type, std::string body) const;
  void AddCommonHeaders(const Request& req, Reply& r, bool hardened) const;
  std::string SitePolicy(bool frame_ancestors) const;

  std::string PasswordForm(std::string_view action, std::string_view method, bool csrf) const;
  std::string SessionCookie(const Request& req) const;
  // Whether this response may set session cookies: always on https; on http only with
  // session-cookie-over-http.
  bool SetsSessionCookies(const Request& req) const;
  // Session cookies that belong to the https site (prefix, long-lived, broad-domain, JWT):
  // on https, or on http when there is no https listener and session-cookie-over-http is on.
  bool SetsHttpsSiteCookies(const Request& req) const;
  // "; Path=/; [Secure; ]HttpOnly; SameSite=Lax": a cookie no other check should flag.
  std::string SoundCookieAttrs(const Request& req) const;

  bool Flaw(std::string_view id) const { return opt_.HasFlaw(id); }
  // The http listener serves the site (rather than redirecting every request to https).
  bool HttpServesSite() const { return has_http_ && (!has_https_ || Flaw("https-not-enforced")); }
  // "http://HOST:PORT" of the http listener, HOST taken from the request (for links to it).
  std::string HttpOrigin(const Request& req) const;

  const Options& opt_;
  bool has_http_ = false, has_https_ = false;
  uint16_t http_port_ = 0, https_port_ = 0;
  std::string gzip_bomb_;                                  // precomputed when --hostile
  std::string app_js_sri_;                                 // integrity of /static/app.js
  std::string jwt_weak_;                                   // HS256 with the secret "secret", no exp
  std::string jwt_none_;                                   // "alg":"none"
  std::shared_ptr<AuthState> auth_ = MakeAuthState(opt_);  // mutable state behind a mutex
};

// The body of /static/app.js (its SRI hash is computed from it).
extern const std::string_view kAppJs;

// The host of the request's Host header as it goes into a URL ("127.0.0.1",
// "[::1]", "app.localhost"), or "127.0.0.1" when the header is absent or odd.
std::string UrlHost(const Request& req);

// The parent domain a broad Domain= attribute can name for `host` (lower-case, no port):
// "app.localhost" -> "localhost", "a.b.test" -> "b.test"; "" for IP addresses and other
// names (a Domain= equal to the host is no broader than the host's own subdomains).
std::string BroadCookieDomain(std::string_view host);

// Helpers shared with the server and tests.
std::string HtmlEscape(std::string_view s);
std::string PercentDecode(std::string_view s);  // %XX only ('+' stays), bad escapes kept
// A complete HTML document (<meta charset> unless `meta_charset` is false).
std::string Page(std::string_view title, std::string_view body_html, bool meta_charset = true);
std::string HttpDate();
std::string RandomHex(size_t bytes);

}  // namespace testbed
