#include "scanner/base/cookies.h"

#include <array>
#include <cctype>
#include <cmath>
#include <ctime>
#include <set>

#include "scanner/base/text.h"

namespace gapscan {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// RFC 6265 §5.1.1: delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E.
bool is_date_delimiter(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u == 0x09 || (u >= 0x20 && u <= 0x2F) || (u >= 0x3B && u <= 0x40) ||
         (u >= 0x5B && u <= 0x60) || (u >= 0x7B && u <= 0x7E);
}

// Reads 1..max_digits digits at `pos`; nullopt when there are none or too many.
std::optional<int> read_digits(std::string_view s, std::size_t& pos, std::size_t min_digits,
                               std::size_t max_digits) {
  std::size_t start = pos;
  int value = 0;
  while (pos < s.size() && is_digit(s[pos]) && pos - start < max_digits) {
    value = value * 10 + (s[pos] - '0');
    ++pos;
  }
  const std::size_t n = pos - start;
  if (n < min_digits) return std::nullopt;
  // "1*2DIGIT ( non-digit *OCTET )": a further digit means the token does not match.
  if (pos < s.size() && is_digit(s[pos])) return std::nullopt;
  return value;
}

struct Hms {
  int h, m, s;
};

std::optional<Hms> match_time(std::string_view tok) {
  std::size_t pos = 0;
  auto h = read_digits(tok, pos, 1, 2);
  if (!h || pos >= tok.size() || tok[pos] != ':') return std::nullopt;
  ++pos;
  auto m = read_digits(tok, pos, 1, 2);
  if (!m || pos >= tok.size() || tok[pos] != ':') return std::nullopt;
  ++pos;
  auto s = read_digits(tok, pos, 1, 2);
  if (!s) return std::nullopt;
  return Hms{*h, *m, *s};
}

std::optional<int> match_number(std::string_view tok, std::size_t min_digits,
                                std::size_t max_digits) {
  std::size_t pos = 0;
  return read_digits(tok, pos, min_digits, max_digits);
}

std::optional<int> match_month(std::string_view tok) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (tok.size() < 3) return std::nullopt;
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (iequals(tok.substr(0, 3), kMonths[i])) return static_cast<int>(i) + 1;
  }
  return std::nullopt;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Parses a decimal integer, saturating instead of overflowing.
std::optional<std::int64_t> parse_max_age(std::string_view v) {
  // RFC 6265 §5.2.2: first char a digit or '-', the rest digits; otherwise ignored.
  if (v.empty()) return std::nullopt;
  bool negative = false;
  std::size_t pos = 0;
  if (v[0] == '-') {
    negative = true;
    pos = 1;
  }
  if (pos >= v.size()) return std::nullopt;
  std::int64_t value = 0;
  constexpr std::int64_t kCap = std::int64_t{1} << 50;
  for (; pos < v.size(); ++pos) {
    if (!is_digit(v[pos])) return std::nullopt;
    if (value < kCap) value = value * 10 + (v[pos] - '0');
  }
  return negative ? -value : value;
}

