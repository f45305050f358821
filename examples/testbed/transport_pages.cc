// The transport group's flaw pages (https-downgrade-redirect).
//
// https-not-enforced is a row of flaws.cc (it changes the transport rule in Site::Handle), and
// http-only-site is no switch at all: it is what a testbed started without an https listener
// shows.
#include <string>

#include "examples/testbed/flaws.h"
#include "examples/testbed/site.h"

namespace testbed {
namespace {

constexpr std::string_view kDowngradePath = "/flaw/downgrade";

// The request's host when it is a loopback name (what a scan of the testbed uses), else
// 127.0.0.1: the redirect must not echo a forged Host header (that would be a different flaw,
// host-header-injection).
std::string LoopbackHost(const Request& req) {
  const std::string host = UrlHost(req);
  const bool loopback = host == "localhost" || host == "[::1]" || host.starts_with("127.") ||
                        (host.size() > 10 && host.ends_with(".localhost"));
  bool tame = !host.empty();
  for (char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == '[' || c == ']' || c == ':';
    if (!ok) tame = false;
  }
  return loopback && tame ? host : "127.0.0.1";
}

}  // namespace

std::vector<FlawSpec> TransportFlaws() {
  return {
      OriginFlaw("https-downgrade-redirect", "https", {kDowngradePath},
                 "/flaw/downgrade on https answers 302 to http://HOST:HTTP_PORT/ (plain http)"),
  };
}

bool Site::TransportRoute(const Request& req, std::string_view path, std::string_view,
                          Reply& out) const {
  // https only: over http the path falls through (404), as it does with the flaw off.
  if (path == kDowngradePath && req.tls && Flaw("https-downgrade-redirect") &&
      (req.method == "GET" || req.method == "HEAD")) {
    // A proxy-terminated app building an absolute URL from the scheme it sees: http. The
    // target is the home page of the http listener (port 80 when there is none), which
    // itself redirects back to https unless https-not-enforced is on: no redirect loop.
    const uint16_t port = has_http_ ? http_port_ : 80;
    out = Redirect(302, "http://" + LoopbackHost(req) + ":" + std::to_string(port) + "/");
    return true;
  }
  return false;
}

}  // namespace testbed
