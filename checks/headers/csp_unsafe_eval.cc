// csp-unsafe-eval: the enforced CSP lets scripts compile strings into code ('unsafe-eval').
#include "checks/common/all_checks.h"
#include "checks/headers/csp.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kCspUnsafeEval{
    "csp-unsafe-eval",
    "Content-Security-Policy allows eval() ('unsafe-eval')",
    CheckKind::passive,
    693,
    Severity::medium,
    Confidence::high,
    "The enforced Content-Security-Policy's effective script-src (script-src, or default-src "
    "when script-src is absent) contains 'unsafe-eval', so eval(), new Function(), and "
    "setTimeout/setInterval with string arguments are allowed. Attacker-controlled strings "
    "that reach these sinks (DOM-based XSS, template injection in client-side frameworks) "
    "execute despite the policy; 'strict-dynamic' and nonces do not restrict eval.",
    "Remove 'unsafe-eval' from script-src and default-src and refactor code (or upgrade "
    "libraries) that evaluates strings: use JSON.parse instead of eval, functions instead of "
    "string arguments to setTimeout, and a CSP-compatible template build. If only "
    "WebAssembly needs compilation, use 'wasm-unsafe-eval' instead.",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy/"
     "script-src#unsafe_eval_expressions",
     "https://www.w3.org/TR/CSP3/#can-compile-strings",
     "https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html"},
};

namespace {

class CspUnsafeEval final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const HttpResponse& res = ctx.exchange.response;
    if (res.status < 200 || res.status >= 300 || !is_html(res)) return;
    const std::vector<CspPolicy> policies = collect_csp(res, ctx.html);
    if (policies.empty()) return;

    // String compilation is checked against script-src (falling back to default-src) only.
    const CspOpening open = csp_open_in_all(policies, "script-src", [](const CspDirective& d) {
      return csp_has_source(d, "'unsafe-eval'");
    });
    if (!open) return;

    Finding f = make_finding(kCspUnsafeEval, ctx.exchange);
    f.per_origin = true;
    set_csp_evidence(f.evidence, *open.policy, res.body);
    f.evidence.note = "directive \"" + open.directive->text + "\" contains 'unsafe-eval'";
    if (open.directive->name == "default-src") {
      f.evidence.note += " (no script-src, so default-src applies to scripts)";
    }
    f.message = "Content-Security-Policy " + open.directive->name +
                " allows 'unsafe-eval': eval(), new Function() and string timers may run "
                "attacker-controlled strings";
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_csp_unsafe_eval() { return std::make_unique<CspUnsafeEval>(); }

}  // namespace gapscan
