// cache-control-sensitive: a sensitive response that caches may store (no Cache-Control:
// no-store).
#include <string>
#include <vector>

#include "checks/common/all_checks.h"
#include "checks/common/page_util.h"
#include "scanner/base/cookies.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kCacheControlSensitive{
    "cache-control-sensitive",
    "Sensitive response without Cache-Control: no-store",
    CheckKind::passive,
    525,
    Severity::low,
    Confidence::medium,
    "A response that is sensitive, because it sets a session cookie, contains a password "
    "form, or was fetched with Authorization or Cookie credentials, does not send "
    "Cache-Control: no-store. Browsers, shared proxies and CDNs may then keep a copy, which "
    "can be read later from a shared computer's cache or served to another user. Responses "
    "that caches would not store anyway (such as a 302 without explicit freshness) are not "
    "reported.",
    "Send Cache-Control: no-store on authenticated pages, on responses that set session "
    "cookies and on login pages (private or no-cache alone still allow storage).",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Cache-Control#no-store",
     "https://cheatsheetseries.owasp.org/cheatsheets/"
     "Session_Management_Cheat_Sheet.html#web-content-caching",
     "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_"
     "Security_Testing/04-Authentication_Testing/06-Testing_for_Browser_Cache_Weaknesses"},
};

namespace {

// Whether a cache may store the response without being told to (RFC 9111 §4.2.2 heuristic
// freshness applies to these status codes), or it is given explicit freshness.
bool may_be_stored(const HttpResponse& res) {
  for (long s : {200L, 203L, 204L, 206L, 300L, 301L, 308L, 404L, 405L, 410L, 414L, 501L}) {
    if (res.status == s) return true;
  }
  return has_header(res.headers, "Expires") ||
         pageutil::has_cache_directive(res.headers, "max-age") ||
         pageutil::has_cache_directive(res.headers, "s-maxage") ||
         pageutil::has_cache_directive(res.headers, "public");
}

struct Reason {
  std::string key;
  std::string text;
};

class CacheControlSensitive final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    const HttpResponse& res = ex.response;
    if (pageutil::has_cache_directive(res.headers, "no-store") || !may_be_stored(res)) return;
    std::vector<Reason> reasons;
    for (const auto& [header, cookie] : response_cookies(res)) {
      if (looks_like_session_cookie(cookie.name, cookie.value)) {
        reasons.push_back({"session-cookie", "sets session cookie \"" + cookie.name + "\""});
        break;
      }
    }
    if (pageutil::is_html_2xx(ctx)) {
      for (const HtmlForm& form : ctx.html->forms) {
        if (pageutil::password_input(form) != nullptr) {
          reasons.push_back({"password-form", "contains a password form"});
          break;
        }
      }
    }
    if (has_header(ex.request.headers, "Authorization") ||
        has_header(ex.request.headers, "Cookie")) {
      reasons.push_back({"credentials", "was fetched with Authorization or Cookie credentials"});
    }
    const std::string* cache_control = find_header(res.headers, "Cache-Control");
    for (const Reason& r : reasons) {
      Finding f = make_finding(kCacheControlSensitive, ex);
      f.per_origin = true;
      f.key = r.key;
      f.evidence.header_name = "Cache-Control";
      f.evidence.header_value = cache_control != nullptr ? *cache_control : "";
      f.evidence.note = cache_control != nullptr ? "Cache-Control has no no-store directive"
                                                 : "no Cache-Control header";
      f.message = "Response " + r.text + " but may be cached (no Cache-Control: no-store)";
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_cache_control_sensitive() {
  return std::make_unique<CacheControlSensitive>();
}

}  // namespace gapscan
