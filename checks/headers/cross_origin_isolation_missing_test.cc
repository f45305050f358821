#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

constexpr std::string_view kUrl = "https://example.com/";

TEST_CASE("cross-origin-isolation-missing: both headers missing -> two keyed findings") {
  const auto check = make_cross_origin_isolation_missing();
  const auto findings =
      run_passive(*check, kUrl, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x</p>");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].check_id == "cross-origin-isolation-missing");
  CHECK(findings[0].severity == Severity::info);
  CHECK(findings[0].per_origin);
  CHECK(findings[0].key == "cross-origin-opener-policy");
  CHECK(findings[0].evidence.header_name == "Cross-Origin-Opener-Policy");
  CHECK(findings[1].key == "cross-origin-resource-policy");
  CHECK(findings[1].evidence.header_name == "Cross-Origin-Resource-Policy");
  CHECK(findings[0].message != findings[1].message);
}

TEST_CASE("cross-origin-isolation-missing: one header present") {
  const auto check = make_cross_origin_isolation_missing();
  const auto no_corp = run_passive(*check, kUrl,
                                   "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                                   "Cross-Origin-Opener-Policy: same-origin\r\n\r\nx");
  REQUIRE(no_corp.size() == 1);
  CHECK(no_corp[0].key == "cross-origin-resource-policy");
  const auto no_coop = run_passive(*check, kUrl,
                                   "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                                   "cross-origin-resource-policy: same-site\r\n"
                                   "Cross-Origin-Opener-Policy:  \r\n\r\nx");
  REQUIRE(no_coop.size() == 1);
  CHECK(no_coop[0].key == "cross-origin-opener-policy");
}

TEST_CASE("cross-origin-isolation-missing: both present, plain HTTP, non-HTML, non-2xx") {
  const auto check = make_cross_origin_isolation_missing();
  CHECK(run_passive(*check, kUrl,
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                    "Cross-Origin-Opener-Policy: same-origin-allow-popups\r\n"
                    "Cross-Origin-Resource-Policy: same-origin\r\n\r\nx")
            .empty());
  CHECK(run_passive(*check, "http://example.com/",
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\nx")
            .empty());
  CHECK(run_passive(*check, kUrl, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nx").empty());
  CHECK(run_passive(*check, kUrl, "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\nx")
            .empty());
}

}  // namespace
}  // namespace gapscan
