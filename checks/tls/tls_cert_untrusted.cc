// tls-cert-untrusted: the certificate chain does not verify against the trust store.
#include "checks/tls/util.h"

namespace gapscan {

const CheckInfo kTlsCertUntrusted{
    "tls-cert-untrusted",
    "TLS certificate not trusted",
    CheckKind::active,
    295,
    Severity::medium,
    Confidence::medium,
    "The server's certificate chain does not verify against the system trust store (validity dates "
    "aside): it is self-signed, issued by an unknown or private CA, or the server does not send "
    "the intermediates needed to build a chain. Clients either refuse the connection or are "
    "trained to accept any certificate, which defeats TLS authentication.",
    "Use a certificate from a publicly trusted CA (or distribute the private CA to every client on "
    "purpose) and configure the server to send the full chain of intermediates. The scan host's "
    "trust store can be extended for internal CAs with GAPSCAN_EXTRA_CA_FILE.",
    {"https://cwe.mitre.org/data/definitions/295.html",
     "https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html"},
};

namespace {

class TlsCertUntrusted final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    tls_checks::report_cert_issues(ctx, sink, kTlsCertUntrusted, CertIssueKind::untrusted);
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_tls_cert_untrusted() {
  return std::make_unique<TlsCertUntrusted>();
}

}  // namespace gapscan
