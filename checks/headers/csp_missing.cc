// csp-missing: an HTML page served without any Content-Security-Policy.
#include "checks/common/all_checks.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kCspMissing{
    "csp-missing",
    "Content-Security-Policy header missing",
    CheckKind::passive,
    693,
    Severity::medium,
    Confidence::high,
    "The HTML response sets no Content-Security-Policy. A policy limits where scripts, styles "
    "and frames may load from, which contains the damage of cross-site scripting and content "
    "injection. A Content-Security-Policy-Report-Only header only reports violations and "
    "blocks nothing, so it does not count as a policy.",
    "Send a Content-Security-Policy header on every HTML response, starting from a strict "
    "policy such as \"default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors "
    "'self'\" and relaxing it only where the application needs to. Trial it with "
    "Content-Security-Policy-Report-Only first, then enforce it.",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy",
     "https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html",
     "https://www.w3.org/TR/CSP3/"},
};

namespace {

class CspMissing final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override { check(ctx, sink); }

 private:
  static void check(const PassiveContext& ctx, FindingSink& sink) {
    const HttpResponse& res = ctx.exchange.response;
    if (res.status < 200 || res.status >= 300 || !is_html(res)) return;

    bool empty_header = false;
    for (const std::string* v : find_headers(res.headers, "Content-Security-Policy")) {
      if (!trim(*v).empty()) return;
      empty_header = true;
    }
    // A <meta http-equiv> policy is enforced too; its weaker coverage is another check's job.
    if (ctx.html != nullptr) {
      for (const HtmlMeta& m : ctx.html->metas) {
        if (m.http_equiv && iequals(m.name, "content-security-policy") &&
            !trim(m.content).empty()) {
          return;
        }
      }
    }

    Finding f = make_finding(kCspMissing, ctx.exchange);
    f.per_origin = true;
    const std::string* report_only =
        find_header(res.headers, "Content-Security-Policy-Report-Only");
    if (report_only != nullptr) {
      f.evidence.header_name = "Content-Security-Policy-Report-Only";
      f.evidence.header_value = *report_only;
      f.evidence.note =
          "no Content-Security-Policy header; only Content-Security-Policy-Report-Only, which "
          "blocks nothing";
      f.message =
          "HTML page has only a report-only Content-Security-Policy, so no policy is enforced";
    } else {
      f.evidence.header_name = "Content-Security-Policy";
      f.evidence.note = empty_header ? "Content-Security-Policy header is present but empty"
                                     : "no Content-Security-Policy header and no <meta "
                                       "http-equiv=\"Content-Security-Policy\">";
      f.message = "HTML page is served without a Content-Security-Policy";
    }
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_csp_missing() { return std::make_unique<CspMissing>(); }

}  // namespace gapscan
