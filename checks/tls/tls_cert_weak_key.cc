// tls-cert-weak-key: a certificate in the chain has a weak public key.
#include "checks/tls/util.h"

namespace gapscan {

const CheckInfo kTlsCertWeakKey{
    "tls-cert-weak-key",
    "TLS certificate with a weak key",
    CheckKind::active,
    326,
    Severity::medium,
    Confidence::high,
    "A certificate the server sends (the leaf or an intermediate) has a weak public key: RSA "
    "shorter than 2048 bits, a DSA key, or an elliptic curve under 224 bits. Such keys are within "
    "reach of well-funded attackers, and modern clients reject them.",
    "Replace the key: RSA with at least 2048 bits (3072 for long-lived keys) or ECDSA on P-256 or "
    "P-384, and reissue the certificate.",
    {"https://csrc.nist.gov/publications/detail/sp/800-131a/rev-2/final",
     "https://cabforum.org/baseline-requirements-documents/"},
};

namespace {

class TlsCertWeakKey final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    tls_checks::report_cert_issues(ctx, sink, kTlsCertWeakKey, CertIssueKind::weak_key);
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_tls_cert_weak_key() { return std::make_unique<TlsCertWeakKey>(); }

}  // namespace gapscan
