#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

constexpr std::string_view kUrl = "https://example.com/app.js";

TEST_CASE("x-content-type-options-missing: header absent") {
  const auto check = make_x_content_type_options_missing();
  const auto findings =
      run_passive(*check, kUrl, "HTTP/1.1 200 OK\r\nContent-Type: text/javascript\r\n\r\nalert(1)");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check_id == "x-content-type-options-missing");
  CHECK(findings[0].severity == Severity::low);
  CHECK(findings[0].per_origin);
  CHECK(findings[0].evidence.header_name == "X-Content-Type-Options");
  CHECK(findings[0].evidence.header_value.empty());
}

TEST_CASE("x-content-type-options-missing: nosniff in any case with spaces is fine") {
  const auto check = make_x_content_type_options_missing();
  CHECK(run_passive(*check, kUrl, "HTTP/1.1 200 OK\r\nX-Content-Type-Options: nosniff\r\n\r\nx")
            .empty());
  CHECK(run_passive(*check, kUrl, "HTTP/1.1 200 OK\r\nx-content-type-options:   NoSniff  \r\n\r\nx")
            .empty());
}

TEST_CASE("x-content-type-options-missing: a wrong value is shown in the evidence") {
  const auto check = make_x_content_type_options_missing();
  const auto findings =
      run_passive(*check, kUrl, "HTTP/1.1 200 OK\r\nX-Content-Type-Options: sniff\r\n\r\nx");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].evidence.header_value == "sniff");
  CHECK(findings[0].evidence.note.find("\"sniff\"") != std::string::npos);
  CHECK(run_passive(*check, kUrl, "HTTP/1.1 200 OK\r\nX-Content-Type-Options: nosniffx\r\n\r\nx")
            .size() == 1);
}

TEST_CASE("x-content-type-options-missing: no body or non-2xx is not a finding") {
  const auto check = make_x_content_type_options_missing();
  CHECK(run_passive(*check, kUrl, "HTTP/1.1 204 No Content\r\n\r\n").empty());
  CHECK(run_passive(*check, kUrl, "HTTP/1.1 404 Not Found\r\n\r\nmissing").empty());
  CHECK(run_passive(*check, kUrl, "HTTP/1.1 301 Moved\r\nLocation: /\r\n\r\nmoved").empty());
}

}  // namespace
}  // namespace gapscan
