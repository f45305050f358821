// Test helpers for the TLS prober and the tls-* checks: certificates made in memory with
// OpenSSL, and small TLS / raw TCP servers on 127.0.0.1 running on a background thread.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace gapscan::testing {

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using CertPtr = std::unique_ptr<X509, X509Free>;

// RSA keys come from a small per-size pool (generation is slow; certificates only read keys):
// consecutive calls return different keys, cycling through the pool.
inline KeyPtr rsa_key(unsigned bits) {
  constexpr std::size_t kPool = 4;
  static std::mutex mu;
  static std::map<unsigned, std::pair<std::vector<KeyPtr>, std::size_t>> pools;
  std::lock_guard lock(mu);
  auto& [keys, next] = pools[bits];
  const std::size_t slot = next++ % kPool;
  if (slot >= keys.size()) keys.emplace_back(EVP_RSA_gen(bits));  // slots fill in order
  EVP_PKEY* key = keys[slot].get();
  EVP_PKEY_up_ref(key);
  return KeyPtr(key);
}
inline KeyPtr ec_key(const char* curve) { return KeyPtr(EVP_EC_gen(curve)); }

struct CertSpec {
  std::string cn = "example.test";
  std::vector<std::string> dns;          // subjectAltName DNS entries
  std::vector<std::string> ips;          // subjectAltName IP entries
  std::int64_t not_before = -86400;      // seconds relative to now
  std::int64_t not_after = 365 * 86400;  // seconds relative to now
  const EVP_MD* md = EVP_sha256();
  bool ca = false;
  long serial = 1;
};

inline void add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  if (X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str())) {
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
  }
}

// Self-signed when issuer/issuer_key are null.
inline CertPtr make_cert(const CertSpec& spec, EVP_PKEY* key, X509* issuer = nullptr,
                         EVP_PKEY* issuer_key = nullptr) {
  CertPtr cert(X509_new());
  X509* x = cert.get();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), spec.serial);
  X509_gmtime_adj(X509_getm_notBefore(x), static_cast<long>(spec.not_before));
  X509_gmtime_adj(X509_getm_notAfter(x), static_cast<long>(spec.not_after));
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(spec.cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(x, issuer != nullptr ? X509_get_subject_name(issuer) : name);
  X509_set_pubkey(x, key);
  X509* issuer_cert = issuer != nullptr ? issuer : x;
  add_ext(x, issuer_cert, NID_subject_key_identifier, "hash");
  add_ext(x, issuer_cert, NID_authority_key_identifier, "keyid:always");
  if (spec.ca) {
    add_ext(x, issuer_cert, NID_basic_constraints, "critical,CA:TRUE");
    add_ext(x, issuer_cert, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_ext(x, issuer_cert, NID_basic_constraints, "critical,CA:FALSE");
  }
  std::string san;
  for (const auto& d : spec.dns) san += (san.empty() ? "" : ",") + std::string("DNS:") + d;
  for (const auto& i : spec.ips) san += (san.empty() ? "" : ",") + std::string("IP:") + i;
  if (!san.empty()) add_ext(x, issuer_cert, NID_subject_alt_name, san);
  X509_sign(x, issuer_key != nullptr ? issuer_key : key, spec.md);
  return cert;
}

inline std::string cert_pem(X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(n));
  BIO_free(bio);
  return out;
}

// A test CA with a leaf valid for 127.0.0.1 and localhost.
struct TestPki {
  KeyPtr ca_key = rsa_key(2048);
  CertPtr ca;
  KeyPtr leaf_key = rsa_key(2048);
  CertPtr leaf;
  TestPki() {
    CertSpec ca_spec;
    ca_spec.cn = "gapscan unit test CA";
    ca_spec.ca = true;
    ca = make_cert(ca_spec, ca_key.get());
    CertSpec leaf_spec;
    leaf_spec.cn = "127.0.0.1";
    leaf_spec.dns = {"localhost"};
    leaf_spec.ips = {"127.0.0.1"};
    leaf_spec.serial = 2;
    leaf = make_cert(leaf_spec, leaf_key.get(), ca.get(), ca_key.get());
  }
};

