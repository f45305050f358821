#include "examples/testbed/server.h"

#include <unistd.h>

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <type_traits>

#include "examples/testbed/request_log.h"
#include "examples/testbed/site.h"
#include "examples/testbed/tls.h"

namespace testbed {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

constexpr auto kHandshakeTimeout = 10s;
constexpr auto kIdleTimeout = 30s;  // waiting for (the rest of) a request
constexpr auto kWriteTimeout = 60s;
constexpr auto kHostileLimit = 5min;  // hang and slow-headers give up after this
constexpr size_t kEndlessCap = size_t{1} << 30;

template <class SV>
std::string Str(const SV& sv) {
  return std::string(sv.data(), sv.size());
}

Request ToRequest(const http::request<http::string_body>& m, bool tls, uint16_t port) {
  Request r;
  r.method = Str(m.method_string());
  r.target = Str(m.target());
  for (const auto& f : m) r.headers.emplace_back(Str(f.name_string()), Str(f.value()));
  r.body = m.body();
  r.tls = tls;
  r.port = port;
  return r;
}

// Repeats `unit` to exactly `size` bytes (filler for huge and endless bodies).
std::string Filler(std::string_view unit, size_t size) {
  std::string s;
  s.reserve(size);
  while (s.size() < size) s.append(unit.substr(0, size - s.size()));
  return s;
}

class Server {
 public:
  Server(net::io_context& ioc, const Options& opt, const Site& site, RequestLog& log,
         ssl::context* tls_ctx)
      : ioc_(ioc),
        opt_(opt),
        site_(site),
        log_(log),
        tls_ctx_(tls_ctx),
        http_acc_(ioc),
        https_acc_(ioc) {}

  bool Listen(std::string& error) {
    if (opt_.http_port && !Bind(http_acc_, *opt_.http_port, http_port_, error)) return false;
    if (opt_.https_port && !Bind(https_acc_, *opt_.https_port, https_port_, error)) return false;
    return true;
  }

  void Start() {
    auto ignore = [](std::exception_ptr) {};
    if (http_acc_.is_open()) net::co_spawn(ioc_, AcceptLoop(http_acc_, false), ignore);
    if (https_acc_.is_open()) net::co_spawn(ioc_, AcceptLoop(https_acc_, true), ignore);
  }

  void Stop() {
    boost::system::error_code ignored;
    http_acc_.close(ignored);
    https_acc_.close(ignored);
  }

  uint16_t http_port() const { return http_port_; }
  uint16_t https_port() const { return https_port_; }

 private:
  static bool Bind(tcp::acceptor& acc, uint16_t want, uint16_t& got, std::string& error) {
    boost::system::error_code ec;
    tcp::endpoint ep(net::ip::make_address_v4("127.0.0.1"), want);
    acc.open(ep.protocol(), ec);
    if (!ec) acc.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acc.bind(ep, ec);
    if (!ec) acc.listen(net::socket_base::max_listen_connections, ec);
    if (!ec) got = acc.local_endpoint(ec).port();
    if (ec) error = "cannot listen on 127.0.0.1:" + std::to_string(want) + ": " + ec.message();
    return !ec;
  }

  net::awaitable<void> AcceptLoop(tcp::acceptor& acc, bool tls) {
    const uint16_t port = tls ? https_port_ : http_port_;
    for (;;) {
      boost::system::error_code ec;
      tcp::socket sock = co_await acc.async_accept(net::redirect_error(net::use_awaitable, ec));
      if (ec == net::error::operation_aborted || !acc.is_open()) co_return;
      if (ec) {  // e.g. out of file descriptors: back off instead of spinning
        net::steady_timer t(ioc_, 50ms);
        co_await t.async_wait(net::redirect_error(net::use_awaitable, ec));
        continue;
      }
      auto ignore = [](std::exception_ptr) {};
      if (tls)
        net::co_spawn(ioc_, ServeTls(std::move(sock), port), ignore);
      else
        net::co_spawn(ioc_, ServePlain(std::move(sock), port), ignore);
    }
  }

  // Exceptions never leave a connection: anything unexpected just drops it.
  net::awaitable<void> ServePlain(tcp::socket sock, uint16_t port) {
    try {
      beast::tcp_stream stream(std::move(sock));
      co_await Serve(stream, false, port);
    } catch (...) {
    }
  }

  net::awaitable<void> ServeTls(tcp::socket sock, uint16_t port) {
    try {
      beast::ssl_stream<beast::tcp_stream> stream(std::move(sock), *tls_ctx_);
      boost::system::error_code ec;
      beast::get_lowest_layer(stream).expires_after(kHandshakeTimeout);
      co_await stream.async_handshake(ssl::stream_base::server,
                                      net::redirect_error(net::use_awaitable, ec));
      if (!ec) co_await Serve(stream, true, port);
    } catch (...) {
    }
  }

