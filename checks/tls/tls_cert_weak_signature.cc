// tls-cert-weak-signature: a certificate in the chain is signed with SHA-1 or MD5.
#include "checks/tls/util.h"

namespace gapscan {

const CheckInfo kTlsCertWeakSignature{
    "tls-cert-weak-signature",
    "TLS certificate with a weak signature",
    CheckKind::active,
    328,
    Severity::medium,
    Confidence::high,
    "A certificate the server sends (the leaf or an intermediate, not a self-signed root) is "
    "signed with SHA-1 or MD5. Collisions for both are practical, so such signatures can be "
    "forged; modern clients reject them.",
    "Reissue the certificate (and any intermediates) with a SHA-256 or stronger signature.",
    {"https://shattered.io/", "https://www.rfc-editor.org/rfc/rfc6151"},
};

namespace {

class TlsCertWeakSignature final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    tls_checks::report_cert_issues(ctx, sink, kTlsCertWeakSignature, CertIssueKind::weak_signature);
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_tls_cert_weak_signature() {
  return std::make_unique<TlsCertWeakSignature>();
}

}  // namespace gapscan