std::string_view strip_quotes(std::string_view v) {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') return v.substr(1, v.size() - 2);
  return v;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// Cookies that scripts are meant to read (CSRF double-submit tokens) or that only carry
// analytics identifiers: flagging them as sessions would be noise.
bool is_script_readable_cookie(std::string_view lname) {
  if (lname.find("csrf") != std::string_view::npos ||
      lname.find("xsrf") != std::string_view::npos ||
      lname.find("antiforgery") != std::string_view::npos ||
      lname.find("requestverificationtoken") != std::string_view::npos) {
    return true;
  }
  for (std::string_view exact : {"_ga", "_gid", "_gat", "_fbp", "_fbc", "_clck", "_clsk"}) {
    if (lname == exact) return true;
  }
  for (std::string_view prefix : {"_ga_", "_gat_", "__utm", "_gcl_", "_hj", "ajs_", "_pk_"}) {
    if (starts_with(lname, prefix)) return true;
  }
  return ends_with(lname, "_mixpanel");
}

bool name_looks_like_session(std::string_view lname) {
  if (starts_with(lname, "__host-") || starts_with(lname, "__secure-")) return true;
  // Substrings distinctive enough not to need word boundaries. "sess" covers session,
  // sessid, phpsessid, jsessionid, asp.net_sessionid, aspsessionid*, laravel_session.
  for (std::string_view part :
       {"sess", "auth", "token", "jwt", "remember", "login", "logged_in", "identity"}) {
    if (lname.find(part) != std::string_view::npos) return true;
  }
  // "sid" only as a whole word ("connect.sid", "sid"), not inside "side" or "inside".
  std::size_t start = 0;
  while (start <= lname.size()) {
    std::size_t end = start;
    while (end < lname.size() && std::isalnum(static_cast<unsigned char>(lname[end]))) ++end;
    if (lname.substr(start, end - start) == "sid") return true;
    start = end + 1;
  }
  return false;
}

bool value_looks_like_token(std::string_view value) {
  std::string_view v = strip_quotes(value);
  // URL-encoded base64 padding is still a token.
  while (ends_with(v, "%3D") || ends_with(v, "%3d")) v.remove_suffix(3);
  if (v.size() < 16) return false;
  for (char c : v) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
                    c == '.' || c == '+' || c == '/' || c == '=' || c == ':' || c == '~';
    if (!ok) return false;
  }
  return shannon_entropy(v) >= 3.5;
}

}  // namespace

std::optional<std::int64_t> parse_cookie_date(std::string_view text) {
  std::optional<Hms> time;
  std::optional<int> day, month, year;
  std::size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && is_date_delimiter(text[pos])) ++pos;
    std::size_t end = pos;
    while (end < text.size() && !is_date_delimiter(text[end])) ++end;
    const std::string_view tok = text.substr(pos, end - pos);
    pos = end;
    if (tok.empty()) continue;
    if (!time) {
      if (auto t = match_time(tok)) {
        time = t;
        continue;
      }
    }
    if (!day) {
      if (auto d = match_number(tok, 1, 2)) {
        day = d;
        continue;
      }
    }
    if (!month) {
      if (auto m = match_month(tok)) {
        month = m;
        continue;
      }
    }
    if (!year) {
      if (auto y = match_number(tok, 2, 4)) {
        year = y;
        continue;
      }
    }
  }
  if (!time || !day || !month || !year) return std::nullopt;
  int y = *year;
  if (y >= 70 && y <= 99) y += 1900;
  if (y >= 0 && y <= 69) y += 2000;
  if (*day < 1 || *day > 31 || y < 1601 || time->h > 23 || time->m > 59 || time->s > 59) {
    return std::nullopt;
  }
  const std::int64_t days =
      days_from_civil(y, static_cast<unsigned>(*month), static_cast<unsigned>(*day));
  const std::int64_t seconds = std::int64_t{time->h} * 3600 + std::int64_t{time->m} * 60 + time->s;
  return days * 86400 + seconds;
}

