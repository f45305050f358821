#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

constexpr std::string_view kHttps = "https://example.com/";

TEST_CASE("hsts-malformed: missing max-age") {
  const auto check = make_hsts_malformed();
  const auto findings = run_passive(
      *check, kHttps,
      "HTTP/1.1 200 OK\r\nStrict-Transport-Security: includeSubDomains; preload\r\n\r\n");
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "hsts-malformed");
  CHECK(f.severity == Severity::low);
  CHECK(f.per_origin);
  CHECK(f.key == "missing-max-age");
  CHECK(f.evidence.header_name == "Strict-Transport-Security");
  CHECK(f.evidence.header_value == "includeSubDomains; preload");
  CHECK(f.message.find("ignore") != std::string::npos);
}

TEST_CASE("hsts-malformed: invalid max-age values and syntax errors") {
  const auto check = make_hsts_malformed();
  auto keys = [&](std::string_view value) {
    std::vector<std::string> out;
    for (const Finding& f : run_passive(
             *check, kHttps,
             "HTTP/1.1 200 OK\r\nStrict-Transport-Security: " + std::string(value) + "\r\n\r\n")) {
      out.push_back(f.key);
    }
    return out;
  };
  CHECK(keys("max-age=one-year") == std::vector<std::string>{"invalid-max-age"});
  CHECK(keys("max-age='31536000'") == std::vector<std::string>{"invalid-max-age"});
  CHECK(keys("max-age=\"31536000") == std::vector<std::string>{"syntax"});
  CHECK(keys("max-age=31536000, max-age=31536000") == std::vector<std::string>{"syntax"});
  CHECK(keys("max-age=31536000; max-age=600") ==
        std::vector<std::string>{"duplicate-directive:max-age"});
  CHECK(keys("max-age=31536000; includeSubDomains; includeSubDomains") ==
        std::vector<std::string>{"duplicate-directive:includesubdomains"});
}

TEST_CASE("hsts-malformed: several header fields") {
  const auto check = make_hsts_malformed();
  const auto findings = run_passive(*check, kHttps,
                                    "HTTP/1.1 200 OK\r\n"
                                    "Strict-Transport-Security: max-age=31536000\r\n"
                                    "strict-transport-security: max-age=600\r\n\r\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].key == "multiple-headers");
  CHECK(findings[0].evidence.header_value == "max-age=31536000 | max-age=600");
  CHECK(findings[0].message.find("2 Strict-Transport-Security") != std::string::npos);
}

TEST_CASE("hsts-malformed: valid headers, plain HTTP and absent headers are not findings") {
  const auto check = make_hsts_malformed();
  CHECK(run_passive(*check, kHttps,
                    "HTTP/1.1 200 OK\r\nStrict-Transport-Security: max-age=31536000; "
                    "includeSubDomains; preload\r\n\r\n")
            .empty());
  CHECK(run_passive(*check, kHttps,
                    "HTTP/1.1 200 OK\r\nStrict-Transport-Security: max-age=\"0\"\r\n\r\n")
            .empty());
  CHECK(run_passive(*check, "http://example.com/",
                    "HTTP/1.1 200 OK\r\nStrict-Transport-Security: includeSubDomains\r\n\r\n")
            .empty());
  CHECK(run_passive(*check, kHttps, "HTTP/1.1 200 OK\r\n\r\n").empty());
  // An empty header is hsts-missing's finding.
  CHECK(run_passive(*check, kHttps, "HTTP/1.1 200 OK\r\nStrict-Transport-Security: \r\n\r\n")
            .empty());
}

}  // namespace
}  // namespace gapscan
