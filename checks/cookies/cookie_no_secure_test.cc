#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

TEST_CASE("cookie-no-secure: cookie over HTTPS without Secure") {
  const auto check = make_cookie_no_secure();
  const auto findings = run_passive(*check, "https://example.com/",
                                    "HTTP/1.1 200 OK\r\nSet-Cookie: theme=light; Path=/\r\n\r\n");
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "cookie-no-secure");
  CHECK(f.severity == Severity::low);
  CHECK(f.per_origin);
  CHECK(f.key == "theme");
  CHECK(f.evidence.header_name == "Set-Cookie");
  CHECK(f.evidence.header_value == "theme=light; Path=/");
  CHECK(f.message.find("theme") != std::string::npos);
}

TEST_CASE("cookie-no-secure: session cookie is medium; one finding per cookie name") {
  const auto check = make_cookie_no_secure();
  const auto findings = run_passive(*check, "https://example.com/login",
                                    "HTTP/1.1 302 Found\r\nLocation: /\r\n"
                                    "Set-Cookie: PHPSESSID=abc; path=/; HttpOnly\r\n"
                                    "Set-Cookie: lang=en; Secure\r\n"
                                    "Set-Cookie: PHPSESSID=def; path=/\r\n\r\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].key == "PHPSESSID");
  CHECK(findings[0].severity == Severity::medium);
}

TEST_CASE("cookie-no-secure: Secure cookies, deletions and plain HTTP are not findings") {
  const auto check = make_cookie_no_secure();
  CHECK(run_passive(*check, "https://example.com/",
                    "HTTP/1.1 200 OK\r\nSet-Cookie: sid=abc; secure; HttpOnly\r\n\r\n")
            .empty());
  CHECK(run_passive(*check, "https://example.com/logout",
                    "HTTP/1.1 200 OK\r\nSet-Cookie: sid=; Max-Age=0\r\n"
                    "Set-Cookie: auth=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT\r\n\r\n")
            .empty());
  CHECK(run_passive(*check, "http://example.com/", "HTTP/1.1 200 OK\r\nSet-Cookie: sid=abc\r\n\r\n")
            .empty());
}

}  // namespace
}  // namespace gapscan
