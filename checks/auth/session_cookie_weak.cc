// session-cookie-weak: the session cookie a login issues lacks protective attributes, lives
// too long, or has a predictable value.
//
// Runs for the first identity with a login on this origin. Logs in 3 times, each with a fresh
// cookie jar. The session cookies of a login are the cookies set by its POST and the redirects
// after it that were not already set (with the same value) before the POST, not deleted by a
// later answer, and not meant for scripts (CSRF tokens, analytics). A cookie that has the same
// value in every login is no session id (a flag such as logged_in=1) and is skipped. Before a
// weakness is reported, the cookie is shown to carry the session: the landing page requested
// with the last login's cookies minus that one no longer shows the logged-in page (without a
// GET landing page to compare with, the cookie must look like a session cookie by name or
// value instead).
//
// One finding per cookie and weakness (key "<cookie>:<kind>"): no Secure on an https origin,
// no HttpOnly, no (valid) SameSite, a lifetime beyond --session-cookie-max-age, and a
// predictable value: decimal ids within 1000 of each other across the logins, at most 8
// characters, only a few characters changing between logins, or fewer than 64 bits from the
// value's alphabet and length.
//
// Budget per origin (declared 14): 3 logins (usually 3 requests each: page, POST, landing; +1
// with a --login-check-url), then 1 request per reported cookie (at most 2) to prove it
// carries the session.
#include <algorithm>
#include <cmath>
#include <map>

#include "checks/auth/session_probe_util.h"
#include "checks/common/all_checks.h"
#include "scanner/base/cookies.h"
#include "scanner/base/text.h"
#include "scanner/base/url.h"
#include "scanner/cookie_jar.h"
#include "scanner/session.h"

