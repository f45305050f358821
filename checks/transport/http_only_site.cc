// http-only-site: the site is served over plain HTTP and has no HTTPS at all.
//
// Runs on http origins. All of these must hold:
//  - the crawl got HTML (2xx) from the http origin: it serves the site, rather than only
//    redirecting somewhere;
//  - no crawled page of the origin redirects to https on the same site (then https exists,
//    even if the scan does not cover it);
//  - no https origin of the same host is part of the scan (ActiveContext::scan_origins: every
//    target origin the crawl reached);
//  - https://HOST/ (port 443) does not answer. That probe goes through the Fetcher, so it is
//    only sent when the scope allows it (e.g. --scope subdomains); the default origin scope
//    refuses it ("refused: out of scope"), and the absence of https is then inferred from the
//    scan alone (the finding's confidence stays medium). A connection failure or timeout on
//    443 means no https (confidence high); any answer, or a TLS-level error (something is
//    listening), means no finding.
// The first served page ("/" when served) is requested again for the finding's exchange; the
// other served pages are reported under the same per-origin key as affected URLs.
//
// Budget: at most 2 requests per http origin (https://HOST/ and the representative page);
// 0 on https origins and when one of the conditions above already rules the finding out.
#include "checks/common/all_checks.h"
#include "checks/transport/util.h"

namespace gapscan {

const CheckInfo kHttpOnlySite{
    "http-only-site",
    "Site not available over HTTPS",
    CheckKind::active,
    319,
    Severity::medium,
    Confidence::medium,
    "The site is served over plain HTTP only: no HTTPS version of the host was found (none "
    "among the scanned origins, no redirect to one, and, when the scope allows probing it, "
    "nothing answering on port 443). Every page, form submission and cookie travels "
    "unencrypted, so anyone on the network path can read and modify them.",
    "Serve the site over HTTPS with a certificate from a trusted CA (ACME/Let's Encrypt makes "
    "this free and automatic), redirect every http:// request to https://, and send "
    "Strict-Transport-Security.",
    {"https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html",
     "https://letsencrypt.org/getting-started/", "https://cwe.mitre.org/data/definitions/319.html"},
    2,  // request budget per origin
};

namespace {

// curl errors that mean nothing usable listens on the port: could not resolve, could not
// connect, timed out.
bool nothing_listens(const Exchange& ex) {
  return ex.curl_code == 6 || ex.curl_code == 7 || ex.curl_code == 28;
}

class HttpOnlySite final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    const auto origin = parse_url(ctx.origin);
    if (!origin || origin->scheme != "http") return;
    const std::string http = origin->origin();
    const auto served = transport::served_pages(ctx, http);
    if (served.empty()) return;
    for (const CrawledPage& p : ctx.pages) {
      if (p.status < 300 || p.status >= 400 || p.location.empty()) continue;
      const auto base = parse_url(p.url);
      const auto target = base ? resolve_url(*base, trim(p.location)) : std::nullopt;
      if (target && target->scheme == "https" &&
          transport::same_site_host(target->host, origin->host)) {
        return;  // the site redirects to its https version somewhere
      }
    }
    if (transport::twin_origin(ctx.scan_origins, "https", origin->host)) return;

    Url https = *origin;
    https.scheme = "https";
    https.port = 443;
    https.path = "/";
    https.query.clear();
    HttpRequest probe_req;
    probe_req.url = https.to_string();
    const Exchange probe = ctx.fetcher.fetch(probe_req);
    std::string https_outcome;
    Confidence confidence = kHttpOnlySite.confidence;
    if (probe.ok()) return;  // https answers: it exists, the scan just does not cover it
    if (probe.error.starts_with("refused")) {
      https_outcome = "not probed (out of the scan's scope)";
    } else if (nothing_listens(probe)) {
      https_outcome = "no answer (" + probe.error + ")";
      confidence = Confidence::high;
    } else {
      return;  // cancelled, or a TLS-level failure: something may be listening there
    }

    HttpRequest req;
    req.url = served.front()->url;
    const Exchange ex = ctx.fetcher.fetch(req);
    if (!ex.ok() || ex.response.status < 200 || ex.response.status >= 300 ||
        !is_html(ex.response)) {
      return;
    }

    Finding f = make_finding(kHttpOnlySite, ex);
    f.url = req.url;
    f.per_origin = true;
    f.confidence = confidence;
    f.message = "The site " + http + " is served over plain HTTP only: no HTTPS version of " +
                origin->host + " was found";
    f.evidence.snippet = "GET " + req.url + " -> " + transport::status_text(ex.response);
    f.evidence.note = "no https origin of " + origin->host + " is part of this scan and no " +
                      "crawled page redirects to one; " + probe_req.url + ": " + https_outcome;
    const Finding first = f;
    sink.report(std::move(f));
    for (std::size_t i = 1; i < served.size(); ++i) {
      Finding more = first;
      more.url = served[i]->url;
      sink.report(std::move(more));
    }
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_http_only_site() { return std::make_unique<HttpOnlySite>(); }

}  // namespace gapscan
