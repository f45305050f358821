// session-id-in-url: session identifiers carried in URLs (;jsessionid=, ?PHPSESSID=, ...).
#include <algorithm>
#include <string>
#include <vector>

#include "checks/common/all_checks.h"
#include "checks/common/page_util.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kSessionIdInUrl{
    "session-id-in-url",
    "Session identifier in URL",
    CheckKind::passive,
    598,
    Severity::medium,
    Confidence::medium,
    "A URL requested by the scanner, or linked from a page, carries what looks like a session "
    "identifier: a ;jsessionid= path parameter or a query parameter such as PHPSESSID, sid, "
    "sessionid or ASPSESSIONID with a token-like value. URLs leak through browser history, "
    "bookmarks, logs, shared links and Referer headers, so the session can be hijacked, and an "
    "attacker can fix a victim's session by sending them such a link (session fixation).",
    "Keep session identifiers in cookies only: disable URL rewriting (Servlet "
    "<tracking-mode>COOKIE</tracking-mode>, PHP session.use_only_cookies=1 and "
    "session.use_trans_sid=0, ASP.NET cookieless=\"false\"), and regenerate the session "
    "identifier at login.",
    {"https://owasp.org/www-community/attacks/Session_fixation",
     "https://cheatsheetseries.owasp.org/cheatsheets/"
     "Session_Management_Cheat_Sheet.html#session-id-exchange-mechanism",
     "https://cwe.mitre.org/data/definitions/598.html"},
};

namespace {

struct SessionParam {
  std::string name;  // as written
  std::string key;   // lower-case
};

bool is_session_param_name(std::string_view lname) {
  for (std::string_view n : {"jsessionid", "phpsessid", "sid", "sessionid", "session_id", "sess"}) {
    if (lname == n) return true;
  }
  return lname.starts_with("aspsessionid");
}

// At least 8 characters of an identifier alphabet, not a plain word (all letters is accepted
// only from 20 characters on, where it is rather a random token).
bool is_token_value(std::string_view v) {
  if (v.size() < 8) return false;
  bool non_alpha = false;
  for (char c : v) {
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const bool other = (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~' ||
                       c == '%' || c == '+' || c == '=';
    if (!alpha && !other) return false;
    non_alpha = non_alpha || other;
  }
  return non_alpha || v.size() >= 20;
}

std::vector<SessionParam> session_params(std::string_view url) {
  std::vector<SessionParam> out;
  url = url.substr(0, url.find('#'));
  const std::size_t q = url.find('?');
  const std::string_view before_query = url.substr(0, q);
  if (std::size_t p = pageutil::ifind(before_query, ";jsessionid="); p != pageutil::kNotFound) {
    std::string_view value = before_query.substr(p + 12);
    value = value.substr(0, value.find_first_of(";/"));
    if (is_token_value(value)) {
      out.push_back({std::string(before_query.substr(p + 1, 10)), "jsessionid"});
    }
  }
  if (q == std::string_view::npos) return out;
  for (std::string_view pair : split(url.substr(q + 1), '&')) {
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string key = to_lower(pair.substr(0, eq));
    if (!is_session_param_name(key) || !is_token_value(pair.substr(eq + 1))) continue;
    out.push_back({std::string(pair.substr(0, eq)), key});
  }
  return out;
}

class SessionIdInUrl final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    std::vector<std::string> seen;
    auto report = [&](const SessionParam& p, std::string_view url, bool linked) {
      if (std::find(seen.begin(), seen.end(), p.key) != seen.end()) return;
      seen.push_back(p.key);
      Finding f = make_finding(kSessionIdInUrl, ex);
      f.per_origin = true;  // URL rewriting is site-wide, and every session makes new URLs
      f.key = p.key;
      f.parameter = p.name;
      if (linked) {
        pageutil::set_body_evidence(f.evidence, ex.response.body,
                                    pageutil::ifind(ex.response.body, p.name + "="), url);
        f.evidence.note = "link to " + std::string(url) + " carries session parameter " + p.name;
        f.message = "Page links to a URL carrying session identifier \"" + p.name + "\"";
      } else {
        f.evidence.snippet = std::string(url);
        f.evidence.note = "the requested URL carries session parameter " + p.name;
        f.message = "URL carries session identifier \"" + p.name + "\"";
      }
      sink.report(std::move(f));
    };
    for (const SessionParam& p : session_params(ex.request.url)) report(p, ex.request.url, false);
    if (!pageutil::is_html_2xx(ctx)) return;
    // Only this origin's links: other sites' parameters are theirs.
    // (Crawled URLs are normalized: the origin is what precedes the path's first '/'.)
    const std::string_view page = ex.request.url;
    const std::size_t authority = page.find("://");
    if (authority == std::string_view::npos) return;
    const std::string_view origin = page.substr(0, page.find('/', authority + 3));
    auto same_origin = [origin](std::string_view url) {
      return url.starts_with(origin) && url.size() > origin.size() && url[origin.size()] == '/';
    };
    auto scan = [&](const std::string& url) {
      if (url.find_first_of("?;") == std::string::npos || !same_origin(url)) return;
      for (const SessionParam& p : session_params(url)) report(p, url, true);
    };
    for (const HtmlLink& link : ctx.html->links) scan(link.url);
    for (const HtmlForm& form : ctx.html->forms) scan(form.action);
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_session_id_in_url() {
  return std::make_unique<SessionIdInUrl>();
}

}  // namespace gapscan
