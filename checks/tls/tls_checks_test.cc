#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <ctime>

#include "checks/tls/util.h"
#include "test/checks/test_sink.h"
#include "test/checks/tls_test_util.h"

namespace gapscan {
namespace {

using testing::CertSpec;
using testing::FakeFetcher;
using testing::make_cert;
using testing::rsa_key;
using testing::VectorSink;

// Every seeded posture gets its own host so that tests never share a cache entry.
std::string fresh_host() {
  static std::atomic<int> n{0};
  return "tls-check-" + std::to_string(++n) + ".example.test";
}

ProbeResult probe(std::string name, ProbeOutcome outcome, std::string protocol = "",
                  std::string cipher = "", std::string detail = "") {
  return {std::move(name),   outcome,           std::move(protocol),
          std::move(cipher), std::move(detail), false};
}

// A reachable posture of a well-configured server: TLS 1.2 + 1.3, no weak cipher, ECDHE.
TlsPosture good_posture(const std::string& host) {
  TlsPosture p;
  p.host = host;
  p.port = 443;
  p.reachable = true;
  p.handshakes = 9;
  p.probed_at = static_cast<std::int64_t>(std::time(nullptr));
  p.baseline.ok = true;
  p.baseline.connected = true;
  p.baseline.protocol = "TLSv1.3";
  p.baseline.cipher = "TLS_AES_256_GCM_SHA384";
  p.baseline.key_exchange = KeyExchange::tls13;
  p.protocols = {probe("SSLv3", ProbeOutcome::rejected), probe("TLSv1.0", ProbeOutcome::rejected),
                 probe("TLSv1.1", ProbeOutcome::rejected),
                 probe("TLSv1.2", ProbeOutcome::accepted, "TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256"),
                 probe("TLSv1.3", ProbeOutcome::accepted, "TLSv1.3", "TLS_AES_256_GCM_SHA384")};
  for (std::string_view f :
       {kFamilyNull, kFamilyAnonymous, kFamilyExport, kFamilyRc4, kFamilyDes, kFamilyCbcTls10}) {
    p.weak_ciphers.push_back(probe(std::string(f), ProbeOutcome::rejected));
  }
  p.non_forward_secret = probe("RSA key exchange", ProbeOutcome::rejected);
  p.forward_secret_only =
      probe("forward secrecy", ProbeOutcome::accepted, "TLSv1.3", "TLS_AES_256_GCM_SHA384");
  return p;
}

// The postures every test here shares, as one scan would (hosts are fresh per test).
TlsPostures& postures() {
  static TlsPostures shared;
  return shared;
}

std::vector<Finding> run(const ActiveCheck& check, const std::string& origin,
                         const CheckSettings* settings = nullptr) {
  FakeFetcher fetcher;
  VectorSink sink;
  ActiveContext ctx{origin, {}, fetcher};
  ctx.settings = settings;
  ctx.tls = &postures();
  check.run(ctx, sink);
  CHECK(fetcher.requested.empty());  // TLS checks never use the HTTP fetcher
  return std::move(sink.findings);
}

std::vector<Finding> run_all(const std::string& origin) {
  std::vector<Finding> out;
  for (auto make :
       {&make_tls_cert_expired, &make_tls_cert_expiring, &make_tls_cert_not_yet_valid,
        &make_tls_cert_untrusted, &make_tls_cert_hostname_mismatch, &make_tls_cert_weak_key,
        &make_tls_cert_weak_signature, &make_tls_no_forward_secrecy, &make_tls_protocol_obsolete,
        &make_tls_weak_cipher}) {
    for (Finding& f : run(*make(), origin)) out.push_back(std::move(f));
  }
  return out;
}

// "check/key" of every finding, sorted, comma-separated (printable by doctest).
std::string ids_of(const std::vector<Finding>& findings) {
  std::vector<std::string> ids;
  for (const Finding& f : findings) ids.push_back(f.check_id + "/" + f.key);
  std::sort(ids.begin(), ids.end());
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ",") + id;
  return out;
}

// Seeds a posture whose certificate chain is `chain` (leaf first), verified against `trusted`.
std::string seed_with_chain(std::vector<X509*> chain, X509* trusted_ca,
                            const std::string& name = "") {
  const std::string host = name.empty() ? fresh_host() : name;
  TlsPosture p = good_posture(host);
  for (X509* c : chain) p.baseline.chain.push_back(describe_certificate(c));
  X509_STORE* store = X509_STORE_new();
  if (trusted_ca != nullptr) X509_STORE_add_cert(store, trusted_ca);
  STACK_OF(X509)* untrusted = sk_X509_new_null();
  for (X509* c : chain) sk_X509_push(untrusted, c);
  p.baseline.verification = verify_chain(chain.front(), untrusted, store);
  sk_X509_free(untrusted);
  X509_STORE_free(store);
  p.baseline.hostname_checked = true;
  p.baseline.hostname_match = certificate_matches_host(chain.front(), host);
  postures().seed(std::move(p));
  return "https://" + host;
}

TEST_CASE("tls checks: infos are active, ids match, CWEs and severities as specified") {
  struct Expect {
    const CheckInfo* info;
    std::string_view id;
    int cwe;
    Severity severity;
  };
  const Expect expected[] = {
      {&kTlsProtocolObsolete, "tls-protocol-obsolete", 327, Severity::medium},
      {&kTlsWeakCipher, "tls-weak-cipher", 327, Severity::medium},
      {&kTlsNoForwardSecrecy, "tls-no-forward-secrecy", 326, Severity::low},
      {&kTlsCertExpired, "tls-cert-expired", 298, Severity::high},
      {&kTlsCertNotYetValid, "tls-cert-not-yet-valid", 298, Severity::high},
      {&kTlsCertExpiring, "tls-cert-expiring", 298, Severity::low},
      {&kTlsCertUntrusted, "tls-cert-untrusted", 295, Severity::medium},
      {&kTlsCertHostnameMismatch, "tls-cert-hostname-mismatch", 297, Severity::medium},
      {&kTlsCertWeakKey, "tls-cert-weak-key", 326, Severity::medium},
      {&kTlsCertWeakSignature, "tls-cert-weak-signature", 328, Severity::medium},
  };
  for (const Expect& e : expected) {
    INFO(e.id);
    CHECK(e.info->id == e.id);
    CHECK(e.info->kind == CheckKind::active);
    CHECK(e.info->cwe == e.cwe);
    CHECK(e.info->severity == e.severity);
    CHECK_FALSE(e.info->title.empty());
    CHECK_FALSE(e.info->description.empty());
    CHECK_FALSE(e.info->remediation.empty());
    CHECK_FALSE(e.info->references.empty());
  }
}

TEST_CASE("tls checks: http origins are ignored without probing") {
  // No posture is seeded for this host: probing it would fail the test by taking seconds or
  // reporting; an http origin must not even look.
  CHECK(run_all("http://127.0.0.1:1").empty());
  CHECK(run_all("").empty());
}

TEST_CASE("tls checks: a good posture gives no findings") {
  const std::string host = fresh_host();
  postures().seed(good_posture(host));
  CHECK(run_all("https://" + host).empty());
}

TEST_CASE("tls checks: an unreachable posture gives no findings") {
  const std::string host = fresh_host();
  TlsPosture p = good_posture(host);
  p.reachable = false;
  p.protocols[1] = probe("TLSv1.0", ProbeOutcome::accepted, "TLSv1.0", "AES128-SHA");
  postures().seed(std::move(p));
  CHECK(run_all("https://" + host).empty());
}

TEST_CASE("tls-protocol-obsolete: one finding per old protocol, keyed by protocol") {
  const std::string host = fresh_host();
  TlsPosture p = good_posture(host);
  p.protocols[0] = probe("SSLv3", ProbeOutcome::accepted, "SSLv3", "TLS_RSA_WITH_RC4_128_SHA",
                         "tested with a raw SSLv3 ClientHello");
  p.protocols[1] = probe("TLSv1.0", ProbeOutcome::accepted, "TLSv1.0", "ECDHE-RSA-AES256-SHA");
  postures().seed(std::move(p));
  const auto findings = run(*make_tls_protocol_obsolete(), "https://" + host);
  REQUIRE(findings.size() == 2);
  const Finding& f = findings[1];
  CHECK(f.check_id == "tls-protocol-obsolete");
  CHECK(f.key == "TLSv1.0");
  CHECK(f.url == "https://" + host + "/");
  CHECK(f.per_origin);
  CHECK(f.severity == Severity::medium);
  CHECK(f.message == "The server accepts TLSv1.0 (negotiated ECDHE-RSA-AES256-SHA)");
  CHECK(f.evidence.snippet == "protocol: TLSv1.0; cipher: ECDHE-RSA-AES256-SHA");
  CHECK(f.evidence.note.find("9 direct TLS handshakes") != std::string::npos);
  CHECK(findings[0].key == "SSLv3");
  CHECK(findings[0].evidence.note.find("raw SSLv3 ClientHello") != std::string::npos);
}

TEST_CASE("tls-protocol-obsolete: SSLv3 not testable is not claimed") {
  const std::string host = fresh_host();
  TlsPosture p = good_posture(host);
  p.protocols[0] = probe("SSLv3", ProbeOutcome::not_testable, "", "", "no SSLv3 in this build");
  postures().seed(std::move(p));
  CHECK(run(*make_tls_protocol_obsolete(), "https://" + host).empty());
}

TEST_CASE("tls-weak-cipher: accepted families, keyed by family") {
  const std::string host = fresh_host();
  TlsPosture p = good_posture(host);
  for (ProbeResult& w : p.weak_ciphers) {
    if (w.name == kFamilyDes) {
      w = probe(w.name, ProbeOutcome::accepted, "TLSv1.2", "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
                "raw ClientHello");
    } else if (w.name == kFamilyCbcTls10) {
      w = probe(w.name, ProbeOutcome::accepted, "TLSv1.0", "ECDHE-RSA-AES128-SHA");
    } else if (w.name == kFamilyRc4) {
      w = probe(w.name, ProbeOutcome::not_testable);
    }
  }
  postures().seed(std::move(p));
  const auto findings = run(*make_tls_weak_cipher(), "https://" + host);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].key == "DES/3DES");
  CHECK(findings[0].message ==
        "The server accepts DES/3DES cipher suites (negotiated TLS_RSA_WITH_3DES_EDE_CBC_SHA "
        "over TLSv1.2)");
  CHECK(findings[0].evidence.snippet == "cipher: TLS_RSA_WITH_3DES_EDE_CBC_SHA; protocol: TLSv1.2");
  CHECK(findings[1].key == "CBC with TLSv1.0");
  CHECK(findings[1].message.find("ECDHE-RSA-AES128-SHA") != std::string::npos);
}

