// The scan's timers on the io thread: the --max-duration deadline and an interrupt (SIGINT,
// SIGTERM), which both cut the crawls and the probes short, and the progress line (redrawn
// every second on a terminal, ScanHooks::progress; a heartbeat line in a CI log).
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "scanner/crawl_stage.h"
#include "scanner/scan_context.h"

namespace gapscan {

// One progress line: "gapscan: crawl, 1:05 elapsed: 310 pages, 402 requests (37/s), 12
// findings" (the rate since the previous line).
std::string progress_text(const char* phase, double elapsed_s, std::uint64_t pages,
                          std::uint64_t requests, double requests_per_s, std::size_t findings);

class ScanWatch {
 public:
  // Requests in flight when an interrupt arrives may end for this long; then they are aborted.
  static constexpr int kInterruptGraceMs = 2000;

  ScanWatch(ScanContext& scan, CrawlStage& crawls);
  // Before the io thread runs: arms the deadline, the interrupt poll and the progress line.
  void start();
  // Io thread: cancels every timer (the scan is over).
  void stop();
  // The signal that interrupted the scan, or 0.
  int interrupted_by() const { return interrupted_by_; }
  // Io thread: a handler threw. The scan stops (error notification internal-error, exit 3) and
  // ends through `finish` after the grace period, even if a stage never reports back.
  void on_internal_error(const std::string& what, std::function<void()> finish);
  // Why the scan stopped on an internal error, or "".
  const std::string& internal_error() const { return internal_error_; }

 private:
  // Stops new work: fetchers refuse, crawls drop their frontiers, queued requests are dropped.
  void cut_short(const std::string& level, const std::string& code, const std::string& message,
                 const std::string& reason);
  void on_deadline();
  void poll_interrupt();
  void tick();

  ScanContext& scan_;
  CrawlStage& crawls_;
  boost::asio::steady_timer deadline_;
  boost::asio::steady_timer interrupt_poll_;
  boost::asio::steady_timer grace_;
  boost::asio::steady_timer progress_;
  double last_tick_s_ = 0;  // the request rate is measured since the last line
  std::uint64_t last_requests_ = 0;
  int interrupted_by_ = 0;
  std::string internal_error_;
};

}  // namespace gapscan
