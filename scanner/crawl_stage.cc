#include "scanner/crawl_stage.h"

#include <algorithm>
#include <set>

#include "scanner/base/url.h"

namespace gapscan {

CrawlStage::CrawlStage(ScanContext& scan, LoginStage& logins, const PassiveStage& passive,
                       ScanCalibration& calibration)
    : scan_(scan),
      logins_(logins),
      catch_all_(calibration.oracle, calibration.fetcher,
                 [&scan](const Url& url) { return scan.scope.allows(url); }) {
  const auto& sessions = logins.sessions();
  const std::size_t count = std::max<std::size_t>(1, sessions.size());
  for (std::size_t i = 0; i < count; ++i) {
    crawlers_.push_back(std::make_unique<Crawler>(
        scan.io.context(), scan.engine, scan.workers.pool(), scan.scope, scan.options.crawl,
        scan.options.engine.concurrency * 2, scan.notes,
        [&passive](const Exchange& ex, const HtmlDocument* html) { passive.inspect(ex, html); },
        &catch_all_));
    if (!sessions.empty()) {
      crawlers_.back()->set_identity(sessions[i], logins.relogin_from_io(sessions[i]));
    }
  }
}

void CrawlStage::run(std::function<void()> then) {
  auto idle = std::make_shared<std::size_t>(crawlers_.size());
  for (auto& c : crawlers_) {
    c->start(scan_.targets, [idle, then] {
      if (--*idle == 0) then();
    });
  }
}

void CrawlStage::stop(const std::string& reason) {
  for (auto& c : crawlers_) c->stop(reason);
}

std::uint64_t CrawlStage::pages() const {
  std::uint64_t n = 0;
  for (const auto& c : crawlers_) n += c->stats().pages;
  return n;
}

std::uint64_t CrawlStage::errors() const {
  std::uint64_t n = 0;
  for (const auto& c : crawlers_) n += c->stats().errors;
  return n;
}

std::vector<std::string> CrawlStage::reachable_origins() const {
  std::set<std::string> reachable;
  for (const auto& c : crawlers_) {
    reachable.insert(c->reachable_origins().begin(), c->reachable_origins().end());
  }
  return {reachable.begin(), reachable.end()};
}

std::map<std::string, AuthContext> CrawlStage::auth_contexts(
    const std::vector<std::string>& origins,
    const std::map<std::string, std::vector<CrawledPage>>& primary_pages) const {
  std::map<std::string, AuthContext> auth;
  if (!logins_.any_credentials()) return auth;
  const auto& sessions = logins_.sessions();
  for (const auto& origin : origins) auth[origin];        // every reached origin has one
  std::map<std::string, std::set<std::string>> excluded;  // by origin, sorted, unique
  for (std::size_t i = 0; i < crawlers_.size(); ++i) {
    // Each crawl's pages once (sorted copies), handed out per origin.
    std::map<std::string, std::vector<CrawledPage>> other;
    if (i > 0) other = crawlers_[i]->crawled_pages_by_origin();
    const auto& by_origin = i == 0 ? primary_pages : other;
    for (auto& [origin, a] : auth) {
      IdentityCrawl crawl;
      crawl.session = sessions[i];
      if (auto it = by_origin.find(origin); it != by_origin.end()) crawl.pages = it->second;
      a.identities.push_back(std::move(crawl));
    }
    for (const auto& u : crawlers_[i]->auth_excluded()) {
      if (const auto parsed = parse_url(u)) excluded[parsed->origin()].insert(u);
    }
  }
  for (auto& [origin, a] : auth) {
    if (auto it = excluded.find(origin); it != excluded.end()) {
      a.excluded_urls.assign(it->second.begin(), it->second.end());
    }
  }
  return auth;
}

std::vector<std::string> CrawlStage::scanned_urls(std::size_t max) const {
  std::set<std::string> scanned;
  for (const auto& c : crawlers_) {
    for (const auto& [origin, urls] : c->crawled_by_origin()) {
      for (const auto& u : urls) {
        if (scanned.size() >= max) break;
        scanned.insert(u);
      }
    }
  }
  return {scanned.begin(), scanned.end()};
}

}  // namespace gapscan