TEST_CASE("tls-weak-cipher: NULL, EXPORT and anonymous suites are high, the rest medium") {
  const std::string host = fresh_host();
  TlsPosture p = good_posture(host);
  for (ProbeResult& w : p.weak_ciphers) {
    w = probe(w.name, ProbeOutcome::accepted, "TLSv1.0", "CIPHER-" + w.name);
  }
  postures().seed(std::move(p));
  const auto findings = run(*make_tls_weak_cipher(), "https://" + host);
  REQUIRE(findings.size() == 6);
  for (const Finding& f : findings) {
    INFO(f.key);
    const bool broken = f.key == kFamilyNull || f.key == kFamilyExport || f.key == kFamilyAnonymous;
    CHECK(f.severity == (broken ? Severity::high : Severity::medium));
    CHECK(f.evidence.snippet.find("CIPHER-" + f.key) != std::string::npos);
  }
}

TEST_CASE("tls-no-forward-secrecy: nothing is claimed when no handshake completed") {
  const std::string host = fresh_host();
  TlsPosture p = good_posture(host);
  p.baseline.ok = false;
  for (ProbeResult& pr : p.protocols) pr = probe(pr.name, ProbeOutcome::rejected);
  p.forward_secret_only = probe("forward secrecy", ProbeOutcome::rejected);
  postures().seed(std::move(p));
  CHECK(run_all("https://" + host).empty());
}