  template <class Stream>
  net::awaitable<void> Serve(Stream& stream, bool tls, uint16_t port) {
    boost::system::error_code ec;
    auto tok = net::redirect_error(net::use_awaitable, ec);
    auto& tcp_layer = beast::get_lowest_layer(stream);
    beast::flat_buffer buffer;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(64 * 1024);
      parser.body_limit(1 << 20);
      tcp_layer.expires_after(kIdleTimeout);
      co_await http::async_read(stream, buffer, parser, tok);
      if (ec) {
        if (parser.is_header_done()) log_.Write(ToRequest(parser.get(), tls, port));
        // A request we could not parse gets a 4xx; a vanished client gets nothing.
        if (ec.category() == http::make_error_code(http::error::bad_target).category() &&
            ec != http::error::end_of_stream && ec != http::error::partial_message) {
          int status = ec == http::error::body_limit     ? 413
                       : ec == http::error::header_limit ? 431
                                                         : 400;
          std::string raw = site_.RawError(status);
          tcp_layer.expires_after(kWriteTimeout);
          co_await net::async_write(stream, net::buffer(raw), tok);
          co_await Close(stream);
        }
        co_return;
      }
      const Request req = ToRequest(parser.get(), tls, port);
      // A slow answer is logged on arrival (tests of timeouts look for the request).
      if (opt_.slow_ms > 0) log_.Write(req);
      if (opt_.slow_ms > 0) {
        net::steady_timer t(ioc_, std::chrono::milliseconds(opt_.slow_ms));
        co_await t.async_wait(tok);
      }
      Reply reply = site_.Handle(req);
      // Logged with its answer's status (tests assert what a page answered, e.g. to a session).
      if (opt_.slow_ms <= 0)
        log_.Write(req, reply.kind == Reply::Kind::kNormal ? reply.status : -1);
      tcp_layer.expires_after(kWriteTimeout);
      switch (reply.kind) {
        case Reply::Kind::kNormal: {
          http::response<http::string_body> res{static_cast<http::status>(reply.status), 11};
          for (const auto& [k, v] : reply.headers) res.insert(k, v);
          res.body() = std::move(reply.body);
          res.keep_alive(parser.get().keep_alive() && !reply.close);
          res.prepare_payload();
          // HEAD: same headers (incl. Content-Length), no body.
          if (parser.get().method() == http::verb::head) res.body().clear();
          co_await http::async_write(stream, res, tok);
          if (ec) co_return;
          if (res.keep_alive()) continue;
          break;
        }
        case Reply::Kind::kRaw:
          co_await net::async_write(stream, net::buffer(reply.raw), tok);
          break;
        case Reply::Kind::kHugeBody:
          co_await HugeBody(stream, reply.raw);
          break;
        case Reply::Kind::kEndless:
          co_await Endless(stream, reply.raw);
          break;
        case Reply::Kind::kHang:
          co_await Hang(stream);
          co_return;
        case Reply::Kind::kSlowHeaders:
          co_await SlowHeaders(stream, reply.raw);
          co_return;
      }
      if (!ec) co_await Close(stream);
      co_return;
    }
  }

  template <class Stream>
  net::awaitable<void> HugeBody(Stream& stream, const std::string& head) {
    static const std::string filler = Filler("<p>huge body filler text</p>\n", 64 * 1024);
    boost::system::error_code ec;
    auto tok = net::redirect_error(net::use_awaitable, ec);
    co_await net::async_write(stream, net::buffer(head), tok);
    for (size_t sent = 0; !ec && sent < kHugeBodySize; sent += filler.size()) {
      beast::get_lowest_layer(stream).expires_after(kWriteTimeout);
      co_await net::async_write(
          stream, net::buffer(filler.data(), std::min(filler.size(), kHugeBodySize - sent)), tok);
    }
  }

  template <class Stream>
  net::awaitable<void> Endless(Stream& stream, const std::string& head) {
    // One complete 16 KiB chunk: size line, data, CRLF.
    static const std::string chunk = "4000\r\n" + Filler("<p>endless</p>\n", 16384) + "\r\n";
    boost::system::error_code ec;
    auto tok = net::redirect_error(net::use_awaitable, ec);
    co_await net::async_write(stream, net::buffer(head), tok);
    for (size_t sent = 0; !ec && sent < kEndlessCap; sent += 16384) {
      beast::get_lowest_layer(stream).expires_after(kWriteTimeout);
      co_await net::async_write(stream, net::buffer(chunk), tok);
    }
    if (!ec) co_await net::async_write(stream, net::buffer("0\r\n\r\n", 5), tok);
  }

