#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

TEST_CASE("cookie-prefix-violation: __Secure- without Secure") {
  const auto check = make_cookie_prefix_violation();
  const auto findings = run_passive(*check, "https://example.com/",
                                    "HTTP/1.1 200 OK\r\n"
                                    "Set-Cookie: __Secure-id=abc; Path=/\r\n\r\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check_id == "cookie-prefix-violation");
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].per_origin);
  CHECK(findings[0].key == "__Secure-id");
  CHECK(findings[0].evidence.header_value == "__Secure-id=abc; Path=/");
  CHECK(findings[0].evidence.note == "__Secure- cookie: no Secure attribute");
}

TEST_CASE("cookie-prefix-violation: __Secure- with Secure but set over http") {
  const auto check = make_cookie_prefix_violation();
  const auto findings =
      run_passive(*check, "http://example.com/",
                  "HTTP/1.1 200 OK\r\nSet-Cookie: __Secure-id=abc; Secure\r\n\r\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].evidence.note == "__Secure- cookie: set over plain HTTP");
}

TEST_CASE("cookie-prefix-violation: __Host- with Domain, wrong or missing Path") {
  const auto check = make_cookie_prefix_violation();
  const auto findings =
      run_passive(*check, "https://app.example.com/",
                  "HTTP/1.1 200 OK\r\n"
                  "Set-Cookie: __Host-a=1; Secure; Path=/; Domain=app.example.com\r\n"
                  "Set-Cookie: __Host-b=1; Secure; Path=/app\r\n"
                  "Set-Cookie: __host-c=1; Secure\r\n\r\n");
  REQUIRE(findings.size() == 3);
  CHECK(findings[0].key == "__Host-a");
  CHECK(findings[0].evidence.note ==
        "__Host- cookie: has a Domain attribute (Domain=app.example.com)");
  CHECK(findings[1].evidence.note == "__Host- cookie: Path is /app, not /");
  CHECK(findings[2].key == "__host-c");  // prefixes match case-insensitively
  CHECK(findings[2].evidence.note == "__Host- cookie: no Path=/");
}

TEST_CASE("cookie-prefix-violation: every problem is listed") {
  const auto check = make_cookie_prefix_violation();
  const auto findings =
      run_passive(*check, "http://example.com/",
                  "HTTP/1.1 200 OK\r\nSet-Cookie: __Host-x=1; Domain=example.com\r\n\r\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].evidence.note ==
        "__Host- cookie: no Secure attribute; set over plain HTTP; has a Domain attribute "
        "(Domain=example.com); no Path=/");
}

TEST_CASE("cookie-prefix-violation: compliant and unprefixed cookies are fine") {
  const auto check = make_cookie_prefix_violation();
  CHECK(run_passive(*check, "https://example.com/",
                    "HTTP/1.1 200 OK\r\n"
                    "Set-Cookie: __Host-sid=abc; Secure; Path=/; HttpOnly\r\n"
                    "Set-Cookie: __Secure-t=abc; Secure; Domain=example.com; Path=/x\r\n"
                    "Set-Cookie: Secure-id=abc\r\n"
                    "Set-Cookie: _Host-id=abc\r\n\r\n")
            .empty());
}

}  // namespace
}  // namespace gapscan