// A TLS server on 127.0.0.1: completes handshakes (configured by `configure` on the server
// SSL_CTX), writes a short HTTP response and closes. Runs until destroyed.
class TestTlsServer {
 public:
  TestTlsServer(X509* cert, EVP_PKEY* key, std::function<void(SSL_CTX*)> configure)
      : ctx_(boost::asio::ssl::context::tls_server),
        acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    SSL_CTX* c = ctx_.native_handle();
    SSL_CTX_set_dh_auto(c, 1);
    if (configure) configure(c);  // first: the security level decides which certs load
    SSL_CTX_use_certificate(c, cert);
    SSL_CTX_use_PrivateKey(c, key);
    port_ = acceptor_.local_endpoint().port();
    accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~TestTlsServer() {
    io_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  int handshakes() const { return handshakes_; }

 private:
  using Stream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;
  void accept() {
    acceptor_.async_accept(
        [this](const boost::system::error_code& ec, boost::asio::ip::tcp::socket socket) {
          if (ec) return;
          auto stream = std::make_shared<Stream>(std::move(socket), ctx_);
          stream->async_handshake(boost::asio::ssl::stream_base::server,
                                  [this, stream](const boost::system::error_code& e) {
                                    if (e) return;
                                    ++handshakes_;
                                    static const std::string kResponse =
                                        "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nok";
                                    boost::asio::async_write(
                                        *stream, boost::asio::buffer(kResponse),
                                        [stream](const boost::system::error_code&, std::size_t) {
                                          boost::system::error_code ignored;
                                          stream->lowest_layer().close(ignored);
                                        });
                                  });
          accept();
        });
  }

  boost::asio::ssl::context ctx_;  // outlives io_ and the streams its handlers hold
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  int port_ = 0;
  std::atomic<int> handshakes_{0};
  std::thread thread_;
};

// A TCP server on 127.0.0.1 that answers every connection's first bytes with `reply` (empty:
// never answers, holds the connection open).
class RawTcpServer {
 public:
  explicit RawTcpServer(std::string reply)
      : reply_(std::move(reply)), acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    port_ = acceptor_.local_endpoint().port();
    accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~RawTcpServer() {
    io_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::string first_bytes() const {
    std::lock_guard lock(mu_);
    return first_bytes_;
  }

 private:
  struct Conn {
    explicit Conn(boost::asio::ip::tcp::socket s) : socket(std::move(s)) {}
    boost::asio::ip::tcp::socket socket;
    std::array<char, 8192> buf{};
  };
  void accept() {
    acceptor_.async_accept(
        [this](const boost::system::error_code& ec, boost::asio::ip::tcp::socket socket) {
          if (ec) return;
          auto conn = std::make_shared<Conn>(std::move(socket));
          conns_.push_back(conn);
          conn->socket.async_read_some(
              boost::asio::buffer(conn->buf),
              [this, conn](const boost::system::error_code& e, std::size_t n) {
                if (e) return;
                {
                  std::lock_guard lock(mu_);
                  if (first_bytes_.empty()) first_bytes_.assign(conn->buf.data(), n);
                }
                if (reply_.empty()) return;  // hold the connection, say nothing
                boost::asio::async_write(conn->socket, boost::asio::buffer(reply_),
                                         [conn](const boost::system::error_code&, std::size_t) {
                                           boost::system::error_code ignored;
                                           conn->socket.close(ignored);
                                         });
              });
          accept();
        });
  }

  std::string reply_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  int port_ = 0;
  std::vector<std::shared_ptr<Conn>> conns_;
  mutable std::mutex mu_;
  std::string first_bytes_;
  std::thread thread_;
};

// An HTTP proxy on 127.0.0.1 that answers CONNECT (to any authority) with 200 and relays to
// 127.0.0.1:forward_port, or with 407 when `refuse` is set. Records each request head.
class TestConnectProxy {
 public:
  TestConnectProxy() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(listener_, 16);
    socklen_t len = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~TestConnectProxy() {
    stop_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    if (acceptor_.joinable()) acceptor_.join();
    for (auto& t : relays_) t.join();
  }
  void start() {
    acceptor_ = std::thread([this] {
      while (!stop_) {
        const int client = ::accept(listener_, nullptr, nullptr);
        if (client < 0) return;
        std::lock_guard lock(mu_);
        relays_.emplace_back([this, client] { serve(client); });
      }
    });
  }
  int port() const { return port_; }
  std::vector<std::string> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }
  std::atomic<int> forward_port{0};
  std::atomic<bool> refuse{false};

