#include "checks/tls/tls_probe.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <cctype>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>

#include "scanner/base/text.h"

namespace gapscan {

namespace asio = boost::asio;
using asio::ip::tcp;

// ---------------------------------------------------------------------------------------------
// Names and small helpers.

std::string_view to_string(TlsVersion v) {
  switch (v) {
    case TlsVersion::ssl3:
      return "SSLv3";
    case TlsVersion::tls1_0:
      return "TLSv1.0";
    case TlsVersion::tls1_1:
      return "TLSv1.1";
    case TlsVersion::tls1_2:
      return "TLSv1.2";
    case TlsVersion::tls1_3:
      return "TLSv1.3";
  }
  return "?";
}

std::string_view to_string(KeyExchange k) {
  switch (k) {
    case KeyExchange::unknown:
      return "unknown";
    case KeyExchange::rsa:
      return "RSA";
    case KeyExchange::dhe:
      return "DHE";
    case KeyExchange::ecdhe:
      return "ECDHE";
    case KeyExchange::tls13:
      return "TLS 1.3 (EC)DHE";
    case KeyExchange::psk:
      return "PSK";
    case KeyExchange::other:
      return "other";
  }
  return "?";
}

bool forward_secret(KeyExchange k) {
  return k == KeyExchange::dhe || k == KeyExchange::ecdhe || k == KeyExchange::tls13;
}

std::string_view to_string(ProbeOutcome o) {
  switch (o) {
    case ProbeOutcome::accepted:
      return "accepted";
    case ProbeOutcome::rejected:
      return "rejected";
    case ProbeOutcome::not_testable:
      return "not testable";
    case ProbeOutcome::failed:
      return "failed";
    case ProbeOutcome::skipped:
      return "skipped";
  }
  return "?";
}

namespace {

struct X509StoreFree {
  void operator()(X509_STORE* s) const { X509_STORE_free(s); }
};
using StorePtr = std::unique_ptr<X509_STORE, X509StoreFree>;

int openssl_version(TlsVersion v) {
  switch (v) {
    case TlsVersion::ssl3:
      return SSL3_VERSION;
    case TlsVersion::tls1_0:
      return TLS1_VERSION;
    case TlsVersion::tls1_1:
      return TLS1_1_VERSION;
    case TlsVersion::tls1_2:
      return TLS1_2_VERSION;
    case TlsVersion::tls1_3:
      return TLS1_3_VERSION;
  }
  return 0;
}

std::uint16_t wire_version(TlsVersion v) { return static_cast<std::uint16_t>(openssl_version(v)); }

std::string version_name(std::uint16_t wire) {
  switch (wire) {
    case 0x0300:
      return "SSLv3";
    case 0x0301:
      return "TLSv1.0";
    case 0x0302:
      return "TLSv1.1";
    case 0x0303:
      return "TLSv1.2";
    case 0x0304:
      return "TLSv1.3";
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%04X", wire);
  return buf;
}

// OpenSSL says "TLSv1" for TLS 1.0; we say "TLSv1.0" everywhere.
std::string normalize_protocol(std::string_view p) {
  if (p == "TLSv1") return "TLSv1.0";
  return std::string(p);
}

bool is_ip_literal(std::string_view host) {
  boost::system::error_code ec;
  asio::ip::make_address(std::string(host), ec);
  return !ec;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return n > 0 && data != nullptr ? std::string(data, static_cast<std::size_t>(n)) : std::string();
}

std::string name_text(const X509_NAME* name) {
  if (name == nullptr) return {};
  BIO* bio = BIO_new(BIO_s_mem());
  if (bio == nullptr) return {};
  X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  std::string out = bio_text(bio);
  BIO_free(bio);
  return out;
}

bool asn1_epoch(const ASN1_TIME* t, std::int64_t& epoch, std::string& iso) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return false;
  epoch = static_cast<std::int64_t>(timegm(&tm));
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  iso = buf;
  return true;
}

std::string hex(const unsigned char* data, std::size_t n) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[data[i] >> 4];
    out += digits[data[i] & 0xF];
  }
  return out;
}

std::string openssl_errors() {
  std::string out;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Certificates.

CertInfo describe_certificate(X509* cert) {
  CertInfo info;
  if (cert == nullptr) return info;
  info.subject = name_text(X509_get_subject_name(cert));
  info.issuer = name_text(X509_get_issuer_name(cert));
  if (const ASN1_INTEGER* serial = X509_get0_serialNumber(cert)) {
    if (BIGNUM* bn = ASN1_INTEGER_to_BN(serial, nullptr)) {
      if (char* h = BN_bn2hex(bn)) {
        info.serial = h;
        OPENSSL_free(h);
      }
      BN_free(bn);
    }
  }
  asn1_epoch(X509_get0_notBefore(cert), info.not_before_epoch, info.not_before);
  asn1_epoch(X509_get0_notAfter(cert), info.not_after_epoch, info.not_after);

  if (auto* names = static_cast<GENERAL_NAMES*>(
          X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr))) {
    for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
      const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names, i);
      if (gn->type == GEN_DNS) {
        const ASN1_STRING* s = gn->d.dNSName;
        info.san_dns.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                  static_cast<std::size_t>(ASN1_STRING_length(s)));
      } else if (gn->type == GEN_IPADD) {
        const ASN1_STRING* s = gn->d.iPAddress;
        const int len = ASN1_STRING_length(s);
        char buf[INET6_ADDRSTRLEN] = {};
        if ((len == 4 && inet_ntop(AF_INET, ASN1_STRING_get0_data(s), buf, sizeof buf)) ||
            (len == 16 && inet_ntop(AF_INET6, ASN1_STRING_get0_data(s), buf, sizeof buf))) {
          info.san_ip.emplace_back(buf);
        }
      }
    }
    GENERAL_NAMES_free(names);
  }

  if (EVP_PKEY* key = X509_get0_pubkey(cert)) {
    const int id = EVP_PKEY_get_base_id(key);
    switch (id) {
      case EVP_PKEY_RSA:
        info.key_type = "RSA";
        break;
      case EVP_PKEY_RSA_PSS:
        info.key_type = "RSA-PSS";
        break;
      case EVP_PKEY_DSA:
        info.key_type = "DSA";
        break;
      case EVP_PKEY_DH:
      case EVP_PKEY_DHX:
        info.key_type = "DH";
        break;
      case EVP_PKEY_EC:
        info.key_type = "EC";
        break;
      case EVP_PKEY_ED25519:
        info.key_type = "ED25519";
        break;
      case EVP_PKEY_ED448:
        info.key_type = "ED448";
        break;
      default:
        if (const char* n = EVP_PKEY_get0_type_name(key)) info.key_type = n;
        break;
    }
    info.key_bits = EVP_PKEY_get_bits(key);
    if (id == EVP_PKEY_EC) {
      char group[80] = {};
      std::size_t len = 0;
      if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                         &len) == 1) {
        info.ec_curve.assign(group, len);
      }
    }
  }

  const int sig_nid = X509_get_signature_nid(cert);
  if (const char* ln = OBJ_nid2ln(sig_nid)) info.signature_algorithm = ln;
  int md_nid = NID_undef, pk_nid = NID_undef, secbits = 0;
  std::uint32_t flags = 0;
  if (X509_get_signature_info(cert, &md_nid, &pk_nid, &secbits, &flags) != 1 ||
      md_nid == NID_undef) {
    md_nid = NID_undef;
    OBJ_find_sigid_algs(sig_nid, &md_nid, &pk_nid);
  }
  if (md_nid != NID_undef) {
    if (const char* sn = OBJ_nid2sn(md_nid)) info.signature_digest = sn;
  }
  info.self_signed = X509_self_signed(cert, 0) == 1;
  info.is_ca = X509_check_ca(cert) > 0;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  if (X509_digest(cert, EVP_sha256(), md, &md_len) == 1) info.sha256_fingerprint = hex(md, md_len);
  ERR_clear_error();
  return info;
}

