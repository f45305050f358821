#include <doctest/doctest.h>

#include <string>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

constexpr std::string_view kUrl = "https://example.com/";

std::vector<Finding> run_with(std::string_view headers) {
  const auto check = make_clickjacking_protection_missing();
  const std::string raw = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + std::string(headers) +
                          "\r\n<html><body>x</body></html>";
  return run_passive(*check, kUrl, raw);
}

TEST_CASE("clickjacking-protection-missing: no protection at all") {
  const auto findings = run_with("");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check_id == "clickjacking-protection-missing");
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].per_origin);
  CHECK(findings[0].evidence.header_name == "X-Frame-Options");
  CHECK(findings[0].evidence.note.find("frame-ancestors") != std::string::npos);
}

TEST_CASE("clickjacking-protection-missing: valid X-Frame-Options") {
  CHECK(run_with("X-Frame-Options: DENY\r\n").empty());
  CHECK(run_with("x-frame-options:  sameorigin \r\n").empty());
  // Conflicting values block framing in browsers.
  CHECK(run_with("X-Frame-Options: SAMEORIGIN, DENY\r\n").empty());
}

TEST_CASE("clickjacking-protection-missing: ALLOW-FROM is not protection") {
  const auto findings = run_with("X-Frame-Options: ALLOW-FROM https://x.example\r\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].evidence.header_value == "ALLOW-FROM https://x.example");
  CHECK(run_with("X-Frame-Options: ALLOWALL\r\n").size() == 1);
}

TEST_CASE("clickjacking-protection-missing: CSP frame-ancestors counts as protection") {
  CHECK(
      run_with("Content-Security-Policy: default-src 'self'; frame-ancestors 'self'\r\n").empty());
  CHECK(run_with("Content-Security-Policy: FRAME-ANCESTORS 'none'\r\n").empty());
  // An empty source list means 'none'.
  CHECK(run_with("Content-Security-Policy: frame-ancestors;script-src 'self'\r\n").empty());
  // Several CSP headers combine.
  CHECK(run_with("Content-Security-Policy: default-src 'self'\r\n"
                 "Content-Security-Policy: frame-ancestors https://a.example\r\n")
            .empty());
  // Comma-separated policies in one header.
  CHECK(
      run_with("Content-Security-Policy: default-src 'self', frame-ancestors 'self'\r\n").empty());
}

TEST_CASE("clickjacking-protection-missing: CSP without frame-ancestors is not protection") {
  CHECK(run_with("Content-Security-Policy: default-src 'self'\r\n").size() == 1);
  // A directive whose name merely contains it does not count.
  CHECK(run_with("Content-Security-Policy: x-frame-ancestors 'none'\r\n").size() == 1);
  // Report-Only enforces nothing.
  CHECK(run_with("Content-Security-Policy-Report-Only: frame-ancestors 'none'\r\n").size() == 1);
}

TEST_CASE("clickjacking-protection-missing: frame-ancestors * overrides X-Frame-Options") {
  const auto findings =
      run_with("Content-Security-Policy: frame-ancestors *\r\nX-Frame-Options: DENY\r\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].evidence.header_name == "Content-Security-Policy");
  CHECK(findings[0].evidence.header_value == "frame-ancestors *");
  CHECK(run_with("Content-Security-Policy: frame-ancestors https:\r\n").size() == 1);
}

TEST_CASE("clickjacking-protection-missing: non-HTML and non-2xx are not findings") {
  const auto check = make_clickjacking_protection_missing();
  CHECK(run_passive(*check, kUrl,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"a\":1}")
            .empty());
  CHECK(
      run_passive(*check, kUrl, "HTTP/1.1 500 Error\r\nContent-Type: text/html\r\n\r\nx").empty());
}

}  // namespace
}  // namespace gapscan
