// access-control-missing: a page or API path that one identity's crawl reached, and another
// identity's crawl (or the anonymous one) did not, answers that other identity just as it
// answers the first.
//
// Precision: status alone proves nothing (a 200 login page, a 200 "access denied" page), so
// the two responses must be equivalent: same 2xx status, no sign of a lost session or a login
// form, and similar bodies. And a page that is simply public (linked only from pages behind
// the login) is not a flaw: a finding needs a denial in the same area, i.e. another page of
// the first identity's crawl, in the same directory or one above it, that the other identity
// is refused. The report names it next to the pair of requests.
//
// Budget per origin: for each ordered pair of identities at most kMaxCandidates pages, each
// requested once as the privileged identity (kept per identity) and once as the other one.
#include <algorithm>
#include <map>
#include <set>

#include "checks/common/all_checks.h"
#include "checks/exposure/not_found.h"
#include "scanner/base/html.h"
#include "scanner/base/text.h"
#include "scanner/login_form.h"
#include "scanner/session.h"

namespace gapscan {

const CheckInfo kAccessControlMissing{
    "access-control-missing",
    "Access control missing: a page for signed-in users answers without (or with lesser) "
    "credentials",
    CheckKind::active,
    862,
    Severity::high,
    Confidence::medium,
    "A page or API path that the scan reached only when signed in as one identity answered the "
    "same content to a request without credentials, or signed in as another identity that "
    "could not reach it, while other pages in the same area refuse that requester. The "
    "application checks authorization on some of its pages but not on this one: anyone who "
    "knows or guesses the URL reads it (broken access control, OWASP A01).",
    "Enforce authentication and authorization on the server for every request, in one place "
    "(a filter or middleware that denies by default) rather than page by page, and check "
    "object ownership for per-user resources (orders, profiles) as well as the role for "
    "administrative pages.",
    {"https://owasp.org/Top10/A01_2021-Broken_Access_Control/",
     "https://cheatsheetseries.owasp.org/cheatsheets/Authorization_Cheat_Sheet.html",
     "https://cwe.mitre.org/data/definitions/862.html",
     "https://cwe.mitre.org/data/definitions/284.html"},
    120,  // request budget per origin (several identity pairs)
};

namespace {

constexpr std::size_t kMaxCandidates = 15;
// Bodies this alike are the same page; the signed-in banner and per-request tokens differ.
constexpr double kEquivalent = 0.5;

bool is_2xx(long status) { return status >= 200 && status < 300; }

// A 200 page that says it refuses: MediaWiki answers anonymous visitors of its special pages
// with "<title>Permission error - Wiki</title>". Judged on the title, where apps put it.
bool refusal_title(const std::string& body) {
  const auto open = body.find("<title");
  if (open == std::string::npos) return false;
  const auto close = body.find("</title>", open);
  if (close == std::string::npos || close - open > 512) return false;
  const std::string title = to_lower(std::string_view(body).substr(open, close - open));
  for (std::string_view phrase :
       {"permission error", "permission denied", "access denied", "not authorized",
        "not authorised", "unauthorized", "unauthorised", "forbidden", "login required",
        "log in required", "sign in required", "please log in", "please sign in", "no permission",
        "insufficient permission", "not allowed"}) {
    if (title.find(phrase) != std::string::npos) return true;
  }
  return false;
}

std::string directory_of(const std::string& url) {
  const auto u = parse_url(url);
  if (!u) return "";
  return u->origin() + u->path.substr(0, u->path.rfind('/') + 1);
}

class Identity {
 public:
  Identity(const IdentityCrawl& crawl, bool primary) : crawl_(crawl), primary_(primary) {}

  const std::string& name() const { return crawl_.session->name(); }
  bool anonymous() const { return crawl_.session->anonymous(); }
  const Session& session() const { return *crawl_.session; }

  // The request for `url` as this identity.
  HttpRequest request(const std::string& url) const {
    HttpRequest req;
    req.url = url;
    if (primary_) return req;  // the scan's fetcher adds the primary identity's credentials
    req.without_credentials = true;
    if (const auto u = parse_url(url))
      req.headers = crawl_.session->credentials_for(*u, unix_now());
    req.carries_credentials = !req.headers.empty();
    return req;
  }

  // Whether this identity's crawl found `url` by itself and was let in. A target URL handed in
  // explicitly (an API path) was not found: only the site's root counts as reached that way.
  bool reached(const std::string& url) const {
    for (const auto& p : crawl_.pages) {
      if (p.url != url) continue;
      const auto u = parse_url(url);
      return is_2xx(p.status) && (p.initiator != "seed" || (u && u->path == "/"));
    }
    return false;
  }

  // Pages of this identity's crawl worth comparing: 2xx, not the login page itself.
  std::vector<std::string> reached_pages() const {
    std::vector<std::string> out;
    std::string login_url;
    if (crawl_.session->has_login()) login_url = crawl_.session->config().login->url;
    for (const auto& p : crawl_.pages) {
      if (!is_2xx(p.status) || p.url == login_url) continue;
      const auto u = parse_url(p.url);
      if (!u || u->path.ends_with("/robots.txt") || u->path.ends_with("/sitemap.xml")) continue;
      out.push_back(p.url);
    }
    return out;
  }

