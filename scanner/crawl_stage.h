// Stage: crawl. One crawl per identity (the primary identity's first: its pages feed the
// active checks), or one anonymous crawl. Every page is parsed and given to the passive
// checks on a worker thread as it arrives.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "checks/common/check.h"
#include "scanner/crawler.h"
#include "scanner/login_stage.h"
#include "scanner/passive_stage.h"
#include "scanner/scan_context.h"

namespace gapscan {

class CrawlStage {
 public:
  CrawlStage(ScanContext& scan, LoginStage& logins, const PassiveStage& passive);

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

 private:
  ScanContext& scan_;
  const LoginStage& logins_;
  std::vector<std::unique_ptr<Crawler>> crawlers_;
};

}  // namespace gapscan
