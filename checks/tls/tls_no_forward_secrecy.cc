// tls-no-forward-secrecy: the server offers no forward-secret key exchange, or still accepts
// static RSA key exchange.
#include "checks/tls/util.h"

namespace gapscan {

const CheckInfo kTlsNoForwardSecrecy{
    "tls-no-forward-secrecy",
    "TLS without forward secrecy",
    CheckKind::active,
    326,
    Severity::low,
    Confidence::high,
    "The server negotiates TLS key exchange without forward secrecy: it either refuses every "
    "ECDHE/DHE cipher suite and TLS 1.3, or it still accepts static RSA key exchange from "
    "clients that offer it. With RSA key exchange, anyone who obtains the server's private key "
    "later can decrypt recorded traffic.",
    "Prefer and require ECDHE (or DHE with at least 2048-bit groups) key exchange for TLS 1.2, "
    "enable TLS 1.3, and remove the TLS_RSA_WITH_* cipher suites.",
    {"https://www.rfc-editor.org/rfc/rfc9325#section-4.1",
     "https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html"},
};

namespace {

class TlsNoForwardSecrecy final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    const auto target = tls_checks::https_target(ctx);
    if (!target) return;
    const TlsPosture* p = tls_checks::posture_for(ctx, *target);
    // Without any completed handshake nothing can be said about the key exchange.
    if (p == nullptr || !p->any_handshake_completed()) return;
    const ProbeResult& fs = p->forward_secret_only;
    const ProbeResult& rsa = p->non_forward_secret;
    if (fs.outcome == ProbeOutcome::rejected) {
      std::string cipher = p->baseline.ok ? p->baseline.cipher : rsa.cipher;
      std::string protocol = p->baseline.ok ? p->baseline.protocol : rsa.protocol;
      std::string message = "The server offers no forward-secret key exchange";
      if (!cipher.empty()) message += " (negotiated " + cipher + " over " + protocol + ")";
      std::string snippet = "cipher: " + (cipher.empty() ? "-" : cipher) +
                            "; key exchange: " + std::string(to_string(p->baseline.key_exchange));
      sink.report(tls_checks::tls_finding(
          kTlsNoForwardSecrecy, *target, *p, "no-forward-secrecy", std::move(message),
          std::move(snippet),
          "a handshake offering only ECDHE/DHE suites and TLS 1.3 failed: " + fs.detail));
      return;
    }
    if (rsa.outcome == ProbeOutcome::accepted) {
      std::string message =
          "The server accepts RSA key exchange without forward secrecy "
          "(negotiated " +
          rsa.cipher + " over " + rsa.protocol + ")";
      std::string snippet = "cipher: " + rsa.cipher + "; key exchange: RSA";
      sink.report(tls_checks::tls_finding(kTlsNoForwardSecrecy, *target, *p, "rsa-key-exchange",
                                          std::move(message), std::move(snippet),
                                          "a handshake offering only RSA key exchange suites "
                                          "completed"));
    }
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_tls_no_forward_secrecy() {
  return std::make_unique<TlsNoForwardSecrecy>();
}

}  // namespace gapscan
