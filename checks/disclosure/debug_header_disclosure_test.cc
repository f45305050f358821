#include <doctest/doctest.h>

#include <string>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

std::vector<Finding> run_headers(std::string_view headers) {
  const auto check = make_debug_header_disclosure();
  return run_passive(*check, "https://example.com/",
                     "HTTP/1.1 200 OK\r\n" + std::string(headers) + "\r\nhi");
}

TEST_CASE("debug-header-disclosure: each debug header") {
  for (std::string_view name : {"X-Debug-Token", "X-Debug-Token-Link", "X-ChromeLogger-Data",
                                "X-ChromePhp-Data", "X-Debug-Info"}) {
    CAPTURE(name);
    const auto findings = run_headers(std::string(name) + ": abc123\r\n");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].check_id == "debug-header-disclosure");
    CHECK(findings[0].severity == Severity::medium);
    CHECK(findings[0].per_origin);
    CHECK(findings[0].key == name);
    CHECK(findings[0].evidence.header_name == name);
    CHECK(findings[0].evidence.header_value == "abc123");
  }
}

TEST_CASE("debug-header-disclosure: the Symfony profiler pair gives two findings") {
  const auto findings = run_headers(
      "X-Debug-Token: 5f1a2b\r\nX-Debug-Token-Link: https://example.com/_profiler/5f1a2b\r\n");
  CHECK(findings.size() == 2);
}

TEST_CASE("debug-header-disclosure: long values are cut") {
  const auto findings = run_headers("X-ChromeLogger-Data: " + std::string(5000, 'A') + "\r\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].evidence.header_value.size() < 300);
}

TEST_CASE("debug-header-disclosure: ordinary headers are fine") {
  CHECK(run_headers("X-Request-Id: abc\r\nX-Debug: 0\r\nServer: nginx\r\n").empty());
}

}  // namespace
}  // namespace gapscan
