// cors-null-origin: Access-Control-Allow-Origin: null answers the "null" origin.
//
// Budget per origin: at most 4 GET requests (one per page, Origin: null).
#include "checks/common/all_checks.h"
#include "checks/common/probe_util.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kCorsNullOrigin{
    "cors-null-origin",
    "CORS policy trusts the null origin",
    CheckKind::active,
    942,
    Severity::medium,
    Confidence::high,
    "A request with Origin: null was answered with Access-Control-Allow-Origin: null. Browsers "
    "send the null origin from sandboxed iframes, data: and file: documents and some "
    "redirects, so any web site can make its requests come from \"null\" and read these "
    "responses; with Access-Control-Allow-Credentials: true it reads them with the user's "
    "cookies.",
    "Remove \"null\" from the CORS allow-list (often added for local file testing) and compare "
    "Origin against an exact list of trusted origins. Send Access-Control-Allow-Credentials "
    "only where credentialed cross-origin reads are really needed.",
    {"https://portswigger.net/web-security/cors#whitelisted-null-origin-value",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Access-Control-Allow-Origin",
     "https://cwe.mitre.org/data/definitions/942.html"},
    4,  // request budget per origin
};

namespace {

constexpr std::size_t kMaxPages = 4;

class CorsNullOrigin final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    const std::vector<std::string> pages = probe::pages_for_header_probes(ctx, kMaxPages);
    std::vector<HttpRequest> requests;
    for (const std::string& page : pages) {
      HttpRequest req;
      req.url = page;
      req.headers.push_back({"Origin", "null"});
      requests.push_back(std::move(req));
    }
    std::vector<Exchange> answers = ctx.fetcher.fetch_all(requests);
    const Exchange* best = nullptr;
    bool best_credentials = false;
    std::size_t count = 0;
    for (const Exchange& ex : answers) {
      if (!ex.ok()) continue;
      if (!iequals(probe::header_value(ex.response, "Access-Control-Allow-Origin"), "null")) {
        continue;
      }
      ++count;
      const bool credentials =
          iequals(probe::header_value(ex.response, "Access-Control-Allow-Credentials"), "true");
      if (best == nullptr || (credentials && !best_credentials)) {
        best = &ex;
        best_credentials = credentials;
      }
    }
    if (best == nullptr) return;
    Finding f = make_finding(kCorsNullOrigin, *best);
    f.severity = best_credentials ? Severity::high : Severity::medium;
    f.per_origin = true;
    f.evidence.header_name = "Access-Control-Allow-Origin";
    f.evidence.header_value = probe::header_value(best->response, "Access-Control-Allow-Origin");
    f.evidence.snippet = "Origin: null";
    f.evidence.note = std::string("Access-Control-Allow-Credentials: ") +
                      (best_credentials ? "true" : "absent") + "; " + std::to_string(count) +
                      " of " + std::to_string(pages.size()) + " pages tried allow the null origin";
    f.message = std::string("CORS allows the null origin") +
                (best_credentials ? " with credentials" : " (without credentials)");
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_cors_null_origin() { return std::make_unique<CorsNullOrigin>(); }

}  // namespace gapscan
