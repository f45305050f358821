// tls-cert-expired: a certificate in the chain the server sends has expired.
#include "checks/tls/util.h"

namespace gapscan {

const CheckInfo kTlsCertExpired{
    "tls-cert-expired",
    "TLS certificate expired",
    CheckKind::active,
    298,
    Severity::high,
    Confidence::high,
    "The server presents a certificate (the leaf or an intermediate it sends) whose validity "
    "period has ended (notAfter is in the past). Browsers and API clients refuse the connection or "
    "show a full-page warning, and users who learn to click through such warnings can no longer "
    "detect a real man-in-the-middle.",
    "Renew the certificate and deploy the new one together with its current intermediates; "
    "automate renewal (ACME) and monitor expiry dates.",
    {"https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5",
     "https://cwe.mitre.org/data/definitions/298.html"},
};

namespace {

class TlsCertExpired final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    tls_checks::report_cert_issues(ctx, sink, kTlsCertExpired, CertIssueKind::expired);
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_tls_cert_expired() { return std::make_unique<TlsCertExpired>(); }

}  // namespace gapscan
