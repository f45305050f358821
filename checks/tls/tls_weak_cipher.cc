// tls-weak-cipher: the server accepts NULL, EXPORT, anonymous, RC4 or (3)DES cipher suites, or
// picks a CBC cipher for TLS 1.0.
//
// Severity per family: NULL, EXPORT and anonymous suites are reported as high, because they
// give no confidentiality (NULL), a trivially breakable key (EXPORT: 40/56 bits) or no server
// authentication at all (aNULL: anyone on the path can impersonate the server). RC4, DES/3DES
// and CBC with TLS 1.0 keep the check's default, medium: they need large amounts of traffic or
// a specific attacker position to exploit.
#include "checks/tls/util.h"

namespace gapscan {

const CheckInfo kTlsWeakCipher{
    "tls-weak-cipher",
    "Weak TLS cipher suite accepted",
    CheckKind::active,
    327,
    Severity::medium,
    Confidence::high,
    "The server accepts cipher suites that give little or no protection: NULL (no encryption), "
    "EXPORT (40/56-bit keys) or anonymous (aNULL: no server authentication, trivial "
    "man-in-the-middle) suites, reported as high; RC4 (biased keystream, RFC 7465), DES or "
    "3DES (64-bit blocks, Sweet32), or a CBC cipher chosen for TLS 1.0 (BEAST), reported as "
    "medium. Each family is tested with a handshake offering only that family; families the "
    "local OpenSSL build cannot offer are tested with a hand-built ClientHello, where the "
    "server's ServerHello choosing one of them is the proof.",
    "Restrict the server to AEAD cipher suites (AES-GCM, ChaCha20-Poly1305) with ECDHE key "
    "exchange for TLS 1.2, keep the TLS 1.3 defaults, and disable TLS 1.0/1.1.",
    {"https://www.rfc-editor.org/rfc/rfc9325", "https://www.rfc-editor.org/rfc/rfc7465",
     "https://sweet32.info/", "https://wiki.mozilla.org/Security/Server_Side_TLS"},
};

namespace {

// NULL, EXPORT and anonymous suites: no real protection at all.
bool broken_family(std::string_view family) {
  return family == kFamilyNull || family == kFamilyExport || family == kFamilyAnonymous;
}

std::string family_label(std::string_view family) {
  if (family == kFamilyNull) return "NULL (unencrypted) cipher suites";
  if (family == kFamilyAnonymous) return "anonymous (aNULL, unauthenticated) cipher suites";
  if (family == kFamilyExport) return "EXPORT-grade cipher suites";
  if (family == kFamilyRc4) return "RC4 cipher suites";
  if (family == kFamilyDes) return "DES/3DES cipher suites";
  return std::string(family);
}

class TlsWeakCipher final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    const auto target = tls_checks::https_target(ctx);
    if (!target) return;
    const TlsPosture* p = tls_checks::posture_for(ctx, *target);
    if (p == nullptr) return;
    for (const ProbeResult& pr : p->weak_ciphers) {
      if (pr.outcome != ProbeOutcome::accepted) continue;
      std::string message =
          pr.name == kFamilyCbcTls10
              ? "The server chooses the CBC cipher " + pr.cipher + " for TLSv1.0 (BEAST-prone)"
              : "The server accepts " + family_label(pr.name) + " (negotiated " + pr.cipher +
                    " over " + pr.protocol + ")";
      std::string snippet = "cipher: " + pr.cipher + "; protocol: " + pr.protocol;
      Finding f = tls_checks::tls_finding(kTlsWeakCipher, *target, *p, pr.name, std::move(message),
                                          std::move(snippet), pr.detail);
      if (broken_family(pr.name)) f.severity = Severity::high;
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_tls_weak_cipher() { return std::make_unique<TlsWeakCipher>(); }

}  // namespace gapscan
