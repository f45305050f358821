// cookie-broad-domain: a cookie scoped to a parent domain (or a public suffix) of the host.
#include <libpsl.h>

#include "checks/common/all_checks.h"
#include "checks/common/page_util.h"
#include "scanner/base/cookies.h"
#include "scanner/base/url.h"

namespace gapscan {

const CheckInfo kCookieBroadDomain{
    "cookie-broad-domain",
    "Cookie scoped to a parent domain",
    CheckKind::passive,
    1275,
    Severity::low,
    Confidence::high,
    "A cookie is set with a Domain attribute naming a parent domain of the host that set it "
    "(for example Domain=example.com from app.example.com), so the browser sends it to every "
    "subdomain of that parent, and any of them, including less trusted or taken-over ones, can "
    "read it or overwrite it. A Domain that is a public suffix (com, co.uk, github.io) would "
    "share the cookie with unrelated sites; browsers reject it.",
    "Omit the Domain attribute so the cookie is sent only to the host that set it (or use the "
    "__Host- prefix, which forbids Domain); if several subdomains must share it, name the "
    "narrowest common parent.",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie#domaindomain-value",
     "https://www.rfc-editor.org/rfc/rfc6265#section-8.6", "https://publicsuffix.org/learn/"},
};

namespace {

// Whether `domain` is a proper parent of `host` on a label boundary.
bool is_parent_domain(std::string_view host, std::string_view domain) {
  return host.size() > domain.size() + 1 && host.ends_with(domain) &&
         host[host.size() - domain.size() - 1] == '.';
}

class CookieBroadDomain final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    if (!has_header(ex.response.headers, "Set-Cookie")) return;
    const auto url = parse_url(ex.request.url);
    if (!url || pageutil::is_ip_host(url->host)) return;
    std::string host = url->host;
    if (!host.empty() && host.back() == '.') host.pop_back();
    for (const auto& [header, cookie] : response_cookies(ex.response)) {
      if (!cookie.domain) continue;
      std::string domain = *cookie.domain;
      if (!domain.empty() && domain.back() == '.') domain.pop_back();
      // Equal to the host widens only to its subdomains; not a parent: browsers ignore it.
      if (!is_parent_domain(host, domain)) continue;
      // Explicit list entries only: the implicit "*" rule would call localhost or test a
      // public suffix.
      const psl_ctx_t* psl = psl_builtin();
      const bool public_suffix =
          psl != nullptr &&
          psl_is_public_suffix2(psl, domain.c_str(), PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
      Finding f = make_finding(kCookieBroadDomain, ex);
      f.per_origin = true;
      f.key = cookie.name;
      f.evidence.header_name = "Set-Cookie";
      f.evidence.header_value = *header;
      if (public_suffix) {
        f.evidence.note = "Domain=" + domain + " is a public suffix (host " + host + ")";
        f.message = "Cookie \"" + cookie.name + "\" is scoped to the public suffix \"" + domain +
                    "\"; browsers reject it, and accepting it would share it with every site "
                    "under that suffix";
      } else {
        f.evidence.note = "Domain=" + domain + " is a parent domain of " + host;
        f.message = "Cookie \"" + cookie.name + "\" is scoped to the parent domain \"" + domain +
                    "\" and is sent to every subdomain of it";
      }
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_cookie_broad_domain() {
  return std::make_unique<CookieBroadDomain>();
}

}  // namespace gapscan
