// csp-no-base-uri: a CSP is enforced but none of its policies restricts <base href>.
#include "checks/common/all_checks.h"
#include "checks/headers/csp.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kCspNoBaseUri{
    "csp-no-base-uri",
    "Content-Security-Policy has no base-uri directive",
    CheckKind::passive,
    693,
    Severity::low,
    Confidence::high,
    "The page enforces a Content-Security-Policy without a base-uri directive, and base-uri "
    "does not fall back to default-src. An attacker who can inject a <base href> element "
    "changes the base URL every relative script and form URL resolves against, so the page "
    "loads scripts from the attacker's server even under a nonce-based policy (the nonced "
    "<script src> elements themselves are redirected).",
    "Add \"base-uri 'none'\" to the policy, or \"base-uri 'self'\" if the page uses a <base> "
    "element.",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy/"
     "base-uri",
     "https://www.w3.org/TR/CSP3/#directive-base-uri",
     "https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html"},
};

namespace {

class CspNoBaseUri final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const HttpResponse& res = ctx.exchange.response;
    if (res.status < 200 || res.status >= 300 || !is_html(res)) return;
    const std::vector<CspPolicy> policies = collect_csp(res, ctx.html);
    if (policies.empty()) return;  // no CSP at all is csp-missing's finding
    for (const CspPolicy& p : policies) {
      if (p.find("base-uri") != nullptr) return;
    }

    Finding f = make_finding(kCspNoBaseUri, ctx.exchange);
    f.per_origin = true;
    set_csp_evidence(f.evidence, policies.front(), res.body);
    f.evidence.note = "no base-uri directive in any enforced policy (" +
                      std::to_string(policies.size()) +
                      (policies.size() == 1 ? " policy)" : " policies)");
    f.message =
        "Content-Security-Policy has no base-uri directive: an injected <base href> can "
        "redirect the page's relative script URLs";
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_csp_no_base_uri() { return std::make_unique<CspNoBaseUri>(); }

}  // namespace gapscan
