// csp-unsafe-inline: the enforced CSP lets inline scripts run ('unsafe-inline' with no nonce,
// hash or 'strict-dynamic' to neutralise it).
#include "checks/common/all_checks.h"
#include "checks/headers/csp.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kCspUnsafeInline{
    "csp-unsafe-inline",
    "Content-Security-Policy allows inline scripts ('unsafe-inline')",
    CheckKind::passive,
    693,
    Severity::medium,
    Confidence::high,
    "The enforced Content-Security-Policy lets inline <script> blocks or inline event "
    "handlers run: the effective script-src (or script-src-elem / script-src-attr, falling "
    "back to default-src) contains 'unsafe-inline' and neither a nonce, a hash nor "
    "'strict-dynamic', any of which would make browsers ignore 'unsafe-inline'. Injected "
    "markup such as <img onerror=...> or <script>...</script> then executes, so the policy "
    "gives almost no protection against cross-site scripting.",
    "Remove 'unsafe-inline' from script-src and default-src. Move inline code into external "
    "files, or mark the inline scripts that must stay with a per-response nonce "
    "('nonce-<random>') or a hash ('sha256-...'); a strict policy looks like \"script-src "
    "'nonce-<random>' 'strict-dynamic'; object-src 'none'; base-uri 'none'\". Replace inline "
    "event-handler attributes with addEventListener.",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy/"
     "script-src#unsafe_inline_script",
     "https://www.w3.org/TR/CSP3/#allow-all-inline",
     "https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html",
     "https://web.dev/articles/strict-csp"},
};

namespace {

bool allows_inline(const CspDirective& d) { return csp_allows_all_inline(d, /*script=*/true); }

class CspUnsafeInline final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const HttpResponse& res = ctx.exchange.response;
    if (res.status < 200 || res.status >= 300 || !is_html(res)) return;
    const std::vector<CspPolicy> policies = collect_csp(res, ctx.html);
    if (policies.empty()) return;

    // Inline <script> blocks are governed by script-src-elem, event handlers and javascript:
    // URLs by script-src-attr; both fall back to script-src, then default-src.
    std::string_view what = "inline <script> blocks";
    CspOpening open = csp_open_in_all(policies, "script-src-elem", allows_inline);
    if (open && (open.directive->name == "script-src" || open.directive->name == "default-src")) {
      what = "inline <script> blocks and inline event handlers";
    } else if (!open) {
      open = csp_open_in_all(policies, "script-src-attr", allows_inline);
      what = "inline event handlers (onclick=..., javascript: URLs)";
    }
    if (!open) return;

    Finding f = make_finding(kCspUnsafeInline, ctx.exchange);
    f.per_origin = true;
    set_csp_evidence(f.evidence, *open.policy, res.body);
    f.evidence.note = "directive \"" + open.directive->text +
                      "\" has 'unsafe-inline' and no nonce, hash or 'strict-dynamic'";
    if (open.directive->name == "default-src") {
      f.evidence.note += " (no script-src, so default-src applies to scripts)";
    }
    f.message = "Content-Security-Policy " + open.directive->name +
                " allows 'unsafe-inline' without a nonce or hash: " + std::string(what) +
                " injected into the page will run";
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_csp_unsafe_inline() {
  return std::make_unique<CspUnsafeInline>();
}

}  // namespace gapscan