 private:
  void serve(int client) {
    std::string head;
    char c;
    while (head.find("\r\n\r\n") == std::string::npos && head.size() < 16384 &&
           ::recv(client, &c, 1, 0) == 1) {
      head += c;
    }
    {
      std::lock_guard lock(mu_);
      requests_.push_back(head);
    }
    if (refuse) {
      static const std::string k407 = "HTTP/1.1 407 Proxy Authentication Required\r\n\r\n";
      ::send(client, k407.data(), k407.size(), MSG_NOSIGNAL);
      ::close(client);
      return;
    }
    const int server = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(forward_port.load()));
    if (::connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      static const std::string k502 = "HTTP/1.1 502 Bad Gateway\r\n\r\n";
      ::send(client, k502.data(), k502.size(), MSG_NOSIGNAL);
      ::close(client);
      ::close(server);
      return;
    }
    static const std::string k200 = "HTTP/1.1 200 Connection established\r\n\r\n";
    ::send(client, k200.data(), k200.size(), MSG_NOSIGNAL);
    pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
    char buf[8192];
    while (!stop_) {
      if (::poll(fds, 2, 100) < 0) break;
      bool closed = false;
      for (int i = 0; i < 2 && !closed; ++i) {
        if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
        const ssize_t n = ::recv(fds[i].fd, buf, sizeof buf, 0);
        if (n <= 0 || ::send(fds[1 - i].fd, buf, static_cast<std::size_t>(n), MSG_NOSIGNAL) != n) {
          closed = true;
        }
      }
      if (closed) break;
    }
    ::close(client);
    ::close(server);
  }

  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread acceptor_;
  mutable std::mutex mu_;
  std::vector<std::thread> relays_;
  std::vector<std::string> requests_;
};

// A TLS 1.2 ServerHello record choosing `cipher` at `version`.
inline std::string server_hello_record(std::uint16_t version, std::uint16_t cipher) {
  std::string body;
  body += static_cast<char>(version >> 8);
  body += static_cast<char>(version & 0xFF);
  body.append(32, '\x42');  // random
  body += '\0';             // no session id
  body += static_cast<char>(cipher >> 8);
  body += static_cast<char>(cipher & 0xFF);
  body += '\0';  // null compression
  std::string hs;
  hs += '\x02';
  hs += '\0';
  hs += static_cast<char>(body.size() >> 8);
  hs += static_cast<char>(body.size() & 0xFF);
  hs += body;
  std::string rec;
  rec += '\x16';
  rec += static_cast<char>(version >> 8);
  rec += static_cast<char>(version & 0xFF);
  rec += static_cast<char>(hs.size() >> 8);
  rec += static_cast<char>(hs.size() & 0xFF);
  rec += hs;
  return rec;
}

// A free TCP port on 127.0.0.1 with nothing listening (bound, then released).
inline int closed_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const int port = a.local_endpoint().port();
  a.close();
  return port;
}

}  // namespace gapscan::testing
