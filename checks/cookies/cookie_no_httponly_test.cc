#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

TEST_CASE("cookie-no-httponly: session cookie without HttpOnly") {
  const auto check = make_cookie_no_httponly();
  const auto findings = run_passive(*check, "http://example.com/",
                                    "HTTP/1.1 200 OK\r\n"
                                    "Set-Cookie: JSESSIONID=ABCDEF0123; Path=/; Secure\r\n\r\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check_id == "cookie-no-httponly");
  CHECK(findings[0].severity == Severity::low);
  CHECK(findings[0].per_origin);
  CHECK(findings[0].key == "JSESSIONID");
  CHECK(findings[0].evidence.header_value == "JSESSIONID=ABCDEF0123; Path=/; Secure");
}

TEST_CASE("cookie-no-httponly: high-entropy value counts as a session cookie") {
  const auto check = make_cookie_no_httponly();
  CHECK(run_passive(*check, "https://example.com/",
                    "HTTP/1.1 200 OK\r\nSet-Cookie: u=a8f5f167f44f4964e6c998dee827110c\r\n\r\n")
            .size() == 1);
}

TEST_CASE("cookie-no-httponly: CSRF, analytics, HttpOnly and deleted cookies are fine") {
  const auto check = make_cookie_no_httponly();
  CHECK(run_passive(*check, "https://example.com/",
                    "HTTP/1.1 200 OK\r\n"
                    "Set-Cookie: XSRF-TOKEN=a8f5f167f44f4964e6c998dee827110c; Path=/\r\n"
                    "Set-Cookie: _ga=GA1.2.3\r\n"
                    "Set-Cookie: sessionid=abc; httponly\r\n"
                    "Set-Cookie: auth=; Path=/\r\n\r\n")
            .empty());
}

TEST_CASE("cookie-no-httponly: other cookies are info, with the reason") {
  const auto check = make_cookie_no_httponly();
  // DVWA keeps its security level in a client cookie; a tracking id set without any flag.
  const auto findings = run_passive(*check, "http://example.com/",
                                    "HTTP/1.1 200 OK\r\nSet-Cookie: security=low\r\n"
                                    "Set-Cookie: visitor=12345; Path=/\r\n\r\n");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].key == "security");
  CHECK(findings[0].severity == Severity::info);
  CHECK(findings[0].message ==
        "Cookie \"security\" is readable by scripts (no HttpOnly attribute); not a session "
        "cookie by name or value, but an injected script can still read or steal what it holds");
  CHECK(findings[0].evidence.note == "cookie \"security\" has no HttpOnly attribute");
  CHECK(findings[1].key == "visitor");
  CHECK(findings[1].severity == Severity::info);
}

}  // namespace
}  // namespace gapscan
