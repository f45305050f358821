#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/collect_testing.h"
#include "test/checks/page_testing.h"

namespace gapscan {
namespace {

using pageutil::testing::run_raw;

TEST_CASE("login-form-posts-to-http: HTTPS page posting a password to an http:// action") {
  const auto check = make_login_form_posts_to_http();
  const auto findings = run_raw(*check, "https://example.com/login",
                                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                                "<html><body>\n"
                                "<form method=\"post\" action=\"http://example.com/session\">\n"
                                "<input name=user><input type=password name=pw>\n"
                                "</form>\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check_id == "login-form-posts-to-http");
  CHECK(findings[0].severity == Severity::high);
  CHECK(findings[0].key == "http://example.com");  // the server the password goes to
  CHECK(findings[0].evidence.line == 2);
  CHECK(findings[0].evidence.snippet ==
        "<form method=\"post\" action=\"http://example.com/session\">");
  CHECK(findings[0].evidence.note ==
        "password field \"pw\" in a POST form to http://example.com/session");
}

TEST_CASE("login-form-posts-to-http: a form without action on an HTTP page posts to HTTP") {
  const auto check = make_login_form_posts_to_http();
  const auto findings = run_raw(*check, "http://example.com/login",
                                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                                "<form method=post><input type=password name=pw></form>"
                                "<form method=post action=/other><input type=password></form>");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].key == "http://example.com");
  CHECK(findings[1].key == "http://example.com");  // merged by the collector
}

TEST_CASE("login-form-posts-to-http: https actions, javascript actions, no password") {
  const auto check = make_login_form_posts_to_http();
  CHECK(run_raw(*check, "http://example.com/login",
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                "<form method=post action=https://example.com/s><input type=password></form>"
                "<form action=\"javascript:login()\"><input type=password></form>"
                "<form method=post action=http://example.com/search><input name=q></form>")
            .empty());
}

TEST_CASE("login-form-posts-to-http: one finding per server the passwords go to") {
  const auto check = make_login_form_posts_to_http();
  const std::string raw =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<form method=post "
      "action=\"http://example.com/session\"><input type=password name=pw></form>";
  const auto findings = collect_testing::collect(*check, {
                                                             {"https://example.com/", raw},
                                                             {"https://example.com/x", raw},
                                                         });
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].per_origin);
  CHECK(findings[0].affected_count == 2);
  auto posting_to = [](std::string_view action) {
    return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<form method=post action=\"" +
           std::string(action) + "\"><input type=password name=pw></form>";
  };
  const auto by_server = collect_testing::collect(
      *check, {
                  {"https://example.com/", posting_to("http://example.com/session")},
                  {"https://example.com/signup", posting_to("http://example.com/register")},
                  {"https://example.com/sso", posting_to("http://idp.example.net/login")},
              });
  REQUIRE(by_server.size() == 2);
  CHECK(by_server[0].key == "http://example.com");
  CHECK(by_server[0].affected_count == 2);
  CHECK(by_server[1].key == "http://idp.example.net");
}

}  // namespace
}  // namespace gapscan
