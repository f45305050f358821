// hsts-malformed: an HTTPS response whose Strict-Transport-Security header browsers ignore
// (RFC 6797 §6.1 syntax errors) or send several times.
#include "checks/common/all_checks.h"
#include "checks/headers/sts_header.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kHstsMalformed{
    "hsts-malformed",
    "Strict-Transport-Security header is malformed",
    CheckKind::passive,
    319,
    Severity::low,
    Confidence::high,
    "The HTTPS response's Strict-Transport-Security header does not follow RFC 6797 §6.1: it "
    "lacks max-age, its max-age is not a number of seconds, a directive is repeated, or the "
    "value has other syntax errors (for example a comma or an unterminated quote). Browsers "
    "must ignore such a header entirely, so the site gets no HSTS protection although it "
    "appears to send a policy. Several Strict-Transport-Security header fields are also "
    "reported: only the first is processed, which is rarely what was intended.",
    "Send exactly one header of the form \"Strict-Transport-Security: max-age=31536000; "
    "includeSubDomains\" (optionally \"; preload\"), with each directive once and max-age a "
    "plain number of seconds. Check that proxies or frameworks do not add a second copy.",
    {"https://www.rfc-editor.org/rfc/rfc6797#section-6.1",
     "https://www.rfc-editor.org/rfc/rfc6797#section-8.1",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Strict-Transport-Security"},
};

namespace {

class HstsMalformed final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    if (!istarts_with(ex.request.url, "https://") || ex.response.status <= 0) return;
    const auto headers = find_headers(ex.response.headers, "Strict-Transport-Security");
    if (headers.empty()) return;

    auto report = [&](std::string key, const std::string& value, std::string note,
                      std::string message) {
      Finding f = make_finding(kHstsMalformed, ex);
      f.per_origin = true;
      f.key = std::move(key);
      f.evidence.header_name = "Strict-Transport-Security";
      f.evidence.header_value = value;
      f.evidence.note = std::move(note);
      f.message = std::move(message);
      sink.report(std::move(f));
    };

    if (headers.size() > 1) {
      std::string all;
      for (const std::string* h : headers) {
        if (!all.empty()) all += " | ";
        all += *h;
      }
      report("multiple-headers", all,
             std::to_string(headers.size()) +
                 " Strict-Transport-Security header fields; browsers process only the first",
             "Response sends " + std::to_string(headers.size()) +
                 " Strict-Transport-Security headers; only the first one is used");
    }

    // The first header is the one browsers process; an empty one is hsts-missing's finding.
    const std::string& first = *headers.front();
    if (trim(first).empty()) return;
    const StsHeader sts = parse_sts(first);
    for (const StsHeader::Problem& p : sts.problems) {
      report(p.key, first, p.detail,
             "Strict-Transport-Security header is invalid (" + p.detail +
                 "): browsers ignore it, so HSTS is not in effect");
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_hsts_malformed() { return std::make_unique<HstsMalformed>(); }

}  // namespace gapscan
