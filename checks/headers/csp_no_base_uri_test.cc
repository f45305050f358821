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

TEST_CASE("csp-no-base-uri: policy without base-uri") {
  const auto check = make_csp_no_base_uri();
  const auto findings = run(*check, kUrl,
                            page("Content-Security-Policy: default-src 'none'; script-src "
                                 "'nonce-x' 'strict-dynamic'\r\n"));
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "csp-no-base-uri");
  CHECK(f.severity == Severity::low);
  CHECK(f.per_origin);
  CHECK(f.evidence.header_name == "Content-Security-Policy");
  CHECK(f.evidence.note.find("no base-uri") != std::string::npos);
  CHECK(f.message.find("<base href>") != std::string::npos);
}

TEST_CASE("csp-no-base-uri: default-src does not cover base-uri") {
  const auto check = make_csp_no_base_uri();
  CHECK(run(*check, kUrl, page("Content-Security-Policy: default-src 'none'\r\n")).size() == 1);
}

TEST_CASE("csp-no-base-uri: base-uri in any enforced policy, header or meta") {
  const auto check = make_csp_no_base_uri();
  CHECK(run(*check, kUrl, page("Content-Security-Policy: default-src 'self'; BASE-URI 'none'\r\n"))
            .empty());
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: default-src 'self'\r\n"
                 "Content-Security-Policy: base-uri 'self'\r\n"))
            .empty());
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: default-src 'self'\r\n",
                 "<meta http-equiv=\"Content-Security-Policy\" content=\"base-uri 'self'\">"))
            .empty());
  // A report-only base-uri does not count.
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: default-src 'self'\r\n"
                 "Content-Security-Policy-Report-Only: base-uri 'self'\r\n"))
            .size() == 1);
}

TEST_CASE("csp-no-base-uri: no CSP, non-HTML or non-2xx are not findings") {
  const auto check = make_csp_no_base_uri();
  CHECK(run(*check, kUrl, page("")).empty());
  CHECK(run(*check, kUrl, page("Content-Security-Policy-Report-Only: default-src 'self'\r\n"))
            .empty());
  CHECK(run(*check, kUrl,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            "Content-Security-Policy: default-src 'none'\r\n\r\n{}")
            .empty());
}

}  // namespace
}  // namespace gapscan
