// csp-report-only: a Content-Security-Policy-Report-Only header with no enforced policy.
#include "checks/common/all_checks.h"
#include "checks/headers/csp.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kCspReportOnly{
    "csp-report-only",
    "Content-Security-Policy is only in report-only mode",
    CheckKind::passive,
    693,
    Severity::low,
    Confidence::high,
    "The HTML page sends a Content-Security-Policy-Report-Only header but no enforced "
    "Content-Security-Policy (neither a header nor a <meta http-equiv> policy). A report-only "
    "policy only reports violations; it blocks nothing, so the page has no CSP protection. "
    "This is normal while a policy is being trialled, but should not stay that way.",
    "Once the reports show the policy does not break the site, send the same policy as "
    "Content-Security-Policy. Keeping a stricter report-only policy alongside the enforced "
    "one is fine.",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/"
     "Content-Security-Policy-Report-Only",
     "https://www.w3.org/TR/CSP3/#cspro-header"},
};

namespace {

class CspReportOnly final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const HttpResponse& res = ctx.exchange.response;
    if (res.status < 200 || res.status >= 300 || !is_html(res)) return;
    const std::string* report_only = nullptr;
    for (const std::string* v : find_headers(res.headers, "Content-Security-Policy-Report-Only")) {
      if (!parse_csp_list(*v, CspDelivery::report_only).empty()) {
        report_only = v;
        break;
      }
    }
    if (report_only == nullptr) return;
    if (!collect_csp(res, ctx.html).empty()) return;

    Finding f = make_finding(kCspReportOnly, ctx.exchange);
    f.per_origin = true;
    f.evidence.header_name = "Content-Security-Policy-Report-Only";
    f.evidence.header_value = *report_only;
    f.evidence.note =
        "report-only policy without any enforced Content-Security-Policy header or <meta> "
        "policy: violations are reported, nothing is blocked";
    f.message = "Content-Security-Policy is only sent as Report-Only: the policy is not enforced";
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_csp_report_only() { return std::make_unique<CspReportOnly>(); }

}  // namespace gapscan
