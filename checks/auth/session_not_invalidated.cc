// session-not-invalidated: after logout, the session cookie the browser held is still
// accepted by the server (the logout only cleared the browser's copy).
//
// Runs only for an identity with a form login on this origin and a logout URL: the identity's
// logout_url, else the first URL the crawl excluded whose path names a logout (logout, log-out,
// signout, sign-out, logoff). With a fresh cookie jar: log in; request the landing page with
// the jar's cookies (it must look logged in, else the check cannot tell); GET the logout URL
// with those cookies (it must answer below 400 and show that it logged out: it deletes or
// replaces a cookie the session held, redirects to the login page, or says "signed out");
// then request the landing page again with the cookies as they were before the logout.
// Reported when that still shows the logged-in page while the same URL without any cookie
// does not.
//
// Budget per origin (declared 10): the login (usually 3: page, POST, landing; +1 with a
// --login-check-url, + redirects), then 4: the landing page, the logout, the landing page
// again, the landing page without cookies.
#include "checks/auth/session_probe_util.h"
#include "checks/common/all_checks.h"
#include "scanner/base/cookies.h"
#include "scanner/base/text.h"
#include "scanner/base/url.h"
#include "scanner/cookie_jar.h"
#include "scanner/session.h"

namespace gapscan {

const CheckInfo kSessionNotInvalidated{
    "session-not-invalidated",
    "Session still valid after logout",
    CheckKind::active,
    613,
    Severity::medium,
    Confidence::high,
    "After logging out, the session cookie the browser held before the logout still opens the "
    "logged-in page: the logout only told the browser to forget the cookie, while the server "
    "kept the session. Anyone who copied the cookie (malware, a proxy log, a shared computer, "
    "an XSS) keeps access although the user logged out. The check logs in with its own cookie "
    "jar (never the scan's session), logs that session out through the logout URL, replays the "
    "old cookies, and confirms that the same page without any cookie is not logged in.",
    "Invalidate the session on the server at logout (delete it from the session store, or add "
    "the token to a revocation list), not only in the browser; e.g. session_destroy() in PHP, "
    "HttpSession.invalidate() in Java, logout() in Django. Also enforce idle and absolute "
    "session timeouts on the server.",
    {"https://cwe.mitre.org/data/definitions/613.html",
     "https://cheatsheetseries.owasp.org/cheatsheets/"
     "Session_Management_Cheat_Sheet.html#manual-session-expiration",
     "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_"
     "Security_Testing/06-Session_Management_Testing/06-Testing_for_Logout_Functionality"},
    10,  // request budget per origin
};

namespace {

using sessionprobe::CookiePairs;

bool path_names_logout(const std::string& url) {
  const auto u = parse_url(url);
  if (!u) return false;
  const std::string path = to_lower(u->path);
  for (std::string_view word :
       {"logout", "log-out", "log_out", "signout", "sign-out", "sign_out", "logoff", "log-off"}) {
    if (path.find(word) != std::string::npos) return true;
  }
  return false;
}

// The logout URL on this origin: the identity's own, else a crawled-around logout link.
std::string logout_url(const ActiveContext& ctx, const Session& session) {
  if (!session.config().logout_url.empty()) {
    return origin_of(session.config().logout_url) == ctx.origin ? session.config().logout_url
                                                                : std::string();
  }
  for (const std::string& url : ctx.auth->excluded_urls) {
    if (origin_of(url) == ctx.origin && path_names_logout(url)) return url;
  }
  return "";
}

// Why the logout answer shows the application logged the client out, or "" when it does not
// (a 4xx, a confirmation page, a logout that needs POST).
std::string logout_sign(const Session& session, const Exchange& logout, const CookiePairs& held,
                        std::int64_t now) {
  if (!logout.ok() || logout.response.status >= 400) return "";
  // Cookies of the session the answer deletes or replaces.
  std::string touched;
  for (const std::string* header : find_headers(logout.response.headers, "Set-Cookie")) {
    const auto c = parse_set_cookie(*header);
    if (!c) continue;
    for (const auto& [name, value] : held) {
      if (name != c->name || (!c->is_deletion(now) && c->value == value)) continue;
      touched += (touched.empty() ? "" : ", ") + name;
    }
  }
  if (!touched.empty()) return "the logout answer cleared the cookie " + touched;
  if (session.looks_logged_out(logout)) return "the logout answer redirects to the login page";
  if (logout.response.status < 300) {
    const std::string_view body = std::string_view(logout.response.body).substr(0, 64 * 1024);
    for (std::string_view phrase : {"logged out", "signed out", "logged off", "signed off",
                                    "log in again", "sign in again"}) {
      if (icontains(body, phrase)) return "the logout page says \"" + std::string(phrase) + "\"";
    }
  }
  return "";
}

class SessionNotInvalidated final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    const std::shared_ptr<Session> session = sessionprobe::login_identity(ctx, true);
    if (!session) return;  // anonymous scan, or no form login on this origin
    const std::string logout = logout_url(ctx, *session);
    const auto logout_parsed = parse_url(logout);
    if (!logout_parsed) return;
    const std::int64_t now = unix_now();
    Fetcher& fetcher = ctx.fetcher;

