#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/page_testing.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using pageutil::testing::run_raw;
using testing::run_passive;

TEST_CASE("cookie-long-lived-session: Max-Age over the default 12 hours") {
  const auto check = make_cookie_long_lived_session();
  const auto findings = run_passive(*check, "https://example.com/",
                                    "HTTP/1.1 200 OK\r\n"
                                    "Set-Cookie: sessionid=abc; Max-Age=2592000; HttpOnly\r\n\r\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check_id == "cookie-long-lived-session");
  CHECK(findings[0].severity == Severity::low);
  CHECK(findings[0].per_origin);
  CHECK(findings[0].key == "sessionid");
  CHECK(findings[0].evidence.header_value == "sessionid=abc; Max-Age=2592000; HttpOnly");
  CHECK(findings[0].evidence.note == "Max-Age gives 30 days, over the 12 hours limit");
  CHECK(findings[0].message ==
        "Session cookie \"sessionid\" lives for 30 days (more than 12 hours)");
}

TEST_CASE("cookie-long-lived-session: Expires is compared with the Date header") {
  const auto check = make_cookie_long_lived_session();
  const auto findings =
      run_passive(*check, "https://example.com/",
                  "HTTP/1.1 200 OK\r\n"
                  "Date: Wed, 21 Oct 2015 07:28:00 GMT\r\n"
                  "Set-Cookie: auth_token=x; Expires=Thu, 21 Oct 2016 07:28:00 GMT\r\n"
                  "Set-Cookie: sid=y; Expires=Wed, 21 Oct 2015 15:28:00 GMT\r\n\r\n");
  REQUIRE(findings.size() == 1);  // sid lives 8 hours: within the limit
  CHECK(findings[0].key == "auth_token");
  CHECK(findings[0].evidence.note == "Expires gives 366 days, over the 12 hours limit");
}

TEST_CASE("cookie-long-lived-session: a day-long session id is reported, a working day is not") {
  const auto check = make_cookie_long_lived_session();
  const auto day =
      run_passive(*check, "https://example.com/",
                  "HTTP/1.1 200 OK\r\nSet-Cookie: PHPSESSID=abc; Max-Age=86400\r\n\r\n");
  REQUIRE(day.size() == 1);
  CHECK(day[0].evidence.note == "Max-Age gives 1 day, over the 12 hours limit");
  CHECK(run_passive(*check, "https://example.com/",
                    "HTTP/1.1 200 OK\r\nSet-Cookie: PHPSESSID=abc; Max-Age=28800\r\n\r\n")
            .empty());
}

TEST_CASE("cookie-long-lived-session: Expires without Date is compared with now") {
  const auto check = make_cookie_long_lived_session();
  CHECK(run_passive(*check, "https://example.com/",
                    "HTTP/1.1 200 OK\r\n"
                    "Set-Cookie: PHPSESSID=y; Expires=Fri, 01 Jan 2100 00:00:00 GMT\r\n\r\n")
            .size() == 1);
}

TEST_CASE("cookie-long-lived-session: Max-Age wins over Expires") {
  const auto check = make_cookie_long_lived_session();
  CHECK(
      run_passive(*check, "https://example.com/",
                  "HTTP/1.1 200 OK\r\n"
                  "Set-Cookie: sid=y; Expires=Fri, 01 Jan 2100 00:00:00 GMT; Max-Age=3600\r\n\r\n")
          .empty());
}

TEST_CASE("cookie-long-lived-session: the limit comes from the settings") {
  const auto check = make_cookie_long_lived_session();
  CheckSettings settings;
  settings.session_cookie_max_lifetime_s = 3600;
  const char* raw = "HTTP/1.1 200 OK\r\nSet-Cookie: sid=abc; Max-Age=7200\r\n\r\n";
  CHECK(run_raw(*check, "https://example.com/", raw, {}, &settings).size() == 1);
  CHECK(run_raw(*check, "https://example.com/", raw).empty());
  settings.session_cookie_max_lifetime_s = 7200;  // exactly the limit is fine
  CHECK(run_raw(*check, "https://example.com/", raw, {}, &settings).empty());
}

TEST_CASE("cookie-long-lived-session: browser-session, analytics and deleted cookies") {
  const auto check = make_cookie_long_lived_session();
  CHECK(run_passive(*check, "https://example.com/",
                    "HTTP/1.1 200 OK\r\n"
                    "Set-Cookie: sessionid=abc; HttpOnly\r\n"
                    "Set-Cookie: _ga=GA1.2.3; Max-Age=63072000\r\n"
                    "Set-Cookie: auth=x; Max-Age=0\r\n\r\n")
            .empty());
}

TEST_CASE("cookie-long-lived-session: other persistent cookies are info, with the reason") {
  const auto check = make_cookie_long_lived_session();
  const auto findings = run_passive(*check, "https://example.com/",
                                    "HTTP/1.1 200 OK\r\n"
                                    "Set-Cookie: theme=dark; Max-Age=31536000\r\n"
                                    "Set-Cookie: security=low; Max-Age=86400\r\n\r\n");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].key == "theme");
  CHECK(findings[0].severity == Severity::info);
  CHECK(findings[0].message ==
        "Cookie \"theme\" lives for 365 days (more than 12 hours); not a session cookie by name "
        "or value, but any state it holds lasts as long");
  CHECK(findings[1].key == "security");
  CHECK(findings[1].severity == Severity::info);
}

}  // namespace
}  // namespace gapscan
