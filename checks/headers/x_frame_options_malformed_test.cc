#include <doctest/doctest.h>

#include <string>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

constexpr std::string_view kUrl = "https://example.com/";

std::vector<Finding> run_xfo(const PassiveCheck& check, std::string_view headers) {
  return run_passive(
      check, kUrl,
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + std::string(headers) + "\r\n<p>x</p>");
}

TEST_CASE("x-frame-options-malformed: ALLOW-FROM is ignored by browsers") {
  const auto check = make_x_frame_options_malformed();
  const auto findings = run_xfo(*check, "X-Frame-Options: ALLOW-FROM https://partner.example\r\n");
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "x-frame-options-malformed");
  CHECK(f.severity == Severity::low);
  CHECK(f.per_origin);
  CHECK(f.evidence.header_name == "X-Frame-Options");
  CHECK(f.evidence.header_value == "ALLOW-FROM https://partner.example");
  CHECK(f.message.find("ALLOW-FROM") != std::string::npos);
}

TEST_CASE("x-frame-options-malformed: garbage, ALLOWALL and empty values") {
  const auto check = make_x_frame_options_malformed();
  const auto garbage = run_xfo(*check, "X-Frame-Options: SAMEORGIN\r\n");
  REQUIRE(garbage.size() == 1);
  CHECK(garbage[0].message.find("SAMEORGIN") != std::string::npos);
  CHECK(run_xfo(*check, "X-Frame-Options: ALLOWALL\r\n").size() == 1);
  // Still reported when CSP frame-ancestors overrides it, with a note saying so.
  const auto overridden = run_xfo(*check,
                                  "X-Frame-Options: ALLOW-FROM https://a.example\r\n"
                                  "Content-Security-Policy: frame-ancestors https://a.example\r\n");
  REQUIRE(overridden.size() == 1);
  CHECK(overridden[0].evidence.note.find("takes precedence") != std::string::npos);
  const auto empty = run_xfo(*check, "X-Frame-Options: \r\n");
  REQUIRE(empty.size() == 1);
  CHECK(empty[0].message.find("empty") != std::string::npos);
}

TEST_CASE("x-frame-options-malformed: conflicting values") {
  const auto check = make_x_frame_options_malformed();
  const auto two_headers =
      run_xfo(*check, "X-Frame-Options: DENY\r\nX-Frame-Options: SAMEORIGIN\r\n");
  REQUIRE(two_headers.size() == 1);
  CHECK(two_headers[0].evidence.header_value == "DENY, SAMEORIGIN");
  CHECK(two_headers[0].message.find("conflicting") != std::string::npos);
  CHECK(two_headers[0].message.find("refuse all framing") != std::string::npos);
  const auto invalid_pair = run_xfo(*check, "X-Frame-Options: foo, bar\r\n");
  REQUIRE(invalid_pair.size() == 1);
  CHECK(invalid_pair[0].message.find("allow framing") != std::string::npos);
}

TEST_CASE("x-frame-options-malformed: DENY / SAMEORIGIN, repeated identical values") {
  const auto check = make_x_frame_options_malformed();
  CHECK(run_xfo(*check, "X-Frame-Options: DENY\r\n").empty());
  CHECK(run_xfo(*check, "x-frame-options:  sameorigin \r\n").empty());
  CHECK(run_xfo(*check, "X-Frame-Options: DENY\r\nX-Frame-Options: deny\r\n").empty());
  CHECK(run_xfo(*check, "X-Frame-Options: SAMEORIGIN, sameorigin\r\n").empty());
}

TEST_CASE("x-frame-options-malformed: no header, non-HTML and non-2xx are not findings") {
  const auto check = make_x_frame_options_malformed();
  CHECK(run_xfo(*check, "").empty());
  CHECK(run_passive(*check, kUrl,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    "X-Frame-Options: ALLOW-FROM x\r\n\r\n{}")
            .empty());
  CHECK(run_passive(*check, kUrl,
                    "HTTP/1.1 403 Forbidden\r\nContent-Type: text/html\r\n"
                    "X-Frame-Options: ALLOW-FROM x\r\n\r\nno")
            .empty());
}

}  // namespace
}  // namespace gapscan
