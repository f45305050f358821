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
#include <set>
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
#include "scanner/session.h"
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
  // Logs `session` in again after it was lost (blocking); whether a session is now held.
  using Relogin = std::function<bool(std::uint64_t generation)>;

  // `session` (may be null) supplies the credentials added to requests within scope; a
  // response saying that session is gone triggers `relogin` and one retry.
  EngineFetcher(asio::io_context& io, Engine& engine, const Scope& scope, const Session* session,
                const std::atomic<bool>& stopping, std::atomic<std::uint64_t>& counter,
                int budget = 0, Relogin relogin = {})
      : io_(io),
        engine_(engine),
        scope_(scope),
        session_(session),
        stopping_(stopping),
        counter_(counter),
        budget_(budget),
        relogin_(std::move(relogin)) {}

  bool budget_exhausted() const { return budget_hit_; }

  Exchange fetch(const HttpRequest& request) override { return fetch_all({request}).front(); }

  std::vector<Exchange> fetch_all(const std::vector<HttpRequest>& requests) override {
    const std::uint64_t generation = session_ != nullptr ? session_->generation() : 0;
    std::vector<Exchange> out = send_all(requests);
    if (!relogin_ || session_ == nullptr || !session_->has_login()) return out;
    // Requests answered "logged out" go once more after a re-login (the session expired, or
    // the server ended it, while the check was probing).
    std::vector<std::size_t> lost;
    for (std::size_t i = 0; i < out.size(); ++i) {
      if (!requests[i].without_credentials && session_->looks_logged_out(out[i])) lost.push_back(i);
    }
    if (lost.empty() || !relogin_(generation)) return out;
    std::vector<HttpRequest> again;
    for (std::size_t i : lost) again.push_back(requests[i]);
    std::vector<Exchange> retried = send_all(again);
    for (std::size_t k = 0; k < lost.size(); ++k) out[lost[k]] = std::move(retried[k]);
    return out;
  }

 private:
  std::vector<Exchange> send_all(const std::vector<HttpRequest>& requests) {
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
      if (session_ != nullptr && !req.without_credentials && scope_.may_receive_credentials(*url)) {
        // A probe that sets a header itself (default-credentials' Authorization) keeps it.
        for (const auto& h : session_->credentials_for(*url, unix_now())) {
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

  asio::io_context& io_;
  Engine& engine_;
  const Scope& scope_;
  const Session* session_;
  const std::atomic<bool>& stopping_;
  std::atomic<std::uint64_t>& counter_;
  const int budget_;
  int sent_ = 0;  // one fetcher serves one task on one thread
  bool budget_hit_ = false;
  Relogin relogin_;
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
  std::string identities;
  for (const auto& id : o.identities) {
    identities +=
        (identities.empty() ? "" : ",") + id.name +
        (id.login ? (id.login->kind == LoginConfig::Kind::json ? ":json-login" : ":form-login")
                  : "");
  }
  if (!identities.empty()) m["identities"] = identities;
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
  // Every finding passes through here: the user's credentials, and every session cookie and
  // token the scan's logins obtain, never reach a report.
  SecretSet secrets(secrets_of(options.crawl.headers, options.secrets));
  ScrubbingSink sink(collector, secrets);

  // Identities: the primary one first; with any credentials, an anonymous comparison crawl.
  std::vector<IdentityConfig> identity_configs = options.identities;
  if (identity_configs.empty() && !options.crawl.headers.empty()) {
    IdentityConfig c;
    c.headers = options.crawl.headers;
    c.secrets = options.secrets;
    identity_configs.push_back(std::move(c));
  }
  std::vector<std::shared_ptr<Session>> sessions;
  for (auto& c : identity_configs) {
    sessions.push_back(std::make_shared<Session>(c, secrets, options.max_relogins));
  }
  const bool any_credentials =
      std::any_of(sessions.begin(), sessions.end(), [](const auto& s) { return !s->anonymous(); });
  const bool has_anonymous =
      std::any_of(sessions.begin(), sessions.end(), [](const auto& s) { return s->anonymous(); });
  if (any_credentials && !has_anonymous) {
    IdentityConfig anonymous;
    anonymous.name = "anonymous";
    sessions.push_back(std::make_shared<Session>(anonymous, secrets));
  }
  const Session* primary = sessions.empty() ? nullptr : sessions.front().get();
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
  EngineFetcher calibration_fetcher(io, engine, scope, primary, stopping, calibration_count);
  NotFoundOracle not_found(&calibration_fetcher);

  auto analyzer = [&](const Exchange& ex) {
    return analyze(ex, options.crawl, options.check_settings, passive, sink, notes);
  };
  // One crawl per identity (the primary's first), or one anonymous crawl.
  std::atomic<std::uint64_t> login_count{0};
  std::string login_error;  // a failed login or re-login: the scan exits 3
  std::atomic<bool> session_lost_noted{false};
  std::mutex login_error_mu;
  // Blocking re-login on a worker thread (never the io thread, which the login needs).
  auto relogin_now = [&](Session& session, std::uint64_t generation) {
    EngineFetcher fetcher(io, engine, scope, nullptr, stopping, login_count);
    std::string error;
    const std::uint64_t before = session.generation();
    const Session::Relogin r = session.relogin(fetcher, generation, unix_now(), &error);
    const bool ok = r == Session::Relogin::ok;
    if (ok && session.generation() != before) {
      notes.add("note", "relogin",
                "the session of identity '" + session.name() +
                    "' was lost during the scan; logged in again",
                "");
    }
    if (r == Session::Relogin::exhausted) {
      // Pages that keep sending to the login page while logged in (re-authentication steps)
      // are not a lost login: note it once and go on without re-logging in.
      notes.add("warning", "relogin-limit",
                "identity '" + session.name() + "': " + error +
                    "; pages answering with the login page were skipped",
                "");
    }
    if (r == Session::Relogin::failed && !session_lost_noted.exchange(true)) {
      const std::string why = "identity '" + session.name() +
                              "': the session was lost and logging in again failed: " + error;
      notes.add("error", "session-lost", why, "");
      std::lock_guard lock(login_error_mu);
      login_error = why;
    }
    return ok;
  };
  std::vector<std::unique_ptr<Crawler>> crawlers;
  const std::size_t crawl_count = std::max<std::size_t>(1, sessions.size());
  for (std::size_t i = 0; i < crawl_count; ++i) {
    crawlers.push_back(std::make_unique<Crawler>(io, engine, pool, scope, options.crawl,
                                                 options.engine.concurrency * 2, notes, analyzer));
    if (sessions.empty()) continue;
    std::shared_ptr<Session> session = sessions[i];
    crawlers.back()->set_identity(
        session, [&, session](std::uint64_t generation, std::function<void(bool)> done) {
          asio::post(pool, [&, session, generation, done] {
            const bool ok = relogin_now(*session, generation);
            asio::post(io, [done, ok] { done(ok); });
          });
        });
  }
  Crawler& crawler = *crawlers.front();  // the primary identity's crawl (active checks use it)

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
      for (auto& c : crawlers) c->stop("--max-duration reached");
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
      std::uint64_t crawled_pages = 0;
      for (const auto& c : crawlers) crawled_pages += c->stats().pages;
      std::fprintf(stderr, "\r\x1b[Kgapscan: %llu pages, %llu requests, %.0f req/s, %zu findings",
                   static_cast<unsigned long long>(crawled_pages),
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
    std::set<std::string> reachable;
    for (const auto& c : crawlers)
      reachable.insert(c->reachable_origins().begin(), c->reachable_origins().end());
    std::vector<std::string> origins(reachable.begin(), reachable.end());
    // What each identity's crawl saw, per origin, for the checks a login enables.
    auto auth = std::make_shared<std::map<std::string, AuthContext>>();
    if (any_credentials) {
      for (const auto& origin : origins) (*auth)[origin];     // every reached origin has one
      std::map<std::string, std::set<std::string>> excluded;  // by origin, sorted, unique
      for (std::size_t i = 0; i < crawlers.size(); ++i) {
        // Each crawl's pages once (sorted copies), handed out per origin.
        std::map<std::string, std::vector<CrawledPage>> other;
        if (i > 0) other = crawlers[i]->crawled_pages_by_origin();
        const auto& by_origin = i == 0 ? *pages : other;
        for (auto& [origin, a] : *auth) {
          IdentityCrawl crawl;
          crawl.session = sessions[i];
          if (auto it = by_origin.find(origin); it != by_origin.end()) crawl.pages = it->second;
          a.identities.push_back(std::move(crawl));
        }
        for (const auto& u : crawlers[i]->auth_excluded()) {
          if (const auto parsed = parse_url(u)) excluded[parsed->origin()].insert(u);
        }
      }
      for (auto& [origin, a] : *auth) {
        if (auto it = excluded.find(origin); it != excluded.end()) {
          a.excluded_urls.assign(it->second.begin(), it->second.end());
        }
      }
    }
    const std::size_t total = active.size() * origins.size();
    if (total == 0 || stopping) {
      finish();
      return;
    }
    auto remaining = std::make_shared<std::atomic<std::size_t>>(total);
    for (const auto& origin : origins) {
      for (const auto& [info, check] : active) {
        asio::post(pool, [&, origin, origins, info = info, check = check.get(), remaining, crawled,
                          pages, auth] {
          const int budget = check->request_budget(options.check_settings, info->request_budget);
          EngineFetcher fetcher(
              io, engine, scope, primary, stopping, probe_counts.at(std::string(info->id)), budget,
              [&](std::uint64_t generation) { return relogin_now(*sessions.front(), generation); });
          auto it = crawled->find(origin);
          ActiveContext ctx{origin, it == crawled->end() ? std::vector<std::string>{} : it->second,
                            fetcher};
          ctx.settings = &options.check_settings;
          ctx.not_found = &not_found;
          if (auto p = pages->find(origin); p != pages->end()) ctx.pages = p->second;
          ctx.scan_origins = origins;
          if (auto a = auth->find(origin); a != auth->end()) ctx.auth = &a->second;
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

  // The crawls start once every identity has logged in; a failed login ends the scan (exit 3)
  // instead of letting it go on silently as an anonymous scan.
  auto idle_crawls = std::make_shared<std::size_t>(crawlers.size());
  auto start_crawls = [&, idle_crawls] {
    for (auto& c : crawlers) {
      c->start(targets, [&, idle_crawls] {
        if (--*idle_crawls == 0) run_active();
      });
    }
  };
  const bool any_login =
      std::any_of(sessions.begin(), sessions.end(), [](const auto& s) { return s->has_login(); });
  if (!any_login) {
    asio::post(io, start_crawls);
  } else {
    asio::post(pool, [&] {
      std::string error;
      for (const auto& session : sessions) {
        if (!session->has_login()) continue;
        EngineFetcher fetcher(io, engine, scope, nullptr, stopping, login_count);
        if (std::string why = session->log_in(fetcher, unix_now()); !why.empty()) {
          error = "identity '" + session->name() + "': " + why;
          break;
        }
        // The login's own requests get the passive checks (login form over http, cookies).
        const std::optional<LoginOutcome> first = session->first_login();
        for (Exchange ex : first ? first->exchanges : std::vector<Exchange>{}) {
          if (!ex.ok()) continue;
          ex.initiator = "login";
          analyzer(ex);
        }
      }
      asio::post(io, [&, error] {
        if (error.empty()) {
          start_crawls();
          return;
        }
        notes.add("error", "login-failed", "login failed: " + error, "");
        login_error = error;
        summary.completed = false;
        finish();
      });
    });
  }
  io.run();
  pool.join();
  if (hooks.progress) std::fprintf(stderr, "\r\x1b[K");

  const auto es = engine.stats();
  result.findings = collector.results();
  for (const auto& c : crawlers) {
    result.any_target_reachable = result.any_target_reachable || !c->reachable_origins().empty();
  }
  result.login_error = login_error;
  if (!result.any_target_reachable) {
    notes.add("error", "no-target-reachable", "no target answered; nothing was scanned", "");
    summary.completed = false;
  }
  summary.notifications = notes.sorted();
  summary.statistics.requests = es.started;
  for (const auto& c : crawlers) {
    summary.statistics.pages += c->stats().pages;
    summary.statistics.errors += c->stats().errors;
  }
  if (any_login) summary.statistics.probe_requests["login"] = login_count;
  summary.statistics.bytes_received = es.bytes_received;
  for (auto& [id, n] : probe_counts) summary.statistics.probe_requests[id] = n.load();
  if (!active.empty())
    summary.statistics.probe_requests["soft-404-calibration"] = calibration_count;
  summary.statistics.duration_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::set<std::string> scanned;
  for (const auto& c : crawlers) {
    for (const auto& [origin, urls] : c->crawled_by_origin()) {
      for (const auto& u : urls) {
        if (scanned.size() >= kMaxScannedUrls) break;
        scanned.insert(u);
      }
    }
  }
  summary.scanned_urls.assign(scanned.begin(), scanned.end());
  summary.end_time = utc_now();
  return result;
}

}  // namespace gapscan
