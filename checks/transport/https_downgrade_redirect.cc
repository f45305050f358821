// https-downgrade-redirect: a page of an https origin redirects to a plain-http URL of the same
// site, so the browser leaves TLS and sends the next request (with its cookies lacking the
// Secure flag, and the URL with any parameters) in clear text.
//
// Found in the crawl (ActiveContext::pages: 3xx with a Location starting with http://, since
// the engine never follows redirects); reported once per origin, the redirecting URL that
// sorts first as the representative, the others as affected URLs under the same key. Only
// targets on the same site count (the same host, or one a subdomain of the other): a redirect
// to another site's http:// address is that site's posture, not this one's. The representative
// is requested again so that the finding carries the exchange with the Location header; when
// that no longer redirects to http, the next candidate is tried.
//
// Budget: at most 2 requests per https origin; 0 on http origins and when the crawl saw no
// downgrade.
#include "checks/common/all_checks.h"
#include "checks/transport/util.h"

namespace gapscan {

const CheckInfo kHttpsDowngradeRedirect{
    "https-downgrade-redirect",
    "HTTPS page redirects to HTTP",
    CheckKind::active,
    319,
    Severity::high,
    Confidence::high,
    "A page served over HTTPS answers with a redirect to a plain http:// URL of the same site. "
    "The browser follows it over an unencrypted connection: the target URL (with its query "
    "parameters), cookies without the Secure flag and the page that comes back are exposed to "
    "anyone on the network path, who can also rewrite the answer. Such redirects usually come "
    "from an application behind a TLS-terminating proxy that builds absolute URLs from the "
    "scheme it sees (http).",
    "Make redirects keep the https scheme: use relative Location headers or build absolute URLs "
    "from the public scheme (configure the framework to trust X-Forwarded-Proto from the proxy, "
    "or set the external base URL), and send Strict-Transport-Security so that browsers upgrade "
    "any remaining http:// link before it leaves the machine.",
    {"https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Strict-Transport-Security",
     "https://cwe.mitre.org/data/definitions/319.html"},
    2,  // request budget per origin
};

namespace {

constexpr int kMaxConfirmations = 2;

// The http:// target of a redirect from `page_url` on `host`'s site, or nullopt.
std::optional<Url> downgrade_target(std::string_view page_url, long status,
                                    std::string_view location, std::string_view host) {
  if (status < 300 || status >= 400) return std::nullopt;
  const std::string_view loc = trim(location);
  if (!istarts_with(loc, "http://")) return std::nullopt;
  const auto base = parse_url(page_url);
  if (!base) return std::nullopt;
  auto target = resolve_url(*base, loc);
  if (!target || target->scheme != "http" || !transport::same_site_host(target->host, host)) {
    return std::nullopt;
  }
  return target;
}

class HttpsDowngradeRedirect final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    const auto origin = parse_url(ctx.origin);
    if (!origin || origin->scheme != "https") return;
    std::vector<const CrawledPage*> candidates;
    for (const CrawledPage& p : ctx.pages) {
      if (downgrade_target(p.url, p.status, p.location, origin->host)) candidates.push_back(&p);
    }
    if (candidates.empty()) return;

    for (int i = 0; i < kMaxConfirmations && i < static_cast<int>(candidates.size()); ++i) {
      const CrawledPage& page = *candidates[static_cast<std::size_t>(i)];
      HttpRequest req;
      req.url = page.url;
      const Exchange ex = ctx.fetcher.fetch(req);
      if (!ex.ok()) continue;
      const std::string* location = find_header(ex.response.headers, "Location");
      if (location == nullptr) continue;
      const auto target = downgrade_target(req.url, ex.response.status, *location, origin->host);
      if (!target) continue;

      Finding f = make_finding(kHttpsDowngradeRedirect, ex);
      f.url = req.url;
      f.per_origin = true;
      f.message = req.url + " redirects (" + std::to_string(ex.response.status) +
                  ") to the plain-HTTP URL " + target->to_string();
      f.evidence.header_name = "Location";
      f.evidence.header_value = std::string(trim(*location));
      f.evidence.note = std::to_string(candidates.size()) + " crawled https page" +
                        (candidates.size() == 1 ? "" : "s") + " of " + origin->origin() +
                        " redirect to http://";
      const Finding first = f;
      sink.report(std::move(f));
      // Later candidates (larger URLs: the representative stays) count as affected URLs; an
      // earlier one that did not redirect to http again is left out.
      for (std::size_t j = static_cast<std::size_t>(i) + 1; j < candidates.size(); ++j) {
        Finding more = first;
        more.url = candidates[j]->url;
        sink.report(std::move(more));
      }
      return;
    }
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_https_downgrade_redirect() {
  return std::make_unique<HttpsDowngradeRedirect>();
}

}  // namespace gapscan
