#include "scanner/scan_results.h"

#include <algorithm>
#include <chrono>
#include <set>

namespace gapscan {

namespace {

// Which checks had nothing to test on which target origin, and why.
std::map<std::pair<std::string, std::string>, std::string> not_applied(const ScanSummary& summary,
                                                                       const CrawlStage& crawls,
                                                                       const ActiveStage& active) {
  std::set<std::string> origins;
  for (const std::string& t : summary.targets) {
    if (const auto u = parse_url(t)) origins.insert(u->origin());
  }
  const std::vector<std::string> reached = crawls.reachable_origins();
  origins.insert(reached.begin(), reached.end());
  const auto pages = crawls.primary().crawled_by_origin();
  const auto active_outcomes = active.applicability();
  std::map<std::pair<std::string, std::string>, std::string> out;
  for (const std::string& origin : origins) {
    const bool was_reached = std::find(reached.begin(), reached.end(), origin) != reached.end();
    const auto p = pages.find(origin);
    const bool has_pages = p != pages.end() && !p->second.empty();
    for (const CheckInfo* info : summary.rules) {
      const std::pair<std::string, std::string> key{std::string(info->id), origin};
      if (!was_reached) {
        out[key] = "the origin was not reached";
      } else if (info->kind == CheckKind::passive) {
        if (!has_pages) out[key] = "no page of this origin was fetched";
      } else if (const auto it = active_outcomes.find(key); it == active_outcomes.end()) {
        out[key] = "did not run: the scan stopped first";
      } else if (!it->second.empty()) {
        out[key] = it->second;
      }
    }
  }
  return out;
}

}  // namespace

ScanResult collect_results(ScanContext& scan, const LoginStage& logins, const CrawlStage& crawls,
                           const ActiveStage& active, const ScanCalibration& calibration) {
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
  for (const std::string& origin : calibration.oracle.origins_over_budget()) {
    scan.notes.add("warning", "calibration-budget-exhausted",
                   "the soft-404 calibration reached its budget of " +
                       std::to_string(NotFoundOracle::kDefaultMaxRequestsPerOrigin) +
                       " requests on this origin; probes of directories not calibrated by then "
                       "reported nothing",
                   origin);
  }
  for (const auto& [origin, r] : crawls.catch_all()) {
    std::string message = "catch-all answers: " + std::to_string(r.urls) +
                          " URLs treated as not found on origin " + origin +
                          " (each answered like a random path under ";
    for (std::size_t i = 0; i < r.directories.size(); ++i) {
      message += (i > 0 ? ", " : "") + r.directories[i];
    }
    message += "; no links followed from them, no per-page checks, not counted as pages); e.g. ";
    for (std::size_t i = 0; i < r.examples.size(); ++i) {
      message += (i > 0 ? ", " : "") + r.examples[i];
    }
    scan.notes.add("note", "catch-all-not-found", message, origin);
  }
  summary.not_applied = not_applied(summary, crawls, active);
  summary.notifications = scan.notes.sorted();
  summary.statistics.requests = es.started;
  summary.statistics.pages += crawls.pages();
  summary.statistics.errors += crawls.errors();
  if (logins.any_login()) summary.statistics.probe_requests["login"] = logins.requests();
  summary.statistics.bytes_received = es.bytes_received;
  for (const auto& [id, n] : active.requests_by_check()) summary.statistics.probe_requests[id] = n;
  // The crawl calibrates too (catch-all answers), with or without active checks.
  if (!active.empty() || calibration.requests > 0) {
    summary.statistics.probe_requests["soft-404-calibration"] = calibration.requests;
  }
  summary.statistics.duration_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - scan.started).count();
  summary.scanned_urls = crawls.scanned_urls(kMaxScannedUrls);
  summary.end_time = utc_now();
  result.summary = std::move(summary);
  return result;
}

}  // namespace gapscan
