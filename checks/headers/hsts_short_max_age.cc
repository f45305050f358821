// hsts-short-max-age: an HTTPS response whose HSTS policy expires in under six months, or
// that deletes the policy (max-age=0).
#include "checks/common/all_checks.h"
#include "checks/headers/sts_header.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kHstsShortMaxAge{
    "hsts-short-max-age",
    "Strict-Transport-Security max-age is too short",
    CheckKind::passive,
    319,
    Severity::low,
    Confidence::high,
    "The HTTPS response's Strict-Transport-Security header has a max-age below six months "
    "(15768000 seconds). Browsers forget the policy once max-age elapses after the last "
    "visit, and then follow http:// links and redirects again, open to SSL stripping. "
    "max-age=0 tells browsers to delete the policy at once, disabling HSTS for the host. "
    "Six months is the usual minimum (one year is required for preload lists).",
    "Send \"Strict-Transport-Security: max-age=31536000; includeSubDomains\" (one year or "
    "more) once the site works fully over HTTPS. Use short max-age values only while "
    "rolling HSTS out, and max-age=0 only to deliberately retire it.",
    {"https://www.rfc-editor.org/rfc/rfc6797#section-6.1.1",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Strict-Transport-Security",
     "https://cheatsheetseries.owasp.org/cheatsheets/"
     "HTTP_Strict_Transport_Security_Cheat_Sheet.html",
     "https://hstspreload.org/"},
};

namespace {

constexpr std::int64_t kMinMaxAge = 15768000;  // 182.5 days

class HstsShortMaxAge final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    // Browsers ignore HSTS received over plain HTTP (RFC 6797 §8.1).
    if (!istarts_with(ex.request.url, "https://") || ex.response.status <= 0) return;
    // RFC 6797 §8.1: only the first Strict-Transport-Security header field is processed.
    const std::string* value = find_header(ex.response.headers, "Strict-Transport-Security");
    if (value == nullptr || trim(*value).empty()) return;  // hsts-missing
    const StsHeader sts = parse_sts(*value);
    if (!sts.valid()) return;  // ignored by browsers: hsts-malformed
    if (sts.max_age >= kMinMaxAge) return;

    Finding f = make_finding(kHstsShortMaxAge, ex);
    f.per_origin = true;
    f.evidence.header_name = "Strict-Transport-Security";
    f.evidence.header_value = *value;
    if (sts.max_age == 0) {
      f.evidence.note = "max-age=0 removes the host from the browser's HSTS list";
      f.message = "Strict-Transport-Security max-age=0 disables HSTS: browsers delete the policy";
    } else {
      const std::int64_t d = sts.max_age / 86400;
      const std::string span = d == 0   ? "less than a day"
                               : d == 1 ? "about 1 day"
                                        : "about " + std::to_string(d) + " days";
      f.evidence.note = "max-age=" + std::to_string(sts.max_age) + " (" + span +
                        ") is below 15768000 seconds (6 months)";
      f.message = "Strict-Transport-Security max-age=" + std::to_string(sts.max_age) + " (" + span +
                  ") is shorter than six months";
    }
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_hsts_short_max_age() {
  return std::make_unique<HstsShortMaxAge>();
}

}  // namespace gapscan