    CookieJar jar;
    const LoginOutcome outcome =
        sessionprobe::fresh_login(ctx, kSessionNotInvalidated.id, *session, fetcher, jar, now);
    if (!outcome.ok) return;
    const std::string landing = sessionprobe::landing_url(outcome);
    const auto landing_parsed = parse_url(landing);
    if (!landing_parsed) return;
    // What a thief would have copied while the user was logged in.
    const std::string old_cookies = jar.header_for(*landing_parsed, now);
    const std::string old_logout_cookies = jar.header_for(*logout_parsed, now);
    if (old_cookies.empty()) return;  // not a cookie session

    const Exchange before = fetcher.fetch(sessionprobe::get_with_cookies(landing, old_cookies));
    if (!sessionprobe::looks_logged_in(*session, before)) return;  // cannot tell

    const Exchange out = fetcher.fetch(sessionprobe::get_with_cookies(logout, old_logout_cookies));
    const std::string sign =
        logout_sign(*session, out, sessionprobe::parse_cookie_header(old_logout_cookies), now);
    if (sign.empty()) return;  // no sign that the logout happened

    // The old cookies, ignoring whatever the logout told the browser to delete.
    const Exchange after = fetcher.fetch(sessionprobe::get_with_cookies(landing, old_cookies));
    if (!sessionprobe::shows_logged_in_page(*session, before, after)) return;
    const Exchange anonymous = fetcher.fetch(sessionprobe::get_with_cookies(landing, ""));
    if (!sessionprobe::anonymous_differs(*session, before, after, anonymous)) return;

    Finding f = make_finding(kSessionNotInvalidated, after);
    f.per_origin = true;
    const CookiePairs held = sessionprobe::parse_cookie_header(old_cookies);
    f.evidence.header_name = "Cookie";
    f.evidence.header_value = old_cookies;
    f.evidence.note = "GET " + logout + " answered " + std::to_string(out.response.status) + " (" +
                      sign + "), but the cookie" + (held.size() == 1 ? " " : "s ") +
                      sessionprobe::cookie_names(held) + " of that session still " +
                      (held.size() == 1 ? "opens " : "open ") + landing +
                      " as the logged-in user (identity '" + session->name() +
                      "'); without cookies it answers " + std::to_string(anonymous.response.status);
    f.message = "The session stays valid on the server after logout (" + logout + ")";
    f.comparison = summarize(out);
    f.comparison_label = "logout";
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_session_not_invalidated() {
  return std::make_unique<SessionNotInvalidated>();
}

}  // namespace gapscan
