// hsts-missing: an HTTPS response without Strict-Transport-Security.
#include "checks/common/all_checks.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kHstsMissing{
    "hsts-missing",
    "Strict-Transport-Security header missing",
    CheckKind::passive,
    319,
    Severity::medium,
    Confidence::high,
    "The HTTPS response sets no Strict-Transport-Security header. Without HSTS a browser will "
    "still follow plain http:// links and redirects to this site, so an attacker on the "
    "network can strip TLS (SSL stripping) and read or alter the traffic, including cookies "
    "that lack the Secure attribute.",
    "Send \"Strict-Transport-Security: max-age=31536000; includeSubDomains\" on every HTTPS "
    "response once the whole site (and, with includeSubDomains, every subdomain) works over "
    "HTTPS. Consider HSTS preloading once the policy is stable.",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Strict-Transport-Security",
     "https://www.rfc-editor.org/rfc/rfc6797",
     "https://cheatsheetseries.owasp.org/cheatsheets/"
     "HTTP_Strict_Transport_Security_Cheat_Sheet.html"},
};

namespace {

class HstsMissing final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override { check(ctx, sink); }

 private:
  static void check(const PassiveContext& ctx, FindingSink& sink) {
    const Exchange& ex = ctx.exchange;
    // Browsers ignore HSTS received over plain HTTP (RFC 6797 §8.1), so only HTTPS counts.
    if (!istarts_with(ex.request.url, "https://") || ex.response.status <= 0) return;
    bool empty_header = false;
    for (const std::string* v : find_headers(ex.response.headers, "Strict-Transport-Security")) {
      if (!trim(*v).empty()) return;
      empty_header = true;
    }
    Finding f = make_finding(kHstsMissing, ex);
    f.per_origin = true;
    f.evidence.header_name = "Strict-Transport-Security";
    f.evidence.note = empty_header ? "Strict-Transport-Security header is present but empty"
                                   : "no Strict-Transport-Security header on an HTTPS response";
    f.message =
        "HTTPS response without Strict-Transport-Security: browsers may still be "
        "downgraded to plain HTTP";
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_hsts_missing() { return std::make_unique<HstsMissing>(); }

}  // namespace gapscan