  // Never answers; returns when the client closes (read fails) or after kHostileLimit.
  template <class Stream>
  net::awaitable<void> Hang(Stream& stream) {
    boost::system::error_code ec;
    beast::get_lowest_layer(stream).expires_after(kHostileLimit);
    char sink[4096];
    while (!ec)
      co_await stream.async_read_some(net::buffer(sink),
                                      net::redirect_error(net::use_awaitable, ec));
  }

  // Status line, then one header byte per second; a write error means the client left.
  template <class Stream>
  net::awaitable<void> SlowHeaders(Stream& stream, const std::string& status_line) {
    static constexpr std::string_view kLine = "X-Slow-Header: one byte per second\r\n";
    boost::system::error_code ec;
    auto tok = net::redirect_error(net::use_awaitable, ec);
    co_await net::async_write(stream, net::buffer(status_line), tok);
    const auto deadline = std::chrono::steady_clock::now() + kHostileLimit;
    net::steady_timer timer(ioc_);
    for (size_t i = 0; !ec && std::chrono::steady_clock::now() < deadline; ++i) {
      timer.expires_after(1s);
      co_await timer.async_wait(tok);
      beast::get_lowest_layer(stream).expires_after(10s);
      if (!ec) co_await net::async_write(stream, net::buffer(&kLine[i % kLine.size()], 1), tok);
    }
  }

  template <class Stream>
  net::awaitable<void> Close(Stream& stream) {
    boost::system::error_code ec;
    if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
      stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    } else {
      beast::get_lowest_layer(stream).expires_after(2s);
      co_await stream.async_shutdown(net::redirect_error(net::use_awaitable, ec));
    }
  }

  net::io_context& ioc_;
  const Options& opt_;
  const Site& site_;
  RequestLog& log_;
  ssl::context* tls_ctx_;
  tcp::acceptor http_acc_, https_acc_;
  uint16_t http_port_ = 0, https_port_ = 0;
};

bool WriteFileAtomically(const std::string& path, const std::string& data, std::string& error) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << data;
    out.close();
    if (!out) return error = "cannot write " + tmp, false;
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return error = "cannot rename " + tmp, false;
  return true;
}

}  // namespace

int RunServer(const Options& opt) {
  std::signal(SIGPIPE, SIG_IGN);
  std::string error;

  RequestLog log;
  if (!opt.log_file.empty() && !log.Open(opt.log_file, error)) {
    std::cerr << "gapscan-testbed: " << error << "\n";
    return 1;
  }

  // Declared before the io_context so it outlives every TLS stream.
  ssl::context tls_ctx(ssl::context::tls_server);
  if (opt.https_port) {
    CertAndKey ck;
    if (!MakeSelfSigned(ck, error)) {
      std::cerr << "gapscan-testbed: " << error << "\n";
      return 1;
    }
    boost::system::error_code ec;
    SSL_CTX_set_min_proto_version(tls_ctx.native_handle(), TLS1_2_VERSION);
    tls_ctx.set_options(ssl::context::default_workarounds | ssl::context::single_dh_use, ec);
    if (!ec) tls_ctx.use_certificate_chain(net::buffer(ck.cert_pem), ec);
    if (!ec) tls_ctx.use_private_key(net::buffer(ck.key_pem), ssl::context::pem, ec);
    if (ec) {
      std::cerr << "gapscan-testbed: TLS setup: " << ec.message() << "\n";
      return 1;
    }
    if (!opt.cert_file.empty() && !WriteFileAtomically(opt.cert_file, ck.cert_pem, error)) {
      std::cerr << "gapscan-testbed: " << error << "\n";
      return 1;
    }
  }

  Site site(opt);
  net::io_context ioc(1);
  Server server(ioc, opt, site, log, &tls_ctx);
  if (!server.Listen(error)) {
    std::cerr << "gapscan-testbed: " << error << "\n";
    return 1;
  }
  site.SetListeners(server.http_port(), server.https_port());
  if (!opt.ready_file.empty()) {
    std::string ready = "{\"http_port\":" + std::to_string(server.http_port()) +
                        ",\"https_port\":" + std::to_string(server.https_port()) +
                        ",\"pid\":" + std::to_string(getpid()) + "}\n";
    if (!WriteFileAtomically(opt.ready_file, ready, error)) {
      std::cerr << "gapscan-testbed: " << error << "\n";
      return 1;
    }
  }
  if (opt.http_port) std::cout << "listening on http://127.0.0.1:" << server.http_port() << "/\n";
  if (opt.https_port)
    std::cout << "listening on https://127.0.0.1:" << server.https_port() << "/\n";
  std::cout.flush();

  net::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    server.Stop();
    ioc.stop();
  });
  server.Start();
  ioc.run();
  return 0;
}

}  // namespace testbed
