// TLS posture probing: blocking TLS handshakes straight on OpenSSL (through an Asio TLS stream,
// not libcurl) with the client's security level lowered so that obsolete protocols and weak
// ciphers can be negotiated and therefore detected, plus certificate analysis.
//
// Every handshake runs on its own io_context and is bounded by a timeout (resolve + connect +
// handshake). Nothing here throws.
//
// Trust: certificates are verified against the system trust store
// (SSL_CTX_set_default_verify_paths). The environment variable GAPSCAN_EXTRA_CA_FILE may name a
// PEM file of extra trusted CAs (an internal CA, or the test CA of the integration tests).
//
// Ciphers the local OpenSSL build cannot offer (Debian's OpenSSL 3 has no SSLv3, EXPORT, RC4,
// DES or 3DES) are probed with a hand-built ClientHello instead ("raw hello"): the server's
// ServerHello choosing one of the offered suites proves it accepts that suite; the handshake
// is not completed.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/types.h>
#include <openssl/x509.h>

namespace gapscan {

enum class TlsVersion { ssl3, tls1_0, tls1_1, tls1_2, tls1_3 };

// "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3".
std::string_view to_string(TlsVersion v);

enum class KeyExchange { unknown, rsa, dhe, ecdhe, tls13, psk, other };
std::string_view to_string(KeyExchange k);
// ECDHE, DHE and TLS 1.3 key exchanges are forward secret; RSA and plain PSK are not.
bool forward_secret(KeyExchange k);

// What one certificate says, read once so that the checks never touch OpenSSL objects.
struct CertInfo {
  std::string subject;  // RFC 2253, e.g. "CN=example.com,O=Example"
  std::string issuer;
  std::string serial;      // hex
  std::string not_before;  // "2025-01-31T12:00:00Z"
  std::string not_after;
  std::int64_t not_before_epoch = 0;  // seconds since 1970 (UTC)
  std::int64_t not_after_epoch = 0;
  std::vector<std::string> san_dns;
  std::vector<std::string> san_ip;
  std::string key_type;  // "RSA", "RSA-PSS", "EC", "DSA", "ED25519", "ED448", "DH", ...
  int key_bits = 0;
  std::string ec_curve;             // OpenSSL group name, e.g. "prime256v1"; empty unless EC
  std::string signature_algorithm;  // e.g. "sha256WithRSAEncryption"
  std::string signature_digest;     // e.g. "SHA256", "SHA1", "MD5"; empty when not applicable
  bool self_signed = false;         // subject == issuer (and matching key ids)
  bool is_ca = false;
  std::string sha256_fingerprint;  // hex, upper-case, colon-free
};

// Reads a certificate (never null). Pure: no network, no trust store.
CertInfo describe_certificate(X509* cert);

// Name match as browsers do it: IP literals against SAN IP entries, names against SAN DNS
// entries (wildcards in the leftmost label); the subject CN is never consulted.
bool certificate_matches_host(X509* cert, std::string_view host);

// Chain verification against a trust store, ignoring validity dates (those are assessed on
// their own so that an expired certificate is not also reported as untrusted).
struct ChainVerification {
  bool performed = false;
  long code = 0;      // X509_V_OK (0) when trusted
  std::string error;  // X509_verify_cert_error_string(code); empty when trusted
  int error_depth = -1;
  bool ok() const { return performed && code == 0; }
};

// The system trust store plus `extra_ca_file` (a PEM bundle) when not empty. Owned by the
// caller (X509_STORE_free); null on allocation failure.
X509_STORE* new_trust_store(const std::string& extra_ca_file);
// The extra CA file from GAPSCAN_EXTRA_CA_FILE, or empty.
std::string extra_ca_file_from_env();

// Verifies `leaf` with `untrusted` as the intermediates the server sent (may be null).
ChainVerification verify_chain(X509* leaf, STACK_OF(X509) * untrusted, X509_STORE* store);

// Name resolution bounded by `timeout`: getaddrinfo runs on a helper thread that is left to
// finish on its own if it overruns (Asio's resolver cannot be interrupted). IP literals are
// returned as they are.
struct ResolvedAddresses {
  std::vector<std::string> addresses;  // numeric, in getaddrinfo order, no duplicates
  std::string error;
  bool timed_out = false;
};
ResolvedAddresses resolve_addresses(const std::string& host, std::chrono::milliseconds timeout);

// An http:// proxy the probes tunnel through with CONNECT (as libcurl does for https URLs).
struct TlsProxy {
  std::string host;
  int port = 0;
  std::string authorization;  // "Basic ..." from the URL's user:password; empty without
};

// The proxy of an `--proxy`-style URL: "http://[user:pass@]host[:port]" (port 1080 by
// default, as libcurl). nullopt with *error set for a scheme the probes cannot tunnel through
// (socks4/5, https proxies) or a malformed URL.
std::optional<TlsProxy> parse_tls_proxy(std::string_view url, std::string* error);

// The proxy libcurl would use for an https URL to `host` when no --proxy is given: https_proxy,
// HTTPS_PROXY, all_proxy, ALL_PROXY, unless no_proxy/NO_PROXY lists the host ("*", a host
// name, or a domain suffix). Empty when none applies.
std::string environment_proxy_for(std::string_view host);

struct TlsProbeOptions {
  std::chrono::milliseconds timeout{5000};  // resolve + connect + handshake, all together
  // Numeric addresses to connect to instead of resolving the host (the posture resolves once);
  // the host name is still used for SNI and the name check.
  std::vector<std::string> addresses;
  TlsVersion min_version = TlsVersion::tls1_0;
  TlsVersion max_version = TlsVersion::tls1_3;
  // OpenSSL cipher list for TLS <= 1.2; "@SECLEVEL=0" is appended.
  std::string cipher_list = "ALL:COMPLEMENTOFALL";
  // TLS 1.3 ciphersuites; empty = OpenSSL's default set.
  std::string ciphersuites;
  // Trust store for verification; when null a store is built for this handshake from the
  // system paths and extra_ca_file (or GAPSCAN_EXTRA_CA_FILE when that is empty too).
  X509_STORE* trust_store = nullptr;
  std::string extra_ca_file;
  // When set, the connection is a CONNECT tunnel through this proxy and `addresses` are ignored
  // (the proxy resolves the host).
  std::optional<TlsProxy> proxy;
};

struct TlsHandshakeResult {
  bool ok = false;              // handshake completed
  bool connected = false;       // TCP connection established
  bool not_testable = false;    // the local OpenSSL cannot offer what was asked (no handshake)
  std::string protocol;         // "TLSv1.0" ... "TLSv1.3"
  std::string cipher;           // OpenSSL name, e.g. "ECDHE-RSA-AES128-GCM-SHA256"
  std::string cipher_standard;  // IANA name, e.g. "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"
  KeyExchange key_exchange = KeyExchange::unknown;
  std::string kx_group;         // negotiated group ("X25519", "secp256r1"), when known
  bool cbc = false;             // the negotiated cipher is a block cipher in CBC mode
  std::vector<CertInfo> chain;  // as sent by the server, leaf first
  ChainVerification verification;
  bool hostname_checked = false;  // false when there is no certificate
  bool hostname_match = false;
  std::string sni;  // server name sent; empty for IP literals
  bool timed_out = false;
  std::string error;
  double elapsed_ms = 0;
};

// One handshake. Never throws; errors end up in `error`.
TlsHandshakeResult handshake(const std::string& host, int port, const TlsProbeOptions& options);

// --- Raw ClientHello probing, for what the local OpenSSL cannot offer. ---

// A TLS ClientHello record offering exactly `suites` (plus the renegotiation SCSV). For
// TLSv1.0+ it carries SNI (when `sni` is not empty), supported groups, point formats and
// signature algorithms; an SSLv3 hello carries no extensions.
std::string build_client_hello(TlsVersion version, std::span<const std::uint16_t> suites,
                               std::string_view sni);

struct ServerHelloParse {
  enum class State { need_more, server_hello, alert, garbage } state = State::need_more;
  std::uint16_t version = 0;  // ServerHello.server_version
  std::uint16_t cipher = 0;
  int alert_level = 0;
  int alert_description = 0;
};

// Reads the server's first flight (records concatenated as received).
ServerHelloParse parse_server_hello(std::string_view bytes);

struct RawHelloResult {
  bool connected = false;
  bool answered = false;  // a ServerHello or an alert arrived
  bool accepted = false;  // ServerHello at the offered version with one of the offered suites
  std::uint16_t version = 0;
  std::uint16_t cipher = 0;
  std::string error;  // alert or transport error text
};

// `addresses` as in TlsProbeOptions; the timeout covers resolve, connect and the answer.
RawHelloResult raw_hello(const std::string& host, int port, TlsVersion version,
                         std::span<const std::uint16_t> suites, std::chrono::milliseconds timeout,
                         const std::vector<std::string>& addresses = {},
                         const TlsProxy* proxy = nullptr);

// IANA name of a cipher suite id for the suites the raw probes use ("0x000A" otherwise).
std::string cipher_suite_name(std::uint16_t id);

// --- Posture: a bounded set of handshakes per origin. ---

enum class ProbeOutcome { accepted, rejected, not_testable, failed, skipped };
std::string_view to_string(ProbeOutcome o);

struct ProbeResult {
  std::string name;  // protocol ("TLSv1.0") or cipher family ("RC4")
  ProbeOutcome outcome = ProbeOutcome::skipped;
  std::string protocol;  // negotiated, when accepted
  std::string cipher;    // negotiated, when accepted
  std::string detail;    // why rejected / not testable / failed, or how it was tested
  bool raw = false;      // tested with a raw ClientHello rather than a full handshake
};

// Weak cipher families, in the order they are probed.
inline constexpr std::string_view kFamilyNull = "NULL";
inline constexpr std::string_view kFamilyAnonymous = "aNULL";
inline constexpr std::string_view kFamilyExport = "EXPORT";
inline constexpr std::string_view kFamilyRc4 = "RC4";
inline constexpr std::string_view kFamilyDes = "DES/3DES";
inline constexpr std::string_view kFamilyCbcTls10 = "CBC with TLSv1.0";

struct TlsPostureOptions {
  std::chrono::milliseconds handshake_timeout{5000};
  std::chrono::milliseconds total_budget{45000};  // later probes are skipped past this
  std::string extra_ca_file;                      // default: GAPSCAN_EXTRA_CA_FILE
  // TlsPostures picks the proxy of each host from these (the scan's --proxy, or libcurl's
  // environment variables when it has none) ...
  std::string proxy_url;
  bool proxy_from_environment = false;
  // ... and probe_posture uses the result: every handshake tunnels through `proxy`; with
  // `unusable_proxy` set nothing is probed (the proxy cannot carry the probes; it says why).
  std::optional<TlsProxy> proxy;
  std::string unusable_proxy;
};

struct TlsPosture {
  std::string host;
  int port = 0;
  bool reachable = false;  // some handshake reached the server
  bool budget_exhausted = false;
  int handshakes = 0;                     // connections made, full and raw
  std::int64_t probed_at = 0;             // epoch seconds, the "now" of certificate assessment
  TlsHandshakeResult baseline;            // TLSv1.0-1.3, every cipher
  std::vector<ProbeResult> protocols;     // SSLv3, TLSv1.0, TLSv1.1, TLSv1.2, TLSv1.3
  std::vector<ProbeResult> weak_ciphers;  // the families above
  ProbeResult non_forward_secret;         // RSA key exchange only (TLS <= 1.2)
  ProbeResult forward_secret_only;        // ECDHE/DHE only, plus TLS 1.3
  // When the baseline handshake failed: the first protocol probe that completed with a chain.
  std::optional<TlsHandshakeResult> chain_fallback;
  std::string error;