bool certificate_matches_host(X509* cert, std::string_view host) {
  if (cert == nullptr || host.empty()) return false;
  std::string h(host);
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (is_ip_literal(h)) return X509_check_ip_asc(cert, h.c_str(), 0) == 1;
  if (!h.empty() && h.back() == '.') h.pop_back();
  return X509_check_host(cert, h.data(), h.size(), X509_CHECK_FLAG_NEVER_CHECK_SUBJECT, nullptr) ==
         1;
}

std::string extra_ca_file_from_env() {
  const char* v = std::getenv("GAPSCAN_EXTRA_CA_FILE");
  return v != nullptr ? std::string(v) : std::string();
}

X509_STORE* new_trust_store(const std::string& extra_ca_file) {
  X509_STORE* store = X509_STORE_new();
  if (store == nullptr) return nullptr;
  X509_STORE_set_default_paths(store);
  if (!extra_ca_file.empty()) X509_STORE_load_file(store, extra_ca_file.c_str());
  ERR_clear_error();  // a missing default path or bad extra file is not fatal
  return store;
}

ChainVerification verify_chain(X509* leaf, STACK_OF(X509) * untrusted, X509_STORE* store) {
  ChainVerification v;
  if (leaf == nullptr || store == nullptr) return v;
  X509_STORE_CTX* ctx = X509_STORE_CTX_new();
  if (ctx == nullptr) return v;
  if (X509_STORE_CTX_init(ctx, store, leaf, untrusted) == 1) {
    X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_NO_CHECK_TIME);
    X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_SERVER);
    const int rc = X509_verify_cert(ctx);
    v.performed = true;
    v.code = rc == 1 ? X509_V_OK : X509_STORE_CTX_get_error(ctx);
    if (rc != 1 && v.code == X509_V_OK) v.code = X509_V_ERR_UNSPECIFIED;
    if (v.code != X509_V_OK) {
      v.error = X509_verify_cert_error_string(v.code);
      v.error_depth = X509_STORE_CTX_get_error_depth(ctx);
    }
  }
  X509_STORE_CTX_free(ctx);
  ERR_clear_error();
  return v;
}

// ---------------------------------------------------------------------------------------------
// Bounded name resolution.

ResolvedAddresses resolve_addresses(const std::string& host, std::chrono::milliseconds timeout) {
  ResolvedAddresses out;
  if (is_ip_literal(host)) {
    out.addresses.push_back(host);
    return out;
  }
  struct State {
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    ResolvedAddresses result;
  };
  auto state = std::make_shared<State>();
  try {
    std::thread([state, host] {
      ResolvedAddresses r;
      addrinfo hints{};
      hints.ai_family = AF_UNSPEC;
      hints.ai_socktype = SOCK_STREAM;
      addrinfo* list = nullptr;
      const int rc = getaddrinfo(host.c_str(), nullptr, &hints, &list);
      if (rc != 0) {
        r.error = gai_strerror(rc);
      } else {
        for (const addrinfo* a = list; a != nullptr; a = a->ai_next) {
          char buf[INET6_ADDRSTRLEN] = {};
          const void* addr = nullptr;
          if (a->ai_family == AF_INET) {
            addr = &reinterpret_cast<const sockaddr_in*>(a->ai_addr)->sin_addr;
          } else if (a->ai_family == AF_INET6) {
            addr = &reinterpret_cast<const sockaddr_in6*>(a->ai_addr)->sin6_addr;
          }
          if (addr == nullptr || inet_ntop(a->ai_family, addr, buf, sizeof buf) == nullptr)
            continue;
          if (std::find(r.addresses.begin(), r.addresses.end(), buf) == r.addresses.end()) {
            r.addresses.emplace_back(buf);
          }
        }
        freeaddrinfo(list);
        if (r.addresses.empty()) r.error = "no address";
      }
      std::lock_guard lock(state->mu);
      state->result = std::move(r);
      state->done = true;
      state->cv.notify_all();
    }).detach();
  } catch (const std::system_error& e) {
    out.error = std::string("cannot start the resolver thread: ") + e.what();
    return out;
  }
  std::unique_lock lock(state->mu);
  if (!state->cv.wait_for(lock, timeout, [&] { return state->done; })) {
    out.error = "name resolution timed out after " + std::to_string(timeout.count()) + " ms";
    out.timed_out = true;
    return out;
  }
  return state->result;
}

namespace {

using Clock = std::chrono::steady_clock;

// The endpoints to connect to: `addresses` when given, else `host` resolved before `deadline`.
bool endpoints_for(const std::string& host, int port, const std::vector<std::string>& addresses,
                   Clock::time_point deadline, std::vector<tcp::endpoint>& endpoints,
                   std::string& error, bool& timed_out) {
  std::vector<std::string> numeric = addresses;
  if (numeric.empty()) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    ResolvedAddresses r = resolve_addresses(host, std::max(left, std::chrono::milliseconds(1)));
    if (!r.error.empty()) {
      error = "resolve: " + r.error;
      timed_out = r.timed_out;
      return false;
    }
    numeric = std::move(r.addresses);
  }
  for (const std::string& a : numeric) {
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(a, ec);
    if (!ec) endpoints.emplace_back(address, static_cast<unsigned short>(port));
  }
  if (endpoints.empty()) {
    error = "resolve: no usable address";
    return false;
  }
  return true;
}

// Runs `io` until it runs out of work or `deadline` passes.
void run_until(asio::io_context& io, Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  io.run_for(std::max(left, std::chrono::milliseconds(1)));
}

// Runs `io` until `done` or `deadline`; on a timeout cancels `socket`'s work and drains `io`.
// Leaves `io` ready for more work either way.
bool run_phase(asio::io_context& io, tcp::socket& socket, const bool& done,
               Clock::time_point deadline) {
  run_until(io, deadline);
  io.restart();
  if (done) return true;
  boost::system::error_code ignored;
  socket.close(ignored);
  io.run();
  io.restart();
  return false;
}

