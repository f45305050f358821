#include <doctest/doctest.h>

#include <string>

#include "checks/common/all_checks.h"
#include "test/checks/headers_testing.h"

namespace gapscan {
namespace {

using headers_testing::run;

constexpr std::string_view kUrl = "http://example.com/";

std::string page(std::string_view csp_headers, std::string_view body = "<p>x</p>") {
  return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + std::string(csp_headers) + "\r\n" +
         std::string(body);
}

TEST_CASE("csp-no-object-src: neither object-src nor default-src") {
  const auto check = make_csp_no_object_src();
  const auto findings =
      run(*check, kUrl, page("Content-Security-Policy: script-src 'self'; base-uri 'none'\r\n"));
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "csp-no-object-src");
  CHECK(f.severity == Severity::low);
  CHECK(f.per_origin);
  CHECK(f.evidence.header_name == "Content-Security-Policy");
  CHECK(f.evidence.header_value == "script-src 'self'; base-uri 'none'");
  CHECK(f.evidence.note.find("no object-src and no default-src") != std::string::npos);
}

TEST_CASE("csp-no-object-src: object-src * (or default-src * as fallback)") {
  const auto check = make_csp_no_object_src();
  const auto star =
      run(*check, kUrl, page("Content-Security-Policy: default-src 'self'; object-src *\r\n"));
  REQUIRE(star.size() == 1);
  CHECK(star[0].message.find("object-src") != std::string::npos);
  const auto fallback = run(*check, kUrl, page("Content-Security-Policy: default-src *\r\n"));
  REQUIRE(fallback.size() == 1);
  CHECK(fallback[0].message.find("default-src") != std::string::npos);
}

TEST_CASE("csp-no-object-src: restricted by object-src or default-src") {
  const auto check = make_csp_no_object_src();
  CHECK(run(*check, kUrl, page("Content-Security-Policy: object-src 'none'\r\n")).empty());
  CHECK(run(*check, kUrl, page("Content-Security-Policy: default-src 'self'\r\n")).empty());
  // Any one enforced policy restricting plugins suffices.
  CHECK(run(*check, kUrl, page("Content-Security-Policy: script-src 'self', object-src 'none'\r\n"))
            .empty());
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: script-src 'self'\r\n",
                 "<head><meta http-equiv=\"content-security-policy\" "
                 "content=\"object-src 'none'\"></head>"))
            .empty());
}

TEST_CASE("csp-no-object-src: only when an enforced CSP exists") {
  const auto check = make_csp_no_object_src();
  CHECK(run(*check, kUrl, page("")).empty());
  CHECK(run(*check, kUrl, page("Content-Security-Policy-Report-Only: script-src 'self'\r\n"))
            .empty());
  CHECK(run(*check, kUrl, page("Content-Security-Policy: \r\n")).empty());
  CHECK(run(*check, kUrl,
            "HTTP/1.1 301 Moved\r\nContent-Type: text/html\r\nLocation: /\r\n"
            "Content-Security-Policy: script-src 'self'\r\n\r\nx")
            .empty());
}

}  // namespace
}  // namespace gapscan
