// tls-cert-expiring: a certificate in the chain the server sends expires within the scan's
// --tls-expiring-days window (settings_of(ctx).tls_expiring_days, 30 days by default).
#include "checks/tls/util.h"

namespace gapscan {

const CheckInfo kTlsCertExpiring{
    "tls-cert-expiring",
    "TLS certificate expires soon",
    CheckKind::active,
    298,
    Severity::low,
    Confidence::high,
    "The server's certificate (or an intermediate it sends) expires soon: within the window set "
    "with --tls-expiring-days (30 days by default). Once it expires, clients refuse the "
    "connection.",
    "Renew the certificate before it expires and automate renewal (ACME) with monitoring of expiry "
    "dates.",
    {"https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5",
     "https://letsencrypt.org/docs/integration-guide/"},
};

namespace {

class TlsCertExpiring final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    tls_checks::report_cert_issues(ctx, sink, kTlsCertExpiring, CertIssueKind::expiring);
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_tls_cert_expiring() {
  return std::make_unique<TlsCertExpiring>();
}

}  // namespace gapscan
