#include "scanner/scan.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <future>
#include <thread>

#include "checks/not_found.h"
#include "checks/registry.h"
#include "gapscan_version.h"
#include "scanner/crawl_rules.h"
#include "scanner/crawler.h"
#include "scanner/engine.h"
#include "scanner/finding_collector.h"
#include "scanner/html.h"
#include "scanner/scope.h"
#include "scanner/secret_scrubber.h"
#include "scanner/text.h"

namespace gapscan {

namespace asio = boost::asio;

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

namespace {

// Active checks' requests go through the engine on the io thread; the check's worker thread
// blocks on futures. Scope and the deadline are enforced here, not trusted to each check.
class EngineFetcher : public Fetcher {
 public:
  // `budget` > 0 caps the requests this fetcher sends (one check on one origin).
  EngineFetcher(asio::io_context& io, Engine& engine, const Scope& scope,
                const HeaderList& credentials, const std::atomic<bool>& stopping,
                std::atomic<std::uint64_t>& counter, int budget = 0)
      : io_(io),
        engine_(engine),
        scope_(scope),
        credentials_(credentials),
        stopping_(stopping),
        counter_(counter),
        budget_(budget) {}

  bool budget_exhausted() const { return budget_hit_; }

  Exchange fetch(const HttpRequest& request) override { return fetch_all({request}).front(); }

  std::vector<Exchange> fetch_all(const std::vector<HttpRequest>& requests) override {
    std::vector<std::promise<Exchange>> promises(requests.size());
    std::vector<std::future<Exchange>> futures;
    for (auto& p : promises) futures.push_back(p.get_future());
    for (std::size_t i = 0; i < requests.size(); ++i) {
      HttpRequest req = requests[i];
      const auto url = parse_url(req.url);
      Exchange refused;
      refused.request = req;
      // A raw path must still start with the exact origin we checked, so that libcurl cannot
      // read a different authority out of it than we did.
      const bool raw_ok = !req.path_as_is || (url && req.url.starts_with(url->origin() + "/"));
      if (!url || !scope_.allows(*url) || !raw_ok) {
        refused.error = "refused: out of scope";
        promises[i].set_value(std::move(refused));
        continue;
      }
      if (stopping_) {
        refused.error = "cancelled";
        promises[i].set_value(std::move(refused));
        continue;
      }
      if (budget_ > 0) {  // (the shared calibration fetcher has none: no shared counter)
        if (sent_ >= budget_) {
          budget_hit_ = true;
          refused.error = "refused: request budget exhausted";
          promises[i].set_value(std::move(refused));
          continue;
        }
        ++sent_;
      }
      if (!req.path_as_is) req.url = url->to_string();
      if (!req.without_credentials && scope_.may_receive_credentials(*url)) {
        // A probe that sets a header itself (default-credentials' Authorization) keeps it.
        for (const auto& h : credentials_) {
          if (!has_header(req.headers, h.name)) req.headers.push_back(h);
        }
      }
      ++counter_;
      asio::post(io_, [this, req = std::move(req), p = &promises[i]]() mutable {
        engine_.submit(std::move(req), [p](Exchange ex) { p->set_value(std::move(ex)); });
      });
    }
    std::vector<Exchange> out;
    out.reserve(futures.size());
    for (auto& f : futures) out.push_back(f.get());
    return out;
  }

