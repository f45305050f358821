#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/collect_testing.h"
#include "test/checks/page_testing.h"

namespace gapscan {
namespace {

using pageutil::testing::run_raw;

TEST_CASE("password-in-get-form: explicit and default GET") {
  const auto check = make_password_in_get_form();
  const auto findings = run_raw(*check, "https://example.com/login",
                                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                                "<html>\n"
                                "<form method=GET action=/auth><input name=u>"
                                "<input type=password name=pass></form>\n"
                                "<form action=/auth2><input type=password name=pin></form>\n");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].check_id == "password-in-get-form");
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].key == "https://example.com/auth");
  CHECK(findings[0].parameter == "pass");
  CHECK(findings[0].evidence.line == 2);
  CHECK(findings[1].key == "https://example.com/auth2");
  CHECK(findings[1].parameter == "pin");
  CHECK(findings[1].evidence.line == 3);
}

TEST_CASE("password-in-get-form: POST forms, GET forms without password, script actions") {
  const auto check = make_password_in_get_form();
  CHECK(run_raw(*check, "https://example.com/",
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                "<form method=post action=/auth><input type=password name=p></form>"
                "<form action=/search><input name=q></form>"
                "<form action=\"javascript:void(0)\"><input type=password name=p></form>")
            .empty());
}

TEST_CASE("password-in-get-form: one finding per origin and form action") {
  const auto check = make_password_in_get_form();
  const std::string raw =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
      "<form action=/auth><input type=password name=pin></form>";
  const std::string other =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
      "<form action=/other><input type=password name=pin></form>";
  const auto findings = collect_testing::collect(*check, {
                                                             {"https://example.com/b", raw},
                                                             {"https://example.com/a", raw},
                                                             {"https://example.com/c", other},
                                                         });
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].key == "https://example.com/auth");
  CHECK(findings[0].parameter == "pin");
  CHECK(findings[0].affected_count == 2);
  CHECK(findings[1].key == "https://example.com/other");
  CHECK(findings[1].affected_count == 1);
}

}  // namespace
}  // namespace gapscan
