#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

TEST_CASE("cookie-samesite-none-insecure: SameSite=None without Secure") {
  const auto check = make_cookie_samesite_none_insecure();
  const auto findings = run_passive(*check, "https://example.com/",
                                    "HTTP/1.1 200 OK\r\n"
                                    "Set-Cookie: widget=1; Path=/; SameSite=None\r\n\r\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check_id == "cookie-samesite-none-insecure");
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].per_origin);
  CHECK(findings[0].key == "widget");
  CHECK(findings[0].evidence.header_name == "Set-Cookie");
  CHECK(findings[0].evidence.header_value == "widget=1; Path=/; SameSite=None");
}

TEST_CASE("cookie-samesite-none-insecure: value is case-insensitive, later SameSite wins") {
  const auto check = make_cookie_samesite_none_insecure();
  CHECK(run_passive(*check, "http://example.com/",
                    "HTTP/1.1 200 OK\r\nSet-Cookie: a=1; samesite=Lax; SAMESITE=none\r\n\r\n")
            .size() == 1);
}

TEST_CASE("cookie-samesite-none-insecure: Secure, Lax, absent and deleted cookies are fine") {
  const auto check = make_cookie_samesite_none_insecure();
  CHECK(run_passive(*check, "https://example.com/",
                    "HTTP/1.1 200 OK\r\n"
                    "Set-Cookie: a=1; SameSite=None; Secure\r\n"
                    "Set-Cookie: b=1; SameSite=Lax\r\n"
                    "Set-Cookie: c=1\r\n"
                    "Set-Cookie: d=; SameSite=None\r\n\r\n")
            .empty());
}

}  // namespace
}  // namespace gapscan
