// https-not-enforced: the site has an https origin in the scan, but its plain-http twin (same
// host) still serves pages instead of redirecting to https.
//
// Reported once, on the http origin (the https side stays silent, so one flaw is one
// finding). The crawl decides: the http origin must have answered 2xx HTML for some page.
// The representative URL is the http origin's "/" when the crawl saw it served (else the first
// served page in URL order); it is requested once more so that the finding carries the
// exchange, and a page that turns out to be only a <meta refresh> to https is not reported.
// Every other served page is reported under the same per-origin key, so the report counts them
// as affected URLs.
//
// Budget: at most 1 request per origin (the representative page over http); 0 on https
// origins and on http origins without an https twin in the scan.
#include "checks/common/all_checks.h"
#include "checks/transport/util.h"

namespace gapscan {

const CheckInfo kHttpsNotEnforced{
    "https-not-enforced",
    "HTTPS not enforced",
    CheckKind::active,
    319,
    Severity::medium,
    Confidence::high,
    "The site is available over HTTPS, but its plain-HTTP address still serves the pages "
    "instead of redirecting to HTTPS. Users who type the address, follow an old http:// link or "
    "bookmark stay on an unencrypted connection, where anyone on the network path can read and "
    "modify the pages (and inject content into them), and HSTS is never set because it is "
    "ignored over plain HTTP.",
    "Answer every plain-HTTP request with a permanent redirect (301 or 308) to the same URL on "
    "https://, and send Strict-Transport-Security on the HTTPS responses (consider HSTS "
    "preloading) so that browsers stop using http:// at all.",
    {"https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html",
     "https://cheatsheetseries.owasp.org/cheatsheets/"
     "HTTP_Strict_Transport_Security_Cheat_Sheet.html",
     "https://cwe.mitre.org/data/definitions/319.html"},
    1,  // request budget per origin
};

namespace {

class HttpsNotEnforced final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    const auto origin = parse_url(ctx.origin);
    if (!origin || origin->scheme != "http") return;
    const std::string http = origin->origin();
    const auto https = transport::twin_origin(ctx.scan_origins, "https", origin->host);
    if (!https) return;
    const auto served = transport::served_pages(ctx, http);
    if (served.empty()) return;  // the http origin redirects (or serves nothing): enforced

    HttpRequest req;
    req.url = served.front()->url;
    const Exchange ex = ctx.fetcher.fetch(req);
    // Confirm: still served, and not merely an HTML page that refreshes to https.
    if (!ex.ok() || ex.response.status < 200 || ex.response.status >= 300 ||
        !is_html(ex.response) || transport::meta_refresh_to_https(ex.response.body)) {
      return;
    }

    Finding f = make_finding(kHttpsNotEnforced, ex);
    f.url = req.url;
    f.per_origin = true;
    f.message = "The site is served over plain HTTP: GET " + req.url + " answers " +
                transport::status_text(ex.response) + " instead of redirecting to " + *https;
    f.evidence.snippet =
        "GET " + req.url + " -> " + std::to_string(ex.response.status) + " (no redirect)";
    f.evidence.note = *https + " exists (it is part of this scan), yet the crawl got HTML from " +
                      std::to_string(served.size()) + " page" + (served.size() == 1 ? "" : "s") +
                      " over " + http;
    // The representative first (streamed reports show the first finding of a key), then the
    // other served pages as affected URLs of the same per-origin finding.
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

std::unique_ptr<ActiveCheck> make_https_not_enforced() {
  return std::make_unique<HttpsNotEnforced>();
}

}  // namespace gapscan
