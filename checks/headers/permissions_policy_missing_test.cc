#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

constexpr std::string_view kUrl = "https://example.com/";

TEST_CASE("permissions-policy-missing: HTML page without Permissions-Policy") {
  const auto check = make_permissions_policy_missing();
  const auto findings =
      run_passive(*check, kUrl, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x</p>");
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "permissions-policy-missing");
  CHECK(f.severity == Severity::info);
  CHECK(f.per_origin);
  CHECK(f.evidence.header_name == "Permissions-Policy");
  CHECK(f.evidence.note.find("Feature-Policy") != std::string::npos);
  // An empty header is no policy.
  CHECK(run_passive(*check, kUrl,
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nPermissions-Policy: \r\n\r\nx")
            .size() == 1);
}

TEST_CASE("permissions-policy-missing: Permissions-Policy or legacy Feature-Policy present") {
  const auto check = make_permissions_policy_missing();
  CHECK(run_passive(*check, kUrl,
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                    "permissions-policy: camera=(), geolocation=()\r\n\r\nx")
            .empty());
  CHECK(run_passive(*check, kUrl,
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                    "Feature-Policy: camera 'none'\r\n\r\nx")
            .empty());
}

TEST_CASE("permissions-policy-missing: non-HTML and non-2xx are not findings") {
  const auto check = make_permissions_policy_missing();
  CHECK(run_passive(*check, kUrl, "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nPNG").empty());
  CHECK(run_passive(*check, kUrl, "HTTP/1.1 500 Oops\r\nContent-Type: text/html\r\n\r\nx").empty());
}

}  // namespace
}  // namespace gapscan