 private:
  const IdentityCrawl& crawl_;
  bool primary_;
};

struct Verdict {
  bool equivalent = false;
  bool denied = false;
  double similarity = 0;
};

// How `other` answered compared with `privileged` (both for the same URL).
Verdict compare(const Exchange& privileged, const Exchange& other, const Identity& other_id,
                const Identity& privileged_id) {
  Verdict v;
  if (!other.ok()) return v;
  const long s = other.response.status;
  if (s == 401 || s == 403 || (s >= 300 && s < 400) || other_id.session().looks_logged_out(other) ||
      privileged_id.session().looks_logged_out(other) ||
      (is_html(other.response) &&
       (shows_login_form(other) || refusal_title(other.response.body)))) {
    v.denied = true;
    return v;
  }
  if (s != privileged.response.status || !is_2xx(s)) return v;
  v.similarity =
      similarity(sketch_body(privileged.response.body, {}), sketch_body(other.response.body, {}));
  v.equivalent = v.similarity >= kEquivalent;
  return v;
}

class AccessControlMissing final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    if (ctx.auth == nullptr) return;
    std::vector<Identity> ids;
    for (std::size_t i = 0; i < ctx.auth->identities.size(); ++i) {
      const auto& crawl = ctx.auth->identities[i];
      if (crawl.session) ids.emplace_back(crawl, i == 0);
    }
    std::map<std::pair<std::string, std::string>, Exchange> privileged_cache;
    for (const Identity& a : ids) {
      if (a.anonymous()) continue;
      for (const Identity& b : ids) {
        if (&a == &b) continue;
        check_pair(ctx, a, b, privileged_cache, sink);
      }
    }
  }

 private:
  void check_pair(const ActiveContext& ctx, const Identity& a, const Identity& b,
                  std::map<std::pair<std::string, std::string>, Exchange>& cache,
                  FindingSink& sink) const {
    std::vector<std::string> candidates;
    for (const auto& url : a.reached_pages()) {
      if (!b.reached(url)) candidates.push_back(url);
    }
    if (candidates.size() > kMaxCandidates) candidates.resize(kMaxCandidates);
    if (candidates.empty()) return;

    std::vector<HttpRequest> requests;
    std::vector<std::string> uncached;
    for (const auto& url : candidates) {
      if (!cache.count({a.name(), url})) {
        requests.push_back(a.request(url));
        uncached.push_back(url);
      }
    }
    for (const auto& url : candidates) requests.push_back(b.request(url));
    std::vector<Exchange> answers = ctx.fetcher.fetch_all(requests);
    for (std::size_t i = 0; i < uncached.size(); ++i) {
      cache[{a.name(), uncached[i]}] = std::move(answers[i]);
    }

    struct Row {
      std::string url;
      const Exchange* privileged;
      const Exchange* other;
      Verdict verdict;
    };
    std::vector<Row> rows;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      const Exchange& priv = cache[{a.name(), candidates[i]}];
      const Exchange& other = answers[uncached.size() + i];
      // The privileged identity must still see the page (its session may have expired).
      if (!priv.ok() || !is_2xx(priv.response.status) || a.session().looks_logged_out(priv)) {
        continue;
      }
      rows.push_back({candidates[i], &priv, &other, compare(priv, other, b, a)});
    }
    // What the requester is offered anyway: links on the pages it was refused with or shown
    // instead (a refusal page keeps the site's navigation). A page linked there is public by
    // design, like MediaWiki's Main_Page, even if it looks the same signed in.
    std::set<std::string> public_links;
    for (const Row& row : rows) {
      const Exchange& other = *row.other;
      if (row.verdict.equivalent || !other.ok() || !is_2xx(other.response.status) ||
          !is_html(other.response)) {
        continue;
      }
      const auto base = parse_url(row.url);
      if (!base) continue;
      for (const HtmlLink& link : parse_html(other.response.body, *base).links) {
        if (link.tag == "a") public_links.insert(link.url);
      }
    }
    for (const Row& row : rows) {
      if (!row.verdict.equivalent || public_links.count(row.url)) continue;
      const Row* denial = nullptr;  // a refused page in the same area
      const std::string dir = directory_of(row.url);
      for (const Row& other : rows) {
        if (other.verdict.denied && dir.starts_with(directory_of(other.url))) {
          denial = &other;
          break;
        }
      }
      if (denial == nullptr) continue;
      Finding f = make_finding(kAccessControlMissing, *row.other);
      f.key = b.name();
      f.comparison = summarize(*row.privileged);
      f.comparison_label = "as " + describe(a);
      f.message = "answers " + describe(b) + " like " + describe(a) + " (status " +
                  std::to_string(row.other->response.status) + ")";
      char sim[16];
      std::snprintf(sim, sizeof sim, "%.2f", row.verdict.similarity);
      f.evidence.note = "as " + describe(b) + ": " + std::to_string(row.other->response.status) +
                        ", " + std::to_string(row.other->response.body.size()) +
                        " bytes, content similarity " + sim + " to the response as " + describe(a) +
                        "; " + denial->url + " in the same area refuses " + describe(b) + " (" +
                        std::to_string(denial->other->response.status) + ")";
      f.evidence.snippet = first_text(row.other->response.body);
      sink.report(std::move(f));
    }
  }

  static std::string describe(const Identity& id) {
    return id.anonymous() ? std::string("a request without credentials")
                          : "identity '" + id.name() + "'";
  }

  // What the unprivileged requester was shown: the page title, else the start of the body.
  static std::string first_text(const std::string& body) {
    const auto open = body.find("<title>");
    const auto close = open == std::string::npos ? open : body.find("</title>", open);
    std::string text =
        close != std::string::npos ? body.substr(open, close + 8 - open) : body.substr(0, 200);
    for (char& c : text) {
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    return text;
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_access_control_missing() {
  return std::make_unique<AccessControlMissing>();
}

}  // namespace gapscan
