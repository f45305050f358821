// Shared by the cookie checks that judge every cookie: what a cookie is for sets the severity
// and the wording of the finding.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "checks/common/check.h"
#include "scanner/base/cookies.h"

namespace gapscan::cookiecheck {

struct Judged {
  Finding finding;
  bool session = false;  // looks like a session or authentication cookie
};

// A per-origin finding for the cookie (key: its name; evidence: its Set-Cookie header), at the
// check's severity for a session-like cookie and at `other` for any other one; nullopt for a
// CSRF token or an analytics id, which are meant to be read by scripts and grant nothing.
inline std::optional<Judged> judge(const CheckInfo& info, const Exchange& ex,
                                   const ResponseCookie& rc, Severity other) {
  const CookieRole role = cookie_role(rc.cookie.name, rc.cookie.value);
  if (role == CookieRole::script_readable) return std::nullopt;
  Judged j{make_finding(info, ex), role == CookieRole::session};
  j.finding.per_origin = true;
  j.finding.key = rc.cookie.name;
  if (!j.session) j.finding.severity = other;
  j.finding.evidence.header_name = "Set-Cookie";
  j.finding.evidence.header_value = *rc.header;
  return j;
}

// `Session cookie "sid" <predicate>` or, for another cookie, `Cookie "theme" <predicate>; not a
// session cookie by name or value, but <why it still matters>`.
inline std::string message(const Judged& j, std::string_view predicate, std::string_view why) {
  std::string out = (j.session ? "Session cookie \"" : "Cookie \"") + j.finding.key + "\" " +
                    std::string(predicate);
  if (!j.session) out += "; not a session cookie by name or value, but " + std::string(why);
  return out;
}

// "session-like cookie" or "cookie", for evidence notes.
inline std::string noun(const Judged& j) { return j.session ? "session-like cookie" : "cookie"; }

}  // namespace gapscan::cookiecheck
