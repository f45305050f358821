// The scan's timers on the io thread: the --max-duration deadline and an interrupt (SIGINT,
// SIGTERM), which both cut the crawls and the probes short, and the once-a-second progress
// line (ScanHooks::progress).
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <string>

#include "scanner/crawl_stage.h"
#include "scanner/scan_context.h"

namespace gapscan {

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
  int interrupted_by_ = 0;
  std::string internal_error_;
};

}  // namespace gapscan
