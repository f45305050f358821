#include <doctest/doctest.h>

#include <string>

#include "checks/common/all_checks.h"
#include "test/checks/headers_testing.h"

namespace gapscan {
namespace {

using headers_testing::run;

constexpr std::string_view kUrl = "https://example.com/";

std::string page(std::string_view csp_headers, std::string_view body = "<p>x</p>") {
  return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + std::string(csp_headers) + "\r\n" +
         std::string(body);
}

TEST_CASE("csp-report-only: report-only header without an enforced policy") {
  const auto check = make_csp_report_only();
  const auto findings =
      run(*check, kUrl,
          page("Content-Security-Policy-Report-Only: default-src 'self'; report-uri /csp\r\n"));
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "csp-report-only");
  CHECK(f.severity == Severity::low);
  CHECK(f.per_origin);
  CHECK(f.evidence.header_name == "Content-Security-Policy-Report-Only");
  CHECK(f.evidence.header_value == "default-src 'self'; report-uri /csp");
  CHECK(f.message.find("not enforced") != std::string::npos);
}

TEST_CASE("csp-report-only: an empty CSP header does not count as enforced") {
  const auto check = make_csp_report_only();
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: ;\r\n"
                 "Content-Security-Policy-Report-Only: default-src 'self'\r\n"))
            .size() == 1);
}

TEST_CASE("csp-report-only: an enforced policy alongside is fine") {
  const auto check = make_csp_report_only();
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: default-src 'self'\r\n"
                 "Content-Security-Policy-Report-Only: default-src 'none'\r\n"))
            .empty());
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy-Report-Only: default-src 'none'\r\n",
                 "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\">"))
            .empty());
}

TEST_CASE("csp-report-only: no report-only header, empty one, non-HTML") {
  const auto check = make_csp_report_only();
  CHECK(run(*check, kUrl, page("")).empty());
  CHECK(run(*check, kUrl, page("Content-Security-Policy-Report-Only:  \r\n")).empty());
  CHECK(run(*check, kUrl,
            "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n"
            "Content-Security-Policy-Report-Only: default-src 'self'\r\n\r\nPNG")
            .empty());
}

}  // namespace
}  // namespace gapscan
