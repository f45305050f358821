// cors-wildcard-on-sensitive: Access-Control-Allow-Origin: * on a response that is not public.
#include <string>

#include "checks/common/all_checks.h"
#include "scanner/base/cookies.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kCorsWildcardOnSensitive{
    "cors-wildcard-on-sensitive",
    "CORS wildcard origin on a sensitive response",
    CheckKind::passive,
    942,
    Severity::medium,
    Confidence::medium,
    "JSON from an API, user, account or admin path, answered to a request without credentials, "
    "carries Access-Control-Allow-Origin: *, so scripts on any website can read it "
    "cross-origin. Data that depends on network position (intranet services, IP allow-lists) "
    "is exposed to every site a user of that network visits. Public static files served with "
    "* are not reported, nor are answers to requests with cookies or tokens: browsers never "
    "expose a credentialed response under *. One finding per origin, listing the affected "
    "URLs.",
    "Send Access-Control-Allow-Origin: * only on public, anonymous resources. For anything "
    "else answer with the specific allowed origin from an allow-list (with Vary: Origin), or "
    "send no CORS headers at all.",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Access-Control-Allow-Origin",
     "https://portswigger.net/web-security/cors",
     "https://cheatsheetseries.owasp.org/cheatsheets/"
     "HTML5_Security_Cheat_Sheet.html#cross-origin-resource-sharing"},
};

namespace {

bool is_json(const HttpResponse& response) {
  const std::string media = media_type(response);
  return media == "application/json" || media.ends_with("+json");
}

bool is_sensitive_segment(std::string_view seg) {
  if (seg.starts_with("api") || seg == "me" || seg == "auth" || seg == "oauth" || seg == "token" ||
      seg == "tokens") {
    return true;
  }
  for (std::string_view part : {"user", "account", "admin", "profile", "graphql", "session",
                                "private", "internal", "whoami", "settings"}) {
    if (seg.find(part) != std::string_view::npos) return true;
  }
  return false;
}

// Whether the URL's path has a segment naming an API, user, account or admin endpoint.
bool is_sensitive_path(std::string_view url) {
  const std::size_t authority = url.find("://");
  if (authority == std::string_view::npos) return false;
  const std::size_t path = url.find('/', authority + 3);
  if (path == std::string_view::npos) return false;
  const std::string lpath = to_lower(url.substr(path, url.find_first_of("?#", path) - path));
  for (std::string_view seg : split(lpath, '/')) {
    if (!seg.empty() && is_sensitive_segment(seg)) return true;
  }
  return false;
}

class CorsWildcardOnSensitive final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    const std::string* origin = find_header(ex.response.headers, "Access-Control-Allow-Origin");
    if (origin == nullptr || trim(*origin) != "*") return;
    // A browser never exposes a credentialed cross-origin response under "*", so the scanner's
    // own cookie or token proves nothing (Node-RED, Verdaccio and MediaWiki serve their static
    // files so): what any site can read is what the server answers without credentials.
    if (has_header(ex.request.headers, "Authorization") ||
        has_header(ex.request.headers, "Cookie")) {
      return;
    }
    // A read: a POST's answer depends on what the caller sent (Node-RED's /auth/token answers
    // JSON under * to the login itself, which needs the password).
    if (ex.request.method != "GET" && ex.request.method != "HEAD") return;
    if (!is_json(ex.response) || !is_sensitive_path(ex.request.url)) return;
    const std::string reason = "JSON from an API/user/account/admin path";
    Finding f = make_finding(kCorsWildcardOnSensitive, ex);
    // A wildcard sent by a shared middleware repeats on every API path (and on every phantom
    // path of a catch-all app): one problem per origin and reason.
    f.per_origin = true;
    f.key = "json-sensitive-path";
    f.evidence.header_name = "Access-Control-Allow-Origin";
    f.evidence.header_value = *origin;
    f.evidence.note = "sensitive because " + reason;
    f.message = "Any origin may read this response (Access-Control-Allow-Origin: *), and " + reason;
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_cors_wildcard_on_sensitive() {
  return std::make_unique<CorsWildcardOnSensitive>();
}

}  // namespace gapscan
