#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

constexpr std::string_view kHttps = "https://example.com/";

TEST_CASE("hsts-short-max-age: max-age below six months") {
  const auto check = make_hsts_short_max_age();
  const auto findings = run_passive(*check, kHttps,
                                    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                                    "Strict-Transport-Security: max-age=86400; includeSubDomains"
                                    "\r\n\r\nok");
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "hsts-short-max-age");
  CHECK(f.severity == Severity::low);
  CHECK(f.per_origin);
  CHECK(f.evidence.header_name == "Strict-Transport-Security");
  CHECK(f.evidence.header_value == "max-age=86400; includeSubDomains");
  CHECK(f.message.find("max-age=86400") != std::string::npos);
  CHECK(f.message.find("about 1 day)") != std::string::npos);
}

TEST_CASE("hsts-short-max-age: max-age=0 deletes the policy") {
  const auto check = make_hsts_short_max_age();
  const auto findings = run_passive(*check, kHttps,
                                    "HTTP/1.1 302 Found\r\nLocation: /x\r\n"
                                    "Strict-Transport-Security: max-age=0\r\n\r\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message.find("max-age=0") != std::string::npos);
  CHECK(findings[0].evidence.note.find("removes") != std::string::npos);
}

TEST_CASE("hsts-short-max-age: boundary and long values") {
  const auto check = make_hsts_short_max_age();
  CHECK(run_passive(*check, kHttps,
                    "HTTP/1.1 200 OK\r\nStrict-Transport-Security: max-age=15767999\r\n\r\n")
            .size() == 1);
  CHECK(run_passive(*check, kHttps,
                    "HTTP/1.1 200 OK\r\nStrict-Transport-Security: max-age=15768000\r\n\r\n")
            .empty());
  CHECK(run_passive(*check, kHttps,
                    "HTTP/1.1 200 OK\r\nStrict-Transport-Security: max-age=\"63072000\"; "
                    "preload\r\n\r\n")
            .empty());
}

TEST_CASE("hsts-short-max-age: plain HTTP, missing or malformed headers are not findings") {
  const auto check = make_hsts_short_max_age();
  CHECK(run_passive(*check, "http://example.com/",
                    "HTTP/1.1 200 OK\r\nStrict-Transport-Security: max-age=60\r\n\r\n")
            .empty());
  CHECK(run_passive(*check, kHttps, "HTTP/1.1 200 OK\r\n\r\n").empty());
  // Malformed headers are ignored by browsers: hsts-malformed reports them.
  CHECK(run_passive(*check, kHttps,
                    "HTTP/1.1 200 OK\r\nStrict-Transport-Security: max-age=60; max-age=60\r\n\r\n")
            .empty());
  // Only the first header is processed.
  CHECK(run_passive(*check, kHttps,
                    "HTTP/1.1 200 OK\r\nStrict-Transport-Security: max-age=31536000\r\n"
                    "Strict-Transport-Security: max-age=60\r\n\r\n")
            .empty());
}

}  // namespace
}  // namespace gapscan
