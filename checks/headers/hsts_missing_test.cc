#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

TEST_CASE("hsts-missing: HTTPS response without HSTS") {
  const auto check = make_hsts_missing();
  const auto findings = run_passive(*check, "https://example.com/",
                                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\nhi");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check_id == "hsts-missing");
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].per_origin);
  CHECK(findings[0].evidence.header_name == "Strict-Transport-Security");
  CHECK_FALSE(findings[0].evidence.note.empty());
}

TEST_CASE("hsts-missing: any status counts, including redirects and errors") {
  const auto check = make_hsts_missing();
  CHECK(run_passive(*check, "https://example.com/old", "HTTP/1.1 301 Moved\r\nLocation: /\r\n\r\n")
            .size() == 1);
  CHECK(run_passive(*check, "https://example.com/x", "HTTP/1.1 500 Oops\r\n\r\n").size() == 1);
}

TEST_CASE("hsts-missing: present header is fine") {
  const auto check = make_hsts_missing();
  CHECK(run_passive(*check, "https://example.com/",
                    "HTTP/1.1 200 OK\r\nstrict-transport-security: max-age=31536000\r\n\r\nhi")
            .empty());
}

TEST_CASE("hsts-missing: never reported on plain HTTP") {
  const auto check = make_hsts_missing();
  CHECK(run_passive(*check, "http://example.com/", "HTTP/1.1 200 OK\r\n\r\nhi").empty());
  CHECK(run_passive(*check, "HTTP://example.com/", "HTTP/1.1 200 OK\r\n\r\nhi").empty());
}

TEST_CASE("hsts-missing: no response, no finding") {
  const auto check = make_hsts_missing();
  Exchange ex;
  ex.request.url = "https://example.com/";
  ex.error = "connection refused";
  testing::VectorSink sink;
  check->inspect(PassiveContext{ex, nullptr}, sink);
  CHECK(sink.findings.empty());
}

}  // namespace
}  // namespace gapscan
