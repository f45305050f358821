// The engine against a small real server on 127.0.0.1 (blocking, a thread per connection).
#include "scanner/engine.h"

#include <doctest/doctest.h>

#include <utility>  // before Boost 1.74's asio.hpp, which needs std::exchange under C++20

#include <atomic>
#include <boost/asio.hpp>
#include <chrono>
#include <thread>
#include <vector>

using namespace gapscan;
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

class LoopbackServer {
 public:
  LoopbackServer() : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { accept_loop(); });
  }
  ~LoopbackServer() {
    stopping_ = true;
    // A blocking accept() is not woken by close() from another thread: connect to wake it.
    boost::system::error_code ec;
    asio::io_context wake_io;
    tcp::socket wake(wake_io);
    wake.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ec);
    thread_.join();
    acceptor_.close(ec);
    for (auto& t : workers_) t.join();
  }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int max_concurrent() const { return max_concurrent_; }

 private:
  void accept_loop() {
    while (!stopping_) {
      auto sock = std::make_shared<tcp::socket>(io_);
      boost::system::error_code ec;
      acceptor_.accept(*sock, ec);
      if (ec || stopping_) return;
      workers_.emplace_back([this, sock] { serve(*sock); });
    }
  }

  void serve(tcp::socket& sock) {
    boost::system::error_code ec;
    while (!stopping_) {
      asio::streambuf buf;
      asio::read_until(sock, buf, "\r\n\r\n", ec);
      if (ec) return;
      std::string req(asio::buffers_begin(buf.data()), asio::buffers_end(buf.data()));
      const auto sp1 = req.find(' ');
      const std::string path = req.substr(sp1 + 1, req.find(' ', sp1 + 1) - sp1 - 1);
      const int now = ++concurrent_;
      int prev = max_concurrent_;
      while (now > prev && !max_concurrent_.compare_exchange_weak(prev, now)) {
      }
      std::string body = "hello";
      std::string extra;
      if (path == "/slow") std::this_thread::sleep_for(std::chrono::milliseconds(150));
      if (path == "/big") body.assign(100 * 1024, 'x');
      if (path == "/cookies") extra = "Set-Cookie: a=1; Path=/\r\nSet-Cookie: b=2; HttpOnly\r\n";
      if (path == "/fat-headers") {
        for (int i = 0; i < 40; ++i)
          extra += "X-Fat-" + std::to_string(i) + ": " + std::string(1024, 'y') + "\r\n";
      }
      if (path == "/giant-header") extra = "X-Giant: " + std::string(200 * 1024, 'y') + "\r\n";
      if (path == "/hang") {
        --concurrent_;
        for (int i = 0; i < 100 && !stopping_; ++i)
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        return;
      }
      const std::string resp = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + extra +
                               "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
      asio::write(sock, asio::buffer(resp), ec);
      --concurrent_;
      if (ec) return;
    }
  }

  asio::io_context io_;
  tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> concurrent_{0};
  std::atomic<int> max_concurrent_{0};
  std::thread thread_;
  std::vector<std::thread> workers_;
};

// Runs the given requests through a fresh engine and returns the exchanges in order.
std::vector<Exchange> run(const EngineOptions& opt, const std::vector<std::string>& urls) {
  asio::io_context io;
  std::vector<Exchange> out(urls.size());
  std::size_t done = 0;
  {
    Engine engine(io, opt);
    for (std::size_t i = 0; i < urls.size(); ++i) {
      HttpRequest req;
      req.url = urls[i];
      engine.submit(req, [&, i](Exchange ex) {
        out[i] = std::move(ex);
        if (++done == urls.size()) io.stop();
      });
    }
    io.run();
  }
  return out;
}

EngineOptions fast() {
  EngineOptions o;
  o.rate = 0;
  o.timeout_ms = 5000;
  return o;
}

}  // namespace

TEST_CASE("engine: a plain GET records status, every header and the body") {
  LoopbackServer srv;
  const auto ex = run(fast(), {srv.url("/cookies")})[0];
  CHECK(ex.error.empty());
  CHECK(ex.response.status == 200);
  CHECK(ex.response.body == "hello");
  CHECK(ex.response.http_version == "HTTP/1.1");
  CHECK(find_headers(ex.response.headers, "set-cookie").size() == 2);
  CHECK(ex.primary_ip == "127.0.0.1");
  CHECK(has_header(ex.request.headers, "User-Agent"));
}

