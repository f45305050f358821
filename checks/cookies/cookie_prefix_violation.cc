// cookie-prefix-violation: a __Secure- or __Host- cookie that breaks its prefix's rules.
#include "checks/common/all_checks.h"
#include "checks/common/page_util.h"
#include "scanner/base/cookies.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kCookiePrefixViolation{
    "cookie-prefix-violation",
    "Cookie name prefix requirements not met",
    CheckKind::passive,
    1275,
    Severity::medium,
    Confidence::high,
    "A cookie whose name starts with __Secure- or __Host- does not meet the requirements the "
    "prefix promises: __Secure- cookies must carry Secure and be set from an HTTPS page; "
    "__Host- cookies must in addition have no Domain attribute and Path=/. Browsers reject "
    "such cookies, so the application either breaks or falls back to a weaker cookie, and "
    "the protection against cookie injection from sibling subdomains or plain HTTP is lost.",
    "Set __Secure- cookies with the Secure attribute over HTTPS only; set __Host- cookies with "
    "Secure and Path=/, without a Domain attribute, over HTTPS only.",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie#cookie_prefixes",
     "https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-4.1.3",
     "https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html"},
};

namespace {

class CookiePrefixViolation final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    const bool over_http = pageutil::is_http_url(ex.request.url);
    for (const auto& [header, cookie] : response_cookies(ex.response)) {
      // Browsers match the prefixes case-insensitively (RFC 6265bis).
      const bool host = istarts_with(cookie.name, "__Host-");
      if (!host && !istarts_with(cookie.name, "__Secure-")) continue;
      std::string problems;
      auto add = [&problems](std::string_view p) {
        if (!problems.empty()) problems += "; ";
        problems += p;
      };
      if (!cookie.secure) add("no Secure attribute");
      if (over_http) add("set over plain HTTP");
      if (host && cookie.domain) add("has a Domain attribute (Domain=" + *cookie.domain + ")");
      if (host && cookie.path != "/") {
        add(cookie.path ? "Path is " + *cookie.path + ", not /" : std::string("no Path=/"));
      }
      if (problems.empty()) continue;
      const std::string prefix = host ? "__Host-" : "__Secure-";
      Finding f = make_finding(kCookiePrefixViolation, ex);
      f.per_origin = true;
      f.key = cookie.name;
      f.evidence.header_name = "Set-Cookie";
      f.evidence.header_value = *header;
      f.evidence.note = prefix + " cookie: " + problems;
      f.message = "Cookie \"" + cookie.name + "\" violates the " + prefix + " prefix rules (" +
                  problems + "); browsers reject it";
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_cookie_prefix_violation() {
  return std::make_unique<CookiePrefixViolation>();
}

}  // namespace gapscan
