// csp-no-object-src: a CSP is enforced but none of its policies restricts plugins.
#include "checks/common/all_checks.h"
#include "checks/headers/csp.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kCspNoObjectSrc{
    "csp-no-object-src",
    "Content-Security-Policy does not restrict plugins (object-src)",
    CheckKind::passive,
    693,
    Severity::low,
    Confidence::high,
    "The page enforces a Content-Security-Policy, but no policy restricts <object> and "
    "<embed>: there is neither an object-src nor a default-src directive, or the one that "
    "applies allows '*'. Injected plugin content can then load from anywhere and, in "
    "browsers and file types that still run plugin or PDF viewer code, execute script "
    "outside the protection of script-src.",
    "Add \"object-src 'none'\" to the policy (or a restrictive default-src). Very few sites "
    "still need <object> or <embed>.",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy/"
     "object-src",
     "https://www.w3.org/TR/CSP3/#directive-object-src",
     "https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html"},
};

namespace {

class CspNoObjectSrc final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const HttpResponse& res = ctx.exchange.response;
    if (res.status < 200 || res.status >= 300 || !is_html(res)) return;
    const std::vector<CspPolicy> policies = collect_csp(res, ctx.html);
    if (policies.empty()) return;  // no CSP at all is csp-missing's finding

    // Plugins are blocked when any enforced policy restricts them.
    const CspDirective* star = nullptr;
    const CspPolicy* star_policy = nullptr;
    for (const CspPolicy& p : policies) {
      const CspDirective* d = p.effective("object-src");
      if (d == nullptr) continue;
      if (!csp_has_source(*d, "*")) return;
      if (star == nullptr) {
        star = d;
        star_policy = &p;
      }
    }

    Finding f = make_finding(kCspNoObjectSrc, ctx.exchange);
    f.per_origin = true;
    if (star != nullptr) {
      set_csp_evidence(f.evidence, *star_policy, res.body);
      f.evidence.note = "directive \"" + star->text + "\" allows plugins from any host";
      f.message = "Content-Security-Policy " + star->name +
                  " allows '*' for plugins and no policy sets a restrictive object-src";
    } else {
      set_csp_evidence(f.evidence, policies.front(), res.body);
      f.evidence.note = "no object-src and no default-src directive in any enforced policy";
      f.message =
          "Content-Security-Policy has neither object-src nor default-src: <object> and "
          "<embed> may load plugin content from anywhere";
    }
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_csp_no_object_src() {
  return std::make_unique<CspNoObjectSrc>();
}

}  // namespace gapscan
