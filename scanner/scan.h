// One whole scan: crawl with passive checks, then active checks per origin, then results.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "reports/reporter.h"
#include "scanner/base/finding.h"
#include "scanner/request_log.h"
#include "scanner/scan_options.h"

namespace gapscan {

struct ScanHooks {
  // Called once per distinct finding as soon as it is first seen (any thread, serialized).
  std::function<void(const Finding&)> on_new_finding;
  // Print a one-line progress indicator to stderr every second (a terminal: redrawn in place).
  bool progress = false;
  // Without a terminal (a CI log): a progress line every `heartbeat_s` seconds (0 = none).
  int heartbeat_s = 0;
  // Polled on the io thread (every 100 ms): a signal number once the user or the CI runner
  // asked the scan to stop (SIGINT, SIGTERM), else 0. The scan then winds down and returns
  // what it found, marked incomplete.
  std::function<int()> interrupt_signal;
  // --verbose/--debug: each completed request's log entry (scanner/request_log.h), the scan's
  // secrets scrubbed; called on the io thread.
  std::function<void(const std::string& entry)> request_log;
  RequestLogDetail request_log_detail = RequestLogDetail::off;
};

struct ScanResult {
  std::vector<Finding> findings;  // merged and sorted
  ScanSummary summary;
  bool any_target_reachable = false;
  // Why a login (or a re-login during the scan) failed; empty when none did. Exit code 3.
  std::string login_error;
  // The signal that interrupted the scan, or 0. Exit code 128 + signal.
  int interrupted_by = 0;
  // Why the scan stopped on an internal error (a handler threw); empty when it did not. Exit 3.
  std::string internal_error;
};

// Runs the scan to completion (or until --max-duration). Blocks the calling thread, which
// becomes the io thread. Bad scope regexes must be rejected before calling.
ScanResult run_scan(const ScanOptions& options, const ScanHooks& hooks);

// RFC 3339 UTC timestamp of the current time, seconds precision.
std::string utc_now();

}  // namespace gapscan
