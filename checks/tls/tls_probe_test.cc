#include "checks/tls/tls_probe.h"

#include <doctest/doctest.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>

#include "scanner/base/text.h"
#include "test/checks/tls_test_util.h"

namespace gapscan {
namespace {

using testing::CertSpec;
using testing::closed_port;
using testing::make_cert;
using testing::rsa_key;

bool has_issue(const std::vector<CertIssue>& issues, CertIssueKind kind, int depth = 0) {
  return std::any_of(issues.begin(), issues.end(),
                     [&](const CertIssue& i) { return i.kind == kind && i.depth == depth; });
}

std::size_t count_issues(const std::vector<CertIssue>& issues, CertIssueKind kind) {
  return static_cast<std::size_t>(std::count_if(
      issues.begin(), issues.end(), [&](const CertIssue& i) { return i.kind == kind; }));
}

std::int64_t now() { return static_cast<std::int64_t>(std::time(nullptr)); }

// A handshake result carrying `chain` as if it had been received, trusted and matching.
TlsHandshakeResult received(std::vector<X509*> chain) {
  TlsHandshakeResult hs;
  hs.ok = true;
  for (X509* c : chain) hs.chain.push_back(describe_certificate(c));
  hs.verification.performed = true;
  hs.hostname_checked = true;
  hs.hostname_match = true;
  return hs;
}

struct StoreFree {
  void operator()(X509_STORE* s) const { X509_STORE_free(s); }
};
using Store = std::unique_ptr<X509_STORE, StoreFree>;

Store store_with(X509* ca) {
  Store s(X509_STORE_new());
  X509_STORE_add_cert(s.get(), ca);
  return s;
}

// ----------------------------------------------------------------------------------------------
// describe_certificate

TEST_CASE("tls describe_certificate: names, SANs, key, signature, dates") {
  testing::TestPki pki;
  const CertInfo leaf = describe_certificate(pki.leaf.get());
  CHECK(leaf.subject == "CN=127.0.0.1");
  CHECK(leaf.issuer == "CN=gapscan unit test CA");
  CHECK(leaf.san_dns == std::vector<std::string>{"localhost"});
  CHECK(leaf.san_ip == std::vector<std::string>{"127.0.0.1"});
  CHECK(leaf.key_type == "RSA");
  CHECK(leaf.key_bits == 2048);
  CHECK(leaf.ec_curve.empty());
  CHECK(leaf.signature_algorithm == "sha256WithRSAEncryption");
  CHECK(leaf.signature_digest == "SHA256");
  CHECK_FALSE(leaf.self_signed);
  CHECK_FALSE(leaf.is_ca);
  CHECK(leaf.serial == "02");
  CHECK(leaf.sha256_fingerprint.size() == 64);
  CHECK(leaf.not_before_epoch < now());
  CHECK(leaf.not_after_epoch > now() + 300 * 86400);
  CHECK(leaf.not_after.size() == 20);
  CHECK(leaf.not_after.back() == 'Z');

  const CertInfo ca = describe_certificate(pki.ca.get());
  CHECK(ca.self_signed);
  CHECK(ca.is_ca);
}

TEST_CASE("tls describe_certificate: EC key, IPv6 SAN, SHA-1 and MD5 signatures") {
  auto key = testing::ec_key("P-256");
  CertSpec spec;
  spec.ips = {"::1"};
  spec.md = EVP_sha1();
  auto cert = make_cert(spec, key.get());
  const CertInfo info = describe_certificate(cert.get());
  CHECK(info.key_type == "EC");
  CHECK(info.key_bits == 256);
  CHECK(info.ec_curve == "prime256v1");
  CHECK(info.san_ip == std::vector<std::string>{"::1"});
  CHECK(info.signature_algorithm == "ecdsa-with-SHA1");
  CHECK(info.signature_digest == "SHA1");
  CHECK(info.self_signed);

  auto rsa = rsa_key(2048);
  spec.md = EVP_md5();
  auto md5 = make_cert(spec, rsa.get());
  const CertInfo md5_info = describe_certificate(md5.get());
  CHECK(md5_info.signature_algorithm == "md5WithRSAEncryption");
  CHECK(md5_info.signature_digest == "MD5");
}

// ----------------------------------------------------------------------------------------------
// certificate_matches_host

TEST_CASE("tls certificate_matches_host: SAN names, wildcards and IPs; never the CN") {
  auto key = rsa_key(2048);
  CertSpec spec;
  spec.cn = "cn-only.example.test";
  spec.dns = {"www.example.test", "*.apps.example.test"};
  spec.ips = {"127.0.0.1", "::1"};
  auto cert = make_cert(spec, key.get());
  CHECK(certificate_matches_host(cert.get(), "www.example.test"));
  CHECK(certificate_matches_host(cert.get(), "WWW.Example.Test"));
  CHECK(certificate_matches_host(cert.get(), "www.example.test."));
  CHECK(certificate_matches_host(cert.get(), "a.apps.example.test"));
  CHECK_FALSE(certificate_matches_host(cert.get(), "a.b.apps.example.test"));
  CHECK_FALSE(certificate_matches_host(cert.get(), "example.test"));
  CHECK_FALSE(certificate_matches_host(cert.get(), "cn-only.example.test"));
  CHECK(certificate_matches_host(cert.get(), "127.0.0.1"));
  CHECK(certificate_matches_host(cert.get(), "::1"));
  CHECK(certificate_matches_host(cert.get(), "[::1]"));
  CHECK_FALSE(certificate_matches_host(cert.get(), "127.0.0.2"));
  CHECK_FALSE(certificate_matches_host(cert.get(), ""));
  CHECK_FALSE(certificate_matches_host(nullptr, "www.example.test"));

  CertSpec cn_only;
  cn_only.cn = "legacy.example.test";
  auto legacy = make_cert(cn_only, key.get());
  CHECK_FALSE(certificate_matches_host(legacy.get(), "legacy.example.test"));
}

// ----------------------------------------------------------------------------------------------
// verify_chain and the trust store

TEST_CASE("tls verify_chain: trusted, self-signed, unknown issuer; dates are ignored") {
  testing::TestPki pki;
  Store trusted = store_with(pki.ca.get());
  Store empty(X509_STORE_new());

  const ChainVerification ok = verify_chain(pki.leaf.get(), nullptr, trusted.get());
  CHECK(ok.performed);
  CHECK(ok.ok());
  CHECK(ok.error.empty());

  const ChainVerification unknown = verify_chain(pki.leaf.get(), nullptr, empty.get());
  CHECK(unknown.performed);
  CHECK_FALSE(unknown.ok());
  CHECK((unknown.code == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
         unknown.code == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE));
  CHECK_FALSE(unknown.error.empty());

  auto key = rsa_key(2048);
  CertSpec self;
  self.ips = {"127.0.0.1"};
  auto self_signed = make_cert(self, key.get());
  const ChainVerification ss = verify_chain(self_signed.get(), nullptr, empty.get());
  CHECK(ss.code == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
  CHECK(ss.error == "self-signed certificate");

  // An expired leaf under a trusted CA still verifies: expiry is its own finding.
  CertSpec expired;
  expired.not_before = -400 * 86400;
  expired.not_after = -30 * 86400;
  expired.serial = 9;
  auto old = make_cert(expired, key.get(), pki.ca.get(), pki.ca_key.get());
  CHECK(verify_chain(old.get(), nullptr, trusted.get()).ok());

  CHECK_FALSE(verify_chain(nullptr, nullptr, trusted.get()).performed);
  CHECK_FALSE(verify_chain(pki.leaf.get(), nullptr, nullptr).performed);
}

TEST_CASE("tls new_trust_store: the extra CA file is trusted, the system store alone is not") {
  testing::TestPki pki;
  char path[] = "/tmp/gapscan-tls-ca-XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
  {
    std::ofstream out(path);
    out << testing::cert_pem(pki.ca.get());
  }
  Store with_extra(new_trust_store(path));
  Store system_only(new_trust_store(""));
  Store missing_file(new_trust_store("/nonexistent/gapscan-ca.pem"));
  REQUIRE(with_extra);
  REQUIRE(system_only);
  REQUIRE(missing_file);
  CHECK(verify_chain(pki.leaf.get(), nullptr, with_extra.get()).ok());
  CHECK_FALSE(verify_chain(pki.leaf.get(), nullptr, system_only.get()).ok());
  CHECK_FALSE(verify_chain(pki.leaf.get(), nullptr, missing_file.get()).ok());
  std::remove(path);
}

// ----------------------------------------------------------------------------------------------
// assess_certificates (pure)

TEST_CASE("tls assess: a good chain has no issue") {
  testing::TestPki pki;
  const auto issues =
      assess_certificates(received({pki.leaf.get(), pki.ca.get()}), "127.0.0.1", now(), 30);
  CHECK(issues.empty());
}

TEST_CASE("tls assess: expired, not yet valid and expiring leaves") {
  testing::TestPki pki;
  auto key = rsa_key(2048);
  CertSpec spec;
  spec.ips = {"127.0.0.1"};

  spec.not_before = -400 * 86400;
  spec.not_after = -3 * 86400;
  auto expired = make_cert(spec, key.get(), pki.ca.get(), pki.ca_key.get());
  auto issues = assess_certificates(received({expired.get()}), "127.0.0.1", now(), 30);
  REQUIRE(count_issues(issues, CertIssueKind::expired) == 1);
  CHECK(issues.front().field == "notAfter");
  CHECK(issues.front().detail.find("expired on") != std::string::npos);
  CHECK(issues.front().detail.find("3 days ago") != std::string::npos);
  CHECK(count_issues(issues, CertIssueKind::expiring) == 0);

  spec.not_before = 10 * 86400;
  spec.not_after = 400 * 86400;
  auto future = make_cert(spec, key.get(), pki.ca.get(), pki.ca_key.get());
  issues = assess_certificates(received({future.get()}), "127.0.0.1", now(), 30);
  REQUIRE(issues.size() == 1);
  CHECK(issues.front().kind == CertIssueKind::not_yet_valid);
  CHECK(issues.front().field == "notBefore");

  spec.not_before = -300 * 86400;
  spec.not_after = 12 * 86400 + 3600;
  auto soon = make_cert(spec, key.get(), pki.ca.get(), pki.ca_key.get());
  issues = assess_certificates(received({soon.get()}), "127.0.0.1", now(), 30);
  REQUIRE(issues.size() == 1);
  CHECK(issues.front().kind == CertIssueKind::expiring);
  CHECK(issues.front().detail.find("in 12 days") != std::string::npos);
  // Outside the window: nothing.
  CHECK(assess_certificates(received({soon.get()}), "127.0.0.1", now(), 7).empty());
}

TEST_CASE("tls assess: an expired intermediate counts, an expired root sent along does not") {
  auto root_key = rsa_key(2048);
  auto inter_key = rsa_key(2048);
  auto leaf_key = rsa_key(2048);
  CertSpec root_spec;
  root_spec.cn = "Old Root";
  root_spec.ca = true;
  root_spec.not_before = -4000 * 86400;
  root_spec.not_after = -10 * 86400;
  root_spec.md = EVP_sha1();
  auto root = make_cert(root_spec, root_key.get());
  CertSpec inter_spec;
  inter_spec.cn = "Intermediate";
  inter_spec.ca = true;
  inter_spec.not_after = -1 * 86400;
  inter_spec.serial = 3;
  auto inter = make_cert(inter_spec, inter_key.get(), root.get(), root_key.get());
  CertSpec leaf_spec;
  leaf_spec.ips = {"127.0.0.1"};
  leaf_spec.serial = 4;
  auto leaf = make_cert(leaf_spec, leaf_key.get(), inter.get(), inter_key.get());

  const auto issues =
      assess_certificates(received({leaf.get(), inter.get(), root.get()}), "127.0.0.1", now(), 30);
  CHECK(has_issue(issues, CertIssueKind::expired, 1));
  CHECK_FALSE(has_issue(issues, CertIssueKind::expired, 2));
  CHECK(count_issues(issues, CertIssueKind::weak_signature) == 0);  // SHA-1 only on the root
}

TEST_CASE("tls assess: self-signed and unknown issuer are untrusted") {
  auto key = rsa_key(2048);
  CertSpec spec;
  spec.ips = {"127.0.0.1"};
  auto self_signed = make_cert(spec, key.get());
  Store empty(X509_STORE_new());
  TlsHandshakeResult hs = received({self_signed.get()});
  hs.verification = verify_chain(self_signed.get(), nullptr, empty.get());
  auto issues = assess_certificates(hs, "127.0.0.1", now(), 30);
  REQUIRE(issues.size() == 1);
  CHECK(issues.front().kind == CertIssueKind::untrusted);
  CHECK(issues.front().field == "issuer");
  CHECK(issues.front().detail ==
        "The certificate chain does not verify against the trust store: self-signed certificate");

  testing::TestPki pki;
  hs = received({pki.leaf.get()});
  hs.verification = verify_chain(pki.leaf.get(), nullptr, empty.get());
  issues = assess_certificates(hs, "127.0.0.1", now(), 30);
  REQUIRE(issues.size() == 1);
  CHECK(issues.front().kind == CertIssueKind::untrusted);
  CHECK(issues.front().value == "CN=gapscan unit test CA");
}

TEST_CASE("tls assess: wrong host") {
  testing::TestPki pki;
  TlsHandshakeResult hs = received({pki.leaf.get()});
  hs.hostname_match = certificate_matches_host(pki.leaf.get(), "www.example.test");
  const auto issues = assess_certificates(hs, "www.example.test", now(), 30);
  REQUIRE(issues.size() == 1);
  CHECK(issues.front().kind == CertIssueKind::hostname_mismatch);
  CHECK(issues.front().field == "subjectAltName");
  CHECK(issues.front().value == "localhost, 127.0.0.1");
  CHECK(issues.front().detail.find("www.example.test") != std::string::npos);
}

TEST_CASE("tls assess: RSA-1024 leaf is a weak key; SHA-1 leaf and intermediate signatures") {
  testing::TestPki pki;
  auto small = rsa_key(1024);
  CertSpec spec;
  spec.ips = {"127.0.0.1"};
  auto weak = make_cert(spec, small.get(), pki.ca.get(), pki.ca_key.get());
  auto issues = assess_certificates(received({weak.get()}), "127.0.0.1", now(), 30);
  REQUIRE(issues.size() == 1);
  CHECK(issues.front().kind == CertIssueKind::weak_key);
  CHECK(issues.front().value == "RSA 1024 bits");

  auto key = rsa_key(2048);
  spec.md = EVP_sha1();
  auto sha1_leaf = make_cert(spec, key.get(), pki.ca.get(), pki.ca_key.get());
  issues = assess_certificates(received({sha1_leaf.get(), pki.ca.get()}), "127.0.0.1", now(), 30);
  REQUIRE(issues.size() == 1);
  CHECK(issues.front().kind == CertIssueKind::weak_signature);
  CHECK(issues.front().depth == 0);
  CHECK(issues.front().value == "sha1WithRSAEncryption");

  // A SHA-1 signed intermediate is reported at depth 1.
  CertSpec inter_spec;
  inter_spec.cn = "SHA-1 Intermediate";
  inter_spec.ca = true;
  inter_spec.md = EVP_sha1();
  auto inter_key = rsa_key(2048);
  auto inter = make_cert(inter_spec, inter_key.get(), pki.ca.get(), pki.ca_key.get());
  CertSpec leaf_spec;
  leaf_spec.ips = {"127.0.0.1"};
  auto leaf = make_cert(leaf_spec, key.get(), inter.get(), inter_key.get());
  issues = assess_certificates(received({leaf.get(), inter.get()}), "127.0.0.1", now(), 30);
  REQUIRE(issues.size() == 1);
  CHECK(issues.front().kind == CertIssueKind::weak_signature);
  CHECK(issues.front().depth == 1);
  CHECK(issues.front().subject == "CN=SHA-1 Intermediate");
}

TEST_CASE("tls weak_public_key and weak_signature_digest thresholds") {
  CertInfo c;
  c.key_type = "RSA";
  c.key_bits = 2047;
  CHECK(weak_public_key(c));
  c.key_bits = 2048;
  CHECK_FALSE(weak_public_key(c));
  c.key_type = "DSA";
  c.key_bits = 3072;
  CHECK(weak_public_key(c));
  c.key_type = "EC";
  c.key_bits = 192;
  CHECK(weak_public_key(c));
  c.key_bits = 224;
  CHECK_FALSE(weak_public_key(c));
  c.key_type = "ED25519";
  c.key_bits = 253;
  CHECK_FALSE(weak_public_key(c));
  CHECK(weak_signature_digest("SHA1"));
  CHECK(weak_signature_digest("md5"));
  CHECK_FALSE(weak_signature_digest("SHA256"));
  CHECK_FALSE(weak_signature_digest(""));
}

// ----------------------------------------------------------------------------------------------
// Raw ClientHello building and ServerHello parsing (pure)

TEST_CASE("tls build_client_hello: record layout, suites, SNI") {
  const std::uint16_t suites[] = {0x000A, 0xC012};
  const std::string hello = build_client_hello(TlsVersion::tls1_2, suites, "example.test");
  REQUIRE(hello.size() > 50);
  CHECK(hello[0] == '\x16');
  CHECK(hello.substr(1, 2) == std::string("\x03\x01", 2));
  const std::size_t record_len =
      (static_cast<unsigned char>(hello[3]) << 8) | static_cast<unsigned char>(hello[4]);
  CHECK(record_len + 5 == hello.size());
  CHECK(hello[5] == '\x01');
  CHECK(hello.substr(9, 2) == std::string("\x03\x03", 2));
  // session id empty, then the suites (plus the SCSV)
  CHECK(hello[43] == '\0');
  CHECK(hello.substr(44, 2) == std::string("\x00\x06", 2));
  CHECK(hello.substr(46, 6) == std::string("\x00\x0A\xC0\x12\x00\xFF", 6));
  CHECK(hello.find("example.test") != std::string::npos);

  const std::string ssl3 = build_client_hello(TlsVersion::ssl3, suites, "example.test");
  CHECK(ssl3.substr(1, 2) == std::string("\x03\x00", 2));
  CHECK(ssl3.substr(9, 2) == std::string("\x03\x00", 2));
  CHECK(ssl3.find("example.test") == std::string::npos);  // no extensions in SSLv3
}

TEST_CASE("tls parse_server_hello: hello, alert, partial, garbage") {
  const std::string hello = testing::server_hello_record(0x0303, 0x000A);
  ServerHelloParse p = parse_server_hello(hello);
  CHECK(p.state == ServerHelloParse::State::server_hello);
  CHECK(p.version == 0x0303);
  CHECK(p.cipher == 0x000A);

  CHECK(parse_server_hello(hello.substr(0, 20)).state == ServerHelloParse::State::need_more);
  CHECK(parse_server_hello("").state == ServerHelloParse::State::need_more);

  p = parse_server_hello(std::string("\x15\x03\x03\x00\x02\x02\x28", 7));
  CHECK(p.state == ServerHelloParse::State::alert);
  CHECK(p.alert_level == 2);
  CHECK(p.alert_description == 40);

  CHECK(parse_server_hello("HTTP/1.1 400 Bad Request\r\n\r\n").state ==
        ServerHelloParse::State::garbage);
  // A certificate message first is not a ServerHello.
  std::string wrong = hello;
  wrong[5] = '\x0b';
  CHECK(parse_server_hello(wrong).state == ServerHelloParse::State::garbage);

  // The ServerHello split over two records.
  const std::string body = hello.substr(5);
  std::string split;
  split += std::string("\x16\x03\x03\x00\x0A", 5) + body.substr(0, 10);
  const std::size_t rest = body.size() - 10;
  split += std::string("\x16\x03\x03", 3) + static_cast<char>(rest >> 8) +
           static_cast<char>(rest & 0xFF) + body.substr(10);
  p = parse_server_hello(split);
  CHECK(p.state == ServerHelloParse::State::server_hello);
  CHECK(p.cipher == 0x000A);
}

TEST_CASE("tls cipher_suite_name") {
  CHECK(cipher_suite_name(0x000A) == "TLS_RSA_WITH_3DES_EDE_CBC_SHA");
  CHECK(cipher_suite_name(0xC011) == "TLS_ECDHE_RSA_WITH_RC4_128_SHA");
  CHECK(cipher_suite_name(0x1301) == "0x1301");
}

// ----------------------------------------------------------------------------------------------
// Network: raw hello and handshakes against servers on 127.0.0.1

TEST_CASE("tls raw_hello: a ServerHello choosing an offered suite is acceptance") {
  testing::RawTcpServer server(testing::server_hello_record(0x0303, 0x000A));
  const std::uint16_t suites[] = {0x0009, 0x000A};
  const RawHelloResult r =
      raw_hello("127.0.0.1", server.port(), TlsVersion::tls1_2, suites, std::chrono::seconds(5));
  CHECK(r.connected);
  CHECK(r.answered);
  CHECK(r.accepted);
  CHECK(r.cipher == 0x000A);
  // The server saw a ClientHello offering exactly those suites.
  const std::string seen = server.first_bytes();
  REQUIRE(seen.size() > 52);
  CHECK(seen.substr(44, 8) == std::string("\x00\x06\x00\x09\x00\x0A\x00\xFF", 8));
}

TEST_CASE("tls raw_hello: an unoffered suite, an SSLv3 probe answered with TLS, an alert") {
  const std::uint16_t suites[] = {0x000A};
  {
    testing::RawTcpServer server(testing::server_hello_record(0x0303, 0xC02F));
    const auto r =
        raw_hello("127.0.0.1", server.port(), TlsVersion::tls1_2, suites, std::chrono::seconds(5));
    CHECK(r.answered);
    CHECK_FALSE(r.accepted);
  }
  {
    testing::RawTcpServer server(testing::server_hello_record(0x0303, 0x000A));
    const auto r =
        raw_hello("127.0.0.1", server.port(), TlsVersion::ssl3, suites, std::chrono::seconds(5));
    CHECK(r.answered);
    CHECK_FALSE(r.accepted);
  }
  {
    testing::RawTcpServer server(testing::server_hello_record(0x0300, 0x000A));
    const auto r =
        raw_hello("127.0.0.1", server.port(), TlsVersion::ssl3, suites, std::chrono::seconds(5));
    CHECK(r.accepted);
    CHECK(r.version == 0x0300);
  }
  {
    testing::RawTcpServer server(std::string("\x15\x03\x03\x00\x02\x02\x46", 7));
    const auto r =
        raw_hello("127.0.0.1", server.port(), TlsVersion::tls1_2, suites, std::chrono::seconds(5));
    CHECK(r.answered);
    CHECK_FALSE(r.accepted);
    CHECK(r.error == "alert protocol_version");
  }
}

TEST_CASE("tls raw_hello and handshake are bounded by the timeout") {
  testing::RawTcpServer silent("");
  const std::uint16_t suites[] = {0x000A};
  auto started = std::chrono::steady_clock::now();
  const auto r = raw_hello("127.0.0.1", silent.port(), TlsVersion::tls1_2, suites,
                           std::chrono::milliseconds(300));
  CHECK(r.connected);
  CHECK_FALSE(r.answered);
  CHECK(r.error.find("timed out") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));

  TlsProbeOptions o;
  o.timeout = std::chrono::milliseconds(300);
  started = std::chrono::steady_clock::now();
  const TlsHandshakeResult hs = handshake("127.0.0.1", silent.port(), o);
  CHECK_FALSE(hs.ok);
  CHECK(hs.connected);
  CHECK(hs.timed_out);
  CHECK(hs.error.find("handshake") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));
}

TEST_CASE("tls handshake: refused connection, SSLv3 not testable, bad cipher list") {
  const TlsHandshakeResult refused = handshake("127.0.0.1", closed_port(), {});
  CHECK_FALSE(refused.ok);
  CHECK_FALSE(refused.connected);
  CHECK_FALSE(refused.error.empty());

  TlsProbeOptions ssl3;
  ssl3.min_version = ssl3.max_version = TlsVersion::ssl3;
  const TlsHandshakeResult s3 = handshake("127.0.0.1", closed_port(), ssl3);
#ifdef OPENSSL_NO_SSL3_METHOD
  CHECK(s3.not_testable);
  CHECK(s3.error.find("SSLv3") != std::string::npos);
#endif
  CHECK_FALSE(s3.ok);

  TlsProbeOptions bogus;
  bogus.max_version = TlsVersion::tls1_2;
  bogus.cipher_list = "NO-SUCH-CIPHER";
  const TlsHandshakeResult b = handshake("127.0.0.1", closed_port(), bogus);
  CHECK(b.not_testable);
  CHECK_FALSE(b.connected);
}

TEST_CASE("tls handshake: a modern server, chain, verification and host match") {
  testing::TestPki pki;
  testing::TestTlsServer server(pki.leaf.get(), pki.leaf_key.get(), [](SSL_CTX* c) {
    SSL_CTX_set_min_proto_version(c, TLS1_2_VERSION);
    SSL_CTX_set_cipher_list(c, "ECDHE+AESGCM");
  });
  Store trusted = store_with(pki.ca.get());
  TlsProbeOptions o;
  o.trust_store = trusted.get();
  const TlsHandshakeResult r = handshake("127.0.0.1", server.port(), o);
  REQUIRE_MESSAGE(r.ok, r.error);
  CHECK(r.connected);
  CHECK(r.protocol == "TLSv1.3");
  CHECK(r.key_exchange == KeyExchange::tls13);
  CHECK(forward_secret(r.key_exchange));
  CHECK_FALSE(r.cipher.empty());
  CHECK_FALSE(r.cbc);
  CHECK(r.sni.empty());  // IP literal: no SNI
  REQUIRE(r.chain.size() == 1);
  CHECK(r.chain.front().subject == "CN=127.0.0.1");
  CHECK(r.verification.ok());
  CHECK(r.hostname_checked);
  CHECK(r.hostname_match);

  o.max_version = TlsVersion::tls1_2;
  const TlsHandshakeResult r12 = handshake("127.0.0.1", server.port(), o);
  REQUIRE_MESSAGE(r12.ok, r12.error);
  CHECK(r12.protocol == "TLSv1.2");
  CHECK(r12.key_exchange == KeyExchange::ecdhe);
  CHECK(r12.cipher.find("GCM") != std::string::npos);

  o.min_version = o.max_version = TlsVersion::tls1_0;
  const TlsHandshakeResult r10 = handshake("127.0.0.1", server.port(), o);
  CHECK_FALSE(r10.ok);
  CHECK(r10.connected);
  CHECK_FALSE(r10.timed_out);
  CHECK_FALSE(r10.error.empty());

  // By name, connecting to a given address: SNI is sent and the SAN DNS entry matches; the
  // system store does not know the test CA.
  TlsProbeOptions by_name;
  by_name.extra_ca_file = "/nonexistent/gapscan-ca.pem";
  by_name.addresses = {"127.0.0.1"};
  const TlsHandshakeResult named = handshake("localhost", server.port(), by_name);
  REQUIRE_MESSAGE(named.ok, named.error);
  CHECK(named.sni == "localhost");
  CHECK(named.hostname_match);
  CHECK(named.verification.performed);
  CHECK_FALSE(named.verification.ok());
}

TEST_CASE("tls resolve_addresses: literals pass through, failures are bounded") {
  ResolvedAddresses r = resolve_addresses("127.0.0.1", std::chrono::seconds(1));
  CHECK(r.error.empty());
  CHECK(r.addresses == std::vector<std::string>{"127.0.0.1"});
  r = resolve_addresses("::1", std::chrono::seconds(1));
  CHECK(r.addresses == std::vector<std::string>{"::1"});

  r = resolve_addresses("localhost", std::chrono::seconds(5));
  CHECK(r.error.empty());
  CHECK_FALSE(r.addresses.empty());

  // No DNS here: either a quick failure or the bounded wait runs out; never a long block.
  const auto started = std::chrono::steady_clock::now();
  r = resolve_addresses("gapscan-no-such-host.invalid", std::chrono::milliseconds(500));
  CHECK_FALSE(r.error.empty());
  CHECK(r.addresses.empty());
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));

  TlsProbeOptions o;
  o.timeout = std::chrono::milliseconds(500);
  const TlsHandshakeResult hs = handshake("gapscan-no-such-host.invalid", 443, o);
  CHECK_FALSE(hs.ok);
  CHECK_FALSE(hs.connected);
  CHECK(hs.error.starts_with("resolve: "));
}