std::string host_port(const std::string& host, int port) {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

// Connects `socket` to host:port before `deadline`: straight to `addresses` (or the host
// resolved), or through `proxy` with an HTTP CONNECT tunnel whose 2xx answer is consumed here.
// On failure `error` says which stage failed (`stage` is left at it).
bool open_connection(asio::io_context& io, tcp::socket& socket, const std::string& host, int port,
                     const std::vector<std::string>& addresses, const TlsProxy* proxy,
                     Clock::time_point deadline, std::string& stage, std::string& error,
                     bool& timed_out) {
  std::vector<tcp::endpoint> endpoints;
  stage = proxy != nullptr ? "proxy connect" : "connect";
  if (!endpoints_for(proxy != nullptr ? proxy->host : host, proxy != nullptr ? proxy->port : port,
                     proxy != nullptr ? std::vector<std::string>{} : addresses, deadline, endpoints,
                     error, timed_out)) {
    if (proxy != nullptr) error = "proxy " + error;
    return false;
  }
  bool done = false;
  boost::system::error_code result;
  // Runs the stage's operations to their end: whether they succeeded (else `error` says why).
  auto finish_stage = [&] {
    if (!run_phase(io, socket, done, deadline)) {
      timed_out = true;
      error = "timed out (" + stage + ")";
      return false;
    }
    if (result) error = stage + ": " + result.message();
    return !result;
  };
  asio::async_connect(socket, endpoints,
                      [&](const boost::system::error_code& ec, const tcp::endpoint&) {
                        result = ec;
                        done = true;
                      });
  if (!finish_stage()) return false;
  if (proxy == nullptr) return true;

  stage = "proxy CONNECT";
  const std::string authority = host_port(host, port);
  std::string request = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n";
  if (!proxy->authorization.empty()) {
    request += "Proxy-Authorization: " + proxy->authorization + "\r\n";
  }
  request += "\r\n";
  std::string answer;
  done = false;
  asio::async_write(
      socket, asio::buffer(request), [&](const boost::system::error_code& ec, std::size_t) {
        if (ec) {
          result = ec;
          done = true;
          return;
        }
        // The proxy says nothing after its answer until the client speaks, so reading up to the
        // blank line takes no byte of the tunnel. 16 KiB bounds a hostile proxy.
        asio::async_read_until(socket, asio::dynamic_buffer(answer, 16384), "\r\n\r\n",
                               [&](const boost::system::error_code& ec2, std::size_t) {
                                 result = ec2;
                                 done = true;
                               });
      });
  if (!finish_stage()) return false;
  const std::string status_line = answer.substr(0, answer.find("\r\n"));
  const std::size_t sp = status_line.find(' ');
  const std::string code = sp == std::string::npos ? "" : status_line.substr(sp + 1, 3);
  if (!status_line.starts_with("HTTP/1.") || code.size() != 3 || code[0] != '2') {
    error = stage + ": the proxy answered \"" + to_valid_utf8(status_line.substr(0, 100)) + "\"";
    return false;
  }
  return true;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// One full handshake.

namespace {

KeyExchange key_exchange_of(const SSL_CIPHER* c) {
  switch (SSL_CIPHER_get_kx_nid(c)) {
    case NID_kx_rsa:
      return KeyExchange::rsa;
    case NID_kx_ecdhe:
    case NID_kx_ecdhe_psk:
      return KeyExchange::ecdhe;
    case NID_kx_dhe:
    case NID_kx_dhe_psk:
      return KeyExchange::dhe;
    case NID_kx_any:
      return KeyExchange::tls13;
    case NID_kx_psk:
    case NID_kx_rsa_psk:
      return KeyExchange::psk;
    case NID_undef:
      return KeyExchange::unknown;
    default:
      return KeyExchange::other;
  }
}

bool cbc_cipher(const SSL_CIPHER* c) {
  const int nid = SSL_CIPHER_get_cipher_nid(c);
  if (nid == NID_undef) return false;
  const EVP_CIPHER* evp = EVP_get_cipherbynid(nid);
  return evp != nullptr && EVP_CIPHER_get_mode(evp) == EVP_CIPH_CBC_MODE;
}

void read_connection(SSL* ssl, const std::string& host, X509_STORE* store, TlsHandshakeResult& r) {
  r.protocol = normalize_protocol(SSL_get_version(ssl));
  if (const SSL_CIPHER* c = SSL_get_current_cipher(ssl)) {
    r.cipher = SSL_CIPHER_get_name(c);
    if (const char* std_name = SSL_CIPHER_standard_name(c)) r.cipher_standard = std_name;
    r.key_exchange = key_exchange_of(c);
    r.cbc = cbc_cipher(c);
  }
  if (const int group = SSL_get_negotiated_group(ssl); group > 0) {
    if (const char* g = SSL_group_to_name(ssl, group)) r.kx_group = g;
  }
  if (r.kx_group.empty()) {
    EVP_PKEY* tmp = nullptr;
    if (SSL_get_peer_tmp_key(ssl, &tmp) == 1 && tmp != nullptr) {
      const char* type = EVP_PKEY_get0_type_name(tmp);
      r.kx_group = std::string(type != nullptr ? type : "key") + "-" +
                   std::to_string(EVP_PKEY_get_bits(tmp));
      EVP_PKEY_free(tmp);
    }
  }
  STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl);
  X509* leaf = SSL_get0_peer_certificate(ssl);
  if (chain != nullptr) {
    for (int i = 0; i < sk_X509_num(chain); ++i) {
      r.chain.push_back(describe_certificate(sk_X509_value(chain, i)));
    }
  }
  if (leaf != nullptr) {
    if (r.chain.empty()) r.chain.push_back(describe_certificate(leaf));
    r.verification = verify_chain(leaf, chain, store);
    r.hostname_checked = true;
    r.hostname_match = certificate_matches_host(leaf, host);
  }
}

void handshake_impl(const std::string& host, int port, const TlsProbeOptions& options,
                    TlsHandshakeResult& r) {
  ERR_clear_error();
  if (options.min_version == TlsVersion::ssl3 || options.max_version == TlsVersion::ssl3) {
#ifdef OPENSSL_NO_SSL3_METHOD
    r.not_testable = true;
    r.error = "SSLv3 is not supported by this OpenSSL build";
    return;
#endif
  }
  SSL_CTX* raw_ctx = SSL_CTX_new(TLS_client_method());
  if (raw_ctx == nullptr) {
    r.error = "SSL_CTX_new failed: " + openssl_errors();
    return;
  }
  asio::ssl::context ctx(raw_ctx);  // owns raw_ctx from here on
  SSL_CTX_set_security_level(raw_ctx, 0);
  SSL_CTX_set_options(raw_ctx, SSL_OP_LEGACY_SERVER_CONNECT);
  SSL_CTX_set_verify(raw_ctx, SSL_VERIFY_NONE, nullptr);
  if (SSL_CTX_set_min_proto_version(raw_ctx, openssl_version(options.min_version)) != 1 ||
      SSL_CTX_set_max_proto_version(raw_ctx, openssl_version(options.max_version)) != 1) {
    r.not_testable = true;
    r.error = "protocol range " + std::string(to_string(options.min_version)) + "-" +
              std::string(to_string(options.max_version)) +
              " is not supported by this OpenSSL build";
    ERR_clear_error();
    return;
  }
  const bool wants_tls12 = options.min_version != TlsVersion::tls1_3;
  const bool wants_tls13 = options.max_version == TlsVersion::tls1_3;
  if (wants_tls12 &&
      SSL_CTX_set_cipher_list(raw_ctx, (options.cipher_list + ":@SECLEVEL=0").c_str()) != 1) {
    // No TLS <= 1.2 cipher matched: with TLS 1.3 allowed the handshake can still test 1.3.
    if (!wants_tls13) {
      r.not_testable = true;
      r.error =
          "cipher list \"" + options.cipher_list + "\" matches no cipher in this OpenSSL build";
      ERR_clear_error();
      return;
    }
    ERR_clear_error();
  }
  if (wants_tls13 && !options.ciphersuites.empty() &&
      SSL_CTX_set_ciphersuites(raw_ctx, options.ciphersuites.c_str()) != 1) {
    r.not_testable = true;
    r.error = "TLS 1.3 ciphersuites \"" + options.ciphersuites + "\" not supported";
    ERR_clear_error();
    return;
  }

  StorePtr own_store;
  X509_STORE* store = options.trust_store;
  if (store == nullptr) {
    own_store.reset(new_trust_store(options.extra_ca_file.empty() ? extra_ca_file_from_env()
                                                                  : options.extra_ca_file));
    store = own_store.get();
  }

  const auto deadline = Clock::now() + options.timeout;
  asio::io_context io;
  asio::ssl::stream<tcp::socket> stream(io, ctx);
  if (!is_ip_literal(host)) {
    r.sni = host;
    SSL_set_tlsext_host_name(stream.native_handle(), r.sni.c_str());
  }
  std::string stage;
  if (!open_connection(io, stream.next_layer(), host, port, options.addresses,
                       options.proxy ? &*options.proxy : nullptr, deadline, stage, r.error,
                       r.timed_out)) {
    ERR_clear_error();
    return;
  }
  r.connected = true;
  stage = "handshake";
  boost::system::error_code result_ec;
  bool done = false;
  stream.async_handshake(asio::ssl::stream_base::client, [&](const boost::system::error_code& ec) {
    result_ec = ec;
    done = true;
  });
  run_until(io, deadline);
  if (!done) {
    r.timed_out = true;
    r.error = "timed out after " + std::to_string(options.timeout.count()) + " ms (" + stage + ")";
    boost::system::error_code ignored;
    stream.lowest_layer().close(ignored);
    io.restart();
    io.run();
    ERR_clear_error();
    return;
  }
  if (result_ec) {
    r.error = stage + ": " + result_ec.message();
    boost::system::error_code ignored;
    stream.lowest_layer().close(ignored);
    ERR_clear_error();
    return;
  }
  r.ok = true;
  read_connection(stream.native_handle(), host, store, r);
  boost::system::error_code ignored;
  stream.lowest_layer().close(ignored);
  ERR_clear_error();
}

}  // namespace

TlsHandshakeResult handshake(const std::string& host, int port, const TlsProbeOptions& options) {
  TlsHandshakeResult r;
  const auto started = std::chrono::steady_clock::now();
  try {
    handshake_impl(host, port, options, r);
  } catch (const std::exception& e) {
    r.ok = false;
    r.error = std::string("handshake failed: ") + e.what();
  } catch (...) {
    r.ok = false;
    r.error = "handshake failed";
  }
  ERR_clear_error();
  r.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return r;
}

// ---------------------------------------------------------------------------------------------
// Raw ClientHello.

namespace {

void put16(std::string& out, std::size_t v) {
  out += static_cast<char>((v >> 8) & 0xFF);
  out += static_cast<char>(v & 0xFF);
}
void put24(std::string& out, std::size_t v) {
  out += static_cast<char>((v >> 16) & 0xFF);
  put16(out, v & 0xFFFF);
}
void put_extension(std::string& out, std::uint16_t type, const std::string& body) {
  put16(out, type);
  put16(out, body.size());
  out += body;
}

std::uint16_t get16(std::string_view s, std::size_t at) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(s[at]) << 8) |
                                    static_cast<unsigned char>(s[at + 1]));
}
std::size_t get24(std::string_view s, std::size_t at) {
  return (static_cast<std::size_t>(static_cast<unsigned char>(s[at])) << 16) | get16(s, at + 1);
}

