#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/page_testing.h"

namespace gapscan {
namespace {

using pageutil::testing::run_raw;

TEST_CASE("session-id-in-url: ;jsessionid= in the requested URL") {
  const auto check = make_session_id_in_url();
  const auto findings = run_raw(*check, "http://example.com/shop;jsessionid=A1B2C3D4E5F6?x=1",
                                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nhello");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check_id == "session-id-in-url");
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].per_origin);
  CHECK(findings[0].key == "jsessionid");
  CHECK(findings[0].parameter == "jsessionid");
  CHECK(findings[0].evidence.snippet == "http://example.com/shop;jsessionid=A1B2C3D4E5F6?x=1");
}

TEST_CASE("session-id-in-url: query parameters in the URL, case-insensitive names") {
  const auto check = make_session_id_in_url();
  const auto findings =
      run_raw(*check, "https://example.com/a?PHPSESSID=k2j3h4g5f6d7s8a9&ASPSESSIONIDQQGGT=ABC12345",
              "HTTP/1.1 200 OK\r\n\r\n");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].key == "phpsessid");
  CHECK(findings[0].parameter == "PHPSESSID");
  CHECK(findings[1].key == "aspsessionidqqggt");
}

TEST_CASE("session-id-in-url: same-origin links in the page") {
  const auto check = make_session_id_in_url();
  const auto findings =
      run_raw(*check, "https://example.com/",
              "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
              "<html>\n<body>\n"
              "<a href=\"/cart;jsessionid=0123456789ABCDEF\">cart</a>\n"
              "<a href=\"/a?sid=9f8e7d6c5b4a\">a</a> <a href=\"/b?sid=1a2b3c4d5e6f\">b</a>\n"
              "<form method=post action=\"/buy?session_id=s3ss10n1d\"><input name=x></form>\n"
              "<a href=\"https://other.example/?sid=9f8e7d6c5b4a11\">other site</a>\n");
  REQUIRE(findings.size() == 3);
  CHECK(findings[0].key == "jsessionid");
  CHECK(findings[0].url == "https://example.com/");
  CHECK(findings[0].evidence.line == 3);
  CHECK(findings[0].evidence.note ==
        "link to https://example.com/cart;jsessionid=0123456789ABCDEF carries session parameter "
        "jsessionid");
  CHECK(findings[1].key == "sid");  // once per page and parameter
  CHECK(findings[1].evidence.line == 4);
  CHECK(findings[2].key == "session_id");
  CHECK(findings[2].evidence.line == 5);
}

TEST_CASE("session-id-in-url: a long all-letter value is a token") {
  const auto check = make_session_id_in_url();
  CHECK(run_raw(*check, "https://example.com/?sid=qwertyuiopasdfghjklzx", "HTTP/1.1 200 OK\r\n\r\n")
            .size() == 1);
}

TEST_CASE("session-id-in-url: short or word values, other names, other sites are fine") {
  const auto check = make_session_id_in_url();
  CHECK(run_raw(*check, "https://example.com/?sid=1&sess=abc&sessionid=loggedin&s=a1b2c3d4e5",
                "HTTP/1.1 200 OK\r\n\r\n")
            .empty());
  CHECK(run_raw(*check, "https://example.com/x;jsessionid=",
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                "<a href=\"https://cdn.example.net/?sid=9f8e7d6c5b4a\">x</a>"
                "<a href=\"/page?side=9f8e7d6c5b4a\">y</a>")
            .empty());
}

}  // namespace
}  // namespace gapscan