TEST_CASE("engine: the decoded body cap cuts the body without failing the exchange") {
  LoopbackServer srv;
  auto opt = fast();
  opt.max_body = 10 * 1024;
  const auto ex = run(opt, {srv.url("/big")})[0];
  CHECK(ex.error.empty());
  CHECK(ex.response.status == 200);
  CHECK(ex.response.body_truncated);
  CHECK(ex.response.body.size() == 10 * 1024);
}

TEST_CASE("engine: an oversized header block fails the exchange with a clear error") {
  LoopbackServer srv;
  auto opt = fast();
  opt.max_header_bytes = 16 * 1024;
  const auto ex = run(opt, {srv.url("/fat-headers")})[0];
  INFO("error: ", ex.error, " curl code: ", ex.curl_code, " status: ", ex.response.status);
  CHECK(ex.response.status == 0);
  CHECK(ex.response.headers_truncated);
  CHECK(ex.error.find("header") != std::string::npos);
}

TEST_CASE("engine: a single header line beyond libcurl's own limit is a header error too") {
  LoopbackServer srv;
  const auto ex = run(fast(), {srv.url("/giant-header")})[0];
  INFO("error: ", ex.error);
  CHECK(ex.response.status == 0);
  CHECK(ex.response.headers_truncated);
  CHECK(ex.error.find("header") != std::string::npos);
}

TEST_CASE("engine: a server that never answers is cut off by the timeout") {
  LoopbackServer srv;
  auto opt = fast();
  opt.timeout_ms = 500;
  const auto t0 = std::chrono::steady_clock::now();
  const auto ex = run(opt, {srv.url("/hang")})[0];
  const auto elapsed = std::chrono::steady_clock::now() - t0;
  CHECK(ex.curl_code == 28);  // CURLE_OPERATION_TIMEDOUT
  CHECK_FALSE(ex.error.empty());
  CHECK(elapsed < std::chrono::seconds(4));
}

TEST_CASE("engine: the per-host connection cap holds") {
  LoopbackServer srv;
  auto opt = fast();
  opt.per_host = 2;
  std::vector<std::string> urls(8, srv.url("/slow"));
  const auto exs = run(opt, urls);
  for (const auto& ex : exs) CHECK(ex.response.status == 200);
  CHECK(srv.max_concurrent() <= 2);
  CHECK(srv.max_concurrent() >= 1);
}

TEST_CASE("engine: the global in-flight cap holds") {
  LoopbackServer srv;
  auto opt = fast();
  opt.concurrency = 3;
  opt.per_host = 8;
  std::vector<std::string> urls(9, srv.url("/slow"));
  for (const auto& ex : run(opt, urls)) CHECK(ex.response.status == 200);
  CHECK(srv.max_concurrent() <= 3);
}

TEST_CASE("engine: the per-host rate limit spaces requests out") {
  LoopbackServer srv;
  auto opt = fast();
  opt.rate = 20;  // one request per 50 ms
  std::vector<std::string> urls(6, srv.url("/ok"));
  const auto t0 = std::chrono::steady_clock::now();
  for (const auto& ex : run(opt, urls)) CHECK(ex.response.status == 200);
  // Six requests at 20/s need at least five intervals of 50 ms.
  CHECK(std::chrono::steady_clock::now() - t0 >= std::chrono::milliseconds(240));
}

TEST_CASE("engine: refused connections and bad URLs are errors, not crashes") {
  asio::io_context probe;
  tcp::acceptor a(probe, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const auto port = a.local_endpoint().port();
  a.close();
  const auto exs =
      run(fast(), {"http://127.0.0.1:" + std::to_string(port) + "/", "ftp://127.0.0.1/"});
  CHECK(exs[0].response.status == 0);
  CHECK(exs[0].curl_code == 7);
  CHECK_FALSE(exs[0].error.empty());
  CHECK(exs[1].error == "invalid or unsupported URL");
}
