#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

constexpr std::string_view kUrl = "http://example.com/api/data";

TEST_CASE("content-type-missing: body without Content-Type") {
  const auto check = make_content_type_missing();
  const auto findings = run_passive(
      *check, kUrl, "HTTP/1.1 200 OK\r\nContent-Length: 21\r\n\r\n<b>hi</b>\nsecond line");
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "content-type-missing");
  CHECK(f.severity == Severity::low);
  CHECK(f.per_origin);
  CHECK(f.evidence.header_name == "Content-Type");
  CHECK(f.evidence.snippet == "<b>hi</b>");
  CHECK(f.evidence.line == 1);
  CHECK(f.evidence.note.find("no Content-Type header") != std::string::npos);
  CHECK(f.message.find("21 bytes") != std::string::npos);
}

TEST_CASE("content-type-missing: empty Content-Type header counts as missing") {
  const auto check = make_content_type_missing();
  const auto findings = run_passive(*check, kUrl, "HTTP/1.1 200 OK\r\nContent-Type: \r\n\r\n{}");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].evidence.note.find("empty") != std::string::npos);
}

TEST_CASE("content-type-missing: not reported") {
  const auto check = make_content_type_missing();
  CHECK(run_passive(*check, kUrl, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{}")
            .empty());
  // No body.
  CHECK(run_passive(*check, kUrl, "HTTP/1.1 204 No Content\r\n\r\n").empty());
  CHECK(run_passive(*check, kUrl, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n").empty());
  // Not 2xx.
  CHECK(run_passive(*check, kUrl, "HTTP/1.1 404 Not Found\r\n\r\nnot found").empty());
  CHECK(run_passive(*check, kUrl, "HTTP/1.1 301 Moved\r\nLocation: /\r\n\r\nmoved").empty());
}

}  // namespace
}  // namespace gapscan