namespace gapscan {

const CheckInfo kSessionCookieWeak{
    "session-cookie-weak",
    "Session cookie weakly protected or predictable",
    CheckKind::active,
    330,
    Severity::medium,
    Confidence::high,
    "The session cookie the login issues is weak. Either its attributes leave it exposed: "
    "without Secure it is also sent over plain http (readable on the network), without "
    "HttpOnly any script injected into the site can read and send it away, without SameSite "
    "browsers may attach it to cross-site requests (CSRF), and a lifetime beyond the "
    "configured maximum keeps a stolen or forgotten session usable. Or its value is "
    "predictable: sequential numbers, short values, or values that change in only a few "
    "characters between logins can be guessed to take over other users' sessions. The check "
    "logs in three times with its own cookie jars (never the scan's session) and compares the "
    "session cookies it is given; a cookie is reported only once it is shown to carry the "
    "session.",
    "Generate session ids with a cryptographically secure random generator and at least 128 "
    "bits of entropy (use the framework's session management rather than your own), and set "
    "them with Secure, HttpOnly and SameSite=Lax (or Strict), without Expires/Max-Age or with "
    "a short lifetime backed by server-side idle and absolute timeouts.",
    {"https://cwe.mitre.org/data/definitions/330.html",
     "https://cwe.mitre.org/data/definitions/1004.html",
     "https://cwe.mitre.org/data/definitions/614.html",
     "https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html"},
    14,  // request budget per origin
};

namespace {

constexpr int kLogins = 3;
constexpr std::size_t kMaxVerified = 2;  // cookies proven to carry the session, at most
constexpr double kMinBits = 64;
constexpr std::int64_t kSequentialSpread = 1000;

// A cookie one login issued.
struct Issued {
  std::string name;
  std::string value;
  std::string header;  // the Set-Cookie header value
  SetCookie cookie;
  std::int64_t server_now = 0;  // the answer's Date, for Expires
  std::size_t exchange = 0;     // index in the login's exchanges
};

// Cookies meant to be read by scripts, not sessions (their missing HttpOnly is by design).
bool script_readable(std::string_view name) {
  const std::string n = to_lower(name);
  for (std::string_view part : {"csrf", "xsrf", "antiforgery", "requestverificationtoken"}) {
    if (n.find(part) != std::string::npos) return true;
  }
  for (std::string_view prefix :
       {"_ga", "_gid", "_gat", "__utm", "_gcl", "_hj", "_fb", "_pk_", "ajs_", "_clck", "_clsk"}) {
    if (n.starts_with(prefix)) return true;
  }
  return false;
}

// The cookies the login's POST (and what followed it) issued, by name.
std::map<std::string, Issued> issued_by(const LoginOutcome& outcome, std::int64_t now) {
  std::map<std::string, Issued> out;
  const auto& ex = outcome.exchanges;
  std::size_t post = 0;
  while (post < ex.size() && ex[post].request.method != "POST") ++post;
  std::map<std::string, std::string> before;
  for (std::size_t i = 0; i < post; ++i) {
    for (const auto& [name, value] : sessionprobe::cookies_set_by(ex[i].response, now)) {
      before[name] = value;
    }
  }
  for (std::size_t i = post; i < ex.size(); ++i) {
    if (!ex[i].ok()) continue;
    const std::int64_t server_now = response_time(ex[i].response);
    for (const std::string* header : find_headers(ex[i].response.headers, "Set-Cookie")) {
      auto c = parse_set_cookie(*header);
      if (!c || c->name.empty()) continue;
      if (c->is_deletion(server_now)) {
        out.erase(c->name);
        continue;
      }
      if (auto b = before.find(c->name); b != before.end() && b->second == c->value) continue;
      if (script_readable(c->name)) continue;
      Issued is{c->name, c->value, *header, *c, server_now, i};
      out[c->name] = std::move(is);
    }
  }
  return out;
}

// The value without quotes and base64 padding (also URL-encoded).
std::string_view core_value(std::string_view v) {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  while (true) {
    if (v.ends_with('=')) {
      v.remove_suffix(1);
    } else if (v.ends_with("%3D") || v.ends_with("%3d")) {
      v.remove_suffix(3);
    } else {
      break;
    }
  }
  return v;
}

// The size of the alphabet the values seem drawn from (an upper bound for what they show).
int alphabet(const std::vector<std::string_view>& values) {
  bool digit = false, lower_hex = false, upper_hex = false, lower = false, upper = false,
       b64 = false, other = false;
  for (std::string_view v : values) {
    for (char c : v) {
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c >= 'a' && c <= 'f') {
        lower_hex = true;
      } else if (c >= 'A' && c <= 'F') {
        upper_hex = true;
      } else if (c >= 'a' && c <= 'z') {
        lower = true;
      } else if (c >= 'A' && c <= 'Z') {
        upper = true;
      } else if (c == '-' || c == '_' || c == '+' || c == '/' || c == '.' || c == '~' || c == '%') {
        b64 = true;
      } else {
        other = true;
      }
    }
  }
  const bool any_lower = lower || lower_hex, any_upper = upper || upper_hex;
  if (other) return 95;
  if (b64 || (any_lower && any_upper)) return 64;
  if (lower || upper) return 36;
  if (lower_hex || upper_hex) return 16;
  return digit ? 10 : 1;
}

bool all_decimal(std::string_view v) {
  return !v.empty() && v.size() <= 18 &&
         std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Why the values are predictable (no value printed), or "".
std::string predictability(const std::vector<std::string>& raw) {
  std::vector<std::string_view> values;
  for (const std::string& r : raw) values.push_back(core_value(r));
  const std::size_t n = values.size();
  const std::string logins = std::to_string(n) + (n == 1 ? " login" : " logins");
  if (n >= 2 && std::all_of(values.begin(), values.end(), all_decimal)) {
    std::int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (std::string_view v : values) {
      const std::int64_t x = std::stoll(std::string(v));
      lo = std::min(lo, x);
      hi = std::max(hi, x);
    }
    if (hi - lo <= kSequentialSpread) {
      return logins + " gave numeric ids within " + std::to_string(hi - lo) + " of each other";
    }
  }
  std::size_t shortest = SIZE_MAX;
  for (std::string_view v : values) shortest = std::min(shortest, v.size());
  const double per_char = std::log2(static_cast<double>(alphabet(values)));
  if (shortest <= 8) {
    return "the id has only " + std::to_string(shortest) + " characters (at most " +
           std::to_string(static_cast<int>(shortest * per_char)) + " bits)";
  }
  const std::size_t length = values[0].size();
  if (n >= 2 && std::all_of(values.begin(), values.end(),
                            [&](std::string_view v) { return v.size() == length; })) {
    std::size_t varying = 0;
    for (std::size_t i = 0; i < length; ++i) {
      for (std::string_view v : values) {
        if (v[i] != values[0][i]) {
          ++varying;
          break;
        }
      }
    }
    // Only a short part changes (not merely a few random positions agreeing by chance).
    if (varying <= length / 2 && static_cast<double>(varying) * per_char < kMinBits) {
      return logins + " gave ids of " + std::to_string(length) + " characters of which only " +
             std::to_string(varying) + " differ (at most " +
             std::to_string(static_cast<int>(varying * per_char)) + " bits vary)";
    }
  }
  if (static_cast<double>(shortest) * per_char < kMinBits) {
    return "the id has " + std::to_string(shortest) + " characters from an alphabet of " +
           std::to_string(alphabet(values)) + " (at most " +
           std::to_string(static_cast<int>(shortest * per_char)) + " bits)";
  }
  return "";
}

std::string describe_duration(std::int64_t s) {
  constexpr std::int64_t kDay = 86400;
  if (s >= kDay) return std::to_string(s / kDay) + (s / kDay == 1 ? " day" : " days");
  if (s >= 3600) return std::to_string(s / 3600) + (s / 3600 == 1 ? " hour" : " hours");
  return std::to_string(s) + " seconds";
}

struct Weakness {
  std::string kind;  // key suffix
  Severity severity;
  std::string message;
  std::string note;
};

std::vector<Weakness> weaknesses(const ActiveContext& ctx, const Issued& first,
                                 const std::vector<std::string>& values) {
  std::vector<Weakness> out;
  const SetCookie& c = first.cookie;
  const std::string q = "Session cookie \"" + first.name + "\"";
  if (istarts_with(ctx.origin, "https://") && !c.secure) {
    out.push_back({"secure", Severity::medium, q + " is set without Secure",
                   "no Secure attribute: browsers also send it over plain http"});
  }
  if (!c.http_only) {
    out.push_back({"httponly", Severity::medium, q + " is set without HttpOnly",
                   "no HttpOnly attribute: scripts on the page can read it"});
  }
  if (c.same_site == SameSite::absent || c.same_site == SameSite::invalid) {
    out.push_back({"samesite", Severity::low, q + " is set without a valid SameSite attribute",
                   c.same_site == SameSite::absent
                       ? "no SameSite attribute: some browsers send it with cross-site requests"
                       : "SameSite=" + c.same_site_value + " is not a valid value"});
  }
  if (c.max_age || c.expires) {
    const std::int64_t limit = settings_of(ctx).session_cookie_max_lifetime_s;
    const std::int64_t lifetime = c.max_age ? *c.max_age : *c.expires - first.server_now;
    if (lifetime > limit) {
      out.push_back({"lifetime", Severity::low,
                     q + " lives for " + describe_duration(lifetime) + " (more than " +
                         describe_duration(limit) + ")",
                     std::string(c.max_age ? "Max-Age" : "Expires") + " gives " +
                         describe_duration(lifetime) + ", over the " + describe_duration(limit) +
                         " limit"});
    }
  }
  if (std::string why = predictability(values); !why.empty()) {
    out.push_back({"predictable", Severity::high, q + " has a predictable value", why});
  }
  return out;
}

std::string jar_header(const CookieJar& jar, const LoginOutcome& outcome, std::int64_t now) {
  const auto url = parse_url(sessionprobe::landing_url(outcome));
  return url ? jar.header_for(*url, now) : std::string();
}

class SessionCookieWeak final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    const std::shared_ptr<Session> session = sessionprobe::login_identity(ctx, false);
    if (!session) return;  // anonymous scan, or no login on this origin
    const std::int64_t now = unix_now();

    std::vector<LoginOutcome> logins;
    std::vector<std::map<std::string, Issued>> issued;
    std::string last_cookies;  // the last login's cookies for its landing page
    for (int i = 0; i < kLogins; ++i) {
      CookieJar jar;
      LoginOutcome outcome =
          sessionprobe::fresh_login(ctx, kSessionCookieWeak.id, *session, ctx.fetcher, jar, now);
      if (!outcome.ok || outcome.exchanges.empty()) break;  // refused, throttled, out of budget
      issued.push_back(issued_by(outcome, now));
      last_cookies = jar_header(jar, outcome, now);
      logins.push_back(std::move(outcome));
    }
    if (logins.empty()) return;

    // The last login's landing page, if it can serve as the logged-in reference.
    const Exchange& landing = logins.back().exchanges.back();
    const bool reference =
        landing.request.method == "GET" && sessionprobe::looks_logged_in(*session, landing);
    const sessionprobe::CookiePairs sent = sessionprobe::parse_cookie_header(last_cookies);
    std::size_t probes = 0;

    for (const auto& [name, first] : issued.front()) {
      std::vector<std::string> values;
      for (const auto& login : issued) {
        if (auto it = login.find(name); it != login.end()) values.push_back(it->second.value);
      }
      if (values.size() >= 2 && std::all_of(values.begin(), values.end(),
                                            [&](const std::string& v) { return v == values[0]; })) {
        continue;  // the same in every login: not a session id
      }
      const std::vector<Weakness> found = weaknesses(ctx, first, values);
      if (found.empty()) continue;

      // Does this cookie carry the session?
      std::string proof;
      sessionprobe::CookiePairs rest;
      for (const auto& p : sent) {
        if (p.first != name) rest.push_back(p);
      }
      if (reference && rest.size() < sent.size()) {
        if (probes >= kMaxVerified) break;
        ++probes;
        const Exchange without = ctx.fetcher.fetch(
            sessionprobe::get_with_cookies(landing.request.url, sessionprobe::cookie_header(rest)));
        if (!without.ok() || sessionprobe::shows_logged_in_page(*session, landing, without)) {
          continue;  // cannot tell, or the session does not need this cookie
        }
        proof = "; without it " + landing.request.url + " answers " +
                std::to_string(without.response.status) + " instead of the logged-in page";
      } else if (!looks_like_session_cookie(name, first.value)) {
        continue;  // cannot show it carries the session, and it does not look like it
      }

      const LoginOutcome& login = logins.front();
      for (const Weakness& w : found) {
        Finding f = make_finding(kSessionCookieWeak, login.exchanges[first.exchange]);
        f.severity = w.severity;
        f.per_origin = true;
        f.key = name + ":" + w.kind;
        f.evidence.header_name = "Set-Cookie";
        f.evidence.header_value = first.header;
        f.evidence.note = w.note + " (identity '" + session->name() + "')" + proof;
        f.message = w.message;
        sink.report(std::move(f));
      }
    }
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_session_cookie_weak() {
  return std::make_unique<SessionCookieWeak>();
}

}  // namespace gapscan
