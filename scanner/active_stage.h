// Stage: active checks. Once every crawl is idle, each (check, origin) pair runs as one task on
// a worker thread, sending its probes through an EngineFetcher with the check's request budget
// and the primary identity's credentials. Path probes share one soft-404 calibration.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "checks/common/check.h"
#include "checks/common/registry.h"
#include "checks/exposure/not_found.h"
#include "checks/tls/tls_probe.h"
#include "scanner/calibration.h"
#include "scanner/crawl_stage.h"
#include "scanner/engine_fetcher.h"
#include "scanner/login_stage.h"
#include "scanner/scan_context.h"
#include "scanner/state_safety.h"

namespace gapscan {

class ActiveStage {
 public:
  // Instantiates the active checks among `selected`; path probes judge their answers with
  // `calibration` (shared with the crawl).
  ActiveStage(ScanContext& scan, LoginStage& logins, ScanCalibration& calibration,
              const std::vector<const CheckEntry*>& selected);

  bool empty() const { return checks_.empty(); }

  // Io thread, once the crawls are idle: posts every task to the workers; `then()` runs on the
  // io thread after the last one (at once when there is none, or the scan is stopping).
  void run(const CrawlStage& crawls, std::function<void()> then);

  // (check id, origin) -> why that check had nothing to test there ("" when it did). Pairs the
  // stage never ran (unreached origins, a scan stopped first) are missing.
  std::map<std::pair<std::string, std::string>, std::string> applicability() const;

  // Requests each check sent (by id).
  std::map<std::string, std::uint64_t> requests_by_check() const;

 private:
  // Shared by the tasks of one run (they outlive run()).
  struct Crawled {
    std::map<std::string, std::vector<std::string>> urls;   // by origin
    std::map<std::string, std::vector<CrawledPage>> pages;  // by origin
    std::vector<std::string> origins;                       // reached, sorted
    std::map<std::string, AuthContext> auth;                // by origin
  };
  // Worker thread: one check on one origin.
  void run_task(const CheckInfo& info, const ActiveCheck& check, const std::string& origin,
                const Crawled& crawled);

  ScanContext& scan_;
  LoginStage& logins_;
  std::vector<std::pair<const CheckInfo*, std::unique_ptr<ActiveCheck>>> checks_;
  std::map<std::string, std::atomic<std::uint64_t>> requests_;  // by check id; keys fixed
  NotFoundOracle& not_found_;
  TlsPostures tls_;     // this scan's, through its proxy
  StateSafety safety_;  // the crawl's rules, applied to logged-in probes too
  mutable std::mutex applicability_mu_;
  std::map<std::pair<std::string, std::string>, std::string> applicability_;
};

}  // namespace gapscan