TEST_CASE("tls-no-forward-secrecy: none at all, or RSA key exchange still accepted") {
  {
    const std::string host = fresh_host();
    TlsPosture p = good_posture(host);
    p.baseline.protocol = "TLSv1.2";
    p.baseline.cipher = "AES128-GCM-SHA256";
    p.baseline.key_exchange = KeyExchange::rsa;
    p.non_forward_secret =
        probe("RSA key exchange", ProbeOutcome::accepted, "TLSv1.2", "AES128-GCM-SHA256");
    p.forward_secret_only =
        probe("forward secrecy", ProbeOutcome::rejected, "", "", "handshake failure");
    postures().seed(std::move(p));
    const auto findings = run(*make_tls_no_forward_secrecy(), "https://" + host);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].key == "no-forward-secrecy");
    CHECK(findings[0].severity == Severity::low);
    CHECK(findings[0].evidence.snippet == "cipher: AES128-GCM-SHA256; key exchange: RSA");
  }
  {
    const std::string host = fresh_host();
    TlsPosture p = good_posture(host);
    p.non_forward_secret =
        probe("RSA key exchange", ProbeOutcome::accepted, "TLSv1.2", "AES256-SHA256");
    postures().seed(std::move(p));
    const auto findings = run(*make_tls_no_forward_secrecy(), "https://" + host);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].key == "rsa-key-exchange");
    CHECK(findings[0].message.find("AES256-SHA256") != std::string::npos);
  }
  {
    // Inconclusive forward-secrecy probe: no claim.
    const std::string host = fresh_host();
    TlsPosture p = good_posture(host);
    p.forward_secret_only = probe("forward secrecy", ProbeOutcome::failed);
    postures().seed(std::move(p));
    CHECK(run(*make_tls_no_forward_secrecy(), "https://" + host).empty());
  }
}

