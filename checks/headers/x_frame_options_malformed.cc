// x-frame-options-malformed: an X-Frame-Options header other than a single DENY or
// SAMEORIGIN value (ALLOW-FROM, garbage, or conflicting values).
#include <set>

#include "checks/common/all_checks.h"
#include "checks/headers/csp.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kXFrameOptionsMalformed{
    "x-frame-options-malformed",
    "X-Frame-Options header is invalid",
    CheckKind::passive,
    1021,
    Severity::low,
    Confidence::high,
    "The HTML page sends X-Frame-Options, but not as a single DENY or SAMEORIGIN value. "
    "Browsers ignore other values (ALLOW-FROM is no longer supported by any current browser, "
    "ALLOWALL and misspellings allow framing), so the header gives no clickjacking "
    "protection. Several different values (in one header or repeated headers) are treated "
    "as an error: browsers block framing entirely when DENY or SAMEORIGIN is among them and "
    "ignore the header otherwise, which rarely matches what was intended.",
    "Send exactly one \"X-Frame-Options: DENY\" or \"X-Frame-Options: SAMEORIGIN\". To allow "
    "specific sites to frame the page, use \"Content-Security-Policy: frame-ancestors "
    "'self' https://partner.example\" instead of ALLOW-FROM.",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Frame-Options",
     "https://html.spec.whatwg.org/multipage/document-lifecycle.html#the-x-frame-options-header",
     "https://cheatsheetseries.owasp.org/cheatsheets/Clickjacking_Defense_Cheat_Sheet.html"},
};

namespace {

class XFrameOptionsMalformed final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const HttpResponse& res = ctx.exchange.response;
    if (res.status < 200 || res.status >= 300 || !is_html(res)) return;
    const auto headers = find_headers(res.headers, "X-Frame-Options");
    if (headers.empty()) return;

    // HTML "check a navigation response's adherence to X-Frame-Options": the values of all
    // headers, split on commas, trimmed and lower-cased, form a set.
    std::set<std::string> values;
    std::string raw;
    for (const std::string* h : headers) {
      if (!raw.empty()) raw += ", ";
      raw += *h;
      for (std::string_view v : split(*h, ',')) values.insert(to_lower(trim(v)));
    }
    const bool protective = values.count("deny") != 0 || values.count("sameorigin") != 0;
    if (values.size() == 1 && protective) return;

    Finding f = make_finding(kXFrameOptionsMalformed, ctx.exchange);
    f.per_origin = true;
    f.evidence.header_name = "X-Frame-Options";
    f.evidence.header_value = raw;
    const std::string shown = printable_snippet(raw, 120);
    if (values.size() > 1) {
      f.evidence.note = "conflicting X-Frame-Options values \"" + shown + "\"";
      // HTML: several values including deny, sameorigin or allowall block every framing.
      const bool blocks_all = protective || values.count("allowall") != 0;
      f.message = blocks_all ? "X-Frame-Options has conflicting values \"" + shown +
                                   "\": browsers refuse all framing, even same-origin"
                             : "X-Frame-Options has several invalid values \"" + shown +
                                   "\": browsers ignore the header and allow framing";
    } else {
      const std::string& v = *values.begin();
      if (v.starts_with("allow-from")) {
        f.evidence.note = "ALLOW-FROM is not supported by current browsers";
        f.message = "X-Frame-Options \"" + shown +
                    "\" uses ALLOW-FROM, which browsers ignore: the header does not prevent "
                    "framing";
      } else if (v.empty()) {
        f.evidence.note = "X-Frame-Options header is empty";
        f.message = "X-Frame-Options header is empty: browsers ignore it";
      } else {
        f.evidence.note = "\"" + shown + "\" is neither DENY nor SAMEORIGIN";
        f.message = "X-Frame-Options \"" + shown +
                    "\" is not DENY or SAMEORIGIN: browsers ignore it and allow framing";
      }
    }
    for (const CspPolicy& p : collect_csp(res, nullptr)) {
      if (p.find("frame-ancestors") != nullptr) {
        f.evidence.note += "; a CSP frame-ancestors directive is present and takes precedence";
        break;
      }
    }
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_x_frame_options_malformed() {
  return std::make_unique<XFrameOptionsMalformed>();
}

}  // namespace gapscan