TEST_CASE("tls probe_posture: modern server") {
  testing::TestPki pki;
  testing::TestTlsServer server(pki.leaf.get(), pki.leaf_key.get(), [](SSL_CTX* c) {
    SSL_CTX_set_min_proto_version(c, TLS1_2_VERSION);
    SSL_CTX_set_cipher_list(c, "ECDHE+AESGCM:ECDHE+CHACHA20");
  });
  const TlsPosture p = probe_posture("127.0.0.1", server.port());
  CHECK(p.reachable);
  CHECK(p.error.empty());
  CHECK(p.handshakes <= 15);
  CHECK(p.baseline.ok);
  REQUIRE(p.protocols.size() == 5);
  CHECK(p.protocol("SSLv3")->outcome == ProbeOutcome::rejected);
  CHECK(p.protocol("SSLv3")->raw);
  CHECK(p.protocol("TLSv1.0")->outcome == ProbeOutcome::rejected);
  CHECK(p.protocol("TLSv1.1")->outcome == ProbeOutcome::rejected);
  CHECK(p.protocol("TLSv1.2")->outcome == ProbeOutcome::accepted);
  CHECK(p.protocol("TLSv1.3")->outcome == ProbeOutcome::accepted);
  REQUIRE(p.weak_ciphers.size() == 6);
  for (const ProbeResult& w : p.weak_ciphers) {
    INFO(w.name << ": " << w.detail);
    CHECK(w.outcome == ProbeOutcome::rejected);
  }
  CHECK(p.weak_cipher(kFamilyRc4)->raw);
  CHECK(p.non_forward_secret.outcome == ProbeOutcome::rejected);
  CHECK(p.forward_secret_only.outcome == ProbeOutcome::accepted);
  REQUIRE(p.certificates() != nullptr);
  CHECK(p.certificates()->chain.front().subject == "CN=127.0.0.1");
}

