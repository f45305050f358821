// sensitive-data-in-url: credentials, tokens or session ids in URL query parameters (the
// request URL or links on the page).
#include <set>

#include "checks/common/all_checks.h"
#include "checks/disclosure/util.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kSensitiveDataInUrl{
    "sensitive-data-in-url",
    "Sensitive data in URL query string",
    CheckKind::passive,
    598,
    Severity::medium,
    Confidence::medium,
    "A URL carries a password, token, API key, client secret or session id in its query "
    "string (the requested URL or a link on the page). URLs end up in browser history, "
    "bookmarks, server and proxy logs, analytics and the Referer header sent to third parties, "
    "so the value leaks to everyone who can read any of those.",
    "Send credentials and tokens in request bodies (POST) or headers (Authorization), keep "
    "session ids in cookies, and use short-lived, single-use codes where a URL must carry "
    "something (OAuth authorization codes, password-reset links). Rotate values that were "
    "exposed.",
    {"https://owasp.org/www-community/vulnerabilities/Information_exposure_through_query_"
     "strings_in_url",
     "https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html",
     "https://cwe.mitre.org/data/definitions/598.html"},
};

namespace {

using disclosure::npos;

struct ParamRule {
  std::string_view name;
  std::size_t min_value;  // shorter values are ignored
};

// "key" alone is too generic (map keys, sort keys): only long values count.
constexpr ParamRule kParams[] = {
    {"password", 1},      {"passwd", 1},        {"pwd", 1},        {"pass", 1},
    {"token", 4},         {"access_token", 4},  {"auth_token", 4}, {"id_token", 4},
    {"refresh_token", 4}, {"api_key", 4},       {"apikey", 4},     {"key", 20},
    {"secret", 4},        {"client_secret", 4}, {"session", 8},    {"sessionid", 8},
};

struct Hit {
  std::string name;      // lower-case parameter name
  std::string shown;     // redacted value
  std::string where;     // the URL with every sensitive value redacted
  bool request = false;  // in the request URL rather than a link
};

bool placeholder(std::string_view v) {
  return v.starts_with("{") || v.starts_with("${") || v.starts_with("<") || v.starts_with(":") ||
         v.starts_with("%7B") || v.starts_with("%7b") || v.starts_with("%3C") ||
         v.starts_with("%3c");
}

// Documentation examples (MediaWiki's API help links "password=ExamplePassword" and
// "token=123ABC"): values that say they are examples, or the usual sample strings.
bool example_value(std::string_view decoded) {
  const std::string v = to_lower(decoded);
  for (std::string_view word : {"example", "sample", "placeholder", "dummy", "changeme", "your_",
                                "your-", "yourpassword", "yourtoken", "xxxx"}) {
    if (v.find(word) != std::string::npos) return true;
  }
  for (std::string_view exact : {"123abc", "abc123", "token", "***"}) {
    if (v == exact) return true;
  }
  return false;
}

// Sensitive parameters of one URL; `where` gets the URL with their values redacted.
void scan_url(std::string_view url, bool request, std::vector<Hit>* out) {
  const std::size_t qm = url.find('?');
  if (qm == npos) return;
  std::string_view query = url.substr(qm + 1);
  query = query.substr(0, query.find('#'));
  std::vector<Hit> found;
  std::string redacted(url.substr(0, qm + 1));
  bool first = true;
  for (std::string_view pair : split(query, '&')) {
    if (!first) redacted += '&';
    first = false;
    const std::size_t eq = pair.find('=');
    const std::string_view raw_name = pair.substr(0, eq);
    const std::string_view raw_value = eq == npos ? std::string_view() : pair.substr(eq + 1);
    const std::string name = to_lower(trim(percent_decode(raw_name, true)));
    const ParamRule* rule = nullptr;
    for (const ParamRule& r : kParams) {
      if (name == r.name) rule = &r;
    }
    const std::string value = percent_decode(raw_value, true);
    if (rule == nullptr || value.size() < rule->min_value || placeholder(raw_value) ||
        example_value(value)) {
      redacted.append(pair);
      continue;
    }
    const std::string shown = disclosure::redact_value(value);
    redacted.append(raw_name);
    redacted += '=';
    redacted += shown;
    found.push_back({name, shown, {}, request});
  }
  for (Hit& h : found) {
    h.where = redacted;
    out->push_back(std::move(h));
  }
}

class SensitiveDataInUrl final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    if (ex.response.status <= 0) return;
    std::vector<Hit> hits;
    scan_url(ex.request.url, true, &hits);
    if (ctx.html != nullptr) {
      std::set<std::string_view> seen_links;
      for (const HtmlLink& link : ctx.html->links) {
        if (hits.size() >= 32) break;
        if (link.url.find('?') == npos || !seen_links.insert(link.url).second) continue;
        scan_url(link.url, false, &hits);
      }
    }
    if (hits.empty()) return;
    // The page's own URL is reported with the sensitive values redacted.
    const std::string page_url =
        !hits.empty() && hits.front().request ? hits.front().where : ex.request.url;
    std::set<std::string> reported;
    for (const Hit& h : hits) {
      if (!reported.insert(h.name).second) continue;
      Finding f = make_finding(kSensitiveDataInUrl, ex);
      f.url = page_url;
      f.exchange.url = page_url;
      f.parameter = h.name;
      // A sensitive parameter in a link of the layout repeats on every page: one finding per
      // origin and parameter name.
      f.per_origin = true;
      f.key = h.name;
      f.evidence.note = "query parameter \"" + h.name + "\" = " + h.shown +
                        (h.request ? " in the request URL" : " in a link on the page");
      f.evidence.snippet = printable_snippet(h.where, 300);
      f.message = h.request ? "The URL carries the sensitive parameter \"" + h.name +
                                  "\" in its "
                                  "query string"
                            : "The page links to a URL carrying the sensitive parameter \"" +
                                  h.name + "\" in its query string";
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_sensitive_data_in_url() {
  return std::make_unique<SensitiveDataInUrl>();
}

}  // namespace gapscan
