#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

TEST_CASE("cors-wildcard-with-credentials: * with credentials true") {
  const auto check = make_cors_wildcard_with_credentials();
  const auto findings = run_passive(*check, "https://api.example.com/v1/me",
                                    "HTTP/1.1 200 OK\r\n"
                                    "Access-Control-Allow-Origin: *\r\n"
                                    "Access-Control-Allow-Credentials: TRUE \r\n\r\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check_id == "cors-wildcard-with-credentials");
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].per_origin);
  CHECK(findings[0].evidence.header_name == "Access-Control-Allow-Origin");
  CHECK(findings[0].evidence.header_value == "*");
}

TEST_CASE("cors-wildcard-with-credentials: either header alone, or a specific origin") {
  const auto check = make_cors_wildcard_with_credentials();
  CHECK(run_passive(*check, "https://example.com/",
                    "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\n\r\n")
            .empty());
  CHECK(run_passive(*check, "https://example.com/",
                    "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Credentials: true\r\n\r\n")
            .empty());
  CHECK(run_passive(*check, "https://example.com/",
                    "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: https://app.example.com\r\n"
                    "Access-Control-Allow-Credentials: true\r\n\r\n")
            .empty());
  CHECK(run_passive(*check, "https://example.com/",
                    "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\n"
                    "Access-Control-Allow-Credentials: false\r\n\r\n")
            .empty());
}

}  // namespace
}  // namespace gapscan