TEST_CASE("tls probe_posture: legacy server (TLS 1.0, NULL, anonymous, RSA key exchange)") {
  testing::TestPki pki;
  testing::TestTlsServer server(pki.leaf.get(), pki.leaf_key.get(), [](SSL_CTX* c) {
    SSL_CTX_set_security_level(c, 0);
    SSL_CTX_set_min_proto_version(c, TLS1_VERSION);
    SSL_CTX_set_max_proto_version(c, TLS1_2_VERSION);
    SSL_CTX_set_cipher_list(c, "ALL:COMPLEMENTOFALL:@SECLEVEL=0");
  });
  const TlsPosture p = probe_posture("127.0.0.1", server.port());
  CHECK(p.reachable);
  CHECK(p.handshakes <= 15);
  CHECK(p.protocol("TLSv1.0")->outcome == ProbeOutcome::accepted);
  CHECK(p.protocol("TLSv1.1")->outcome == ProbeOutcome::accepted);
  CHECK(p.protocol("TLSv1.2")->outcome == ProbeOutcome::accepted);
  CHECK(p.protocol("TLSv1.3")->outcome == ProbeOutcome::rejected);
  CHECK(p.weak_cipher(kFamilyNull)->outcome == ProbeOutcome::accepted);
  CHECK(p.weak_cipher(kFamilyAnonymous)->outcome == ProbeOutcome::accepted);
  CHECK(p.weak_cipher(kFamilyCbcTls10)->outcome == ProbeOutcome::accepted);
  CHECK(p.weak_cipher(kFamilyCbcTls10)->protocol == "TLSv1.0");
  // This OpenSSL (server and client) has no RC4/3DES: the raw probes find them refused.
  CHECK(p.weak_cipher(kFamilyRc4)->outcome == ProbeOutcome::rejected);
  CHECK(p.weak_cipher(kFamilyDes)->outcome == ProbeOutcome::rejected);
  CHECK(p.weak_cipher(kFamilyExport)->outcome == ProbeOutcome::rejected);
  CHECK(p.non_forward_secret.outcome == ProbeOutcome::accepted);
  CHECK(p.forward_secret_only.outcome == ProbeOutcome::accepted);
}

