#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

TEST_CASE("session-cookie-over-http: session cookie in a plain-HTTP response") {
  const auto check = make_session_cookie_over_http();
  const auto findings = run_passive(*check, "http://example.com/login",
                                    "HTTP/1.1 302 Found\r\nLocation: /home\r\n"
                                    "Set-Cookie: JSESSIONID=ABCDEF0123; Path=/; HttpOnly\r\n"
                                    "Set-Cookie: theme=dark\r\n\r\n");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].check_id == "session-cookie-over-http");
  CHECK(findings[0].severity == Severity::high);
  CHECK(findings[0].per_origin);
  CHECK(findings[0].key == "JSESSIONID");
  CHECK(findings[0].evidence.header_name == "Set-Cookie");
  CHECK(findings[0].evidence.header_value == "JSESSIONID=ABCDEF0123; Path=/; HttpOnly");
  // Not a session cookie: one level lower, and the message says why it is still reported.
  CHECK(findings[1].key == "theme");
  CHECK(findings[1].severity == Severity::medium);
  CHECK(findings[1].message ==
        "Cookie \"theme\" is set over plain HTTP, where it can be read on the network; not a "
        "session cookie by name or value, but anyone on the network can also change it, and the "
        "server may trust its value");
}

TEST_CASE("session-cookie-over-http: HTTPS, CSRF, analytics and deleted cookies are fine") {
  const auto check = make_session_cookie_over_http();
  CHECK(run_passive(*check, "https://example.com/",
                    "HTTP/1.1 200 OK\r\nSet-Cookie: sessionid=abc\r\n\r\n")
            .empty());
  CHECK(run_passive(*check, "http://example.com/",
                    "HTTP/1.1 200 OK\r\nSet-Cookie: _gid=GA1.2.3\r\n"
                    "Set-Cookie: sessionid=; Max-Age=0\r\n"
                    "Set-Cookie: csrftoken=a8f5f167f44f4964e6c998dee827110c\r\n\r\n")
            .empty());
}

}  // namespace
}  // namespace gapscan
