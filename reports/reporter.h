// Reporters: a tiny interface (add a finding, finish) and the scan facts they write.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "checks/common/check.h"
#include "reports/baseline.h"
#include "scanner/base/finding.h"
#include "scanner/base/policy.h"

namespace gapscan {

// A scan event worth telling the user: a protocol oddity, a cap hit, a transport error.
struct Notification {
  std::string level;  // "error", "warning" or "note" (SARIF levels)
  std::string code;   // stable kebab-case, e.g. "body-truncated", "timeout"
  std::string message;
  std::string url;
  std::size_t count = 1;  // identical notifications (code+url) are counted, not repeated
};

struct ScanStatistics {
  std::uint64_t requests = 0;
  std::uint64_t pages = 0;   // crawled documents with a response
  std::uint64_t errors = 0;  // transport errors
  std::uint64_t bytes_received = 0;
  double duration_s = 0;
  std::map<std::string, std::uint64_t> probe_requests;  // per active check id
};

// Scanned URLs kept for reports (GitLab's scanned_resources) at most.
inline constexpr std::size_t kMaxScannedUrls = 20000;

struct ScanSummary {
  std::string tool_version;
  std::string start_time;  // RFC 3339 UTC, e.g. "2026-11-26T16:30:00Z"
  std::string end_time;
  std::vector<std::string> targets;
  std::map<std::string, std::string> options;  // effective options, as text
  ScanStatistics statistics;
  std::vector<Notification> notifications;  // sorted by the scan
  std::vector<const CheckInfo*> rules;      // checks that ran, registry order
  std::vector<std::string> scanned_urls;    // in-scope URLs the crawl fetched, sorted (capped)
  bool completed = true;
  // (check id, origin) -> why that check did not apply there: an origin never reached, no page
  // for the passive checks, or what the active check said. JUnit lists these as skipped.
  std::map<std::pair<std::string, std::string>, std::string> not_applied;
  // With --baseline: the baseline's findings that this scan no longer reports.
  bool has_baseline = false;
  std::vector<ReportedFinding> fixed;
  // With --config: findings an unexpired suppression accepted (kept out of the exit code
  // and of SARIF results; listed in the JSON report).
  const Policy* policy = nullptr;
  std::vector<SuppressedFinding> suppressed;
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void add(const Finding& finding) = 0;
  // Writes the report; returns false and sets *error when it could not be written.
  virtual bool finish(const ScanSummary& summary, std::string* error) = 0;
};

// The common shape of a reporter: keep every finding, render the whole report once at the
// end and write it to `path` atomically. A rendering failure comes back as
// "cannot build <format> report: ..." instead of an exception out of finish().
class BufferedReporter : public Reporter {
 public:
  void add(const Finding& finding) final;
  bool finish(const ScanSummary& summary, std::string* error) final;

 protected:
  BufferedReporter(std::string path, std::string format);  // format: "SARIF", "JSON", ...
  virtual std::string render(const std::vector<Finding>& findings,
                             const ScanSummary& summary) const = 0;
  // Replaces the file atomically; a reporter that must append overrides this.
  virtual bool write(const std::string& text, std::string* error) const;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string format_;
  std::mutex mutex_;
  std::vector<Finding> findings_;
};

// Redaction shared by all reporters: values of Authorization, Proxy-Authorization, Cookie,
// Set-Cookie (value part), X-Api-Key-like headers and token-looking query parameters.
HeaderList redact_headers(const HeaderList& headers);
std::string redact_url(const std::string& url);
bool is_secret_header(std::string_view name);

}  // namespace gapscan
