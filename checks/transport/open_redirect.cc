// open-redirect: a URL parameter sends the browser to any site it names.
//
// Budget per origin: at most 10 parameters (redirect-like names first, then parameters whose
// crawled value is a URL or path) x 4 payloads = 40 GET requests; a parameter's remaining
// payloads are skipped after its first hit.
#include <algorithm>
#include <set>

#include "checks/common/all_checks.h"
#include "checks/common/probe_util.h"
#include "checks/disclosure/util.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kOpenRedirect{
    "open-redirect",
    "Open redirect",
    CheckKind::active,
    601,
    Severity::medium,
    Confidence::high,
    "A query parameter decides where the page redirects to, and it accepts a URL on a host "
    "gapscan made up (a Location header, a meta refresh or a script navigation to it). "
    "Attackers use such links on a trusted domain to send victims to phishing or malware "
    "sites, to get past URL filters, and to steal OAuth codes or tokens when the redirect is "
    "part of a login flow.",
    "Redirect only to relative paths of the site itself (starting with a single \"/\" and not "
    "\"//\" or \"/\\\"), or map the parameter to an allow-list of known targets. Validate the "
    "parsed URL's host, never the raw string.",
    {"https://cheatsheetseries.owasp.org/cheatsheets/"
     "Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html",
     "https://portswigger.net/kb/issues/00500100_open-redirection-reflected",
     "https://cwe.mitre.org/data/definitions/601.html"},
    40,  // request budget per origin
};

namespace {

constexpr std::string_view kHost = "gapscan-redirect.invalid";
constexpr std::size_t kMaxParams = 10;

// Parameter names that commonly carry a redirect target (compared lower-case).
constexpr std::string_view kRedirectNames[] = {
    "url",          "uri",          "next",         "next_url",    "redirect",
    "redirect_uri", "redirect_url", "redirecturl",  "redirect_to", "redir",
    "return",       "return_to",    "returnto",     "return_url",  "returnurl",
    "returl",       "dest",         "destination",  "continue",    "goto",
    "go",           "target",       "rurl",         "r",           "u",
    "to",           "out",          "forward",      "forward_url", "back",
    "back_url",     "backurl",      "callback_url", "success_url", "service",
    "location"};

bool redirect_like_name(std::string_view name) {
  const std::string n = to_lower(name);
  return std::any_of(std::begin(kRedirectNames), std::end(kRedirectNames),
                     [&](std::string_view k) { return n == k; });
}

bool url_like_value(std::string_view value) {
  const std::string v = to_lower(trim(value));
  return v.starts_with("http://") || v.starts_with("https://") || v.starts_with("//") ||
         (v.starts_with("/") && v.size() > 1) || v == "/";
}

struct Candidate {
  Url url;            // the crawled URL
  std::size_t index;  // of the parameter in its query
  std::string name;   // decoded
  bool by_name;
};

std::vector<Candidate> candidates(const ActiveContext& ctx, const Url& origin) {
  std::vector<std::string> urls = ctx.crawled_urls;
  for (const CrawledPage& p : ctx.pages) urls.push_back(p.url);
  std::sort(urls.begin(), urls.end());
  urls.erase(std::unique(urls.begin(), urls.end()), urls.end());
  std::vector<Candidate> by_name, by_value;
  std::set<std::string> seen;  // path + parameter name
  for (const std::string& raw : urls) {
    const auto u = parse_url(raw);
    if (!u || u->query.empty() || u->origin() != origin.origin()) continue;
    const std::vector<probe::QueryParam> params = probe::split_query(u->query);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const std::string name = percent_decode(params[i].name, true);
      if (name.empty() || !seen.insert(u->path + '\n' + name).second) continue;
      if (redirect_like_name(name)) {
        by_name.push_back({*u, i, name, true});
      } else if (url_like_value(percent_decode(params[i].value, true))) {
        by_value.push_back({*u, i, name, false});
      }
    }
  }
  std::vector<Candidate> out = std::move(by_name);
  for (auto& c : by_value) out.push_back(std::move(c));
  if (out.size() > kMaxParams) out.resize(kMaxParams);
  return out;
}