TEST_CASE("tls-cert-*: a trusted, matching, current certificate gives nothing") {
  testing::TestPki pki;
  const std::string origin = seed_with_chain({pki.leaf.get()}, pki.ca.get(), "localhost");
  // "localhost" is seeded with a fake posture here: no network.
  CHECK(run_all(origin).empty());
}

TEST_CASE("tls-cert-expired / not-yet-valid / expiring on in-memory certificates") {
  testing::TestPki pki;
  auto key = rsa_key(2048);
  CertSpec spec;
  spec.dns = {"*.example.test"};

  spec.not_before = -400 * 86400;
  spec.not_after = -2 * 86400;
  auto expired = make_cert(spec, key.get(), pki.ca.get(), pki.ca_key.get());
  auto findings = run_all(seed_with_chain({expired.get()}, pki.ca.get()));
  CHECK(ids_of(findings) == "tls-cert-expired/leaf");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::high);
  CHECK(findings[0].evidence.snippet.starts_with("notAfter: "));
  CHECK(findings[0].message.find("expired on") != std::string::npos);

  spec.not_before = 5 * 86400;
  spec.not_after = 400 * 86400;
  auto future = make_cert(spec, key.get(), pki.ca.get(), pki.ca_key.get());
  findings = run_all(seed_with_chain({future.get()}, pki.ca.get()));
  CHECK(ids_of(findings) == "tls-cert-not-yet-valid/leaf");

  spec.not_before = -86400;
  spec.not_after = 10 * 86400;
  auto soon = make_cert(spec, key.get(), pki.ca.get(), pki.ca_key.get());
  findings = run_all(seed_with_chain({soon.get()}, pki.ca.get()));
  CHECK(ids_of(findings) == "tls-cert-expiring/leaf");
}

TEST_CASE("tls-cert-expiring: the window is the scan's --tls-expiring-days") {
  testing::TestPki pki;
  auto key = rsa_key(2048);
  CertSpec spec;
  spec.dns = {"*.example.test"};
  spec.not_before = -86400;
  spec.not_after = 10 * 86400;
  auto soon = make_cert(spec, key.get(), pki.ca.get(), pki.ca_key.get());
  const std::string origin = seed_with_chain({soon.get()}, pki.ca.get());
  CheckSettings settings;
  settings.tls_expiring_days = 5;  // expires in 10 days: outside a 5-day window
  CHECK(run(*make_tls_cert_expiring(), origin, &settings).empty());
  settings.tls_expiring_days = 0;
  CHECK(run(*make_tls_cert_expiring(), origin, &settings).empty());
  settings.tls_expiring_days = 11;
  const auto findings = run(*make_tls_cert_expiring(), origin, &settings);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].key == "leaf");
  CHECK(findings[0].evidence.snippet.starts_with("notAfter: "));
  CHECK(run(*make_tls_cert_expiring(), origin).size() == 1);  // default: 30 days

  spec.not_after = 200 * 86400;
  auto later = make_cert(spec, key.get(), pki.ca.get(), pki.ca_key.get());
  const std::string origin2 = seed_with_chain({later.get()}, pki.ca.get());
  CHECK(run(*make_tls_cert_expiring(), origin2).empty());
  settings.tls_expiring_days = 365;
  CHECK(run(*make_tls_cert_expiring(), origin2, &settings).size() == 1);
  // The window only moves tls-cert-expiring: the other checks see nothing either way.
  for (auto make :
       {&make_tls_cert_expired, &make_tls_cert_not_yet_valid, &make_tls_cert_untrusted}) {
    CHECK(run(*make(), origin2, &settings).empty());
  }
}

