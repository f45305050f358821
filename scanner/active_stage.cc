#include "scanner/active_stage.h"

#include <exception>

namespace gapscan {

namespace {

// The TLS probes go where the HTTP requests go: through --proxy (an http:// one; they cannot
// tunnel through SOCKS) or, without it, the proxy libcurl takes from the environment.
TlsPostureOptions tls_posture_options(ScanContext& scan) {
  TlsPostureOptions o;
  o.proxy_url = scan.options.engine.proxy;
  o.proxy_from_environment = true;
  std::string why;
  if (!o.proxy_url.empty() && !parse_tls_proxy(o.proxy_url, &why)) {
    scan.notes.add("warning", "tls-probes-skipped",
                   "TLS posture not probed (tls-* checks report nothing): " + why, "");
  }
  return o;
}

}  // namespace

ActiveStage::ActiveStage(ScanContext& scan, LoginStage& logins, ScanCalibration& calibration,
                         const std::vector<const CheckEntry*>& selected)
    : scan_(scan),
      logins_(logins),
      not_found_(calibration.oracle),
      tls_(tls_posture_options(scan)),
      safety_(scan.options.crawl) {
  for (const CheckEntry* entry : selected) {
    if (!entry->make_active) continue;
    checks_.emplace_back(entry->info, entry->make_active());
    requests_[std::string(entry->info->id)] = 0;
  }
}

void ActiveStage::run(const CrawlStage& crawls, std::function<void()> then) {
  auto crawled = std::make_shared<Crawled>();
  crawled->urls = crawls.primary().crawled_by_origin();
  crawled->pages = crawls.primary().crawled_pages_by_origin();
  crawled->origins = crawls.reachable_origins();
  crawled->auth = crawls.auth_contexts(crawled->origins, crawled->pages);
  const std::size_t total = checks_.size() * crawled->origins.size();
  if (total == 0 || scan_.stopping) {
    then();
    return;
  }
  auto remaining = std::make_shared<std::atomic<std::size_t>>(total);
  for (const auto& origin : crawled->origins) {
    for (const auto& [info, check] : checks_) {
      scan_.workers.post(
          [this, info = info, check = check.get(), origin, crawled, remaining, then] {
            try {
              run_task(*info, *check, origin, *crawled);
            } catch (const std::exception& e) {
              // Nothing may escape a pool thread; the task still counts as done.
              scan_.notes.add("error", "check-failed",
                              std::string(info->id) + " failed: " + e.what(), origin);
            }
            if (--*remaining == 0) scan_.io.post(then);
          });
    }
  }
}

void ActiveStage::run_task(const CheckInfo& info, const ActiveCheck& check,
                           const std::string& origin, const Crawled& crawled) {
  const ScanOptions& options = scan_.options;
  const int budget = check.request_budget(options.check_settings, info.request_budget);
  EngineFetcher fetcher(scan_.io.context(), scan_.engine, scan_.scope, logins_.primary(),
                        scan_.stopping, requests_.at(std::string(info.id)), budget,
                        [this](std::uint64_t generation) {
                          return logins_.relogin(*logins_.sessions().front(), generation);
                        });
  fetcher.set_state_safety(&safety_);
  auto urls = crawled.urls.find(origin);
  ActiveContext ctx{origin, urls == crawled.urls.end() ? std::vector<std::string>{} : urls->second,
                    fetcher};
  ctx.settings = &options.check_settings;
  ctx.not_found = &not_found_;
  ctx.tls = &tls_;
  ctx.logins = &scan_.logins;
  if (auto p = crawled.pages.find(origin); p != crawled.pages.end()) ctx.pages = p->second;
  ctx.scan_origins = crawled.origins;
  if (auto a = crawled.auth.find(origin); a != crawled.auth.end()) ctx.auth = &a->second;
  ctx.notify = [this](const std::string& code, const std::string& message, const std::string& url) {
    scan_.notes.add("note", code, message, url);
  };
  std::string not_applicable;
  ctx.not_applicable = [&not_applicable](const std::string& why) {
    if (not_applicable.empty()) not_applicable = why;
  };
  try {
    check.run(ctx, scan_.sink);
  } catch (const std::exception& e) {
    scan_.notes.add("error", "check-failed", std::string(info.id) + " failed: " + e.what(), origin);
  } catch (...) {
    scan_.notes.add("error", "check-failed", std::string(info.id) + " failed", origin);
  }
  // A probing check that sent nothing found nothing here to probe (an anonymous scan for the
  // login checks, no candidate for the exposure ones): a skipped test, not a passed one.
  if (not_applicable.empty() && budget > 0 && fetcher.sent() == 0) {
    not_applicable = "sent no probe: nothing it tests was found on this origin";
  }
  {
    std::lock_guard lock(applicability_mu_);
    applicability_[{std::string(info.id), origin}] = not_applicable;
  }
  if (fetcher.budget_exhausted()) {
    scan_.notes.add("warning", "probe-budget-exhausted",
                    std::string(info.id) + " reached its budget of " + std::to_string(budget) +
                        " requests on this origin; further probes were not sent",
                    origin);
  }
}

std::map<std::pair<std::string, std::string>, std::string> ActiveStage::applicability() const {
  std::lock_guard lock(applicability_mu_);
  return applicability_;
}

std::map<std::string, std::uint64_t> ActiveStage::requests_by_check() const {
  std::map<std::string, std::uint64_t> out;
  for (const auto& [id, n] : requests_) out[id] = n.load();
  return out;
}

}  // namespace gapscan
