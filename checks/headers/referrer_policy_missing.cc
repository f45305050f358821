// referrer-policy-missing: an HTML page that sets no referrer policy of its own.
#include "checks/common/all_checks.h"
#include "checks/headers/referrer_policy.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kReferrerPolicyMissing{
    "referrer-policy-missing",
    "Referrer-Policy not set",
    CheckKind::passive,
    200,
    Severity::info,
    Confidence::high,
    "The HTML page sets no referrer policy: no Referrer-Policy header with a recognised "
    "value and no <meta name=\"referrer\">. Current browsers then apply "
    "strict-origin-when-cross-origin, which only sends the origin to other sites, but older "
    "browsers and some embedded web views send the full URL (path and query string) to "
    "every linked or embedded site.",
    "Send \"Referrer-Policy: strict-origin-when-cross-origin\" (or a stricter policy such as "
    "same-origin or no-referrer) on HTML responses, so the behaviour does not depend on the "
    "browser's default.",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Referrer-Policy",
     "https://www.w3.org/TR/referrer-policy/",
     "https://owasp.org/www-project-secure-headers/#referrer-policy"},
};

namespace {

class ReferrerPolicyMissing final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const HttpResponse& res = ctx.exchange.response;
    if (res.status < 200 || res.status >= 300 || !is_html(res)) return;
    const EffectiveReferrerPolicy rp = effective_referrer_policy(res, ctx.html);
    if (!rp.policy.empty()) return;

    Finding f = make_finding(kReferrerPolicyMissing, ctx.exchange);
    f.per_origin = true;
    f.evidence.header_name = "Referrer-Policy";
    if (rp.header_present) {
      f.evidence.header_value = rp.raw;
      f.evidence.note = "Referrer-Policy \"" + printable_snippet(rp.raw, 120) +
                        "\" contains no recognised policy token";
      f.message =
          "Referrer-Policy header has no valid policy value, so the browser default "
          "applies";
    } else {
      f.evidence.note = "no Referrer-Policy header and no <meta name=\"referrer\">";
      f.message =
          "HTML page sets no Referrer-Policy; the browser's default referrer policy "
          "applies";
    }
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_referrer_policy_missing() {
  return std::make_unique<ReferrerPolicyMissing>();
}

}  // namespace gapscan
