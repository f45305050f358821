// permissions-policy-missing: an HTML page without Permissions-Policy (or legacy
// Feature-Policy).
#include "checks/common/all_checks.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kPermissionsPolicyMissing{
    "permissions-policy-missing",
    "Permissions-Policy header missing",
    CheckKind::passive,
    693,
    Severity::info,
    Confidence::high,
    "The HTML page sends neither Permissions-Policy nor its predecessor Feature-Policy. "
    "Without it, the page and every frame it embeds may ask for powerful browser features "
    "(camera, microphone, geolocation, payment, USB, ...) under the browser defaults, so "
    "injected or third-party content in frames has more capabilities than the site needs.",
    "Send a Permissions-Policy header that disables the features the site does not use, for "
    "example \"Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=(), "
    "usb=()\", and grant the rest only to the origins that need them.",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Permissions-Policy",
     "https://www.w3.org/TR/permissions-policy/",
     "https://owasp.org/www-project-secure-headers/#permissions-policy"},
};

namespace {

class PermissionsPolicyMissing final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const HttpResponse& res = ctx.exchange.response;
    if (res.status < 200 || res.status >= 300 || !is_html(res)) return;
    for (std::string_view name : {"Permissions-Policy", "Feature-Policy"}) {
      for (const std::string* v : find_headers(res.headers, name)) {
        if (!trim(*v).empty()) return;
      }
    }
    Finding f = make_finding(kPermissionsPolicyMissing, ctx.exchange);
    f.per_origin = true;
    f.evidence.header_name = "Permissions-Policy";
    f.evidence.note = "no Permissions-Policy header and no legacy Feature-Policy header";
    f.message =
        "HTML page sets no Permissions-Policy: browser features such as camera, microphone "
        "and geolocation are not restricted for the page and its frames";
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_permissions_policy_missing() {
  return std::make_unique<PermissionsPolicyMissing>();
}

}  // namespace gapscan
