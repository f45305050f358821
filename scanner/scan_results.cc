#include "scanner/scan_results.h"

#include <chrono>

namespace gapscan {

ScanResult collect_results(ScanContext& scan, const LoginStage& logins, const CrawlStage& crawls,
                           const ActiveStage& active) {
  ScanResult result;
  ScanSummary& summary = scan.summary;
  const auto es = scan.engine.stats();
  result.findings = scan.collector.results();
  result.any_target_reachable = !crawls.reachable_origins().empty();
  result.login_error = logins.error();
  if (!result.any_target_reachable) {
    scan.notes.add("error", "no-target-reachable", "no target answered; nothing was scanned", "");
    summary.completed = false;
  }
  for (const std::string& origin : active.calibration_over_budget()) {
    scan.notes.add("warning", "calibration-budget-exhausted",
                   "the soft-404 calibration reached its budget of " +
                       std::to_string(NotFoundOracle::kDefaultMaxRequestsPerOrigin) +
                       " requests on this origin; probes of directories not calibrated by then "
                       "reported nothing",
                   origin);
  }
  summary.notifications = scan.notes.sorted();
  summary.statistics.requests = es.started;
  summary.statistics.pages += crawls.pages();
  summary.statistics.errors += crawls.errors();
  if (logins.any_login()) summary.statistics.probe_requests["login"] = logins.requests();
  summary.statistics.bytes_received = es.bytes_received;
  for (const auto& [id, n] : active.requests_by_check()) summary.statistics.probe_requests[id] = n;
  if (!active.empty()) {
    summary.statistics.probe_requests["soft-404-calibration"] = active.calibration_requests();
  }
  summary.statistics.duration_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - scan.started).count();
  summary.scanned_urls = crawls.scanned_urls(kMaxScannedUrls);
  summary.end_time = utc_now();
  result.summary = std::move(summary);
  return result;
}

}  // namespace gapscan
