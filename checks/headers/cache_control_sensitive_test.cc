#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/page_testing.h"

namespace gapscan {
namespace {

using pageutil::testing::run_raw;

TEST_CASE("cache-control-sensitive: session cookie without no-store") {
  const auto check = make_cache_control_sensitive();
  const auto findings = run_raw(*check, "https://example.com/",
                                "HTTP/1.1 200 OK\r\nCache-Control: private, no-cache\r\n"
                                "Set-Cookie: sessionid=abc; HttpOnly\r\n\r\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check_id == "cache-control-sensitive");
  CHECK(findings[0].severity == Severity::low);
  CHECK(findings[0].per_origin);
  CHECK(findings[0].key == "session-cookie");
  CHECK(findings[0].evidence.header_name == "Cache-Control");
  CHECK(findings[0].evidence.header_value == "private, no-cache");
  CHECK(findings[0].evidence.note == "Cache-Control has no no-store directive");
}

TEST_CASE("cache-control-sensitive: password form and credentials, one finding per reason") {
  const auto check = make_cache_control_sensitive();
  const auto findings = run_raw(*check, "https://example.com/login",
                                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                                "<form method=post><input type=password name=pw></form>",
                                {{"Authorization", "Basic dTpw"}});
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].key == "password-form");
  CHECK(findings[0].evidence.note == "no Cache-Control header");
  CHECK(findings[1].key == "credentials");
  CHECK(run_raw(*check, "https://example.com/", "HTTP/1.1 200 OK\r\n\r\n", {{"Cookie", "a=b"}})
            .size() == 1);
}

TEST_CASE("cache-control-sensitive: a redirect is stored only with explicit freshness") {
  const auto check = make_cache_control_sensitive();
  CHECK(run_raw(*check, "https://example.com/login",
                "HTTP/1.1 302 Found\r\nLocation: /\r\nSet-Cookie: sid=abc\r\n\r\n")
            .empty());
  CHECK(run_raw(*check, "https://example.com/login",
                "HTTP/1.1 302 Found\r\nLocation: /\r\nCache-Control: max-age=60\r\n"
                "Set-Cookie: sid=abc\r\n\r\n")
            .size() == 1);
}

TEST_CASE("cache-control-sensitive: no-store, or nothing sensitive") {
  const auto check = make_cache_control_sensitive();
  CHECK(run_raw(*check, "https://example.com/",
                "HTTP/1.1 200 OK\r\nCache-Control: private, No-Store\r\nSet-Cookie: sid=abc\r\n"
                "Content-Type: text/html\r\n\r\n<form><input type=password></form>",
                {{"Cookie", "sid=abc"}})
            .empty());
  CHECK(run_raw(*check, "https://example.com/",
                "HTTP/1.1 200 OK\r\nSet-Cookie: theme=dark\r\nContent-Type: text/html\r\n\r\n"
                "<form><input name=q></form>")
            .empty());
}

}  // namespace
}  // namespace gapscan
