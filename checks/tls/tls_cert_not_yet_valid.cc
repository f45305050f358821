// tls-cert-not-yet-valid: a certificate in the chain the server sends is not valid yet.
#include "checks/tls/util.h"

namespace gapscan {

const CheckInfo kTlsCertNotYetValid{
    "tls-cert-not-yet-valid",
    "TLS certificate not yet valid",
    CheckKind::active,
    298,
    Severity::high,
    Confidence::high,
    "The server presents a certificate (the leaf or an intermediate it sends) whose validity "
    "period has not started (notBefore is in the future). Clients refuse it; it usually means a "
    "wrong clock where the certificate was issued or a certificate deployed too early.",
    "Deploy a certificate that is valid now, and check the clocks of the issuing system and of the "
    "server.",
    {"https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5",
     "https://cwe.mitre.org/data/definitions/298.html"},
};

namespace {

class TlsCertNotYetValid final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    tls_checks::report_cert_issues(ctx, sink, kTlsCertNotYetValid, CertIssueKind::not_yet_valid);
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_tls_cert_not_yet_valid() {
  return std::make_unique<TlsCertNotYetValid>();
}

}  // namespace gapscan