 private:
  asio::io_context& io_;
  Engine& engine_;
  const Scope& scope_;
  const HeaderList& credentials_;
  const std::atomic<bool>& stopping_;
  std::atomic<std::uint64_t>& counter_;
  const int budget_;
  int sent_ = 0;  // one fetcher serves one task on one thread
  bool budget_hit_ = false;
};

// What the crawler learns from one response, and the passive checks' pass over it.
std::vector<Discovered> analyze(const Exchange& ex, const CrawlOptions& options,
                                const CheckSettings& settings,
                                const std::vector<std::unique_ptr<PassiveCheck>>& passive,
                                FindingSink& sink, NotificationLog& notes) {
  std::vector<Discovered> found;
  const auto& resp = ex.response;
  const bool html = is_html(resp) && !resp.body.empty();
  HtmlDocument doc;
  if (html) {
    const std::string charset = content_type_charset(resp);
    if ((charset.empty() || charset == "utf-8" || charset == "utf8") &&
        to_valid_utf8(resp.body).size() != resp.body.size()) {
      notes.add("note", "invalid-utf8",
                "the HTML body is not valid UTF-8; invalid bytes were replaced", ex.request.url);
    }
    if (const auto url = parse_url(ex.request.url)) {
      doc = parse_html(html_to_utf8(resp.body, charset), *url,
                       static_cast<std::size_t>(options.max_parse_bytes));
      if (doc.truncated) {
        notes.add("note", "html-parse-cap",
                  "only the first " + std::to_string(options.max_parse_bytes) +
                      " bytes of the page were parsed",
                  ex.request.url);
      }
    }
  }
  const PassiveContext ctx{ex, html ? &doc : nullptr, &settings};
  for (const auto& check : passive) {
    try {
      check->inspect(ctx, sink);
    } catch (const std::exception& e) {
      // One failing check must not take the worker, or the other checks, down with it.
      notes.add("error", "check-failed", std::string("a passive check failed: ") + e.what(),
                ex.request.url);
    } catch (...) {
      notes.add("error", "check-failed", "a passive check failed", ex.request.url);
    }
  }

  const std::string media = media_type(resp);
  if (ex.initiator == "robots" && resp.status == 200) {
    const RobotsTxt robots = parse_robots(resp.body);
    for (const auto& p : robots.paths) found.push_back({p, "robots"});
    for (const auto& s : robots.sitemaps) found.push_back({s, "sitemap"});
    return found;
  }
  if ((ex.initiator == "sitemap" || ex.initiator == "sitemap-index") && resp.status == 200 &&
      media.find("xml") != std::string::npos) {
    const Sitemap map = parse_sitemap(resp.body, static_cast<std::size_t>(options.max_pages));
    for (const auto& loc : map.locs) {
      found.push_back(
          {loc, map.is_index && ex.initiator == "sitemap" ? "sitemap-index" : "sitemap"});
    }
    // A sitemap listed by an index is fetched with the "sitemap-index" initiator so that
    // indexes cannot nest without bound.
    if (map.is_index && ex.initiator == "sitemap-index") found.clear();
    return found;
  }
  if (!html) return found;
  for (const auto& link : doc.links) {
    found.push_back({link.url, "link"});
    if (const auto u = parse_url(link.url)) {
      for (const auto& dir : parent_directories(u->path))
        found.push_back({u->origin() + dir, "directory"});
    }
  }
  for (const auto& form : doc.forms) {
    const std::string data = form_encode(form);
    if (form.method == "GET") {
      const auto action = parse_url(form.action);
      if (!action) continue;
      Url target = *action;
      target.query = data;
      found.push_back({target.to_string(), "form"});
    } else if (options.submit_forms) {
      found.push_back({form.action, "form", "POST", data});
    }
  }
  return found;
}

std::string format_options(const ScanOptions& o, std::map<std::string, std::string>* out) {
  auto& m = *out;
  m["scope"] = o.crawl.scope == ScopeMode::origin       ? "origin"
               : o.crawl.scope == ScopeMode::subdomains ? "subdomains"
                                                        : "prefix";
  m["max_depth"] = std::to_string(o.crawl.max_depth);
  m["max_pages"] = std::to_string(o.crawl.max_pages);
  m["max_duration_ms"] = std::to_string(o.crawl.max_duration_ms);
  m["timeout_ms"] = std::to_string(o.engine.timeout_ms);
  m["max_body"] = std::to_string(o.engine.max_body);
  m["concurrency"] = std::to_string(o.engine.concurrency);
  m["per_host"] = std::to_string(o.engine.per_host);
  m["rate"] = std::to_string(o.engine.rate);
  m["submit_forms"] = o.crawl.submit_forms ? "true" : "false";
  std::string names;
  for (const auto& h : o.crawl.headers) names += (names.empty() ? "" : ",") + h.name;
  if (!names.empty()) m["header_names"] = names;  // names only: values may be secrets
  return {};
}

}  // namespace

ScanResult run_scan(const ScanOptions& options, const ScanHooks& hooks) {
  ScanResult result;
  ScanSummary& summary = result.summary;
  summary.tool_version = GAPSCAN_VERSION;
  summary.start_time = utc_now();
  summary.targets = options.targets;
  format_options(options, &summary.options);
  const auto started = std::chrono::steady_clock::now();

  std::vector<Url> targets;
  for (const auto& t : options.targets) {
    if (auto u = parse_url(t)) targets.push_back(*u);
  }
  const Scope scope(targets, options.crawl.scope, options.crawl.include, options.crawl.exclude);

  std::vector<std::unique_ptr<PassiveCheck>> passive;
  std::vector<std::pair<const CheckInfo*, std::unique_ptr<ActiveCheck>>> active;
  for (const CheckEntry* entry : select_checks(options.checks, options.exclude_checks)) {
    summary.rules.push_back(entry->info);
    if (entry->make_passive) passive.push_back(entry->make_passive());
    if (entry->make_active) active.emplace_back(entry->info, entry->make_active());
  }

  FindingCollector collector(hooks.on_new_finding);
  // Every finding passes through here: the user's credentials never reach a report.
  ScrubbingSink sink(collector, secrets_of(options.crawl.headers, options.secrets));
  NotificationLog notes;
  asio::io_context io;
  auto work = asio::make_work_guard(io);
  const int threads = options.worker_threads > 0
                          ? options.worker_threads
                          : std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
  asio::thread_pool pool(static_cast<std::size_t>(threads));
  Engine engine(io, options.engine);
  std::atomic<bool> stopping{false};
  std::map<std::string, std::atomic<std::uint64_t>> probe_counts;
  for (const auto& [info, check] : active) probe_counts[std::string(info->id)] = 0;
  // Soft-404 calibration is shared by every path probe and counted on its own line.
  std::atomic<std::uint64_t> calibration_count{0};
  EngineFetcher calibration_fetcher(io, engine, scope, options.crawl.headers, stopping,
                                    calibration_count);
  NotFoundOracle not_found(&calibration_fetcher);

  Crawler crawler(io, engine, pool, scope, options.crawl, options.engine.concurrency * 2, notes,
                  [&](const Exchange& ex) {
                    return analyze(ex, options.crawl, options.check_settings, passive, sink, notes);
                  });

  // Deadline for the whole scan.
  asio::steady_timer deadline(io);
  if (options.crawl.max_duration_ms > 0) {
    deadline.expires_after(std::chrono::milliseconds(options.crawl.max_duration_ms));
    deadline.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      stopping = true;
      notes.add("warning", "max-duration-reached", "the scan hit --max-duration and was cut short",
                "");
      summary.completed = false;
      crawler.stop("--max-duration reached");
      engine.cancel_all();
    });
  }

  // Progress line, only when asked (a TTY and not --quiet / --no-progress).
  asio::steady_timer progress_timer(io);
  std::function<void()> tick = [&] {
    progress_timer.expires_after(std::chrono::seconds(1));
    progress_timer.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      const auto s = engine.stats();
      const double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      std::fprintf(stderr, "\r\x1b[Kgapscan: %llu pages, %llu requests, %.0f req/s, %zu findings",
                   static_cast<unsigned long long>(crawler.stats().pages),
                   static_cast<unsigned long long>(s.started), secs > 0 ? s.started / secs : 0.0,
                   collector.size());
      tick();
    });
  };
  if (hooks.progress) tick();

  auto finish = [&] {
    deadline.cancel();
    progress_timer.cancel();
    work.reset();
    io.stop();
  };

  // Phase 2: active checks, each (check, origin) pair as one task on the worker pool.
  auto run_active = [&] {
    // Shared with the tasks, which outlive this function.
    const auto crawled = std::make_shared<const std::map<std::string, std::vector<std::string>>>(
        crawler.crawled_by_origin());
    const auto pages = std::make_shared<const std::map<std::string, std::vector<CrawledPage>>>(
        crawler.crawled_pages_by_origin());
    std::vector<std::string> origins(crawler.reachable_origins().begin(),
                                     crawler.reachable_origins().end());
    const std::size_t total = active.size() * origins.size();
    if (total == 0 || stopping) {
      finish();
      return;
    }
    auto remaining = std::make_shared<std::atomic<std::size_t>>(total);
    for (const auto& origin : origins) {
      for (const auto& [info, check] : active) {
        asio::post(pool, [&, origin, origins, info = info, check = check.get(), remaining, crawled,
                          pages] {
          const int budget = check->request_budget(options.check_settings, info->request_budget);
          EngineFetcher fetcher(io, engine, scope, options.crawl.headers, stopping,
                                probe_counts.at(std::string(info->id)), budget);
          auto it = crawled->find(origin);
          ActiveContext ctx{origin, it == crawled->end() ? std::vector<std::string>{} : it->second,
                            fetcher};
          ctx.settings = &options.check_settings;
          ctx.not_found = &not_found;
          if (auto p = pages->find(origin); p != pages->end()) ctx.pages = p->second;
          ctx.scan_origins = origins;
          ctx.notify = [&notes](const std::string& code, const std::string& message,
                                const std::string& url) { notes.add("note", code, message, url); };
          try {
            check->run(ctx, sink);
          } catch (const std::exception& e) {
            notes.add("error", "check-failed", std::string(info->id) + " failed: " + e.what(),
                      origin);
          } catch (...) {
            notes.add("error", "check-failed", std::string(info->id) + " failed", origin);
          }
          if (fetcher.budget_exhausted()) {
            notes.add("warning", "probe-budget-exhausted",
                      std::string(info->id) + " reached its budget of " + std::to_string(budget) +
                          " requests on this origin; further probes were not sent",
                      origin);
          }
          if (--*remaining == 0) asio::post(io, finish);
        });
      }
    }
  };

  asio::post(io, [&] { crawler.start(targets, run_active); });
  io.run();
  pool.join();
  if (hooks.progress) std::fprintf(stderr, "\r\x1b[K");

  const auto es = engine.stats();
  result.findings = collector.results();
  result.any_target_reachable = !crawler.reachable_origins().empty();
  if (!result.any_target_reachable) {
    notes.add("error", "no-target-reachable", "no target answered; nothing was scanned", "");
    summary.completed = false;
  }
  summary.notifications = notes.sorted();
  summary.statistics.requests = es.started;
  summary.statistics.pages = crawler.stats().pages;
  summary.statistics.errors = crawler.stats().errors;
  summary.statistics.bytes_received = es.bytes_received;
  for (auto& [id, n] : probe_counts) summary.statistics.probe_requests[id] = n.load();
  if (!active.empty())
    summary.statistics.probe_requests["soft-404-calibration"] = calibration_count;
  summary.statistics.duration_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  for (const auto& [origin, urls] : crawler.crawled_by_origin()) {
    for (const auto& u : urls) {
      if (summary.scanned_urls.size() >= kMaxScannedUrls) break;
      summary.scanned_urls.push_back(u);
    }
  }
  std::sort(summary.scanned_urls.begin(), summary.scanned_urls.end());
  summary.end_time = utc_now();
  return result;
}

}  // namespace gapscan