  // Some handshake (baseline or a pinned protocol) completed.
  bool any_handshake_completed() const;
  const ProbeResult* protocol(std::string_view name) const;
  const ProbeResult* weak_cipher(std::string_view family) const;
  // The completed handshake whose certificate chain the checks assess, or null.
  const TlsHandshakeResult* certificates() const;
};

TlsPosture probe_posture(const std::string& host, int port, const TlsPostureOptions& options = {});

// The postures of one scan, one per host:port: the first caller probes, concurrent and later
// callers wait for and share that result. Thread-safe; references stay valid while it lives.
class TlsPostures {
 public:
  explicit TlsPostures(TlsPostureOptions options = {});
  ~TlsPostures();
  TlsPostures(const TlsPostures&) = delete;
  TlsPostures& operator=(const TlsPostures&) = delete;

  const TlsPosture& get(const std::string& host, int port);
  // Unit tests: a posture to hand out instead of probing.
  void seed(TlsPosture posture);
  // Forgets every posture (later calls probe again); earlier references stay valid.
  void clear();

 private:
  struct Entry;
  TlsPostureOptions options_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<Entry>> entries_;
  std::vector<std::shared_ptr<Entry>> replaced_;  // keeps old references valid
};

// --- Certificate assessment (pure). ---

enum class CertIssueKind {
  expired,
  not_yet_valid,
  expiring,
  untrusted,
  hostname_mismatch,
  weak_key,
  weak_signature
};

struct CertIssue {
  CertIssueKind kind;
  int depth = 0;        // 0 = leaf
  std::string subject;  // of the certificate concerned
  std::string field;    // "notAfter", "subjectAltName", "public key", ...
  std::string value;    // the field's value
  std::string detail;   // explanation for the finding
};

// Assesses the chain of a completed handshake as seen at `now` (epoch seconds): validity
// dates (leaf and intermediates; a root the server sends is ignored), trust, name match with
// `host`, key strength (RSA/DH < 2048 bits, DSA, EC < 224 bits) and signature digests
// (MD2/MD4/MD5/SHA-1 on the leaf or intermediates, never on a self-signed root).
std::vector<CertIssue> assess_certificates(const TlsHandshakeResult& hs, std::string_view host,
                                           std::int64_t now, int expiring_days);

// Helpers the assessment uses, exposed for tests.
bool weak_public_key(const CertInfo& cert);
bool weak_signature_digest(std::string_view digest);

}  // namespace gapscan