TEST_CASE("tls probe_posture: nothing listening gives an unreachable posture quickly") {
  TlsPostureOptions o;
  o.handshake_timeout = std::chrono::milliseconds(500);
  const TlsPosture p = probe_posture("127.0.0.1", closed_port(), o);
  CHECK_FALSE(p.reachable);
  CHECK_FALSE(p.error.empty());
  CHECK(p.handshakes == 1);
  CHECK(p.protocols.size() == 5);
  CHECK(p.protocol("TLSv1.2")->outcome == ProbeOutcome::skipped);
  CHECK(p.certificates() == nullptr);
}

TEST_CASE("tls postures: one probe per host:port per scan, shared") {
  testing::TestPki pki;
  testing::TestTlsServer server(pki.leaf.get(), pki.leaf_key.get(), [](SSL_CTX* c) {
    SSL_CTX_set_min_proto_version(c, TLS1_2_VERSION);
  });
  TlsPostures postures;
  std::vector<const TlsPosture*> seen(4, nullptr);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&, i] { seen[i] = &postures.get("127.0.0.1", server.port()); });
  }
  for (auto& t : threads) t.join();
  for (const TlsPosture* p : seen) CHECK(p == seen.front());
  const int after_first = server.handshakes();
  CHECK(&postures.get("127.0.0.1", server.port()) == seen.front());
  CHECK(server.handshakes() == after_first);
  CHECK(seen.front()->reachable);

  // Another scan probes again: nothing is shared across scans.
  TlsPostures next_scan;
  CHECK(next_scan.get("127.0.0.1", server.port()).reachable);
  CHECK(server.handshakes() > after_first);

  TlsPosture fake;
  fake.host = "seeded.invalid";
  fake.port = 443;
  fake.reachable = true;
  fake.handshakes = 7;
  postures.seed(fake);
  const TlsPosture& seeded = postures.get("SEEDED.invalid", 443);
  CHECK(seeded.handshakes == 7);
  // Clearing forgets the entries but keeps handed-out references valid.
  postures.clear();
  CHECK(seeded.handshakes == 7);
  CHECK(seen.front()->reachable);
  const int before = server.handshakes();
  CHECK(&postures.get("127.0.0.1", server.port()) != seen.front());
  CHECK(server.handshakes() > before);
}

