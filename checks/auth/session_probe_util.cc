#include "checks/auth/session_probe_util.h"

#include "checks/exposure/not_found.h"
#include "scanner/base/cookies.h"
#include "scanner/base/html.h"
#include "scanner/base/pattern.h"
#include "scanner/base/text.h"
#include "scanner/base/url.h"
#include "scanner/login_form.h"
#include "scanner/login_ledger.h"

namespace gapscan::sessionprobe {

namespace {

// An anonymous answer this close to the probe's similarity is no contrast at all.
constexpr double kContrastMargin = 0.1;

}  // namespace

std::shared_ptr<Session> login_identity(const ActiveContext& ctx, bool form_only) {
  if (ctx.auth == nullptr) return nullptr;
  for (const IdentityCrawl& id : ctx.auth->identities) {
    if (!id.session || !id.session->has_login()) continue;
    const LoginConfig& login = *id.session->config().login;
    if (form_only && login.kind != LoginConfig::Kind::form) continue;
    if (origin_of(login.url) != ctx.origin) continue;
    return id.session;
  }
  return nullptr;
}

LoginOutcome fresh_login(const ActiveContext& ctx, std::string_view check_id,
                         const Session& session, Fetcher& fetcher, CookieJar& jar,
                         std::int64_t now_unix) {
  if (ctx.logins == nullptr || !session.has_login()) {
    return session.fresh_login(fetcher, jar, now_unix);
  }
  const LoginConfig& login = *session.config().login;
  // Reserved while it runs (a concurrent check sees it); given back after, since a login
  // that fails is recorded by the session.
  if (!ctx.logins->reserve_real(check_id, login.url, login.username)) {
    LoginOutcome refused;
    refused.error = "the lockout limit held for this account";
    return refused;
  }
  struct Release {
    LoginLedger& ledger;
    const LoginConfig& login;
    ~Release() { ledger.release_real(login.url, login.username); }
  } release{*ctx.logins, login};
  return session.fresh_login(fetcher, jar, now_unix);
}

CookiePairs cookies_set_by(const HttpResponse& response, std::int64_t now_unix) {
  CookiePairs out;
  for (const ResponseCookie& c : response_cookies(response, now_unix)) {
    if (c.cookie.name.empty()) continue;  // nameless cookies cannot be sent back by name
    out.emplace_back(c.cookie.name, c.cookie.value);
  }
  return out;
}

CookiePairs parse_cookie_header(std::string_view header) {
  CookiePairs out;
  for (std::string_view part : split(header, ';')) {
    part = trim(part);
    const std::size_t eq = part.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    out.emplace_back(std::string(trim(part.substr(0, eq))), std::string(trim(part.substr(eq + 1))));
  }
  return out;
}

std::string cookie_header(const CookiePairs& pairs) {
  std::string out;
  for (const auto& [name, value] : pairs) out += (out.empty() ? "" : "; ") + name + "=" + value;
  return out;
}

std::string cookie_names(const CookiePairs& pairs) {
  std::string out;
  for (const auto& p : pairs) out += (out.empty() ? "" : ", ") + p.first;
  return out;
}

HttpRequest get_with_cookies(const std::string& url, const std::string& cookies) {
  HttpRequest req;
  req.url = url;
  req.without_credentials = true;
  req.carries_credentials = !cookies.empty();  // a session a login of the check bought
  if (!cookies.empty()) req.headers.push_back({"Cookie", cookies});
  return req;
}

std::string landing_url(const LoginOutcome& outcome) {
  return outcome.exchanges.empty() ? std::string() : outcome.exchanges.back().request.url;
}

bool looks_logged_in(const Session& session, const Exchange& ex) {
  if (!ex.ok() || ex.response.status < 200 || ex.response.status >= 300) return false;
  if (session.looks_logged_out(ex)) return false;
  const auto& login = session.config().login;
  // A login form is what a visitor without a session is shown.
  if (is_html(ex.response) &&
      (!parse_url(ex.request.url) || shows_login_form(ex, login ? login->username_field : "",
                                                      login ? login->password_field : ""))) {
    return false;
  }
  if (login && !login->logged_in_regex.empty()) {
    // An unusable pattern matches nothing: it proves nothing either.
    if (!Pattern(login->logged_in_regex).search(ex.response.body)) return false;
  }
  return true;
}

double page_similarity(const Exchange& a, const Exchange& b) {
  return similarity(sketch_body(a.response.body, {}), sketch_body(b.response.body, {}));
}

bool shows_logged_in_page(const Session& session, const Exchange& authenticated,
                          const Exchange& probe) {
  return looks_logged_in(session, probe) && page_similarity(probe, authenticated) >= kSamePage;
}

bool anonymous_differs(const Session& session, const Exchange& authenticated, const Exchange& probe,
                       const Exchange& anonymous) {
  if (!anonymous.ok()) return false;
  if (!looks_logged_in(session, anonymous)) return true;
  const double anon = page_similarity(anonymous, authenticated);
  return anon < kSamePage && anon <= page_similarity(probe, authenticated) - kContrastMargin;
}

}  // namespace gapscan::sessionprobe
