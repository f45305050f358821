// Set-Cookie parsing (RFC 6265 §5.2, with the RFC 6265bis SameSite rules) and the
// session-cookie heuristic shared by the cookie checks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/http.h"

namespace gapscan {

enum class SameSite { absent, strict, lax, none, invalid };

struct CookieAttribute {
  std::string name;   // as sent, trimmed
  std::string value;  // as sent, trimmed; empty when the attribute had no '='
};

struct SetCookie {
  std::string name;
  std::string value;  // as sent (quotes kept)
  bool secure = false;
  bool http_only = false;
  bool partitioned = false;
  SameSite same_site = SameSite::absent;
  std::string same_site_value;              // raw value of the last SameSite attribute
  std::optional<std::string> domain;        // lower-case, leading '.' removed
  std::optional<std::string> path;          // only when it starts with '/'
  std::optional<std::int64_t> expires;      // Unix seconds; absent when missing or unparsable
  std::optional<std::int64_t> max_age;      // seconds; absent when missing or malformed
  std::vector<CookieAttribute> attributes;  // every attribute in order, recognised or not

  // True when the header removes the cookie rather than setting it: Max-Age <= 0 (Max-Age
  // wins over Expires), Expires at or before `now_unix`, or an empty value.
  bool is_deletion(std::int64_t now_unix) const;
  bool is_deletion() const;  // against the current time
};

// Parses one Set-Cookie header value. nullopt when the browser would ignore it (no name and
// no value). A pair without '=' is a nameless cookie, as browsers treat it (RFC 6265bis).
std::optional<SetCookie> parse_set_cookie(std::string_view header_value);

// One cookie a response sets: the parsed cookie and the Set-Cookie header it came from.
struct ResponseCookie {
  const std::string* header;  // the Set-Cookie value, inside the response's header list
  SetCookie cookie;
};

// The cookies a response sets, for the cookie checks: every Set-Cookie header parsed, the ones
// browsers ignore and the deletions (judged at `now_unix`) dropped, and only the first header
// of each cookie name kept, in header order. Pointers refer into `response`.
std::vector<ResponseCookie> response_cookies(const HttpResponse& response, std::int64_t now_unix);
std::vector<ResponseCookie> response_cookies(const HttpResponse& response);  // at the current time

// The response's Date header as Unix seconds, or the current time when absent or unparsable.
std::int64_t response_time(const HttpResponse& response);

// The tolerant cookie-date parser of RFC 6265 §5.1.1 ("Wed, 21 Oct 2015 07:28:00 GMT",
// "Wednesday, 21-Oct-15 07:28:00 GMT", "Wed Oct 21 07:28:00 2015", ...). Unix seconds.
std::optional<std::int64_t> parse_cookie_date(std::string_view text);

// Whether a cookie probably carries a session or credential: by name (sess, sid, auth,
// token, jwt, __Host-/__Secure- prefixes, ...) or by a long high-entropy value. CSRF tokens
// and analytics cookies are excluded: those are meant to be readable by scripts.
bool looks_like_session_cookie(std::string_view name, std::string_view value);

// What a cookie is for, as far as its name and value tell: the cookie checks judge session
// cookies at their severity, other cookies one level lower, and leave script-readable ones
// (CSRF tokens, analytics ids) alone where the attribute would break them or protect nothing.
enum class CookieRole { session, script_readable, other };
CookieRole cookie_role(std::string_view name, std::string_view value);

// Shannon entropy of `s` in bits per character.
double shannon_entropy(std::string_view s);

}  // namespace gapscan
