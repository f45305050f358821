// Shared helpers of the session checks a login enables (session-fixation,
// session-not-invalidated, session-cookie-weak): which identity to log in as, cookie pairs,
// requests with exactly the cookies a check chooses, and "does this page look logged in".
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "checks/common/check.h"
#include "scanner/base/http.h"
#include "scanner/login_flow.h"
#include "scanner/session.h"

namespace gapscan::sessionprobe {

// Two pages with at least this sketch similarity show the same content.
constexpr double kSamePage = 0.8;

// The first identity (primary first) with a login whose URL is on `origin`; `form_only`
// skips JSON logins. Null when there is none (or the scan is anonymous).
std::shared_ptr<Session> login_identity(const ActiveContext& ctx, bool form_only);

// An independent login of `session` into `jar` (Session::fresh_login) for a check, held to
// the scan's lockout limit: when the login ledger has no room left for one more failed login
// of the account on the login's host, nothing is sent and the outcome says why. A failed
// login is counted by the session itself.
LoginOutcome fresh_login(const ActiveContext& ctx, std::string_view check_id,
                         const Session& session, Fetcher& fetcher, CookieJar& jar,
                         std::int64_t now_unix);

// name=value pairs, in order.
using CookiePairs = std::vector<std::pair<std::string, std::string>>;

// The cookies a response sets: non-empty values, deletions (at `now_unix`) dropped, the first
// header of each name kept.
CookiePairs cookies_set_by(const HttpResponse& response, std::int64_t now_unix);
// The pairs of a Cookie request header ("a=1; b=2").
CookiePairs parse_cookie_header(std::string_view header);
// "a=1; b=2".
std::string cookie_header(const CookiePairs& pairs);
// "a, b" (names only: evidence text never carries values).
std::string cookie_names(const CookiePairs& pairs);

// GET `url` without the scan's credentials, with exactly this Cookie header (none when "").
HttpRequest get_with_cookies(const std::string& url, const std::string& cookie_header);

// The page a login landed on: its last exchange (the URL the final redirect reached).
std::string landing_url(const LoginOutcome& outcome);

// Whether `ex` shows a page of a logged-in user of `session`: a 2xx answer that the session
// does not judge logged out, with no login form on it, matching --logged-in-regex when given.
bool looks_logged_in(const Session& session, const Exchange& ex);

// Body sketch similarity of two answers (0..1).
double page_similarity(const Exchange& a, const Exchange& b);

// Whether `probe` shows the logged-in page `authenticated` showed: it looks logged in and its
// body is similar (kSamePage).
bool shows_logged_in_page(const Session& session, const Exchange& authenticated,
                          const Exchange& probe);

// The negative control: whether `anonymous` (the same URL without any cookie) shows something
// clearly different from the logged-in page, so that `probe` showing it proves a session.
// False when the control failed (cannot tell) or the page is public: the anonymous answer also
// looks logged in and is similar to the logged-in page, or about as similar as the probe.
bool anonymous_differs(const Session& session, const Exchange& authenticated, const Exchange& probe,
                       const Exchange& anonymous);

}  // namespace gapscan::sessionprobe
