// libcurl multi interface on Boost.Asio, following the pattern of curl's multi-uv.c example:
// one multi handle owned by the io thread, a watcher object per socket curl tells us about,
// handlers that hold the watcher (never the bare fd), and a per-host queue of our own so that
// curl never waits inside its own pool (which would eat into CURLOPT_TIMEOUT_MS).
#include "scanner/engine.h"

#include <curl/curl.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <unordered_map>

#include "gapscan_version.h"
#include "scanner/base/text.h"
#include "scanner/base/url.h"

namespace gapscan {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kMaxHeaderLines = 500;

struct Watcher {
  explicit Watcher(asio::io_context& io, int fd) : descriptor(io), fd(fd) {}
  asio::posix::stream_descriptor descriptor;
  int fd;
  int wanted = 0;  // CURL_POLL_IN / OUT / INOUT
  bool read_armed = false;
  bool write_armed = false;
  bool released = false;
};

std::string x509_name(X509_NAME* name) {
  if (name == nullptr) return {};
  char buf[512];
  X509_NAME_oneline(name, buf, sizeof buf);
  return buf;
}

// The certificates of the PEM file GAPSCAN_EXTRA_CA_FILE names (also trusted by the tls-*
// checks), or none. Owned by the caller (X509_free).
std::vector<X509*> extra_ca_certs() {
  std::vector<X509*> out;
  const char* path = std::getenv("GAPSCAN_EXTRA_CA_FILE");
  if (path == nullptr || *path == '\0') return out;
  FILE* f = std::fopen(path, "r");
  if (f == nullptr) return out;
  while (X509* cert = PEM_read_X509(f, nullptr, nullptr, nullptr)) out.push_back(cert);
  std::fclose(f);
  return out;
}

// libcurl's errors that mean "this TLS connection could not be verified" (certificate, issuer,
// CA store, or a handshake that libcurl's default settings refuse).
bool unverifiable(CURLcode code) {
  return code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CONNECT_ERROR ||
         code == CURLE_SSL_CACERT_BADFILE || code == CURLE_SSL_ISSUER_ERROR ||
         code == CURLE_SSL_INVALIDCERTSTATUS || code == CURLE_SSL_PINNEDPUBKEYNOTMATCH;
}

std::string asn1_time(const ASN1_TIME* t) {
  if (t == nullptr) return {};
  struct tm tm {};
  if (ASN1_TIME_to_tm(t, &tm) != 1) return {};
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

struct Transfer {
  CURL* easy = nullptr;
  curl_slist* header_list = nullptr;
  Exchange exchange;
  Engine::Callback done;
  std::string host_key;
  std::int64_t max_body = 0;
  std::int64_t max_header_bytes = 0;
  std::size_t header_bytes = 0;
  bool tls_captured = false;
  // Credentials over https: verification was switched on for them (no --verify-tls), or they
  // went without it (--insecure-credentials).
  bool credentials_verified = false;
  bool credentials_unverified = false;
  std::string origin;
  bool headers_done = false;     // the blank line ending the final header block was seen
  bool callback_failed = false;  // a callback of ours threw (out of memory): transfer aborted
  char error_buffer[CURL_ERROR_SIZE] = {0};
};

struct HostQueue {
  std::deque<std::unique_ptr<Transfer>> pending;
  int active = 0;
  Clock::time_point next_allowed{};
};

struct Engine::Impl {
  Impl(asio::io_context& io, const EngineOptions& options)
      : io(io), options(options), timer(io), pump_timer(io) {
    multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, &Impl::socket_callback);
    curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, &Impl::timer_callback);
    curl_multi_setopt(multi, CURLMOPT_TIMERDATA, this);
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(options.per_host));
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
                      static_cast<long>(options.concurrency));
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, static_cast<long>(options.concurrency * 2));
    user_agent = options.user_agent.empty()
                     ? std::string("gapscan/") + GAPSCAN_VERSION + " (+DAST scanner)"
                     : options.user_agent;
    extra_ca = extra_ca_certs();
  }

  ~Impl() {
    // Abandon everything without running callbacks: the owner is going away.
    for (auto& [easy, t] : active) {
      curl_multi_remove_handle(multi, easy);
      free_transfer(*t);
    }
    active.clear();
    curl_multi_cleanup(multi);  // fires REMOVE for sockets still known
    for (auto& [fd, w] : watchers) release(*w);
    watchers.clear();
    for (CURL* e : easy_pool) curl_easy_cleanup(e);
    for (X509* c : extra_ca) X509_free(c);
  }

  // ---- queueing and scheduling -------------------------------------------------------------

  void submit(HttpRequest request, Callback done) {
    auto t = std::make_unique<Transfer>();
    t->exchange.request = std::move(request);
    t->done = std::move(done);
    t->max_body = options.max_body;
    t->max_header_bytes = options.max_header_bytes;
    const auto url = parse_url(t->exchange.request.url);
    if (!url) {
      fail_later(std::move(t), "invalid or unsupported URL");
      return;
    }
    t->host_key = url->host + ":" + std::to_string(url->port);
    t->origin = url->origin();
    hosts[t->host_key].pending.push_back(std::move(t));
    pump();
  }

  void fail_later(std::unique_ptr<Transfer> t, std::string error) {
    t->exchange.error = std::move(error);
    auto shared = std::shared_ptr<Transfer>(std::move(t));
    asio::post(io, [shared] { shared->done(std::move(shared->exchange)); });
  }

  // Starts as many queued transfers as the caps and rate limits allow.
  void pump() {
    if (pumping) return;
    pumping = true;
    const auto now = Clock::now();
    Clock::time_point earliest_blocked = Clock::time_point::max();
    bool progress = true;
    // Round-robin over hosts so one large host does not starve the others.
    while (progress && static_cast<int>(active.size()) < options.concurrency) {
      progress = false;
      for (auto& [key, host] : hosts) {
        if (static_cast<int>(active.size()) >= options.concurrency) break;
        if (host.pending.empty() || host.active >= options.per_host) continue;
        if (options.rate > 0 && host.next_allowed > now) {
          earliest_blocked = std::min(earliest_blocked, host.next_allowed);
          continue;
        }
        auto t = std::move(host.pending.front());
        host.pending.pop_front();
        if (options.rate > 0) {
          const auto interval = std::chrono::duration_cast<Clock::duration>(
              std::chrono::duration<double>(1.0 / options.rate));
          host.next_allowed = std::max(host.next_allowed, now) + interval;
        }
        ++host.active;
        start(std::move(t));
        progress = true;
      }
    }
    forget_idle_hosts(now);
    if (earliest_blocked != Clock::time_point::max() && !pump_timer_armed) {
      pump_timer_armed = true;
      pump_timer.expires_at(earliest_blocked);
      pump_timer.async_wait([this](const boost::system::error_code& ec) {
        pump_timer_armed = false;
        if (!ec) pump();
      });
    }
    pumping = false;
  }

  // Drops hosts with nothing queued or in flight whose rate limit has lapsed, so the map (and the
  // round-robin loop over it) holds only hosts with work or a pending rate delay.
  void forget_idle_hosts(Clock::time_point now) {
    std::erase_if(hosts, [now](const auto& entry) {
      const HostQueue& host = entry.second;
      return host.pending.empty() && host.active == 0 && host.next_allowed <= now;
    });
  }

  CURL* take_easy() {
    if (!easy_pool.empty()) {
      CURL* e = easy_pool.back();
      easy_pool.pop_back();
      curl_easy_reset(e);
      return e;
    }
    return curl_easy_init();
  }

  void start(std::unique_ptr<Transfer> t) {
    CURL* e = take_easy();
    t->easy = e;
    auto& req = t->exchange.request;
    curl_easy_setopt(e, CURLOPT_URL, req.url.c_str());
    // Probes such as "/./admin" must reach the server unchanged.
    if (req.path_as_is) curl_easy_setopt(e, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error_buffer);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);  // the crawler follows, with scope checks
    curl_easy_setopt(e, CURLOPT_UNRESTRICTED_AUTH, 0L);
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // gzip, deflate, br, zstd
    curl_easy_setopt(e, CURLOPT_USERAGENT, user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout_ms));
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(std::min(options.connect_timeout_ms, options.timeout_ms)));
    // A trickling server is cut off even when the total timeout is generous.
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME,
                     static_cast<long>(std::max<std::int64_t>(1, options.timeout_ms / 1000)));
    // Credentials (a login, a session cookie or token, the user's credential headers) go over
    // https only to a verified server with libcurl's default TLS settings, unless the user
    // opted out (--insecure-credentials). libcurl keeps connections (and TLS sessions) made
    // with other verification settings apart: an unverified connection is never reused here.
    const bool https = istarts_with(req.url, "https:");
    const bool credentials = https && req.with_credentials();
    const bool verify = options.verify_tls || (credentials && !options.insecure_credentials);
    t->credentials_verified = credentials && verify && !options.verify_tls;
    t->credentials_unverified = credentials && !verify;
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, verify ? 1L : 0L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, verify ? 2L : 0L);
    if (verify && !extra_ca.empty()) {
      // The system trust store plus GAPSCAN_EXTRA_CA_FILE (an internal CA).
      curl_easy_setopt(e, CURLOPT_SSL_CTX_FUNCTION, &Impl::ssl_ctx_callback);
      curl_easy_setopt(e, CURLOPT_SSL_CTX_DATA, this);
    }
    if (!verify) {
      // Without verification the crawler must still reach servers that only speak obsolete
      // TLS, or the origin never counts as reachable and no active check (tls-* included)
      // runs on it. OpenSSL 3 at its default security level refuses the MD5+SHA-1 handshake
      // signatures of TLS 1.0/1.1 ("legacy sigalg disallowed") and short keys; "@SECLEVEL=0"
      // lifts that. TLSv1_0 pins the minimum protocol explicitly (libcurl 7.88 already
      // defaults to it, newer releases may raise it to TLS 1.2, and openssl.cnf may set a
      // MinProtocol); the maximum stays TLS 1.3. DEFAULT still excludes NULL and anonymous
      // suites, and a modern server keeps negotiating TLS 1.3 / AEAD suites. The tls-* checks
      // judge the server on their own handshakes, so this only decides whether such an
      // origin can be crawled. --verify-tls keeps libcurl's and OpenSSL's defaults.
      curl_easy_setopt(e, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_0));
      curl_easy_setopt(e, CURLOPT_SSL_CIPHER_LIST, "DEFAULT:@SECLEVEL=0");
    }
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Impl::write_callback);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Impl::header_callback);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
    if (!options.proxy.empty()) curl_easy_setopt(e, CURLOPT_PROXY, options.proxy.c_str());

    if (req.method == "HEAD") {
      curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
    } else if (req.method == "POST") {
      curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
      curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS, req.body.c_str());
    } else if (req.method != "GET") {
      curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, req.method.c_str());
      if (!req.body.empty()) {
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
        curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS, req.body.c_str());
      }
    }
    bool has_ua = false;
    for (const auto& h : req.headers) {
      if (iequals(h.name, "User-Agent")) has_ua = true;
      // "Name;" is curl's syntax for a header with an empty value.
      const std::string line = h.value.empty() ? h.name + ";" : h.name + ": " + h.value;
      t->header_list = curl_slist_append(t->header_list, line.c_str());
    }
    if (!req.method.empty() && req.method != "POST") {
      // Do not let curl add "Expect: 100-continue" delays to bodies we send.
      t->header_list = curl_slist_append(t->header_list, "Expect:");
    }
    if (t->header_list != nullptr) curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->header_list);
    if (!has_ua) req.headers.push_back({"User-Agent", user_agent});

    ++started;
    Transfer* raw = t.get();
    active.emplace(e, std::move(t));
    const CURLMcode rc = curl_multi_add_handle(multi, e);
    if (rc != CURLM_OK) {
      auto node = active.extract(e);
      raw->exchange.error = std::string("curl_multi_add_handle: ") + curl_multi_strerror(rc);
      finish_transfer(std::move(node.mapped()), CURLE_FAILED_INIT);
    }
  }

  // ---- libcurl callbacks (never call curl_multi_* or throw from these) ---------------------

  static CURLcode ssl_ctx_callback(CURL* /*easy*/, void* ssl_ctx, void* userp) noexcept {
    auto* self = static_cast<Impl*>(userp);
    X509_STORE* store = SSL_CTX_get_cert_store(static_cast<SSL_CTX*>(ssl_ctx));
    if (store == nullptr) return CURLE_OK;
    for (X509* c : self->extra_ca) X509_STORE_add_cert(store, c);  // a duplicate is no error
    return CURLE_OK;
  }

  // Every callback catches what it might throw (std::bad_alloc while appending): an exception
  // must never unwind through libcurl's C frames. The transfer is aborted instead.
  static size_t write_callback(char* data, size_t size, size_t nmemb, void* userp) noexcept {
    auto* t = static_cast<Transfer*>(userp);
    try {
      return on_body(*t, data, size * nmemb);
    } catch (...) {
      t->callback_failed = true;
      return 0;
    }
  }

  static size_t on_body(Transfer& transfer, char* data, size_t n) {
    Transfer* t = &transfer;
    auto& resp = t->exchange.response;
    resp.body_bytes_received += n;
    const auto room =
        static_cast<size_t>(std::max<std::int64_t>(0, t->max_body)) - resp.body.size();
    if (n > room) {
      resp.body.append(data, room);
      resp.body_truncated = true;
      return 0;  // aborts the transfer with CURLE_WRITE_ERROR: the decoded-size cap
    }
    resp.body.append(data, n);
    return n;
  }

  static size_t header_callback(char* data, size_t size, size_t nmemb, void* userp) noexcept {
    auto* t = static_cast<Transfer*>(userp);
    try {
      return on_header(*t, data, size * nmemb);
    } catch (...) {
      t->callback_failed = true;
      return 0;
    }
  }

  static size_t on_header(Transfer& transfer, char* data, size_t n) {
    Transfer* t = &transfer;
    auto& resp = t->exchange.response;
    t->header_bytes += n;
    if (static_cast<std::int64_t>(t->header_bytes) > t->max_header_bytes ||
        resp.headers.size() >= kMaxHeaderLines) {
      resp.headers_truncated = true;
      return 0;
    }
    std::string_view line(data, n);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    if (line.substr(0, 5) == "HTTP/") {
      // A new status line: interim 1xx responses are discarded.
      resp.headers.clear();
      t->headers_done = false;
      const auto sp = line.find(' ');
      resp.http_version = std::string(line.substr(0, sp));
      if (sp != std::string_view::npos) {
        auto rest = line.substr(sp + 1);
        const auto sp2 = rest.find(' ');
        resp.reason = sp2 == std::string_view::npos ? "" : std::string(rest.substr(sp2 + 1));
      }
      if (!t->tls_captured) capture_tls(*t);
      return n;
    }
    if (line.empty()) {
      // 1xx interim blocks end with a blank line too; a new status line resets this.
      t->headers_done = true;
      return n;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return n;  // libcurl 7.88 already rejects these
    resp.headers.push_back(
        {std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1)))});
    return n;
  }

  // TLS facts are read while the connection is certainly alive: at the first status line.
  static void capture_tls(Transfer& t) {
    t.tls_captured = true;
    curl_tlssessioninfo* info = nullptr;
    if (curl_easy_getinfo(t.easy, CURLINFO_TLS_SSL_PTR, &info) != CURLE_OK || info == nullptr ||
        info->backend != CURLSSLBACKEND_OPENSSL || info->internals == nullptr) {
      return;
    }
    auto* ssl = static_cast<SSL*>(info->internals);
    auto& tls = t.exchange.tls;
    tls.present = true;
    tls.protocol = SSL_get_version(ssl);
    if (const SSL_CIPHER* c = SSL_get_current_cipher(ssl)) tls.cipher = SSL_CIPHER_get_name(c);
    if (X509* cert = SSL_get1_peer_certificate(ssl)) {
      tls.cert_subject = x509_name(X509_get_subject_name(cert));
      tls.cert_issuer = x509_name(X509_get_issuer_name(cert));
      tls.cert_not_after = asn1_time(X509_get0_notAfter(cert));
      X509_free(cert);
    }
  }

  static int socket_callback(CURL*, curl_socket_t s, int what, void* userp,
                             void* socketp) noexcept {
    try {
      return static_cast<Impl*>(userp)->on_socket(s, what, static_cast<Watcher*>(socketp));
    } catch (...) {
      return -1;  // libcurl fails the transfer on this socket
    }
  }

  int on_socket(curl_socket_t s, int what, Watcher* w) {
    Impl* self = this;
    if (what == CURL_POLL_REMOVE) {
      if (w != nullptr) {
        curl_multi_assign(self->multi, s, nullptr);
        self->forget(s);
      }
      return 0;
    }
    if (w == nullptr) {
      auto watcher = std::make_shared<Watcher>(self->io, s);
      boost::system::error_code ec;
      watcher->descriptor.assign(s, ec);
      if (ec) return -1;  // curl fails this transfer
      w = watcher.get();
      self->watchers[s] = watcher;
      curl_multi_assign(self->multi, s, w);
    }
    w->wanted = what;
    self->arm(self->watchers[s]);
    return 0;
  }

  static int timer_callback(CURLM*, long timeout_ms, void* userp) noexcept {
    try {
      static_cast<Impl*>(userp)->on_timer(timeout_ms);
      return 0;
    } catch (...) {
      return -1;
    }
  }

  void on_timer(long timeout_ms) {
    Impl* self = this;
    if (timeout_ms < 0) {
      self->timer.cancel();
      return;
    }
    // 0 means "soon, but not from inside this callback": the timer fires on the next turn.
    self->timer.expires_after(std::chrono::milliseconds(timeout_ms));
    self->timer.async_wait([self](const boost::system::error_code& ec) {
      if (ec) return;
      int running = 0;
      curl_multi_socket_action(self->multi, CURL_SOCKET_TIMEOUT, 0, &running);
      self->drain_done();
    });
  }

  // ---- socket watching -------------------------------------------------------------------

  void arm(const std::shared_ptr<Watcher>& w) {
    if ((w->wanted & CURL_POLL_IN) && !w->read_armed) {
      w->read_armed = true;
      w->descriptor.async_wait(asio::posix::stream_descriptor::wait_read,
                               [this, w](const boost::system::error_code& ec) {
                                 w->read_armed = false;
                                 on_ready(w, ec, CURL_CSELECT_IN, CURL_POLL_IN);
                               });
    }
    if ((w->wanted & CURL_POLL_OUT) && !w->write_armed) {
      w->write_armed = true;
      w->descriptor.async_wait(asio::posix::stream_descriptor::wait_write,
                               [this, w](const boost::system::error_code& ec) {
                                 w->write_armed = false;
                                 on_ready(w, ec, CURL_CSELECT_OUT, CURL_POLL_OUT);
                               });
    }
  }

  void on_ready(const std::shared_ptr<Watcher>& w, const boost::system::error_code& ec,
                int select_flag, int poll_flag) {
    if (w->released || ec == asio::error::operation_aborted) return;
    if (!(w->wanted & poll_flag)) return;  // interest changed meanwhile
    int running = 0;
    curl_multi_socket_action(multi, w->fd, ec ? CURL_CSELECT_ERR : select_flag, &running);
    drain_done();
    if (!w->released) arm(w);
  }

  static void release(Watcher& w) {
    w.released = true;
    boost::system::error_code ignored;
    w.descriptor.cancel(ignored);
    (void)w.descriptor.release();  // curl owns and closes the fd
  }

  void forget(curl_socket_t s) {
    auto it = watchers.find(s);
    if (it == watchers.end()) return;
    release(*it->second);
    watchers.erase(it);
  }

  // ---- completion ------------------------------------------------------------------------

  void drain_done() {
    int pending = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &pending)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* e = msg->easy_handle;
      const CURLcode code = msg->data.result;
      curl_multi_remove_handle(multi, e);
      auto node = active.extract(e);
      if (node.empty()) continue;
      finish_transfer(std::move(node.mapped()), code);
    }
    pump();
  }

  void finish_transfer(std::unique_ptr<Transfer> t, CURLcode code) {
    auto& ex = t->exchange;
    CURL* e = t->easy;
    long status = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    ex.response.status = status;
    ex.curl_code = static_cast<int>(code);
    curl_off_t us = 0;
    if (curl_easy_getinfo(e, CURLINFO_NAMELOOKUP_TIME_T, &us) == CURLE_OK)
      ex.timings.dns_ms = us / 1000.0;
    if (curl_easy_getinfo(e, CURLINFO_CONNECT_TIME_T, &us) == CURLE_OK)
      ex.timings.connect_ms = us / 1000.0;
    if (curl_easy_getinfo(e, CURLINFO_APPCONNECT_TIME_T, &us) == CURLE_OK)
      ex.timings.tls_ms = us / 1000.0;
    if (curl_easy_getinfo(e, CURLINFO_STARTTRANSFER_TIME_T, &us) == CURLE_OK)
      ex.timings.ttfb_ms = us / 1000.0;
    if (curl_easy_getinfo(e, CURLINFO_TOTAL_TIME_T, &us) == CURLE_OK)
      ex.timings.total_ms = us / 1000.0;
    char* ip = nullptr;
    if (curl_easy_getinfo(e, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip != nullptr)
      ex.primary_ip = ip;
    if (ex.tls.present) {
      long verify = 0;
      if (curl_easy_getinfo(e, CURLINFO_SSL_VERIFYRESULT, &verify) == CURLE_OK)
        ex.tls.verify_result = verify;
    }
    if (code != CURLE_OK) {
      if (t->callback_failed) {
        ex.error = "out of memory while receiving the response; the transfer was aborted";
        ex.response.status = 0;
      } else if (code == CURLE_WRITE_ERROR && ex.response.body_truncated) {
        // Our own body cap: the response is usable, only cut.
      } else if (code == CURLE_OUT_OF_MEMORY && !t->headers_done) {
        // libcurl refuses a single header line over its 100 KiB limit this way.
        ex.response.headers_truncated = true;
        ex.error = "a response header line exceeds libcurl's 100 KiB limit";
        ex.response.status = 0;
      } else if (ex.response.headers_truncated) {
        ex.error = "response header block exceeds the cap (" +
                   std::to_string(options.max_header_bytes) + " bytes or " +
                   std::to_string(kMaxHeaderLines) + " lines)";
        ex.response.status = 0;
      } else if (ex.error.empty() && t->credentials_verified && unverifiable(code)) {
        // Nothing of the request was sent: the TLS handshake came first.
        const std::string why =
            t->error_buffer[0] != '\0' ? std::string(t->error_buffer) : curl_easy_strerror(code);
        ex.error = "refused: credentials go only over verified TLS, and the TLS connection to " +
                   t->origin + " could not be verified (" + why +
                   "); set GAPSCAN_EXTRA_CA_FILE to the CA certificate that signed it, or pass "
                   "--insecure-credentials to send credentials there without verification";
        ex.response.status = 0;
        credential_tls.refused.emplace(t->origin, ex.error);
      } else if (ex.error.empty()) {
        ex.error =
            t->error_buffer[0] != '\0' ? std::string(t->error_buffer) : curl_easy_strerror(code);
        // A response whose body failed mid-way still has its status and headers; keep them
        // but mark the exchange failed so checks do not judge a half body.
        ex.response.status = 0;
      }
    }
    bytes_received += ex.response.body_bytes_received;
    if (t->credentials_unverified && status != 0) ++credential_tls.unverified[t->origin];

    auto host_it = hosts.find(t->host_key);
    if (host_it != hosts.end()) --host_it->second.active;
    if (t->header_list != nullptr) curl_slist_free_all(t->header_list);
    t->header_list = nullptr;
    easy_pool.push_back(e);
    t->easy = nullptr;
    if (observer) observer(ex);
    Callback done = std::move(t->done);
    done(std::move(ex));
  }

  static void free_transfer(Transfer& t) {
    if (t.header_list != nullptr) curl_slist_free_all(t.header_list);
    if (t.easy != nullptr) curl_easy_cleanup(t.easy);
  }

  void cancel_queued() {
    for (auto& [key, host] : hosts) {
      while (!host.pending.empty()) {
        auto t = std::move(host.pending.front());
        host.pending.pop_front();
        fail_later(std::move(t), "cancelled");
      }
    }
  }

  void cancel_all() {
    cancel_queued();
    std::vector<CURL*> easies;
    for (auto& [e, t] : active) easies.push_back(e);
    for (CURL* e : easies) {
      curl_multi_remove_handle(multi, e);
      auto node = active.extract(e);
      node.mapped()->exchange.error = "cancelled";
      finish_transfer(std::move(node.mapped()), CURLE_ABORTED_BY_CALLBACK);
    }
  }

  asio::io_context& io;
  EngineOptions options;
  std::function<void(const Exchange&)> observer;  // --verbose; io thread
  std::string user_agent;
  CURLM* multi = nullptr;
  asio::steady_timer timer;
  asio::steady_timer pump_timer;
  bool pump_timer_armed = false;
  bool pumping = false;
  std::unordered_map<curl_socket_t, std::shared_ptr<Watcher>> watchers;
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> active;
  std::map<std::string, HostQueue> hosts;
  std::vector<CURL*> easy_pool;
  std::uint64_t started = 0, bytes_received = 0;
  std::vector<X509*> extra_ca;  // GAPSCAN_EXTRA_CA_FILE
  CredentialTls credential_tls;
};

Engine::Engine(asio::io_context& io, const EngineOptions& options)
    : impl_(std::make_unique<Impl>(io, options)) {}
Engine::~Engine() = default;

void Engine::submit(HttpRequest request, Callback done) {
  impl_->submit(std::move(request), std::move(done));
}

void Engine::cancel_all() { impl_->cancel_all(); }

void Engine::cancel_queued() { impl_->cancel_queued(); }

CredentialTls Engine::credential_tls() const { return impl_->credential_tls; }

void Engine::set_observer(std::function<void(const Exchange&)> observer) {
  impl_->observer = std::move(observer);
}

EngineStats Engine::stats() const {
  EngineStats s;
  s.started = impl_->started;
  s.bytes_received = impl_->bytes_received;
  return s;
}

}  // namespace gapscan
