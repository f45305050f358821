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
  // Credentials over https (--insecure-credentials): where they went unverified; without it,
  // where they were not sent because the certificate could not be verified. A scan whose
  // credentials could not go where they were meant to has failed as a failed login does.
  const CredentialTls credential_tls = scan.engine.credential_tls();
  for (const auto& [origin, requests] : credential_tls.unverified) {
    scan.notes.add("warning", "credentials-unverified-tls",
                   "credentials sent over unverified TLS to " + origin +
                       " (--insecure-credentials): " + std::to_string(requests) +
                       " request(s) carrying a login, a session or a credential header went "
                       "without checking the server's certificate",
                   origin);
  }
  for (const auto& [origin, why] : credential_tls.refused) {
    scan.notes.add("error", "credentials-not-sent", why, origin);
    if (result.login_error.empty()) {
      result.login_error = why;
      summary.completed = false;
    }
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
