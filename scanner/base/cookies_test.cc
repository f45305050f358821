#include "scanner/base/cookies.h"

#include <doctest/doctest.h>

namespace gapscan {
namespace {

constexpr std::int64_t kNow = 1700000000;  // 2023-11-14

SetCookie parse(std::string_view v) {
  auto c = parse_set_cookie(v);
  REQUIRE(c.has_value());
  return *c;
}

TEST_CASE("cookies: name, value and flags") {
  const SetCookie c = parse(" sid = abc123 ; Path=/; Secure; HttpOnly; SameSite=Lax");
  CHECK(c.name == "sid");
  CHECK(c.value == "abc123");
  CHECK(c.secure);
  CHECK(c.http_only);
  CHECK_FALSE(c.partitioned);
  CHECK(c.same_site == SameSite::lax);
  REQUIRE(c.path.has_value());
  CHECK(*c.path == "/");
  CHECK(c.attributes.size() == 4);
  CHECK(c.attributes[3].name == "SameSite");
  CHECK(c.attributes[3].value == "Lax");
}

TEST_CASE("cookies: attribute names are case-insensitive and values keep '='") {
  const SetCookie c = parse("t=a=b=c; secure; HTTPONLY; samesite=STRICT; PARTITIONED");
  CHECK(c.name == "t");
  CHECK(c.value == "a=b=c");
  CHECK(c.secure);
  CHECK(c.http_only);
  CHECK(c.partitioned);
  CHECK(c.same_site == SameSite::strict);
}

TEST_CASE("cookies: flags are only recognised as attributes, not in the value") {
  const SetCookie c = parse("note=Secure HttpOnly; Path=/");
  CHECK_FALSE(c.secure);
  CHECK_FALSE(c.http_only);
}

TEST_CASE("cookies: nameless and empty cookies") {
  const SetCookie nameless = parse("justavalue; Secure");
  CHECK(nameless.name.empty());
  CHECK(nameless.value == "justavalue");
  CHECK_FALSE(parse_set_cookie("").has_value());
  CHECK_FALSE(parse_set_cookie("=; Secure").has_value());
  CHECK_FALSE(parse_set_cookie("   ").has_value());
}

TEST_CASE("cookies: SameSite values") {
  CHECK(parse("a=b").same_site == SameSite::absent);
  CHECK(parse("a=b; SameSite=None; Secure").same_site == SameSite::none);
  CHECK(parse("a=b; SameSite=foo").same_site == SameSite::invalid);
  CHECK(parse("a=b; SameSite=foo").same_site_value == "foo");
  CHECK(parse("a=b; SameSite").same_site == SameSite::invalid);
  // The last occurrence wins.
  CHECK(parse("a=b; SameSite=foo; samesite=lax").same_site == SameSite::lax);
}

TEST_CASE("cookies: Domain and Path") {
  const SetCookie c = parse("a=b; Domain=.Example.COM; Path=relative");
  REQUIRE(c.domain.has_value());
  CHECK(*c.domain == "example.com");
  CHECK_FALSE(c.path.has_value());
  CHECK_FALSE(parse("a=b; Domain=").domain.has_value());
}

TEST_CASE("cookies: tolerant date parser") {
  CHECK(parse_cookie_date("Wed, 21 Oct 2015 07:28:00 GMT") == 1445412480);
  CHECK(parse_cookie_date("Wednesday, 21-Oct-15 07:28:00 GMT") == 1445412480);
  CHECK(parse_cookie_date("Wed Oct 21 07:28:00 2015") == 1445412480);
  CHECK(parse_cookie_date("21 october 2015 7:28:0") == 1445412480);
  CHECK(parse_cookie_date("Thu, 01 Jan 1970 00:00:00 GMT") == 0);
  CHECK(parse_cookie_date("Thu, 31-Dec-37 23:59:59 GMT") == 2145916799);
  CHECK_FALSE(parse_cookie_date("not a date").has_value());
  CHECK_FALSE(parse_cookie_date("Wed, 32 Oct 2015 07:28:00 GMT").has_value());
  CHECK_FALSE(parse_cookie_date("Wed, 21 Oct 2015 24:28:00 GMT").has_value());
  CHECK_FALSE(parse_cookie_date("Wed, 21 Oct 1600 07:28:00 GMT").has_value());
  CHECK_FALSE(parse_cookie_date("Wed, 21 Foo 2015 07:28:00 GMT").has_value());
  CHECK_FALSE(parse_cookie_date("").has_value());
}

TEST_CASE("cookies: Max-Age parsing") {
  CHECK(parse("a=b; Max-Age=3600").max_age == 3600);
  CHECK(parse("a=b; max-age=-5").max_age == -5);
  CHECK_FALSE(parse("a=b; Max-Age=12abc").max_age.has_value());
  CHECK_FALSE(parse("a=b; Max-Age=").max_age.has_value());
  CHECK(parse("a=b; Max-Age=99999999999999999999999").max_age > 0);
}

TEST_CASE("cookies: deletions") {
  CHECK(parse("sid=; Path=/").is_deletion(kNow));
  CHECK(parse("sid=\"\"").is_deletion(kNow));
  CHECK(parse("sid=x; Max-Age=0").is_deletion(kNow));
  CHECK(parse("sid=x; Max-Age=-1").is_deletion(kNow));
  CHECK(parse("sid=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT").is_deletion(kNow));
  CHECK_FALSE(parse("sid=x; Expires=Fri, 31 Dec 2100 23:59:59 GMT").is_deletion(kNow));
  CHECK_FALSE(parse("sid=x").is_deletion(kNow));
  // Max-Age takes precedence over Expires.
  CHECK_FALSE(parse("sid=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60").is_deletion(kNow));
  // An unparsable Expires is ignored: a session cookie, not a deletion.
  CHECK_FALSE(parse("sid=x; Expires=garbage").is_deletion(kNow));
  CHECK(parse("sid=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT").is_deletion());
}

TEST_CASE("cookies: session cookies by name") {
  for (std::string_view name :
       {"PHPSESSID", "JSESSIONID", "ASP.NET_SessionId", "ASPSESSIONIDQQGDSRTB", "connect.sid",
        "laravel_session", "sid", "session", "sessid", "auth", "auth_token", "jwt", "remember_me",
        "login", "wordpress_logged_in_abc", ".AspNetCore.Identity.Application", "__Host-id",
        "__Secure-pref", "token"}) {
    CAPTURE(name);
    CHECK(looks_like_session_cookie(name, "x"));
  }
}

TEST_CASE("cookies: script-readable and ordinary cookies are not sessions") {
  for (std::string_view name :
       {"csrftoken", "XSRF-TOKEN", "_csrf", "__Host-csrf", "theme", "lang", "side", "inside", "_ga",
        "_gid", "_ga_ABC123", "_hjSessionUser_123", "__RequestVerificationToken"}) {
    CAPTURE(name);
    CHECK_FALSE(looks_like_session_cookie(name, "x"));
  }
  CHECK_FALSE(looks_like_session_cookie("_ga", "GA1.2.1234567890.1700000000"));
  CHECK_FALSE(looks_like_session_cookie("theme", "light"));
}

TEST_CASE("cookies: session cookies by value entropy") {
  CHECK(looks_like_session_cookie("pref", "a8f5f167f44f4964e6c998dee827110c"));
  CHECK(looks_like_session_cookie("x", "\"kJ8sPq2LmZ9vXw4TnR7yBc3D\""));
  CHECK(looks_like_session_cookie("x", "kJ8sPq2LmZ9vXw4TnR7yBc%3D%3D"));
  CHECK_FALSE(looks_like_session_cookie("x", "aaaaaaaaaaaaaaaaaaaaaaaa"));
  CHECK_FALSE(looks_like_session_cookie("x", "12345678901234567890"));  // digits: < 3.5 bits
  CHECK_FALSE(looks_like_session_cookie("x", "kJ8sPq2LmZ9"));           // too short
  CHECK_FALSE(looks_like_session_cookie("x", "{\"a\":\"kJ8sPq2LmZ9vXw4TnR7y\"}"));
  CHECK_FALSE(looks_like_session_cookie("csrf", "a8f5f167f44f4964e6c998dee827110c"));
}

TEST_CASE("cookies: shannon entropy") {
  CHECK(shannon_entropy("") == doctest::Approx(0.0));
  CHECK(shannon_entropy("aaaa") == doctest::Approx(0.0));
  CHECK(shannon_entropy("abab") == doctest::Approx(1.0));
  CHECK(shannon_entropy("abcd") == doctest::Approx(2.0));
}

}  // namespace
}  // namespace gapscan
