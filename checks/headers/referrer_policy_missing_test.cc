#include <doctest/doctest.h>

#include <string>

#include "checks/common/all_checks.h"
#include "test/checks/headers_testing.h"

namespace gapscan {
namespace {

using headers_testing::run;

constexpr std::string_view kUrl = "http://example.com/";

std::string page(std::string_view headers, std::string_view body = "<p>x</p>") {
  return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + std::string(headers) + "\r\n" +
         std::string(body);
}

TEST_CASE("referrer-policy-missing: HTML page without a referrer policy") {
  const auto check = make_referrer_policy_missing();
  const auto findings = run(*check, kUrl, page(""));
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "referrer-policy-missing");
  CHECK(f.severity == Severity::info);
  CHECK(f.per_origin);
  CHECK(f.evidence.header_name == "Referrer-Policy");
  CHECK(f.evidence.note.find("no Referrer-Policy header") != std::string::npos);
}

TEST_CASE("referrer-policy-missing: a header with no recognised token") {
  const auto check = make_referrer_policy_missing();
  const auto findings =
      run(*check, kUrl, page("Referrer-Policy: strict-origin-when-crossorigin\r\n"));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].evidence.header_value == "strict-origin-when-crossorigin");
  CHECK(findings[0].message.find("no valid policy") != std::string::npos);
}

TEST_CASE("referrer-policy-missing: header or meta referrer present") {
  const auto check = make_referrer_policy_missing();
  CHECK(run(*check, kUrl, page("Referrer-Policy: no-referrer\r\n")).empty());
  // Even an unsafe policy is a policy (referrer-policy-unsafe reports that).
  CHECK(run(*check, kUrl, page("Referrer-Policy: unsafe-url\r\n")).empty());
  CHECK(run(*check, kUrl, page("", "<meta name=\"referrer\" content=\"same-origin\">")).empty());
  CHECK(run(*check, kUrl, page("", "<meta name=\"REFERRER\" content=\"never\">")).empty());
  // http-equiv=referrer is not the referrer meta.
  CHECK(run(*check, kUrl, page("", "<meta http-equiv=\"referrer\" content=\"same-origin\">"))
            .size() == 1);
}

TEST_CASE("referrer-policy-missing: non-HTML and non-2xx are not findings") {
  const auto check = make_referrer_policy_missing();
  CHECK(run(*check, kUrl, "HTTP/1.1 200 OK\r\nContent-Type: text/css\r\n\r\nbody{}").empty());
  CHECK(run(*check, kUrl, "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\nx").empty());
}

}  // namespace
}  // namespace gapscan
