// tls-cert-hostname-mismatch: the certificate is not valid for the scanned host.
#include "checks/tls/util.h"

namespace gapscan {

const CheckInfo kTlsCertHostnameMismatch{
    "tls-cert-hostname-mismatch",
    "TLS certificate does not match the host name",
    CheckKind::active,
    297,
    Severity::medium,
    Confidence::high,
    "The server's certificate is not valid for the host name or IP address being scanned: no "
    "subjectAltName entry matches (the subject CN is ignored, as browsers do). Clients refuse the "
    "connection, and users who click through cannot tell this server from an impostor.",
    "Issue a certificate whose subjectAltName lists every host name (and IP address, if used) the "
    "service answers on, and serve the right certificate per name (SNI).",
    {"https://www.rfc-editor.org/rfc/rfc6125", "https://cwe.mitre.org/data/definitions/297.html"},
};

namespace {

class TlsCertHostnameMismatch final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    tls_checks::report_cert_issues(ctx, sink, kTlsCertHostnameMismatch,
                                   CertIssueKind::hostname_mismatch);
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_tls_cert_hostname_mismatch() {
  return std::make_unique<TlsCertHostnameMismatch>();
}

}  // namespace gapscan
