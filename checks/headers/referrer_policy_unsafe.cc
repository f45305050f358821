// referrer-policy-unsafe: a response whose referrer policy sends full URLs to other origins
// (unsafe-url, no-referrer-when-downgrade), over HTTPS and plain HTTP alike.
#include "checks/common/all_checks.h"
#include "checks/headers/referrer_policy.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kReferrerPolicyUnsafe{
    "referrer-policy-unsafe",
    "Referrer-Policy leaks full URLs to other sites",
    CheckKind::passive,
    200,
    Severity::low,
    Confidence::high,
    "The response sets a referrer policy (Referrer-Policy header, or <meta "
    "name=\"referrer\"> which overrides it) of unsafe-url or no-referrer-when-downgrade. "
    "Requests to other origins then carry the full URL of the page in the Referer header, "
    "including its path and query string, which often hold session identifiers, password "
    "reset tokens, search terms or other personal data; unsafe-url even sends it over plain "
    "HTTP. On a plain-HTTP page no request is a downgrade, so both send the full URL to every "
    "origin. When several policy tokens are listed, the last one browsers recognise applies.",
    "Use \"Referrer-Policy: strict-origin-when-cross-origin\" (the browser default), or "
    "no-referrer / same-origin for pages whose URLs carry sensitive data.",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Referrer-Policy",
     "https://www.w3.org/TR/referrer-policy/#referrer-policies",
     "https://owasp.org/www-project-secure-headers/#referrer-policy"},
};

namespace {

class ReferrerPolicyUnsafe final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    // Plain HTTP too: the leak goes to the linked sites, whatever the transport.
    if (ex.response.status <= 0) return;
    const bool https = istarts_with(ex.request.url, "https://");
    const EffectiveReferrerPolicy rp = effective_referrer_policy(ex.response, ctx.html);
    if (rp.policy != "unsafe-url" && rp.policy != "no-referrer-when-downgrade") return;

    Finding f = make_finding(kReferrerPolicyUnsafe, ex);
    f.per_origin = true;
    if (rp.from_meta) {
      f.evidence.snippet = "<meta name=\"referrer\" content=\"" + rp.raw + "\">";
      const std::size_t pos = ex.response.body.find(rp.raw);
      if (pos != std::string::npos) f.evidence.line = line_number_at(ex.response.body, pos);
    } else {
      f.evidence.header_name = "Referrer-Policy";
      f.evidence.header_value = rp.raw;
    }
    const std::string where = rp.from_meta ? "<meta name=\"referrer\">" : "Referrer-Policy";
    if (rp.policy == "unsafe-url") {
      f.evidence.note = "effective referrer policy unsafe-url";
      f.message = where +
                  " is unsafe-url: the full page URL (path and query) is sent to every "
                  "origin, even over plain HTTP";
    } else {
      f.evidence.note = "effective referrer policy no-referrer-when-downgrade";
      f.message = where + " is no-referrer-when-downgrade: the full page URL (path and query) is " +
                  (https ? "sent to every other HTTPS origin"
                         : "sent to every other origin (a plain-HTTP page never downgrades)");
    }
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_referrer_policy_unsafe() {
  return std::make_unique<ReferrerPolicyUnsafe>();
}

}  // namespace gapscan
