// The crawler: a breadth-first frontier on the io thread that feeds the engine, follows
// redirects itself (scope-checked, credentials only to the targets' origins), and parses every
// response on a worker (link_discovery.h), where the page observer (the passive checks) sees
// it before its links are queued. A 2xx answer that is a catch-all's page for a path that does
// not exist (catch_all.h) is judged there first: it is not a page, yields no links and is not
// shown to the observer.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "scanner/base/html.h"
#include "scanner/base/url.h"
#include "scanner/catch_all.h"
#include "scanner/engine.h"
#include "scanner/finding_collector.h"
#include "scanner/link_discovery.h"
#include "scanner/scan_options.h"
#include "scanner/scope.h"
#include "scanner/state_safety.h"

namespace gapscan {

// Runs on a worker thread for every crawl response, with its parsed HTML (null when the
// response is not HTML): the passive checks' view of the crawl.
using PageObserver = std::function<void(const Exchange&, const HtmlDocument*)>;

class Session;

// Re-login on a worker (the login blocks on the engine, so never on the io thread); `done`
// must be called, on the io thread, with whether a valid session is now held.
using ReloginFn = std::function<void(std::uint64_t generation, std::function<void(bool)> done)>;

struct CrawlStats {
  std::uint64_t requests = 0;  // crawl requests issued
  std::uint64_t pages = 0;     // crawl responses received, catch-all answers not counted
  std::uint64_t errors = 0;
};

class Crawler {
 public:
  Crawler(boost::asio::io_context& io, Engine& engine, boost::asio::thread_pool& pool,
          const Scope& scope, const CrawlOptions& options, int engine_window,
          NotificationLog& notes, PageObserver observer, CatchAllGuard* catch_all = nullptr);

  // Before start: crawl as `session` (null or anonymous: no credentials). A response that says
  // the session is gone triggers `relogin` and one retry of that request.
  void set_identity(std::shared_ptr<Session> session, ReloginFn relogin);

  // Io thread. Seeds the targets plus robots.txt and sitemap.xml of each target origin.
  void start(const std::vector<Url>& targets, std::function<void()> on_idle);
  // Io thread. Drops the frontier; the caller decides what happens to requests in the engine.
  void stop(const std::string& reason);

  const CrawlStats& stats() const { return stats_; }
  // Every in-scope URL that answered, per origin, sorted.
  std::map<std::string, std::vector<std::string>> crawled_by_origin() const;
  // The same, with what each URL answered (sorted by URL).
  std::map<std::string, std::vector<CrawledPage>> crawled_pages_by_origin() const;
  // URLs the safety rules kept the crawl from requesting (state_safety.h: logout or a state
  // change by their look, --logout-url, --auth-exclude).
  const std::set<std::string>& auth_excluded() const { return auth_excluded_; }
  // Origins of targets that produced at least one response.
  const std::set<std::string>& reachable_origins() const { return reachable_; }

 private:
  struct Item {
    HttpRequest request;
    int depth = 0;
    std::vector<std::string> redirect_chain;  // URLs before this one in a redirect chain
    std::string initiator;
    bool with_credentials = false;  // the target's origin: the identity's credentials go along
    bool retried = false;           // already re-sent once after a re-login
    std::uint64_t generation = 0;   // the session's login generation when it was sent
    bool login_check = false;       // the periodic request of the identity's check URL
  };
  // Every this many authenticated responses, the check URL (when configured) is requested to
  // tell a silently lost session (a 200 "please sign in" page) from a live one.
  static constexpr int kLoginCheckEvery = 50;

  // `link_text` is judged with the URL by the safety rules; `judged`: a form they already
  // let through, or a target (only --auth-exclude applies).
  void enqueue(const Url& url, int depth, std::string initiator, std::string method,
               std::string body, std::vector<std::string> chain, std::string_view link_text = {},
               bool judged = false);
  void dispatch();
  void on_response(Item item, Exchange ex);
  void handle_redirect(const Item& item, const Exchange& ex);
  void record_page(const std::string& initiator, const Exchange& ex);
  void record_transport_notes(const Exchange& ex);
  void maybe_idle();

  boost::asio::io_context& io_;
  Engine& engine_;
  boost::asio::thread_pool& pool_;
  const Scope& scope_;
  CrawlOptions options_;
  int engine_window_;
  NotificationLog& notes_;
  PageObserver observer_;
  CatchAllGuard* catch_all_;  // null: every answer is a page
  std::function<void()> on_idle_;
  std::shared_ptr<Session> session_;
  ReloginFn relogin_;
  StateSafety safety_;
  std::set<std::string> auth_excluded_;
  int relogging_ = 0;
  int since_login_check_ = 0;

  std::deque<Item> frontier_;
  std::unordered_set<std::string> seen_;
  std::map<std::string, int> per_pattern_;
  std::map<std::string, std::set<std::string>> query_variants_;
  std::map<std::string, std::vector<std::string>> crawled_;
  std::map<std::string, std::vector<CrawledPage>> crawled_pages_;
  std::set<std::string> reachable_;
  std::set<std::string> target_origins_;
  std::set<std::string> target_urls_;  // start URLs: real pages whatever they answer
  int in_engine_ = 0;
  int analyzing_ = 0;
  bool stopped_ = false;
  bool idle_fired_ = false;
  bool page_cap_noted_ = false;
  CrawlStats stats_;
};

}  // namespace gapscan
