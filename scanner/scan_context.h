// What every stage of a scan shares: the options, the targets and their scope, the io thread
// with the HTTP engine on it, the worker threads, the findings sink and the notifications.
//
// Threading: the io thread (IoThread) runs the engine, the crawlers' frontiers and the timers;
// nothing posted to it may block. Worker threads (Workers) parse pages, run the checks and log
// in; they may block on the engine through an EngineFetcher. Stages hand over to each other by
// posting to one or the other, and their headers say which thread each method runs on.
#pragma once

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "reports/reporter.h"
#include "scanner/base/url.h"
#include "scanner/engine.h"
#include "scanner/finding_collector.h"
#include "scanner/login_ledger.h"
#include "scanner/scan.h"
#include "scanner/scan_options.h"
#include "scanner/scope.h"
#include "scanner/secret_scrubber.h"

namespace gapscan {

// The one thread that drives the engine. run() makes the calling thread the io thread.
class IoThread {
 public:
  IoThread() : work_(boost::asio::make_work_guard(io_)) {}
  boost::asio::io_context& context() { return io_; }
  template <typename Task>
  void post(Task&& task) {
    boost::asio::post(io_, std::forward<Task>(task));
  }
  // Runs handlers until stop().
  void run() { io_.run(); }
  // Io thread: lets run() return (handlers still queued are dropped).
  void stop() {
    work_.reset();
    io_.stop();
  }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
};

// The worker threads: page parsing and passive checks, logins, active checks.
class Workers {
 public:
  explicit Workers(std::size_t threads) : pool_(threads) {}
  boost::asio::thread_pool& pool() { return pool_; }
  template <typename Task>
  void post(Task&& task) {
    boost::asio::post(pool_, std::forward<Task>(task));
  }
  // Waits for the tasks already posted.
  void join() { pool_.join(); }

 private:
  boost::asio::thread_pool pool_;
};

// The options a report shows as the scan's configuration (never a credential's value).
std::map<std::string, std::string> effective_options(const ScanOptions& options);

struct ScanContext {
  ScanContext(const ScanOptions& options, const ScanHooks& hooks);

  // Runs the io thread on the calling thread until it is stopped, then waits for the workers.
  // A handler that throws does not end the io thread (workers may be waiting on the engine for
  // answers only it can give): `on_error` is told, on the io thread, and the loop goes on.
  void run(const std::function<void(const std::string& what)>& on_error);

  const ScanOptions& options;
  const ScanHooks& hooks;
  const std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  ScanSummary summary;  // filled as the scan goes; io thread
  std::vector<Url> targets;
  const Scope scope;
  NotificationLog notes;  // any thread
  // Failed or possibly failed login attempts per (host, account), shared by every check and
  // login (--max-failed-logins); a refusal is a counted lockout-limit-held notification.
  LoginLedger logins;
  FindingCollector collector;
  // Every finding passes through `sink`: the user's credentials, and every session cookie and
  // token the scan's logins obtain (added to `secrets`), never reach a report.
  SecretSet secrets;
  ScrubbingSink sink;
  IoThread io;
  Workers workers;
  Engine engine;  // io thread only
  // Set when --max-duration cut the scan short: fetchers refuse further requests.
  std::atomic<bool> stopping{false};
  // What the scan is doing, for the progress line and heartbeats: "login", "crawl",
  // "active checks". Io thread only.
  const char* phase = "login";
};

}  // namespace gapscan
