// session-fixation: the session id a visitor holds before logging in is still a valid session
// after the login, so whoever planted that id shares the victim's session.
//
// Runs only for an identity with a form login on this origin. With a fresh cookie jar: GET the
// login page and remember the cookies it sets (what an attacker can obtain and plant); log in
// with the same jar, as a victim carrying the planted id would; then request the page the login
// landed on with only the pre-login cookies. Reported when that request shows the logged-in
// page (2xx, not judged logged out, no login form, similar to the authenticated page) while the
// same URL without any cookie does not (else the page is public).
//
// Budget per origin (declared 9): 1 GET of the login page, the login (usually 3: page, POST,
// landing; +1 with a --login-check-url, + redirects), 1 re-request of the landing page when the
// login ended on a POST, 1 request with the pre-login cookies, 1 without cookies.
#include "checks/auth/session_probe_util.h"
#include "checks/common/all_checks.h"
#include "scanner/base/url.h"
#include "scanner/cookie_jar.h"
#include "scanner/session.h"

namespace gapscan {

const CheckInfo kSessionFixation{
    "session-fixation",
    "Session fixation: the pre-login session id stays valid after login",
    CheckKind::active,
    384,
    Severity::high,
    Confidence::high,
    "The cookies the login page sets before anyone logs in are still a valid session after the "
    "login: requested with only those pre-login cookies, the page the login lands on shows the "
    "logged-in content. An attacker who gets a victim to use a session id the attacker knows "
    "(a link, a cookie set from a sibling subdomain, a shared computer) is logged in as the "
    "victim once the victim signs in. The check logs in once with its own cookie jar (never the "
    "scan's session), and confirms that the same page without any cookie is not logged in.",
    "Issue a new session id at every login (and every privilege change) and invalidate the old "
    "one: e.g. session_regenerate_id(true) in PHP, request.getSession().invalidate() before "
    "creating the session in Java, Spring Security's session fixation protection "
    "(changeSessionId), cycle_key() in Django. Never accept session ids from URLs.",
    {"https://cwe.mitre.org/data/definitions/384.html",
     "https://owasp.org/www-community/attacks/Session_fixation",
     "https://cheatsheetseries.owasp.org/cheatsheets/"
     "Session_Management_Cheat_Sheet.html#renew-the-session-id-after-any-privilege-level-change"},
    9,  // request budget per origin
};

namespace {

using sessionprobe::CookiePairs;

// Which post-login cookies carry a pre-login value (the id the server kept), for the note.
std::string kept_values(const CookiePairs& pre, const CookiePairs& post) {
  std::string out;
  for (const auto& [post_name, post_value] : post) {
    for (const auto& [pre_name, pre_value] : pre) {
      if (pre_value.empty() || post_value != pre_value) continue;
      out += out.empty() ? "; " : ", ";
      out += post_name == pre_name
                 ? "the login kept the pre-login cookie " + pre_name + " unchanged"
                 : "after login the cookie " + post_name +
                       " has the value of the pre-login cookie " + pre_name;
    }
  }
  return out;
}

std::string describe_answer(const Exchange& ex) {
  std::string out = std::to_string(ex.response.status);
  if (const std::string* location = find_header(ex.response.headers, "Location")) {
    out += " to " + *location;
  }
  return out;
}

class SessionFixation final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    const std::shared_ptr<Session> session = sessionprobe::login_identity(ctx, true);
    if (!session) return;  // anonymous scan, or no form login on this origin
    const LoginConfig& login = *session->config().login;
    const auto login_url = parse_url(login.url);
    if (!login_url) return;
    const std::int64_t now = unix_now();
    Fetcher& fetcher = ctx.fetcher;

    // What any visitor (the attacker) is given before logging in.
    CookieJar jar;
    const Exchange page = fetcher.fetch(sessionprobe::get_with_cookies(login.url, ""));
    if (!page.ok()) return;
    jar.store(*login_url, page.response, now);
    const CookiePairs pre = sessionprobe::cookies_set_by(page.response, now);
    if (pre.empty()) return;  // no pre-login id to fixate

    // The victim logs in carrying those cookies.
    const LoginOutcome outcome =
        sessionprobe::fresh_login(ctx, kSessionFixation.id, *session, fetcher, jar, now);
    if (!outcome.ok) return;
    const std::string landing = sessionprobe::landing_url(outcome);
    const auto landing_parsed = parse_url(landing);
    if (!landing_parsed) return;
    Exchange authenticated = outcome.exchanges.back();
    if (authenticated.request.method != "GET") {
      // The login answered its POST directly: look at the page as a browser would load it.
      authenticated = fetcher.fetch(
          sessionprobe::get_with_cookies(landing, jar.header_for(*landing_parsed, now)));
    }
    if (!sessionprobe::looks_logged_in(*session, authenticated)) return;  // cannot tell

    // The attacker's request: only what was known before the login.
    const Exchange planted =
        fetcher.fetch(sessionprobe::get_with_cookies(landing, sessionprobe::cookie_header(pre)));
    if (!sessionprobe::shows_logged_in_page(*session, authenticated, planted)) return;
    const Exchange anonymous = fetcher.fetch(sessionprobe::get_with_cookies(landing, ""));
    if (!sessionprobe::anonymous_differs(*session, authenticated, planted, anonymous)) return;

    const CookiePairs post =
        sessionprobe::parse_cookie_header(jar.header_for(*landing_parsed, now));
    const std::string names = sessionprobe::cookie_names(pre);
    Finding f = make_finding(kSessionFixation, planted);
    f.per_origin = true;
    f.evidence.header_name = "Cookie";
    f.evidence.header_value = sessionprobe::cookie_header(pre);
    f.evidence.note = "only the cookie" + std::string(pre.size() == 1 ? " " : "s ") + names +
                      " set by GET " + login.url + " before login was sent, and " + landing +
                      " shows the logged-in page (identity '" + session->name() +
                      "'); without cookies it answers " + describe_answer(anonymous) +
                      kept_values(pre, post);
    f.message = "The pre-login cookie" + std::string(pre.size() == 1 ? " " : "s ") + names +
                " stay" + (pre.size() == 1 ? "s" : "") + " a valid session after login";
    f.comparison = summarize(authenticated);
    f.comparison_label = "after login, with the session the login set";
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_session_fixation() { return std::make_unique<SessionFixation>(); }

}  // namespace gapscan
