// The HTTP engine: libcurl's multi interface driven by Boost.Asio on one io thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "scanner/base/http.h"
#include "scanner/scan_options.h"

namespace gapscan {

struct EngineStats {
  std::uint64_t started = 0;         // transfers handed to libcurl
  std::uint64_t bytes_received = 0;  // decoded body bytes
};

// Credentials over https (HttpRequest::carries_credentials): where they went without
// verification (--insecure-credentials), and where they were not sent because verification
// failed. By origin.
struct CredentialTls {
  std::map<std::string, std::uint64_t> unverified;  // requests that got an answer
  std::map<std::string, std::string> refused;       // the first refusal's error
};

class Engine {
 public:
  using Callback = std::function<void(Exchange)>;

  Engine(boost::asio::io_context& io, const EngineOptions& options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Queues a request; `done` runs on the io thread when it completes or fails. Must be called
  // on the io thread (use boost::asio::post from elsewhere). Never follows redirects.
  void submit(HttpRequest request, Callback done);

  // Drops every queued request (their callbacks run with error "cancelled") and aborts
  // transfers in flight the same way. Io thread only.
  void cancel_all();
  // Drops the queued requests only; transfers in flight go on to their end. Io thread only.
  void cancel_queued();

  // Called on the io thread with every completed exchange, before its callback (--verbose).
  void set_observer(std::function<void(const Exchange&)> observer);

  EngineStats stats() const;
  // Io thread, or once it stopped.
  CredentialTls credential_tls() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gapscan
