// cors-wildcard-with-credentials: Access-Control-Allow-Origin: * with credentials allowed.
#include "checks/common/all_checks.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kCorsWildcardWithCredentials{
    "cors-wildcard-with-credentials",
    "CORS wildcard origin combined with credentials",
    CheckKind::passive,
    942,
    Severity::medium,
    Confidence::high,
    "The response sends Access-Control-Allow-Origin: * together with "
    "Access-Control-Allow-Credentials: true. Browsers refuse this combination for credentialed "
    "requests, so it does not leak data by itself, but it shows that the server is meant to "
    "share authenticated responses with any site; such configurations are often \"fixed\" by "
    "reflecting the request's Origin, which does.",
    "Decide which origins may read credentialed responses and answer with exactly that origin "
    "(checked against an allow-list, with Vary: Origin); never reflect arbitrary origins. Drop "
    "Access-Control-Allow-Credentials where the data is public.",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS#credentialed_requests_and_wildcards",
     "https://portswigger.net/web-security/cors",
     "https://fetch.spec.whatwg.org/#cors-protocol-and-credentials"},
};

namespace {

class CorsWildcardWithCredentials final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    const std::string* origin = find_header(ex.response.headers, "Access-Control-Allow-Origin");
    if (origin == nullptr || trim(*origin) != "*") return;
    const std::string* credentials =
        find_header(ex.response.headers, "Access-Control-Allow-Credentials");
    if (credentials == nullptr || !iequals(trim(*credentials), "true")) return;
    Finding f = make_finding(kCorsWildcardWithCredentials, ex);
    f.per_origin = true;
    f.evidence.header_name = "Access-Control-Allow-Origin";
    f.evidence.header_value = *origin;
    f.evidence.note = "Access-Control-Allow-Credentials: " + *credentials;
    f.message = "CORS allows any origin (*) and credentials at the same time";
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_cors_wildcard_with_credentials() {
  return std::make_unique<CorsWildcardWithCredentials>();
}

}  // namespace gapscan
