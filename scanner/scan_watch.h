// The scan's timers on the io thread: the --max-duration deadline, which cuts the crawls and
// the probes short, and the once-a-second progress line (ScanHooks::progress).
#pragma once

#include <boost/asio/steady_timer.hpp>

#include "scanner/crawl_stage.h"
#include "scanner/scan_context.h"

namespace gapscan {

class ScanWatch {
 public:
  ScanWatch(ScanContext& scan, CrawlStage& crawls);
  // Before the io thread runs: arms the deadline and the progress line.
  void start();
  // Io thread: cancels both (the scan is over).
  void stop();

 private:
  void on_deadline();
  void tick();

  ScanContext& scan_;
  CrawlStage& crawls_;
  boost::asio::steady_timer deadline_;
  boost::asio::steady_timer progress_;
};

}  // namespace gapscan
