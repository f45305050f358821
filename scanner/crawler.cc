#include "scanner/crawler.h"

#include <boost/asio/post.hpp>

#include "scanner/base/text.h"
#include "scanner/crawl_rules.h"
#include "scanner/session.h"

namespace gapscan {

namespace asio = boost::asio;

Crawler::Crawler(asio::io_context& io, Engine& engine, asio::thread_pool& pool, const Scope& scope,
                 const CrawlOptions& options, int engine_window, NotificationLog& notes,
                 PageObserver observer, CatchAllGuard* catch_all)
    : io_(io),
      engine_(engine),
      pool_(pool),
      scope_(scope),
      options_(options),
      engine_window_(std::max(1, engine_window)),
      notes_(notes),
      observer_(std::move(observer)),
      catch_all_(catch_all),
      safety_(options_) {}

void Crawler::set_identity(std::shared_ptr<Session> session, ReloginFn relogin) {
  session_ = std::move(session);
  relogin_ = std::move(relogin);
}

void Crawler::start(const std::vector<Url>& targets, std::function<void()> on_idle) {
  on_idle_ = std::move(on_idle);
  for (const auto& t : targets) {
    target_origins_.insert(t.origin());
    target_urls_.insert(t.to_string());
    // The user named it: the default rules do not second-guess a target.
    enqueue(t, 0, "seed", "GET", "", {}, {}, /*judged=*/true);
  }
  for (const auto& t : targets) {
    for (const char* path : {"/robots.txt", "/sitemap.xml"}) {
      if (auto u = parse_url(t.origin() + path)) {
        enqueue(*u, 1, path[1] == 'r' ? "robots" : "sitemap", "GET", "", {});
      }
    }
  }
  dispatch();
  maybe_idle();
}

void Crawler::stop(const std::string& reason) {
  if (stopped_) return;
  stopped_ = true;
  if (!frontier_.empty() || in_engine_ > 0) {
    notes_.add("warning", "crawl-stopped",
               reason + "; " + std::to_string(frontier_.size()) + " queued URLs were not requested",
               "");
  }
  frontier_.clear();
}

void Crawler::enqueue(const Url& url, int depth, std::string initiator, std::string method,
                      std::string body, std::vector<std::string> chain, std::string_view link_text,
                      bool judged) {
  if (stopped_) return;
  if (!scope_.allows(url)) return;
  if (depth > options_.max_depth) return;
  const std::string text = url.to_string();
  // Logout links and state-changing actions are never requested, logged in or not: one GET of
  // ?do=logout ends the session in the middle of the scan, one of "Reset DB" the data.
  if (const std::string why = safety_.refusal(url, link_text, !judged); !why.empty()) {
    if (auth_excluded_.insert(text).second) {
      notes_.add("note", "auth-excluded", "not requested: " + why, text);
    }
    return;
  }
  if (!seen_.insert(method + ' ' + text + (body.empty() ? "" : "\n" + body)).second) return;

  // Crawl-trap guards: calendars, endless ids and query permutations.
  const std::string pattern = url.origin() + path_pattern(url.path);
  if (++per_pattern_[pattern] > options_.max_per_pattern) {
    if (per_pattern_[pattern] == options_.max_per_pattern + 1) {
      notes_.add("note", "crawl-trap-guard",
                 "more than " + std::to_string(options_.max_per_pattern) +
                     " URLs share the path pattern " + path_pattern(url.path) +
                     "; the rest are skipped",
                 text);
    }
    return;
  }
  if (!url.query.empty()) {
    auto& variants = query_variants_[url.origin() + url.path];
    if (variants.size() >= static_cast<std::size_t>(options_.max_query_variants) &&
        !variants.count(url.query)) {
      if (variants.size() == static_cast<std::size_t>(options_.max_query_variants)) {
        notes_.add("note", "crawl-trap-guard",
                   "more than " + std::to_string(options_.max_query_variants) +
                       " query variants of one path; the rest are skipped",
                   url.origin() + url.path);
        variants.insert(url.query);  // so the note is written once
      }
      return;
    }
    variants.insert(url.query);
  }
  if (static_cast<std::int64_t>(stats_.requests + frontier_.size()) >= options_.max_pages) {
    if (!page_cap_noted_) {
      page_cap_noted_ = true;
      notes_.add("warning", "page-cap-reached",
                 "the page cap (--max-pages " + std::to_string(options_.max_pages) +
                     ") was reached; further URLs were not crawled",
                 "");
    }
    return;
  }
  if (static_cast<std::int64_t>(frontier_.size()) >= options_.max_queue) {
    notes_.add("warning", "queue-cap-reached", "the crawl queue cap was reached", "");
    return;
  }
  Item item;
  item.request.method = std::move(method);
  item.request.url = text;
  item.request.body = std::move(body);
  if (item.request.method == "POST") {
    item.request.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
  }
  // Credentials only to the targets' own origins: a redirect hop to any other origin is
  // built from scratch here, so it never carries them. They are added at dispatch, so that a
  // request queued before a re-login goes out with the new session.
  item.with_credentials = scope_.may_receive_credentials(url);
  item.depth = depth;
  item.redirect_chain = std::move(chain);
  item.initiator = std::move(initiator);
  frontier_.push_back(std::move(item));
}

void Crawler::dispatch() {
  while (!stopped_ && !frontier_.empty() && in_engine_ < engine_window_) {
    Item item = std::move(frontier_.front());
    frontier_.pop_front();
    ++in_engine_;
    ++stats_.requests;
    HttpRequest req = item.request;
    if (item.with_credentials && session_ && !session_->anonymous()) {
      if (const auto u = parse_url(req.url)) {
        item.generation = session_->generation();
        for (auto& h : session_->credentials_for(*u, unix_now())) {
          req.headers.push_back(h);
          req.carries_credentials = true;
        }
      }
    }
    engine_.submit(std::move(req), [this, item = std::move(item)](Exchange ex) mutable {
      --in_engine_;
      on_response(std::move(item), std::move(ex));
      dispatch();
      maybe_idle();
    });
  }
}

void Crawler::record_transport_notes(const Exchange& ex) {
  const std::string& url = ex.request.url;
  if (!ex.error.empty()) {
    if (ex.error == "cancelled") return;
    ++stats_.errors;
    std::string code = "transport-error";
    if (ex.curl_code == 28) code = "timeout";
    if (ex.curl_code == 7) code = "connection-failed";
    if (ex.curl_code == 6) code = "dns-failure";
    if (ex.curl_code == 35 || ex.curl_code == 60) code = "tls-error";
    if (ex.response.headers_truncated) code = "header-cap-exceeded";
    if (ex.curl_code == 61) code = "bad-content-encoding";
    if (ex.curl_code == 8) code = "malformed-response";  // e.g. NUL or no colon in a header
    notes_.add("error", code, ex.error, url);
    return;
  }
  if (ex.response.body_truncated) {
    notes_.add("warning", "body-truncated",
               "response body cut at the --max-body cap after " +
                   std::to_string(ex.response.body.size()) + " bytes",
               url);
  }
}

void Crawler::on_response(Item item, Exchange ex) {
  ex.depth = item.depth;
  ex.initiator = item.initiator;
  record_transport_notes(ex);
  if (!ex.ok()) return;
  if (item.login_check) {
    if (!session_->check_answer_ok(ex) && relogin_) {
      ++relogging_;
      relogin_(item.generation, [this](bool) {
        --relogging_;
        dispatch();
        maybe_idle();
      });
    }
    return;
  }
  if (item.with_credentials && session_ && session_->has_login()) {
    const auto from = parse_url(ex.request.url);
    if (from) session_->store_cookies(*from, ex.response, unix_now(), item.generation);
    const auto check_url = parse_url(session_->config().check_url);
    if (check_url && scope_.allows(*check_url) && scope_.may_receive_credentials(*check_url) &&
        ++since_login_check_ >= kLoginCheckEvery) {
      since_login_check_ = 0;
      Item check;
      check.request.url = session_->config().check_url;
      check.with_credentials = true;
      check.login_check = true;
      check.initiator = "login-check";
      frontier_.push_front(std::move(check));
    }
    if (!item.retried && relogin_ && session_->looks_logged_out(ex)) {
      // The session is gone (expired, or ended by the server): log in again on a worker and
      // send this request once more. The crawl is not idle while that happens.
      item.retried = true;
      ++relogging_;
      const std::uint64_t generation = item.generation;
      relogin_(generation, [this, item = std::move(item)](bool ok) mutable {
        --relogging_;
        if (ok && !stopped_) {
          frontier_.push_front(std::move(item));
        }
        dispatch();
        maybe_idle();
      });
      return;
    }
  }
  if (const auto u = parse_url(ex.request.url)) {
    if (target_origins_.count(u->origin())) reachable_.insert(u->origin());
  }
  // A success may be the catch-all's page: judged on the worker (the first answer of an origin
  // waits there for its calibration), and recorded as a page only when it is not.
  const bool judged =
      catch_all_ != nullptr && ex.response.status >= 200 && ex.response.status < 300;
  if (!judged) record_page(item.initiator, ex);
  if (ex.response.status >= 300 && ex.response.status < 400) handle_redirect(item, ex);

  ++analyzing_;
  auto shared = std::make_shared<Exchange>(std::move(ex));
  const int depth = item.depth;
  // A start URL stays one through its redirects (http://h/app -> https://h/app/).
  const bool seed = item.initiator == "seed" ||
                    (!item.redirect_chain.empty() && target_urls_.count(item.redirect_chain[0]));
  asio::post(pool_, [this, shared, depth, seed, initiator = item.initiator, judged] {
    std::vector<Discovered> found;
    bool not_found = false;
    try {
      not_found = judged && catch_all_->is_catch_all(*shared, seed);
      if (!not_found) {
        const ParsedPage page = parse_page(*shared, options_, notes_);
        if (observer_) observer_(*shared, page.html());
        found = discover_links(*shared, page, options_, safety_, notes_, &scope_);
      }
    } catch (const std::exception& e) {
      // Nothing may escape a pool thread (it would end the process); the page is noted and
      // its links are lost, the crawl goes on.
      notes_.add("error", "analysis-failed",
                 std::string("the page could not be analysed: ") + e.what(), shared->request.url);
    }
    asio::post(io_, [this, shared, depth, initiator, judged, not_found, found = std::move(found)] {
      --analyzing_;
      // A catch-all's answer is not a page (the guard counts it) and `found` is empty: its
      // relative links would only grow the phantom tree.
      if (judged && !not_found) record_page(initiator, *shared);
      const auto base = parse_url(shared->request.url);
      for (const auto& d : found) {
        auto u = base ? resolve_url(*base, d.url) : parse_url(d.url);
        if (!u) continue;
        const bool from_site_map =
            d.initiator == "robots" || d.initiator == "sitemap" || d.initiator == "sitemap-index";
        enqueue(*u, from_site_map ? 1 : depth + 1, d.initiator, d.method, d.body, {}, d.text,
                d.judged);
      }
      dispatch();
      maybe_idle();
    });
  });
}

void Crawler::record_page(const std::string& initiator, const Exchange& ex) {
  ++stats_.pages;
  const auto u = parse_url(ex.request.url);
  if (!u) return;
  crawled_[u->origin()].push_back(ex.request.url);
  CrawledPage page;
  page.url = ex.request.url;
  page.status = ex.response.status;
  page.media_type = media_type(ex.response);
  if (const auto* auth = find_header(ex.response.headers, "WWW-Authenticate")) {
    page.www_authenticate = *auth;
  }
  if (const auto* loc = find_header(ex.response.headers, "Location")) page.location = *loc;
  page.initiator = initiator;
  crawled_pages_[u->origin()].push_back(std::move(page));
}

void Crawler::handle_redirect(const Item& item, const Exchange& ex) {
  const std::string* location = find_header(ex.response.headers, "Location");
  if (location == nullptr) return;
  const auto base = parse_url(ex.request.url);
  if (!base) return;
  const auto target = resolve_url(*base, *location);
  if (!target) return;
  const std::string text = target->to_string();
  auto chain = item.redirect_chain;
  chain.push_back(ex.request.url);
  for (const auto& prior : chain) {
    if (prior == text) {
      notes_.add("warning", "redirect-loop", "redirect loop back to " + text, ex.request.url);
      return;
    }
  }
  if (static_cast<int>(chain.size()) > options_.max_redirects) {
    notes_.add("warning", "redirect-chain-too-long",
               "more than " + std::to_string(options_.max_redirects) + " redirects in a row",
               ex.request.url);
    return;
  }
  if (!scope_.allows(*target)) {
    notes_.add("note", "redirect-out-of-scope",
               "redirect to " + text + " not followed (out of scope)", ex.request.url);
    return;
  }
  // 303 and, as browsers do, 301/302 after POST turn into GET.
  enqueue(*target, item.depth, "redirect", "GET", "", std::move(chain));
}

void Crawler::maybe_idle() {
  if (idle_fired_ || in_engine_ > 0 || analyzing_ > 0 || relogging_ > 0 ||
      (!frontier_.empty() && !stopped_)) {
    return;
  }
  idle_fired_ = true;
  if (on_idle_) asio::post(io_, on_idle_);
}

std::map<std::string, std::vector<std::string>> Crawler::crawled_by_origin() const {
  auto out = crawled_;
  for (auto& [origin, urls] : out) std::sort(urls.begin(), urls.end());
  return out;
}

std::map<std::string, std::vector<CrawledPage>> Crawler::crawled_pages_by_origin() const {
  auto out = crawled_pages_;
  for (auto& [origin, pages] : out) {
    std::sort(pages.begin(), pages.end(),
              [](const CrawledPage& a, const CrawledPage& b) { return a.url < b.url; });
  }
  return out;
}

}  // namespace gapscan