TEST_CASE("tls proxy URLs: http proxies with credentials; SOCKS refused") {
  std::string why;
  auto p = parse_tls_proxy("http://user:p%40ss@proxy.example:3128/", &why);
  REQUIRE(p);
  CHECK(p->host == "proxy.example");
  CHECK(p->port == 3128);
  CHECK(p->authorization == "Basic " + base64_encode("user:p@ss"));
  p = parse_tls_proxy("127.0.0.1", &why);  // no scheme: http, libcurl's default port
  REQUIRE(p);
  CHECK(p->port == 1080);
  CHECK(p->authorization.empty());
  p = parse_tls_proxy("http://[::1]:8080", &why);
  REQUIRE(p);
  CHECK(p->host == "::1");
  CHECK(p->port == 8080);
  CHECK_FALSE(parse_tls_proxy("socks5://127.0.0.1:1080", &why));
  CHECK(why.find("socks5://") != std::string::npos);
  CHECK_FALSE(parse_tls_proxy("http://h:99999", &why));
  CHECK_FALSE(parse_tls_proxy("http://:80", &why));
}

TEST_CASE("tls proxy from the environment, as libcurl: https_proxy unless no_proxy") {
  ::setenv("https_proxy", "http://127.0.0.1:3128", 1);
  ::setenv("no_proxy", "internal.example, .corp.example", 1);
  CHECK(environment_proxy_for("www.example.com") == "http://127.0.0.1:3128");
  CHECK(environment_proxy_for("internal.example").empty());
  CHECK(environment_proxy_for("a.corp.example").empty());
  CHECK(environment_proxy_for("corp.example").empty());
  CHECK(environment_proxy_for("xcorp.example") == "http://127.0.0.1:3128");
  ::setenv("no_proxy", "*", 1);
  CHECK(environment_proxy_for("www.example.com").empty());
  ::unsetenv("https_proxy");
  ::unsetenv("no_proxy");
  CHECK(environment_proxy_for("www.example.com").empty());
}

