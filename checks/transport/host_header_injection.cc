// host-header-injection: a forged Host or X-Forwarded-Host ends up in redirects or links.
//
// Budget per origin: the root and at most 2 crawled redirecting pages, each fetched twice
// (forged Host; forged X-Forwarded-Host) = at most 6 GET requests.
#include <algorithm>

#include "checks/common/all_checks.h"
#include "checks/common/probe_util.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kHostHeaderInjection{
    "host-header-injection",
    "Host header injection",
    CheckKind::active,
    644,
    Severity::medium,
    Confidence::high,
    "The application builds absolute URLs (redirect targets, links) from the Host or "
    "X-Forwarded-Host request header. Whoever controls that header controls where those URLs "
    "point: a cache in front of the site can be poisoned with redirects and links to another "
    "host (X-Forwarded-Host is usually not part of the cache key), and password reset or "
    "invitation links sent by e-mail can be made to point to an attacker's server, leaking "
    "their tokens.",
    "Build absolute URLs from a configured canonical host name, not from the request. Reject "
    "requests whose Host is not one of the site's names (a default virtual host that answers "
    "400/421), and have the reverse proxy strip or overwrite X-Forwarded-Host and similar "
    "headers from clients; trust them only from known proxies.",
    {"https://portswigger.net/web-security/host-header",
     "https://portswigger.net/web-security/web-cache-poisoning",
     "https://cwe.mitre.org/data/definitions/644.html"},
    6,  // request budget per origin
};

namespace {

constexpr std::string_view kForged = "gapscan-probe.invalid";
constexpr std::size_t kMaxRedirectPages = 2;

struct Vector {
  std::string header;
  std::string label;
};

// An http -> https redirect to the Host the request named: the HTTPS-enforcing redirect of
// nearly every server (nginx "return 301 https://$host$request_uri", Apache canonical
// redirects). The client chose that host itself; it is not an injection.
bool is_https_upgrade(const Exchange& ex, std::string_view location) {
  const auto req = parse_url(ex.request.url);
  const auto to = parse_url(location);
  return req && to && req->scheme == "http" && to->scheme == "https";
}

// The first place in `body` where the forged name is the host of a URL ("//name", also
// JSON-escaped "\/\/name"), or npos. A name in plain text (an error message) is no URL.
std::size_t url_reflection(std::string_view body) {
  const std::string lower = to_lower(body.substr(0, std::min<std::size_t>(body.size(), 1 << 20)));
  for (std::string_view prefix : {"//", "\\/\\/"}) {
    const std::string needle = std::string(prefix) + std::string(kForged);
    for (std::size_t pos = 0; (pos = lower.find(needle, pos)) != std::string::npos; ++pos) {
      const std::size_t after = pos + needle.size();
      if (after == lower.size()) return pos;
      const char c = lower[after];
      if (std::string_view(":/\\\"'?#<> \t\r\n)").find(c) != std::string_view::npos) return pos;
    }
  }
  return std::string::npos;
}

struct Hit {
  const Vector* vector;
  const Exchange* exchange;
  std::string header_name, header_value, snippet, where;
};

class HostHeaderInjection final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    const auto origin = parse_url(ctx.origin);
    if (!origin) return;
    std::vector<std::string> pages = {origin->origin() + "/"};
    for (const CrawledPage& p : ctx.pages) {
      if (pages.size() > kMaxRedirectPages) break;
      if (!probe::is_redirect_status(p.status) || p.location.empty()) continue;
      if (probe::navigation_host(p.location, p.url) != origin->host) continue;
      if (origin_of(p.url) != origin->origin()) continue;
      if (std::find(pages.begin(), pages.end(), p.url) == pages.end()) pages.push_back(p.url);
    }
    static const Vector kVectors[] = {{"Host", "a forged Host header"},
                                      {"X-Forwarded-Host", "a forged X-Forwarded-Host header"}};
    std::vector<HttpRequest> requests;
    std::vector<const Vector*> request_vector;
    for (const std::string& page : pages) {
      for (const Vector& v : kVectors) {
        HttpRequest req;
        req.url = page;
        req.headers.push_back({v.header, std::string(kForged)});
        requests.push_back(std::move(req));
        request_vector.push_back(&v);
      }
    }
    const std::vector<Exchange> answers = ctx.fetcher.fetch_all(requests);
    std::vector<Hit> hits;
    for (std::size_t i = 0; i < answers.size() && i < request_vector.size(); ++i) {
      const Exchange& ex = answers[i];
      const Vector* v = request_vector[i];
      if (!ex.ok()) continue;
      const long status = ex.response.status;
      const std::string path = parse_url(ex.request.url) ? parse_url(ex.request.url)->path : "/";
      if (probe::is_redirect_status(status)) {
        // A redirect's body is never shown: only its target counts.
        const std::string location = probe::header_value(ex.response, "Location");
        if (location.empty() || probe::navigation_host(location, ex.request.url) != kForged) {
          continue;
        }
        if (v->header == "Host" && is_https_upgrade(ex, location)) continue;
        hits.push_back({v, &ex, "Location", location, "", "the Location header of " + path});
      } else if (status >= 200 && status < 300) {
        const std::string& body = ex.response.body;
        const std::size_t at = url_reflection(body);
        if (at == std::string::npos) continue;
        hits.push_back({v, &ex, "", "", probe::short_text(line_at(body, at), 300),
                        "a URL in the body of " + path});
      }
      // Errors (400, 421, 404 for an unknown virtual host) mean the forged name was refused.
    }
    if (hits.empty()) return;

    const Hit& first = hits.front();
    Finding f = make_finding(kHostHeaderInjection, *first.exchange);
    f.per_origin = true;
    f.evidence.header_name = first.header_name;
    f.evidence.header_value = first.header_value;
    f.evidence.snippet = first.snippet;
    if (!first.snippet.empty()) {
      const std::string& body = first.exchange->response.body;
      f.evidence.line = line_number_at(body, url_reflection(body));
    }
    std::string note;
    std::vector<std::string> vectors;
    for (const Hit& h : hits) {
      note += (note.empty() ? "" : "; ") + h.vector->header + ": " + std::string(kForged) +
              " reflected into " + h.where;
      if (std::find(vectors.begin(), vectors.end(), h.vector->header) == vectors.end()) {
        vectors.push_back(h.vector->header);
      }
    }
    f.evidence.note = note;
    std::string names;
    for (const auto& v : vectors) names += (names.empty() ? "" : " and ") + v;
    f.message = "URLs are built from the request's " + names + " header" +
                (vectors.size() > 1 ? "s" : "") + ": a forged name (" + std::string(kForged) +
                ") came back in " + first.where;
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_host_header_injection() {
  return std::make_unique<HostHeaderInjection>();
}

}  // namespace gapscan