std::vector<std::string> payloads(const Url& origin) {
  const std::string host(kHost);
  // A scheme different from the page's: "http:host" from an https page leaves the site.
  const std::string other = origin.scheme == "https" ? "http" : "https";
  return {"https://" + host + "/", "//" + host + "/", "/\\" + host + "/", other + ":" + host + "/"};
}

struct Proof {
  std::string header_name, header_value, snippet, how;
};

std::optional<Proof> redirect_proof(const Exchange& ex) {
  if (!ex.ok()) return std::nullopt;
  const HttpResponse& res = ex.response;
  if (probe::is_redirect_status(res.status)) {
    const std::string location = probe::header_value(res, "Location");
    if (!location.empty() && probe::navigation_host(location, ex.request.url) == kHost) {
      return Proof{"Location", location, "", "redirects (" + std::to_string(res.status) + ")"};
    }
    return std::nullopt;
  }
  if (res.status < 200 || res.status >= 300) return std::nullopt;
  const std::string refresh = probe::header_value(res, "Refresh");
  if (!refresh.empty() &&
      probe::navigation_host(probe::refresh_target(refresh), ex.request.url) == kHost) {
    return Proof{"Refresh", refresh, "", "redirects with a Refresh header"};
  }
  for (const probe::BodyRedirect& r : probe::body_redirects(res.body)) {
    if (probe::navigation_host(r.target, ex.request.url) == kHost) {
      const bool meta = istarts_with(r.snippet, "<meta");
      return Proof{"", "", r.snippet,
                   meta ? "redirects with a meta refresh" : "redirects with a script navigation"};
    }
  }
  return std::nullopt;
}

class OpenRedirect final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    const auto origin = parse_url(ctx.origin);
    if (!origin) return;
    const std::vector<Candidate> params = candidates(ctx, *origin);
    if (params.empty()) return;
    const std::vector<std::string> tries = payloads(*origin);
    std::vector<bool> done(params.size(), false);
    for (const std::string& payload : tries) {
      std::vector<HttpRequest> requests;
      std::vector<std::size_t> which;
      for (std::size_t i = 0; i < params.size(); ++i) {
        if (done[i]) continue;
        const Candidate& c = params[i];
        std::vector<probe::QueryParam> q = probe::split_query(c.url.query);
        q[c.index].value = probe::encode_component(payload);
        q[c.index].has_equals = true;
        HttpRequest req;
        req.url = c.url.origin() + c.url.path + "?" + probe::join_query(q);
        requests.push_back(std::move(req));
        which.push_back(i);
      }
      if (requests.empty()) break;
      const std::vector<Exchange> answers = ctx.fetcher.fetch_all(requests);
      for (std::size_t k = 0; k < answers.size() && k < which.size(); ++k) {
        const auto proof = redirect_proof(answers[k]);
        if (!proof) continue;
        const Candidate& c = params[which[k]];
        done[which[k]] = true;
        Finding f = make_finding(kOpenRedirect, answers[k]);
        f.parameter = c.name;
        f.evidence.header_name = proof->header_name;
        f.evidence.header_value = proof->header_value;
        f.evidence.snippet = proof->snippet;
        if (!proof->snippet.empty()) {
          const auto at = answers[k].response.body.find(std::string(kHost));
          if (at != std::string::npos)
            f.evidence.line = line_number_at(answers[k].response.body, at);
        }
        f.evidence.note = "parameter " + c.name + "=" + payload + " " + proof->how + " to " +
                          std::string(kHost) +
                          (c.by_name ? "" : " (the crawled value of the parameter is a URL)");
        f.message = "The " + c.name + " parameter redirects to any site: " + payload +
                    " was followed to " + std::string(kHost);
        sink.report(std::move(f));
      }
    }
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_open_redirect() { return std::make_unique<OpenRedirect>(); }

}  // namespace gapscan