TEST_CASE("tls probes tunnel through an HTTP proxy with CONNECT") {
  testing::TestPki pki;
  testing::TestTlsServer server(pki.leaf.get(), pki.leaf_key.get(), [](SSL_CTX* c) {
    SSL_CTX_set_min_proto_version(c, TLS1_2_VERSION);
  });
  testing::TestConnectProxy proxy;  // forwards any CONNECT to the server's port
  proxy.forward_port = server.port();
  proxy.start();
  TlsProbeOptions o;
  o.timeout = std::chrono::milliseconds(3000);
  o.proxy = TlsProxy{"127.0.0.1", proxy.port(), "Basic dTpw"};
  // Port 9 has nothing behind it: only the tunnel reaches the server.
  const TlsHandshakeResult r = handshake("127.0.0.1", 9, o);
  CHECK(r.ok);
  CHECK(r.protocol == "TLSv1.3");
  REQUIRE(proxy.requests().size() == 1);
  CHECK(proxy.requests()[0].find("CONNECT 127.0.0.1:9 HTTP/1.1\r\n") == 0);
  CHECK(proxy.requests()[0].find("Proxy-Authorization: Basic dTpw\r\n") != std::string::npos);

  {
    testing::RawTcpServer raw_server(testing::server_hello_record(0x0303, 0x000A));
    testing::TestConnectProxy raw_proxy;
    raw_proxy.forward_port = raw_server.port();
    raw_proxy.start();
    const TlsProxy via{"127.0.0.1", raw_proxy.port(), ""};
    const std::uint16_t suites[] = {0x0009, 0x000A};
    const RawHelloResult raw =
        raw_hello("127.0.0.1", 9, TlsVersion::tls1_2, suites, std::chrono::seconds(3), {}, &via);
    CHECK(raw.connected);
    CHECK(raw.accepted);
    CHECK(raw.cipher == 0x000A);
    REQUIRE(raw_proxy.requests().size() == 1);
    CHECK(raw_proxy.requests()[0].find("Proxy-Authorization") == std::string::npos);
  }

  TlsPostureOptions po;
  po.proxy_url = "http://127.0.0.1:" + std::to_string(proxy.port());
  TlsPostures postures(po);
  const TlsPosture& p = postures.get("127.0.0.1", 9);
  CHECK(p.reachable);
  CHECK(p.protocol("TLSv1.2")->outcome == ProbeOutcome::accepted);

  proxy.refuse = true;  // a 407 from the proxy is an error, not a TLS answer
  const TlsHandshakeResult refused = handshake("127.0.0.1", 9, o);
  CHECK_FALSE(refused.ok);
  CHECK(refused.error.find("proxy CONNECT: the proxy answered \"HTTP/1.1 407") == 0);

  TlsPostureOptions socks;
  socks.proxy_url = "socks5://127.0.0.1:1080";
  TlsPostures none(socks);
  const TlsPosture& q = none.get("127.0.0.1", server.port());
  CHECK_FALSE(q.reachable);
  CHECK(q.error.find("not probed: the TLS probes tunnel only through http:// proxies") !=
        std::string::npos);
}

}  // namespace
}  // namespace gapscan