struct SuiteName {
  std::uint16_t id;
  std::string_view name;
};

// The suites the raw probes offer, with their IANA names.
constexpr SuiteName kSuiteNames[] = {
    {0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5"},
    {0x0004, "TLS_RSA_WITH_RC4_128_MD5"},
    {0x0005, "TLS_RSA_WITH_RC4_128_SHA"},
    {0x0006, "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5"},
    {0x0008, "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA"},
    {0x0009, "TLS_RSA_WITH_DES_CBC_SHA"},
    {0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"},
    {0x000B, "TLS_DH_DSS_EXPORT_WITH_DES40_CBC_SHA"},
    {0x000C, "TLS_DH_DSS_WITH_DES_CBC_SHA"},
    {0x000D, "TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA"},
    {0x000E, "TLS_DH_RSA_EXPORT_WITH_DES40_CBC_SHA"},
    {0x000F, "TLS_DH_RSA_WITH_DES_CBC_SHA"},
    {0x0010, "TLS_DH_RSA_WITH_3DES_EDE_CBC_SHA"},
    {0x0011, "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA"},
    {0x0012, "TLS_DHE_DSS_WITH_DES_CBC_SHA"},
    {0x0013, "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA"},
    {0x0014, "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA"},
    {0x0015, "TLS_DHE_RSA_WITH_DES_CBC_SHA"},
    {0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA"},
    {0x0017, "TLS_DH_anon_EXPORT_WITH_RC4_40_MD5"},
    {0x0018, "TLS_DH_anon_WITH_RC4_128_MD5"},
    {0x0019, "TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA"},
    {0x001A, "TLS_DH_anon_WITH_DES_CBC_SHA"},
    {0x001B, "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA"},
    {0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA"},
    {0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"},
    {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"},
    {0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"},
    {0x0062, "TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA"},
    {0x0063, "TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA"},
    {0x0064, "TLS_RSA_EXPORT1024_WITH_RC4_56_SHA"},
    {0x0065, "TLS_DHE_DSS_EXPORT1024_WITH_RC4_56_SHA"},
    {0x008A, "TLS_PSK_WITH_RC4_128_SHA"},
    {0x008B, "TLS_PSK_WITH_3DES_EDE_CBC_SHA"},
    {0xC002, "TLS_ECDH_ECDSA_WITH_RC4_128_SHA"},
    {0xC003, "TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA"},
    {0xC007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA"},
    {0xC008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA"},
    {0xC00C, "TLS_ECDH_RSA_WITH_RC4_128_SHA"},
    {0xC00D, "TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA"},
    {0xC011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA"},
    {0xC012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA"},
    {0xC016, "TLS_ECDH_anon_WITH_RC4_128_SHA"},
    {0xC017, "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA"},
};

constexpr std::uint16_t kExportSuites[] = {0x0003, 0x0006, 0x0008, 0x000B, 0x000E, 0x0011, 0x0014,
                                           0x0017, 0x0019, 0x0062, 0x0063, 0x0064, 0x0065};
constexpr std::uint16_t kRc4Suites[] = {0x0004, 0x0005, 0x0018, 0x008A, 0xC002,
                                        0xC007, 0xC00C, 0xC011, 0xC016};
constexpr std::uint16_t kDesSuites[] = {0x0009, 0x000A, 0x000C, 0x000D, 0x000F, 0x0010,
                                        0x0012, 0x0013, 0x0015, 0x0016, 0x001A, 0x001B,
                                        0x008B, 0xC003, 0xC008, 0xC00D, 0xC012, 0xC017};
// What an SSLv3 server would pick from: the common SSLv3-era suites.
constexpr std::uint16_t kSsl3Suites[] = {0x0035, 0x0039, 0x002F, 0x0033, 0x000A, 0x0016, 0x0013,
                                         0x0005, 0x0004, 0x0009, 0x0015, 0x0003, 0x0008, 0x0014};

std::string alert_name(int description) {
  switch (description) {
    case 0:
      return "close_notify";
    case 10:
      return "unexpected_message";
    case 20:
      return "bad_record_mac";
    case 40:
      return "handshake_failure";
    case 47:
      return "illegal_parameter";
    case 50:
      return "decode_error";
    case 70:
      return "protocol_version";
    case 71:
      return "insufficient_security";
    case 80:
      return "internal_error";
    case 86:
      return "inappropriate_fallback";
    case 112:
      return "unrecognized_name";
  }
  return "alert " + std::to_string(description);
}

}  // namespace

std::string cipher_suite_name(std::uint16_t id) {
  for (const SuiteName& s : kSuiteNames) {
    if (s.id == id) return std::string(s.name);
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%04X", id);
  return buf;
}

std::string build_client_hello(TlsVersion version, std::span<const std::uint16_t> suites,
                               std::string_view sni) {
  const bool ssl3 = version == TlsVersion::ssl3;
  std::string body;
  put16(body, wire_version(version));
  unsigned char random[32];
  if (RAND_bytes(random, sizeof random) != 1) {
    for (std::size_t i = 0; i < sizeof random; ++i) random[i] = static_cast<unsigned char>(i * 37);
  }
  body.append(reinterpret_cast<const char*>(random), sizeof random);
  body += '\0';  // no session id
  put16(body, (suites.size() + 1) * 2);
  for (std::uint16_t s : suites) put16(body, s);
  put16(body, 0x00FF);  // TLS_EMPTY_RENEGOTIATION_INFO_SCSV
  body += '\x01';
  body += '\0';  // null compression only
  if (!ssl3) {
    std::string ext;
    if (!sni.empty()) {
      std::string e;
      put16(e, sni.size() + 3);
      e += '\0';  // host_name
      put16(e, sni.size());
      e.append(sni);
      put_extension(ext, 0x0000, e);
    }
    std::string groups;
    const std::uint16_t kGroups[] = {0x001D, 0x0017, 0x0018, 0x0019, 0x0100};
    put16(groups, sizeof kGroups);
    for (std::uint16_t g : kGroups) put16(groups, g);
    put_extension(ext, 0x000A, groups);
    put_extension(ext, 0x000B, std::string("\x01\x00", 2));  // uncompressed points
    if (version == TlsVersion::tls1_2 || version == TlsVersion::tls1_3) {
      std::string sigalgs;
      const std::uint16_t kSigAlgs[] = {0x0401, 0x0501, 0x0601, 0x0403, 0x0503, 0x0603, 0x0804,
                                        0x0805, 0x0806, 0x0201, 0x0203, 0x0202, 0x0402};
      put16(sigalgs, sizeof kSigAlgs);
      for (std::uint16_t a : kSigAlgs) put16(sigalgs, a);
      put_extension(ext, 0x000D, sigalgs);
    }
    put16(body, ext.size());
    body += ext;
  }
  std::string handshake;
  handshake += '\x01';  // client_hello
  put24(handshake, body.size());
  handshake += body;
  std::string record;
  record += '\x16';
  put16(record, ssl3 ? 0x0300 : 0x0301);
  put16(record, handshake.size());
  record += handshake;
  return record;
}

ServerHelloParse parse_server_hello(std::string_view bytes) {
  ServerHelloParse out;
  std::string handshake;
  std::size_t pos = 0;
  while (pos + 5 <= bytes.size()) {
    const auto type = static_cast<unsigned char>(bytes[pos]);
    const auto major = static_cast<unsigned char>(bytes[pos + 1]);
    const std::size_t len = get16(bytes, pos + 3);
    if (type < 0x14 || type > 0x17 || major != 0x03 || len > 18432) {
      out.state = ServerHelloParse::State::garbage;
      return out;
    }
    if (pos + 5 + len > bytes.size()) break;
    const std::string_view fragment = bytes.substr(pos + 5, len);
    pos += 5 + len;
    if (type == 0x15) {
      if (fragment.size() < 2) {
        out.state = ServerHelloParse::State::garbage;
        return out;
      }
      out.state = ServerHelloParse::State::alert;
      out.alert_level = static_cast<unsigned char>(fragment[0]);
      out.alert_description = static_cast<unsigned char>(fragment[1]);
      return out;
    }
    if (type != 0x16) {
      out.state = ServerHelloParse::State::garbage;
      return out;
    }
    handshake.append(fragment);
    if (handshake.size() >= 4) {
      if (static_cast<unsigned char>(handshake[0]) != 0x02) {
        out.state = ServerHelloParse::State::garbage;
        return out;
      }
      const std::size_t msg_len = get24(handshake, 1);
      if (handshake.size() < 4 + msg_len) continue;
      const std::string_view msg = std::string_view(handshake).substr(4, msg_len);
      // version(2) random(32) session_id(1+n) cipher(2)
      if (msg.size() < 35) {
        out.state = ServerHelloParse::State::garbage;
        return out;
      }
      const std::size_t sid_len = static_cast<unsigned char>(msg[34]);
      if (msg.size() < 35 + sid_len + 2) {
        out.state = ServerHelloParse::State::garbage;
        return out;
      }
      out.state = ServerHelloParse::State::server_hello;
      out.version = get16(msg, 0);
      out.cipher = get16(msg, 35 + sid_len);
      return out;
    }
  }
  return out;
}

RawHelloResult raw_hello(const std::string& host, int port, TlsVersion version,
                         std::span<const std::uint16_t> suites, std::chrono::milliseconds timeout,
                         const std::vector<std::string>& addresses, const TlsProxy* proxy) {
  RawHelloResult r;
  try {
    const auto deadline = Clock::now() + timeout;
    const std::string hello = build_client_hello(version, suites, is_ip_literal(host) ? "" : host);
    asio::io_context io;
    tcp::socket socket(io);
    std::string stage;
    bool connect_timed_out = false;
    if (!open_connection(io, socket, host, port, addresses, proxy, deadline, stage, r.error,
                         connect_timed_out)) {
      return r;
    }
    r.connected = true;
    std::string received;
    std::array<char, 4096> buf{};
    bool done = false;
    boost::system::error_code result_ec;
    ServerHelloParse parsed;
    std::function<void()> read_more = [&] {
      socket.async_read_some(asio::buffer(buf), [&](const boost::system::error_code& ec,
                                                    std::size_t n) {
        received.append(buf.data(), n);
        parsed = parse_server_hello(received);
        if (parsed.state != ServerHelloParse::State::need_more || ec || received.size() > 65536) {
          if (parsed.state == ServerHelloParse::State::need_more) result_ec = ec;
          done = true;
          return;
        }
        read_more();
      });
    };
    stage = "hello";
    asio::async_write(socket, asio::buffer(hello),
                      [&](const boost::system::error_code& ec, std::size_t) {
                        if (ec) {
                          result_ec = ec;
                          done = true;
                          return;
                        }
                        read_more();
                      });
    run_until(io, deadline);
    if (!done) {
      r.error = "timed out after " + std::to_string(timeout.count()) + " ms (" + stage + ")";
      boost::system::error_code ignored;
      socket.close(ignored);
      io.restart();
      io.run();
      return r;
    }
    boost::system::error_code ignored;
    socket.close(ignored);
    switch (parsed.state) {
      case ServerHelloParse::State::server_hello: {
        r.answered = true;
        r.version = parsed.version;
        r.cipher = parsed.cipher;
        const bool offered = std::find(suites.begin(), suites.end(), parsed.cipher) != suites.end();
        const bool version_ok = version == TlsVersion::ssl3
                                    ? parsed.version == 0x0300
                                    : parsed.version <= wire_version(version);
        r.accepted = offered && version_ok;
        if (!r.accepted) {
          r.error = "server answered " + version_name(parsed.version) + " with " +
                    cipher_suite_name(parsed.cipher) + ", which was not offered";
        }
        break;
      }
      case ServerHelloParse::State::alert:
        r.answered = true;
        r.error = "alert " + alert_name(parsed.alert_description);
        break;
      case ServerHelloParse::State::garbage:
        r.answered = true;
        r.error = "the server's answer is not a TLS handshake";
        break;
      case ServerHelloParse::State::need_more:
        // The connection closed without an answer: most servers do that to hellos they reject.
        r.answered = r.connected && stage == "hello";
        r.error = result_ec ? stage + ": " + result_ec.message() : "connection closed";
        break;
    }
  } catch (const std::exception& e) {
    r.error = std::string("raw hello failed: ") + e.what();
  } catch (...) {
    r.error = "raw hello failed";
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// Posture.

bool TlsPosture::any_handshake_completed() const {
  if (baseline.ok) return true;
  return std::any_of(protocols.begin(), protocols.end(), [](const ProbeResult& p) {
    return p.outcome == ProbeOutcome::accepted && !p.raw;
  });
}

const ProbeResult* TlsPosture::protocol(std::string_view name) const {
  for (const ProbeResult& p : protocols) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

const ProbeResult* TlsPosture::weak_cipher(std::string_view family) const {
  for (const ProbeResult& p : weak_ciphers) {
    if (p.name == family) return &p;
  }
  return nullptr;
}

const TlsHandshakeResult* TlsPosture::certificates() const {
  if (baseline.ok && !baseline.chain.empty()) return &baseline;
  if (chain_fallback && chain_fallback->ok && !chain_fallback->chain.empty()) {
    return &*chain_fallback;
  }
  return nullptr;
}

namespace {

class PostureProber {
 public:
  PostureProber(const std::string& host, int port, const TlsPostureOptions& options,
                TlsPosture& posture)
      : host_(host),
        port_(port),
        options_(options),
        p_(posture),
        deadline_(std::chrono::steady_clock::now() + options.total_budget),
        store_(new_trust_store(options.extra_ca_file.empty() ? extra_ca_file_from_env()
                                                             : options.extra_ca_file)) {}

  void run() {
    p_.host = host_;
    p_.port = port_;
    p_.probed_at = static_cast<std::int64_t>(std::time(nullptr));

    ResolvedAddresses resolved;
    if (!options_.unusable_proxy.empty()) {
      resolved.error = options_.unusable_proxy;
    } else if (!options_.proxy) {  // through a proxy, the proxy resolves the host
      resolved = resolve_addresses(host_, options_.handshake_timeout);
      addresses_ = std::move(resolved.addresses);
      if (!resolved.error.empty()) resolved.error = "resolve: " + resolved.error;
    }
    if (!resolved.error.empty()) {
      p_.baseline.error = resolved.error;
    } else {
      p_.baseline = full(TlsVersion::tls1_0, TlsVersion::tls1_3, "ALL:COMPLEMENTOFALL");
    }
    if (!p_.baseline.connected || p_.baseline.timed_out) {
      p_.error = "no TLS answer: " + p_.baseline.error;
      for (auto v : kVersions) p_.protocols.push_back(skipped(std::string(to_string(v)), p_.error));
      for (auto f : kFamilies) p_.weak_ciphers.push_back(skipped(std::string(f), p_.error));
      p_.non_forward_secret = skipped("RSA key exchange", p_.error);
      p_.forward_secret_only = skipped("forward secrecy", p_.error);
      return;
    }

    // Protocols, one at a time.
    TlsHandshakeResult tls10;
    for (TlsVersion v : kVersions) {
      const std::string name(to_string(v));
      if (v == TlsVersion::ssl3) {
        p_.protocols.push_back(probe_ssl3());
        continue;
      }
      if (p_.baseline.ok && p_.baseline.protocol == name) {
        ProbeResult pr{name,
                       ProbeOutcome::accepted,
                       p_.baseline.protocol,
                       p_.baseline.cipher,
                       "negotiated by the baseline handshake",
                       false};
        p_.protocols.push_back(pr);
        if (v == TlsVersion::tls1_0) tls10 = p_.baseline;
        continue;
      }
      if (over_budget()) {
        p_.protocols.push_back(skipped(name, kBudget));
        continue;
      }
      TlsHandshakeResult r = full(v, v, "ALL:COMPLEMENTOFALL");
      p_.protocols.push_back(from_handshake(name, r));
      if (r.ok && !r.chain.empty() && !p_.chain_fallback &&
          !(p_.baseline.ok && !p_.baseline.chain.empty())) {
        p_.chain_fallback = r;
      }
      if (v == TlsVersion::tls1_0) tls10 = std::move(r);
    }

    // Weak cipher families: only meaningful when something older than TLS 1.3 may be spoken.
    bool legacy_possible = false;
    for (const ProbeResult& pr : p_.protocols) {
      if (pr.name == "TLSv1.3") continue;
      if (pr.outcome == ProbeOutcome::accepted || pr.outcome == ProbeOutcome::failed ||
          pr.outcome == ProbeOutcome::skipped) {
        legacy_possible = true;
      }
    }
    const std::string tls13_only = "the server accepts no protocol older than TLS 1.3";
    struct Family {
      std::string_view name;
      const char* openssl;
      std::span<const std::uint16_t> raw;
    };
    const Family families[] = {
        {kFamilyNull, "eNULL", {}},
        {kFamilyAnonymous, "aNULL", {}},
        {kFamilyExport, "EXPORT", kExportSuites},
        {kFamilyRc4, "RC4", kRc4Suites},
        {kFamilyDes, "3DES:DES", kDesSuites},
    };
    for (const Family& f : families) {
      const std::string name(f.name);
      if (!legacy_possible) {
        p_.weak_ciphers.push_back({name, ProbeOutcome::rejected, "", "", tls13_only, false});
        continue;
      }
      if (over_budget()) {
        p_.weak_ciphers.push_back(skipped(name, kBudget));
        continue;
      }
      TlsHandshakeResult r = full(TlsVersion::tls1_0, TlsVersion::tls1_2, f.openssl);
      if (r.not_testable && !f.raw.empty()) {
        p_.weak_ciphers.push_back(probe_raw(
            name, TlsVersion::tls1_2, f.raw,
            "this OpenSSL build cannot offer " + name + " ciphers; tested with a raw ClientHello"));
        continue;
      }
      p_.weak_ciphers.push_back(from_handshake(name, r));
    }
    // CBC with TLS 1.0 (BEAST): read off the TLS 1.0 handshake, no extra connection.
    {
      const ProbeResult* v10 = p_.protocol("TLSv1.0");
      ProbeResult pr{std::string(kFamilyCbcTls10), ProbeOutcome::rejected, "", "", "", false};
      if (v10 == nullptr || v10->outcome != ProbeOutcome::accepted) {
        pr.outcome = v10 != nullptr && v10->outcome != ProbeOutcome::rejected
                         ? v10->outcome
                         : ProbeOutcome::rejected;
        pr.detail = "TLSv1.0 " + std::string(v10 != nullptr ? to_string(v10->outcome) : "untested");
      } else if (tls10.cbc) {
        pr.outcome = ProbeOutcome::accepted;
        pr.protocol = tls10.protocol;
        pr.cipher = tls10.cipher;
        pr.detail = "the server chose a CBC cipher for TLSv1.0";
      } else {
        pr.detail = "the server chose " + tls10.cipher + " (not CBC) for TLSv1.0";
      }
      p_.weak_ciphers.push_back(pr);
    }

    // Forward secrecy.
    if (!legacy_possible) {
      p_.non_forward_secret = {
          "RSA key exchange", ProbeOutcome::rejected, "", "", tls13_only, false};
    } else if (over_budget()) {
      p_.non_forward_secret = skipped("RSA key exchange", kBudget);
    } else {
      p_.non_forward_secret =
          from_handshake("RSA key exchange", full(TlsVersion::tls1_0, TlsVersion::tls1_2, "kRSA"));
    }
    if (p_.baseline.ok && forward_secret(p_.baseline.key_exchange)) {
      p_.forward_secret_only = {"forward secrecy",
                                ProbeOutcome::accepted,
                                p_.baseline.protocol,
                                p_.baseline.cipher,
                                "negotiated by the baseline handshake",
                                false};
    } else if (over_budget()) {
      p_.forward_secret_only = skipped("forward secrecy", kBudget);
    } else {
      p_.forward_secret_only = from_handshake(
          "forward secrecy", full(TlsVersion::tls1_0, TlsVersion::tls1_3, "kECDHE:kDHE"));
    }
  }

 private:
  static constexpr TlsVersion kVersions[] = {TlsVersion::ssl3, TlsVersion::tls1_0,
                                             TlsVersion::tls1_1, TlsVersion::tls1_2,
                                             TlsVersion::tls1_3};
  static constexpr std::string_view kFamilies[] = {kFamilyNull, kFamilyAnonymous, kFamilyExport,
                                                   kFamilyRc4,  kFamilyDes,       kFamilyCbcTls10};
  static constexpr const char* kBudget = "posture time budget exhausted";

  bool over_budget() {
    if (std::chrono::steady_clock::now() < deadline_) return false;
    p_.budget_exhausted = true;
    return true;
  }

  static ProbeResult skipped(std::string name, std::string why) {
    return {std::move(name), ProbeOutcome::skipped, "", "", std::move(why), false};
  }

  TlsHandshakeResult full(TlsVersion min, TlsVersion max, const char* ciphers) {
    TlsProbeOptions o;
    o.timeout = options_.handshake_timeout;
    o.min_version = min;
    o.max_version = max;
    o.cipher_list = ciphers;
    o.trust_store = store_.get();
    o.addresses = addresses_;
    o.proxy = options_.proxy;
    TlsHandshakeResult r = handshake(host_, port_, o);
    if (!r.not_testable) ++p_.handshakes;
    if (r.connected) p_.reachable = true;
    return r;
  }

  static ProbeResult from_handshake(std::string name, const TlsHandshakeResult& r) {
    ProbeResult pr;
    pr.name = std::move(name);
    if (r.ok) {
      pr.outcome = ProbeOutcome::accepted;
      pr.protocol = r.protocol;
      pr.cipher = r.cipher;
      pr.detail = "handshake completed";
    } else if (r.not_testable) {
      pr.outcome = ProbeOutcome::not_testable;
      pr.detail = r.error;
    } else if (!r.connected || r.timed_out) {
      pr.outcome = ProbeOutcome::failed;
      pr.detail = r.error;
    } else {
      pr.outcome = ProbeOutcome::rejected;
      pr.detail = r.error;
    }
    return pr;
  }

  ProbeResult probe_raw(std::string name, TlsVersion version, std::span<const std::uint16_t> suites,
                        const std::string& how) {
    if (over_budget()) return skipped(std::move(name), kBudget);
    const RawHelloResult r = raw_hello(host_, port_, version, suites, options_.handshake_timeout,
                                       addresses_, options_.proxy ? &*options_.proxy : nullptr);
    ++p_.handshakes;
    if (r.connected) p_.reachable = true;
    ProbeResult pr;
    pr.name = std::move(name);
    pr.raw = true;
    if (r.accepted) {
      pr.outcome = ProbeOutcome::accepted;
      pr.protocol = version_name(r.version);
      pr.cipher = cipher_suite_name(r.cipher);
      pr.detail = how + ": the ServerHello chose " + pr.cipher + " (handshake not completed)";
    } else if (r.answered) {
      pr.outcome = ProbeOutcome::rejected;
      pr.detail = how + ": " + r.error;
    } else {
      pr.outcome = ProbeOutcome::failed;
      pr.detail = how + ": " + r.error;
    }
    return pr;
  }

  ProbeResult probe_ssl3() {
    const std::string name = "SSLv3";
    if (over_budget()) return skipped(name, kBudget);
    TlsProbeOptions o;
    o.min_version = o.max_version = TlsVersion::ssl3;
    o.timeout = options_.handshake_timeout;
    o.trust_store = store_.get();
    o.addresses = addresses_;
    o.proxy = options_.proxy;
    const TlsHandshakeResult r = handshake(host_, port_, o);
    if (!r.not_testable) {
      ++p_.handshakes;
      return from_handshake(name, r);
    }
    return probe_raw(name, TlsVersion::ssl3, kSsl3Suites,
                     "this OpenSSL build has no SSLv3; tested with a raw SSLv3 ClientHello");
  }

  const std::string& host_;
  const int port_;
  const TlsPostureOptions& options_;
  TlsPosture& p_;
  const std::chrono::steady_clock::time_point deadline_;
  StorePtr store_;
  std::vector<std::string> addresses_;  // resolved once for every probe
};

}  // namespace

TlsPosture probe_posture(const std::string& host, int port, const TlsPostureOptions& options) {
  TlsPosture posture;
  try {
    PostureProber(host, port, options, posture).run();
  } catch (const std::exception& e) {
    posture.error = std::string("TLS posture probe failed: ") + e.what();
  } catch (...) {
    posture.error = "TLS posture probe failed";
  }
  return posture;
}

struct TlsPostures::Entry {
  std::once_flag once;
  TlsPosture posture;
};

namespace {

std::string cache_key(const std::string& host, int port) {
  return to_lower(host) + ":" + std::to_string(port);
}

}  // namespace

TlsPostures::TlsPostures(TlsPostureOptions options) : options_(std::move(options)) {}

TlsPostures::~TlsPostures() = default;

const TlsPosture& TlsPostures::get(const std::string& host, int port) {
  std::shared_ptr<Entry> entry;
  {
    std::lock_guard lock(mu_);
    auto& slot = entries_[cache_key(host, port)];
    if (!slot) slot = std::make_shared<Entry>();
    entry = slot;
  }
  std::call_once(entry->once, [&] {
    TlsPostureOptions options = options_;
    const std::string proxy_url = options.proxy_url.empty() && options.proxy_from_environment
                                      ? environment_proxy_for(host)
                                      : options.proxy_url;
    if (!proxy_url.empty()) {
      std::string why;
      options.proxy = parse_tls_proxy(proxy_url, &why);
      if (!options.proxy) options.unusable_proxy = "not probed: " + why;
    }
    entry->posture = probe_posture(host, port, options);
  });
  return entry->posture;
}

void TlsPostures::seed(TlsPosture posture) {
  auto entry = std::make_shared<Entry>();
  const std::string key = cache_key(posture.host, posture.port);
  std::call_once(entry->once, [&] { entry->posture = std::move(posture); });
  std::lock_guard lock(mu_);
  auto& slot = entries_[key];
  if (slot) replaced_.push_back(slot);
  slot = std::move(entry);
}

void TlsPostures::clear() {
  std::lock_guard lock(mu_);
  for (auto& [key, entry] : entries_) replaced_.push_back(std::move(entry));
  entries_.clear();
}

// ---------------------------------------------------------------------------------------------
// Proxies.

std::optional<TlsProxy> parse_tls_proxy(std::string_view url, std::string* error) {
  auto fail = [&](std::string why) -> std::optional<TlsProxy> {
    if (error != nullptr) *error = std::move(why);
    return std::nullopt;
  };
  std::string_view rest = url;
  if (const std::size_t sep = rest.find("://"); sep != std::string_view::npos) {
    const std::string scheme = to_lower(rest.substr(0, sep));
    if (scheme != "http") {
      return fail("the TLS probes tunnel only through http:// proxies, not " + scheme + "://");
    }
    rest = rest.substr(sep + 3);
  }
  rest = rest.substr(0, rest.find_first_of("/?#"));
  TlsProxy proxy;
  if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos) {
    const std::string userinfo = percent_decode(rest.substr(0, at), false);
    proxy.authorization = "Basic " + base64_encode(userinfo);
    rest = rest.substr(at + 1);
  }
  std::string_view port_text;
  if (!rest.empty() && rest.front() == '[') {
    const std::size_t close = rest.find(']');
    if (close == std::string_view::npos) return fail("proxy URL has an unclosed [");
    proxy.host = std::string(rest.substr(1, close - 1));
    if (close + 1 < rest.size()) {
      if (rest[close + 1] != ':') return fail("proxy URL: junk after ]");
      port_text = rest.substr(close + 2);
    }
  } else if (const std::size_t colon = rest.rfind(':'); colon != std::string_view::npos) {
    proxy.host = std::string(rest.substr(0, colon));
    port_text = rest.substr(colon + 1);
  } else {
    proxy.host = std::string(rest);
  }
  if (proxy.host.empty()) return fail("proxy URL has no host");
  proxy.port = 1080;  // libcurl's default proxy port
  if (!port_text.empty()) {
    int port = 0;
    for (char c : port_text) {
      if (c < '0' || c > '9' || port > 65535) return fail("proxy URL has a bad port");
      port = port * 10 + (c - '0');
    }
    if (port <= 0 || port > 65535) return fail("proxy URL has a bad port");
    proxy.port = port;
  }
  return proxy;
}

std::string environment_proxy_for(std::string_view host) {
  auto env = [](const char* name) -> std::string {
    const char* v = std::getenv(name);
    return v != nullptr ? std::string(v) : std::string();
  };
  std::string no_proxy = env("no_proxy");
  if (no_proxy.empty()) no_proxy = env("NO_PROXY");
  const std::string h = to_lower(host);
  std::size_t start = 0;
  while (start <= no_proxy.size()) {
    std::size_t end = no_proxy.find(',', start);
    if (end == std::string::npos) end = no_proxy.size();
    std::string entry = to_lower(no_proxy.substr(start, end - start));
    entry.erase(0, entry.find_first_not_of(" \t"));
    entry.erase(entry.find_last_not_of(" \t") + 1);
    if (!entry.empty() && entry.front() == '.') entry.erase(0, 1);
    if (entry == "*") return "";
    if (!entry.empty() && (h == entry || (h.size() > entry.size() && h.ends_with("." + entry)))) {
      return "";
    }
    start = end + 1;
  }
  for (const char* name : {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
    std::string v = env(name);
    if (!v.empty()) return v;
  }
  return "";
}

// ---------------------------------------------------------------------------------------------
// Certificate assessment.

bool weak_signature_digest(std::string_view digest) {
  const std::string d = to_lower(digest);
  return d == "sha1" || d == "md5" || d == "md4" || d == "md2" || d == "mdc2";
}

bool weak_public_key(const CertInfo& cert) {
  if (cert.key_type == "RSA" || cert.key_type == "RSA-PSS" || cert.key_type == "DH") {
    return cert.key_bits > 0 && cert.key_bits < 2048;
  }
  if (cert.key_type == "DSA") return true;
  if (cert.key_type == "EC") return cert.key_bits > 0 && cert.key_bits < 224;
  return false;
}

namespace {

std::string days_text(std::int64_t seconds) {
  const std::int64_t days = seconds / 86400;
  if (days == 0) return "less than a day";
  return std::to_string(days) + (days == 1 ? " day" : " days");
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

}  // namespace

std::vector<CertIssue> assess_certificates(const TlsHandshakeResult& hs, std::string_view host,
                                           std::int64_t now, int expiring_days) {
  std::vector<CertIssue> issues;
  if (hs.chain.empty()) return issues;
  for (std::size_t i = 0; i < hs.chain.size(); ++i) {
    const CertInfo& c = hs.chain[i];
    const int depth = static_cast<int>(i);
    // A self-signed certificate above the leaf is a root: clients use their own copy (or
    // none), so its dates, key and signature are not what protects the connection.
    if (depth > 0 && c.self_signed) continue;
    const std::string which = depth == 0 ? "The certificate" : "Intermediate certificate";
    if (c.not_after_epoch != 0 && c.not_after_epoch < now) {
      issues.push_back({CertIssueKind::expired, depth, c.subject, "notAfter", c.not_after,
                        which + " expired on " + c.not_after + " (" +
                            days_text(now - c.not_after_epoch) + " ago)"});
    } else if (c.not_before_epoch != 0 && c.not_before_epoch > now) {
      issues.push_back({CertIssueKind::not_yet_valid, depth, c.subject, "notBefore", c.not_before,
                        which + " is not valid before " + c.not_before + " (in " +
                            days_text(c.not_before_epoch - now) + ")"});
    } else if (c.not_after_epoch != 0 &&
               c.not_after_epoch - now < static_cast<std::int64_t>(expiring_days) * 86400) {
      issues.push_back({CertIssueKind::expiring, depth, c.subject, "notAfter", c.not_after,
                        which + " expires on " + c.not_after + " (in " +
                            days_text(c.not_after_epoch - now) + ")"});
    }
    if (weak_public_key(c)) {
      std::string value = c.key_type + " " + std::to_string(c.key_bits) + " bits";
      if (!c.ec_curve.empty()) value += " (" + c.ec_curve + ")";
      std::string why = c.key_type == "DSA"  ? "DSA keys are obsolete"
                        : c.key_type == "EC" ? "EC keys need a curve of at least 224 bits"
                                             : c.key_type + " keys need at least 2048 bits";
      issues.push_back({CertIssueKind::weak_key, depth, c.subject, "public key", value,
                        which + " has a weak public key: " + value + "; " + why});
    }
    if (weak_signature_digest(c.signature_digest)) {
      issues.push_back({CertIssueKind::weak_signature, depth, c.subject, "signatureAlgorithm",
                        c.signature_algorithm,
                        which + " is signed with " + c.signature_algorithm + " (" +
                            c.signature_digest + " is broken for signatures)"});
    }
  }
  const CertInfo& leaf = hs.chain.front();
  if (hs.verification.performed && !hs.verification.ok()) {
    std::string detail =
        "The certificate chain does not verify against the trust store: " + hs.verification.error;
    if (hs.chain.size() == 1 && leaf.self_signed &&
        hs.verification.error.find("self-signed") == std::string::npos) {
      detail += " (the certificate is self-signed)";
    }
    issues.push_back({CertIssueKind::untrusted, std::max(0, hs.verification.error_depth),
                      leaf.subject, "issuer", leaf.issuer, detail});
  }
  if (hs.hostname_checked && !hs.hostname_match) {
    std::vector<std::string> names = leaf.san_dns;
    names.insert(names.end(), leaf.san_ip.begin(), leaf.san_ip.end());
    const std::string value = names.empty() ? "(no subjectAltName)" : join(names);
    std::string detail = "The certificate is not valid for " + std::string(host) +
                         "; its subjectAltName lists " + value;
    if (names.empty()) detail = "The certificate has no subjectAltName, so it is valid for no host";
    issues.push_back(
        {CertIssueKind::hostname_mismatch, 0, leaf.subject, "subjectAltName", value, detail});
  }
  return issues;
}

}  // namespace gapscan
