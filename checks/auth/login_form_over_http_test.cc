#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/collect_testing.h"
#include "test/checks/page_testing.h"

namespace gapscan {
namespace {

using pageutil::testing::run_raw;

TEST_CASE("login-form-over-http: password form on a plain-HTTP page") {
  const auto check = make_login_form_over_http();
  const auto findings = run_raw(*check, "http://example.com/login",
                                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                                "<html><body>\n"
                                "<form method=post action=\"https://example.com/session\">\n"
                                "  <input name=user>\n"
                                "  <input type=\"password\" name=\"pw\">\n"
                                "</form>\n"
                                "<form method=post><input type=password name=other></form>\n");
  REQUIRE(findings.size() == 1);  // one per page
  CHECK(findings[0].check_id == "login-form-over-http");
  CHECK(findings[0].severity == Severity::high);
  CHECK(findings[0].per_origin);
  CHECK(findings[0].key.empty());  // one per origin
  CHECK(findings[0].url == "http://example.com/login");
  CHECK(findings[0].evidence.line == 4);
  CHECK(findings[0].evidence.snippet == "<input type=\"password\" name=\"pw\">");
  CHECK(findings[0].evidence.note ==
        "password field \"pw\" in a POST form to https://example.com/session on a plain-HTTP "
        "page");
}

TEST_CASE("login-form-over-http: HTTPS pages, forms without password, non-2xx are fine") {
  const auto check = make_login_form_over_http();
  CHECK(run_raw(*check, "https://example.com/login",
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                "<form method=post><input type=password name=pw></form>")
            .empty());
  CHECK(run_raw(*check, "http://example.com/",
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                "<form><input name=q><input type=text name=password></form>")
            .empty());
  CHECK(run_raw(*check, "http://example.com/missing",
                "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n"
                "<form method=post><input type=password name=pw></form>")
            .empty());
  CHECK(run_raw(*check, "http://example.com/x.txt",
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"
                "<form method=post><input type=password name=pw></form>")
            .empty());
}

TEST_CASE("login-form-over-http: one finding per origin, every page counted") {
  const auto check = make_login_form_over_http();
  auto login_box = [](std::string_view action) {
    return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<form method=post action=\"" +
           std::string(action) + "\"><input type=password name=pw></form>";
  };
  const auto findings =
      collect_testing::collect(*check, {
                                           {"http://example.com/", login_box("/login")},
                                           {"http://example.com/news", login_box("/login")},
                                           {"http://example.com/about", login_box("/login")},
                                           {"http://example.com/admin/", login_box("/admin/login")},
                                       });
  // MediaWiki shows a login form, a sign-up form and a password-reset form: one fix (HTTPS).
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].key.empty());
  CHECK(findings[0].affected_count == 4);
  const auto two = collect_testing::collect(*check, {
                                                        {"http://example.com/", login_box("/in")},
                                                        {"http://other.test/", login_box("/in")},
                                                    });
  CHECK(two.size() == 2);  // two origins
}

}  // namespace
}  // namespace gapscan
