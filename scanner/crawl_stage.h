// Stage: crawl. One crawl per identity (the primary identity's first: its pages feed the
// active checks), or one anonymous crawl. Every page is parsed and given to the passive
// checks on a worker thread as it arrives, unless it is a catch-all's answer to a path that does
// not exist (scanner/catch_all.h).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "checks/common/check.h"
#include "scanner/calibration.h"
#include "scanner/catch_all.h"
#include "scanner/crawler.h"
#include "scanner/login_stage.h"
#include "scanner/passive_stage.h"
#include "scanner/scan_context.h"

namespace gapscan {

class CrawlStage {
 public:
  // `calibration`: the scan's soft-404 calibration, which tells catch-all answers apart.
  CrawlStage(ScanContext& scan, LoginStage& logins, const PassiveStage& passive,
             ScanCalibration& calibration);

  // Io thread: starts every crawl; `then()` runs on the io thread once all of them are idle.
  void run(std::function<void()> then);
  // Io thread: cuts every crawl short.
  void stop(const std::string& reason);

  // After run() (io thread, or once the io thread has stopped):
  const Crawler& primary() const { return *crawlers_.front(); }
  std::uint64_t pages() const;
  std::uint64_t errors() const;
  // Origins of the targets that answered some crawl, sorted.
  std::vector<std::string> reachable_origins() const;
  // What each identity's crawl saw of each of `origins`, for the checks a login enables (empty
  // without credentials). `primary_pages`: the primary crawl's crawled_pages_by_origin().
  std::map<std::string, AuthContext> auth_contexts(
      const std::vector<std::string>& origins,
      const std::map<std::string, std::vector<CrawledPage>>& primary_pages) const;
  // Every URL any crawl reached, sorted, at most `max`.
  std::vector<std::string> scanned_urls(std::size_t max) const;
  // Catch-all answers treated as not found, by origin (any thread, once the crawls are idle).
  std::map<std::string, CatchAllGuard::OriginReport> catch_all() const {
    return catch_all_.report();
  }

 private:
  ScanContext& scan_;
  const LoginStage& logins_;
  CatchAllGuard catch_all_;  // shared by every identity's crawl
  std::vector<std::unique_ptr<Crawler>> crawlers_;
};

}  // namespace gapscan
