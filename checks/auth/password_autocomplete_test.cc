#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/page_testing.h"

namespace gapscan {
namespace {

using pageutil::testing::run_raw;

TEST_CASE("password-autocomplete: login password field without autocomplete") {
  const auto check = make_password_autocomplete();
  const auto findings = run_raw(*check, "https://example.com/login",
                                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                                "<form method=post action=/login>\n"
                                "<input name=user autocomplete=username>\n"
                                "<input type=password name=pw>\n"
                                "</form>\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check_id == "password-autocomplete");
  CHECK(findings[0].severity == Severity::info);
  CHECK(findings[0].per_origin);
  CHECK(findings[0].evidence.line == 3);
  CHECK(findings[0].evidence.snippet == "<input type=password name=pw>");
}

TEST_CASE("password-autocomplete: autocomplete present, sign-up forms, non-2xx pages") {
  const auto check = make_password_autocomplete();
  CHECK(run_raw(*check, "https://example.com/",
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                "<form method=post><input type=password autocomplete=current-password></form>"
                "<form method=post><input type=password autocomplete=off></form>"
                "<form method=post><input type=password name=a><input type=password name=b>"
                "</form><form><input name=q></form>")
            .empty());
  CHECK(run_raw(*check, "https://example.com/",
                "HTTP/1.1 500 Error\r\nContent-Type: text/html\r\n\r\n"
                "<form method=post><input type=password></form>")
            .empty());
}

}  // namespace
}  // namespace gapscan
