// tls-protocol-obsolete: the server still accepts SSLv3, TLS 1.0 or TLS 1.1.
#include "checks/tls/util.h"

namespace gapscan {

const CheckInfo kTlsProtocolObsolete{
    "tls-protocol-obsolete",
    "Obsolete TLS protocol accepted",
    CheckKind::active,
    327,
    Severity::medium,
    Confidence::high,
    "The server completes handshakes with SSLv3, TLS 1.0 or TLS 1.1. These protocol versions "
    "rely on MD5/SHA-1 constructions and CBC modes with known attacks (POODLE, BEAST) and are "
    "deprecated (RFC 8996); a client that can be pushed to them gets weaker protection. Each "
    "version is tested with its own handshake.",
    "Disable SSLv3, TLS 1.0 and TLS 1.1 on the server and load balancers; offer TLS 1.2 and "
    "TLS 1.3 only.",
    {"https://www.rfc-editor.org/rfc/rfc8996",
     "https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html",
     "https://wiki.mozilla.org/Security/Server_Side_TLS"},
};

namespace {

class TlsProtocolObsolete final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    const auto target = tls_checks::https_target(ctx);
    if (!target) return;
    const TlsPosture* p = tls_checks::posture_for(ctx, *target);
    if (p == nullptr) return;
    for (const char* name : {"SSLv3", "TLSv1.0", "TLSv1.1"}) {
      const ProbeResult* pr = p->protocol(name);
      if (pr == nullptr || pr->outcome != ProbeOutcome::accepted) continue;
      std::string message =
          "The server accepts " + std::string(name) + " (negotiated " + pr->cipher + ")";
      std::string snippet = "protocol: " + pr->protocol + "; cipher: " + pr->cipher;
      sink.report(tls_checks::tls_finding(kTlsProtocolObsolete, *target, *p, name,
                                          std::move(message), std::move(snippet), pr->detail));
    }
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_tls_protocol_obsolete() {
  return std::make_unique<TlsProtocolObsolete>();
}

}  // namespace gapscan
