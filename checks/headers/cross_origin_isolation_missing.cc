// cross-origin-isolation-missing: an HTTPS HTML page without Cross-Origin-Opener-Policy or
// without Cross-Origin-Resource-Policy (one finding per missing header).
#include "checks/common/all_checks.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kCrossOriginIsolationMissing{
    "cross-origin-isolation-missing",
    "Cross-origin isolation headers missing",
    CheckKind::passive,
    693,
    Severity::info,
    Confidence::high,
    "The HTTPS HTML page lacks Cross-Origin-Opener-Policy or Cross-Origin-Resource-Policy. "
    "Without COOP, a page this one opens (or a page that opens it) keeps a window reference "
    "across origins and can navigate it or probe it (tabnabbing, cross-site leaks), and the "
    "page may share a browsing context group and process with cross-origin pages, exposing "
    "it to Spectre-style side channels. Without CORP, any site may embed the response as a "
    "subresource (no-cors), which enables cross-site leaks of its content-dependent "
    "properties.",
    "Send \"Cross-Origin-Opener-Policy: same-origin\" (or same-origin-allow-popups if the "
    "page relies on popups such as OAuth windows) and \"Cross-Origin-Resource-Policy: "
    "same-origin\" (or same-site). For full cross-origin isolation also send "
    "\"Cross-Origin-Embedder-Policy: require-corp\".",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Cross-Origin-Opener-Policy",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Cross-Origin-Resource-Policy",
     "https://web.dev/articles/why-coop-coep",
     "https://owasp.org/www-project-secure-headers/#cross-origin-opener-policy"},
};

namespace {

bool has_value(const HeaderList& headers, std::string_view name) {
  for (const std::string* v : find_headers(headers, name)) {
    if (!trim(*v).empty()) return true;
  }
  return false;
}

class CrossOriginIsolationMissing final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    const HttpResponse& res = ex.response;
    // HTTPS only: browsers ignore COOP outside secure contexts, and CORP alone on a plain-HTTP
    // page (info) would add a finding per origin where http-only-site already says more.
    if (!istarts_with(ex.request.url, "https://")) return;
    if (res.status < 200 || res.status >= 300 || !is_html(res)) return;

    struct Missing {
      std::string_view header;
      std::string_view key;
      std::string_view message;
    };
    static constexpr Missing kHeaders[] = {
        {"Cross-Origin-Opener-Policy", "cross-origin-opener-policy",
         "HTTPS page sets no Cross-Origin-Opener-Policy: cross-origin windows it opens or is "
         "opened by keep a reference to it"},
        {"Cross-Origin-Resource-Policy", "cross-origin-resource-policy",
         "HTTPS page sets no Cross-Origin-Resource-Policy: any site may load it as a "
         "cross-origin subresource"},
    };
    for (const Missing& m : kHeaders) {
      if (has_value(res.headers, m.header)) continue;
      Finding f = make_finding(kCrossOriginIsolationMissing, ex);
      f.per_origin = true;
      f.key = std::string(m.key);
      f.evidence.header_name = std::string(m.header);
      f.evidence.note = "no " + std::string(m.header) + " header";
      f.message = std::string(m.message);
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_cross_origin_isolation_missing() {
  return std::make_unique<CrossOriginIsolationMissing>();
}

}  // namespace gapscan
