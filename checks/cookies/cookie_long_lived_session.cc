// cookie-long-lived-session: a cookie that outlives the configured maximum (session-like ones
// at low, others info).
#include "checks/common/all_checks.h"
#include "checks/cookies/cookie_finding.h"
#include "scanner/base/cookies.h"

namespace gapscan {

const CheckInfo kCookieLongLivedSession{
    "cookie-long-lived-session",
    "Long-lived session or state cookie",
    CheckKind::passive,
    613,
    Severity::low,
    Confidence::medium,
    "A cookie that looks like a session or authentication cookie is persistent with a lifetime "
    "(Max-Age, or Expires relative to the response's Date) longer than the configured maximum "
    "(12 hours by default, ASVS 4.0 3.3.2's absolute session limit; see "
    "--session-cookie-max-age). A stolen or forgotten session stays "
    "usable for that long, and it survives browser restarts on shared computers. Other "
    "persistent cookies (client-held state such as security=low, tracking ids) are reported "
    "at info; CSRF tokens and analytics ids are not reported.",
    "Give session cookies no Expires/Max-Age (a browser-session cookie) or a short lifetime, "
    "and enforce idle and absolute session timeouts on the server; use a separate, revocable "
    "\"remember me\" token if long sign-ins are a feature.",
    {"https://cheatsheetseries.owasp.org/cheatsheets/"
     "Session_Management_Cheat_Sheet.html#session-expiration",
     "https://cwe.mitre.org/data/definitions/613.html",
     "https://github.com/OWASP/ASVS/blob/v4.0.3/4.0/en/0x12-V3-Session-management.md",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie#max-agenumber"},
};

namespace {

std::string describe_duration(std::int64_t s) {
  constexpr std::int64_t kDay = 86400;
  if (s >= kDay) return std::to_string(s / kDay) + (s / kDay == 1 ? " day" : " days");
  if (s >= 3600) return std::to_string(s / 3600) + (s / 3600 == 1 ? " hour" : " hours");
  return std::to_string(s) + " seconds";
}

class CookieLongLivedSession final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    if (!has_header(ex.response.headers, "Set-Cookie")) return;
    const std::int64_t limit = settings_of(ctx).session_cookie_max_lifetime_s;
    // Expires is the server's clock: compare it with the server's Date.
    const std::int64_t now = response_time(ex.response);
    for (const ResponseCookie& rc : response_cookies(ex.response, now)) {
      const SetCookie& cookie = rc.cookie;
      if (!cookie.max_age && !cookie.expires) continue;
      // Max-Age wins over Expires (RFC 6265 §5.3 step 3).
      const std::int64_t lifetime = cookie.max_age ? *cookie.max_age : *cookie.expires - now;
      if (lifetime <= limit) continue;
      // Analytics ids are meant to persist; a CSRF token carries no authority.
      auto j = cookiecheck::judge(kCookieLongLivedSession, ex, rc, Severity::info);
      if (!j) continue;
      j->finding.evidence.note = std::string(cookie.max_age ? "Max-Age" : "Expires") + " gives " +
                                 describe_duration(lifetime) + ", over the " +
                                 describe_duration(limit) + " limit";
      j->finding.message = cookiecheck::message(*j,
                                                "lives for " + describe_duration(lifetime) +
                                                    " (more than " + describe_duration(limit) + ")",
                                                "any state it holds lasts as long");
      sink.report(std::move(j->finding));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_cookie_long_lived_session() {
  return std::make_unique<CookieLongLivedSession>();
}

}  // namespace gapscan
