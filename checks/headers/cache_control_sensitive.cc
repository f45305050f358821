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
    "form, or is a document (not an image, stylesheet, script or font, not an error page) "
    "fetched with Authorization or Cookie credentials, does not send "
    "Cache-Control: no-store. Browsers, shared proxies and CDNs may then keep a copy, which "
    "can be read later from a shared computer's cache or served to another user. Responses "
    "that caches would not store anyway (such as a 302 without explicit freshness) are not "
    "reported. One finding per origin; the pages are its affected URLs.",
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
  std::string text;
};

// A document a user reads (HTML, JSON, XML, text, a feed): what a shared cache must not hand
// to the next visitor. Images, stylesheets, scripts, fonts and media are the same for everyone
// even when the browser sends its cookies with them.
bool is_document(const HttpResponse& res) {
  const std::string type = media_type(res);
  if (type.empty()) return true;
  for (std::string_view asset : {"image/", "font/", "audio/", "video/", "text/css", "javascript",
                                 "application/wasm", "application/font", "application/x-font"}) {
    if (type.find(asset) != std::string::npos) return false;
  }
  return true;
}

class CacheControlSensitive final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    const HttpResponse& res = ex.response;
    if (pageutil::has_cache_directive(res.headers, "no-store") || !may_be_stored(res)) return;
    std::vector<Reason> reasons;
    for (const auto& [header, cookie] : response_cookies(res)) {
      if (looks_like_session_cookie(cookie.name, cookie.value)) {
        reasons.push_back({"sets session cookie \"" + cookie.name + "\""});
        break;
      }
    }
    if (pageutil::is_html_2xx(ctx)) {
      for (const HtmlForm& form : ctx.html->forms) {
        if (pageutil::password_input(form) != nullptr) {
          reasons.push_back({"contains a password form"});
          break;
        }
      }
    }
    // Content fetched with credentials: a 2xx document (an error page or a stylesheet is the
    // same for everyone).
    if ((has_header(ex.request.headers, "Authorization") ||
         has_header(ex.request.headers, "Cookie")) &&
        res.status >= 200 && res.status < 300 && is_document(res)) {
      reasons.push_back({"was fetched with Authorization or Cookie credentials"});
    }
    if (reasons.empty()) return;
    const std::string* cache_control = find_header(res.headers, "Cache-Control");
    // One condition per origin: the fix (no-store on sensitive responses) is the same whatever
    // made the page sensitive and whatever each page sends instead; the first page's reasons
    // and header are the evidence, the others its affected URLs.
    Finding f = make_finding(kCacheControlSensitive, ex);
    f.per_origin = true;
    f.evidence.header_name = "Cache-Control";
    f.evidence.header_value = cache_control != nullptr ? *cache_control : "";
    f.evidence.note = cache_control != nullptr ? "Cache-Control has no no-store directive"
                                               : "no Cache-Control header";
    std::string why;
    for (std::size_t i = 0; i < reasons.size(); ++i) {
      why += (i == 0 ? "" : i + 1 == reasons.size() ? " and " : ", ") + reasons[i].text;
    }
    f.message = "Response " + why + " but may be cached (no Cache-Control: no-store)";
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_cache_control_sensitive() {
  return std::make_unique<CacheControlSensitive>();
}

}  // namespace gapscan