TEST_CASE("tls-cert-untrusted: self-signed and unknown issuer") {
  auto key = rsa_key(2048);
  CertSpec spec;
  spec.dns = {"*.example.test"};
  auto self_signed = make_cert(spec, key.get());
  auto findings = run_all(seed_with_chain({self_signed.get()}, nullptr));
  CHECK(ids_of(findings) == "tls-cert-untrusted/leaf");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message.find("self-signed") != std::string::npos);
  CHECK(findings[0].evidence.snippet == "issuer: CN=example.test");
  CHECK(findings[0].confidence == Confidence::medium);

  testing::TestPki pki;
  findings = run_all(seed_with_chain({pki.leaf.get()}, nullptr, "localhost.test"));
  // The leaf is for localhost/127.0.0.1: unknown issuer and wrong host.
  CHECK(ids_of(findings) == "tls-cert-hostname-mismatch/leaf,tls-cert-untrusted/leaf");
}

TEST_CASE("tls-cert-hostname-mismatch: wrong host") {
  testing::TestPki pki;
  const auto findings = run_all(seed_with_chain({pki.leaf.get()}, pki.ca.get()));
  CHECK(ids_of(findings) == "tls-cert-hostname-mismatch/leaf");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].evidence.snippet == "subjectAltName: localhost, 127.0.0.1");
}

TEST_CASE("tls-cert-weak-key: RSA-1024; tls-cert-weak-signature: SHA-1 leaf") {
  testing::TestPki pki;
  auto small = rsa_key(1024);
  CertSpec spec;
  spec.dns = {"*.example.test"};
  auto weak = make_cert(spec, small.get(), pki.ca.get(), pki.ca_key.get());
  auto findings = run_all(seed_with_chain({weak.get()}, pki.ca.get()));
  CHECK(ids_of(findings) == "tls-cert-weak-key/leaf");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].evidence.snippet == "public key: RSA 1024 bits");

  auto key = rsa_key(2048);
  spec.md = EVP_sha1();
  auto sha1 = make_cert(spec, key.get(), pki.ca.get(), pki.ca_key.get());
  findings = run_all(seed_with_chain({sha1.get(), pki.ca.get()}, pki.ca.get()));
  CHECK(ids_of(findings) == "tls-cert-weak-signature/leaf");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].evidence.snippet == "signatureAlgorithm: sha1WithRSAEncryption");
}

TEST_CASE("tls checks end to end: in-process legacy server through the posture cache") {
  auto key = rsa_key(1024);
  CertSpec spec;
  spec.cn = "127.0.0.1";
  spec.ips = {"127.0.0.2"};  // wrong address on purpose
  spec.md = EVP_sha1();
  auto cert = make_cert(spec, key.get());
  testing::TestTlsServer server(cert.get(), key.get(), [](SSL_CTX* c) {
    SSL_CTX_set_security_level(c, 0);
    SSL_CTX_set_min_proto_version(c, TLS1_VERSION);
    SSL_CTX_set_max_proto_version(c, TLS1_2_VERSION);
    SSL_CTX_set_cipher_list(c, "AES128-SHA:AES256-SHA:@SECLEVEL=0");
  });
  const std::string origin = "https://127.0.0.1:" + std::to_string(server.port());
  postures().clear();  // the port may have served an earlier test's server
  const auto findings = run_all(origin);
  CHECK(ids_of(findings) ==
        "tls-cert-hostname-mismatch/leaf,tls-cert-untrusted/leaf,tls-cert-weak-key/"
        "leaf,tls-cert-weak-signature/leaf,tls-no-forward-secrecy/"
        "no-forward-secrecy,tls-protocol-obsolete/TLSv1.0,tls-protocol-obsolete/"
        "TLSv1.1,tls-weak-cipher/CBC with TLSv1.0");
  for (const Finding& f : findings) {
    INFO(f.check_id);
    CHECK(f.url == origin + "/");
    CHECK(f.evidence.note.find("direct TLS handshakes") != std::string::npos);
  }
}

}  // namespace
}  // namespace gapscan