std::optional<SetCookie> parse_set_cookie(std::string_view header_value) {
  SetCookie c;
  const std::size_t semi = header_value.find(';');
  const std::string_view pair = header_value.substr(0, semi);
  const std::size_t eq = pair.find('=');
  if (eq == std::string_view::npos) {
    c.value = std::string(trim(pair));
  } else {
    c.name = std::string(trim(pair.substr(0, eq)));
    c.value = std::string(trim(pair.substr(eq + 1)));
  }
  if (c.name.empty() && c.value.empty()) return std::nullopt;
  if (semi == std::string_view::npos) return c;

  for (std::string_view av : split(header_value.substr(semi + 1), ';')) {
    const std::size_t aeq = av.find('=');
    const std::string_view name = trim(av.substr(0, aeq));
    const std::string_view value =
        aeq == std::string_view::npos ? std::string_view{} : trim(av.substr(aeq + 1));
    if (name.empty()) continue;
    c.attributes.push_back({std::string(name), std::string(value)});
    // Later attributes override earlier ones (RFC 6265 §5.3 step 3 uses the last).
    if (iequals(name, "secure")) {
      c.secure = true;
    } else if (iequals(name, "httponly")) {
      c.http_only = true;
    } else if (iequals(name, "partitioned")) {
      c.partitioned = true;
    } else if (iequals(name, "samesite")) {
      c.same_site_value = std::string(value);
      if (iequals(value, "strict")) {
        c.same_site = SameSite::strict;
      } else if (iequals(value, "lax")) {
        c.same_site = SameSite::lax;
      } else if (iequals(value, "none")) {
        c.same_site = SameSite::none;
      } else {
        c.same_site = SameSite::invalid;
      }
    } else if (iequals(name, "domain")) {
      std::string_view d = value;
      if (!d.empty() && d.front() == '.') d.remove_prefix(1);
      if (!d.empty()) c.domain = to_lower(d);
    } else if (iequals(name, "path")) {
      if (!value.empty() && value.front() == '/') {
        c.path = std::string(value);
      } else {
        c.path.reset();
      }
    } else if (iequals(name, "expires")) {
      if (auto t = parse_cookie_date(value)) c.expires = t;
    } else if (iequals(name, "max-age")) {
      if (auto m = parse_max_age(value)) c.max_age = m;
    }
  }
  return c;
}

bool SetCookie::is_deletion(std::int64_t now_unix) const {
  if (value.empty() || strip_quotes(value).empty()) return true;
  if (max_age) return *max_age <= 0;
  if (expires) return *expires <= now_unix;
  return false;
}

bool SetCookie::is_deletion() const {
  return is_deletion(static_cast<std::int64_t>(std::time(nullptr)));
}

std::vector<ResponseCookie> response_cookies(const HttpResponse& response, std::int64_t now_unix) {
  std::vector<ResponseCookie> out;
  std::set<std::string> seen;
  for (const std::string* header : find_headers(response.headers, "Set-Cookie")) {
    auto cookie = parse_set_cookie(*header);
    if (!cookie || cookie->is_deletion(now_unix)) continue;
    if (!seen.insert(cookie->name).second) continue;
    out.push_back({header, std::move(*cookie)});
  }
  return out;
}

std::vector<ResponseCookie> response_cookies(const HttpResponse& response) {
  return response_cookies(response, static_cast<std::int64_t>(std::time(nullptr)));
}

std::int64_t response_time(const HttpResponse& response) {
  if (const std::string* date = find_header(response.headers, "Date")) {
    if (auto t = parse_cookie_date(*date)) return *t;
  }
  return static_cast<std::int64_t>(std::time(nullptr));
}

double shannon_entropy(std::string_view s) {
  if (s.empty()) return 0.0;
  std::array<std::size_t, 256> counts{};
  for (char c : s) ++counts[static_cast<unsigned char>(c)];
  double h = 0.0;
  const auto n = static_cast<double>(s.size());
  for (std::size_t k : counts) {
    if (k == 0) continue;
    const double p = static_cast<double>(k) / n;
    h -= p * std::log2(p);
  }
  return h;
}

CookieRole cookie_role(std::string_view name, std::string_view value) {
  const std::string lname = to_lower(trim(name));
  if (is_script_readable_cookie(lname)) return CookieRole::script_readable;
  if (name_looks_like_session(lname) || value_looks_like_token(value)) return CookieRole::session;
  return CookieRole::other;
}

bool looks_like_session_cookie(std::string_view name, std::string_view value) {
  return cookie_role(name, value) == CookieRole::session;
}

}  // namespace gapscan
