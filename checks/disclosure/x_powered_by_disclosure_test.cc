#include <doctest/doctest.h>

#include <string>

#include "checks/common/all_checks.h"
#include "scanner/base/url.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

std::vector<Finding> run_headers(std::string_view headers) {
  const auto check = make_x_powered_by_disclosure();
  return run_passive(*check, "https://example.com/",
                     "HTTP/1.1 200 OK\r\n" + std::string(headers) + "\r\nhi");
}

TEST_CASE("x-powered-by-disclosure: technology headers") {
  struct Case {
    std::string_view header;
    std::string_view name;
  };
  for (const Case& c :
       {Case{"X-Powered-By: PHP/8.1.2\r\n", "X-Powered-By"},
        Case{"X-Powered-By: Express\r\n", "X-Powered-By"},
        Case{"X-AspNet-Version: 4.0.30319\r\n", "X-AspNet-Version"},
        Case{"X-AspNetMvc-Version: 5.2\r\n", "X-AspNetMvc-Version"},
        Case{"X-Generator: Drupal 10 (https://www.drupal.org)\r\n", "X-Generator"}}) {
    CAPTURE(c.header);
    const auto findings = run_headers(c.header);
    REQUIRE(findings.size() == 1);
    const Finding& f = findings[0];
    CHECK(f.check_id == "x-powered-by-disclosure");
    CHECK(f.severity == Severity::low);
    CHECK(f.per_origin);
    CHECK(f.evidence.header_name == c.name);
    CHECK(f.key.starts_with(std::string(c.name) + ": "));
  }
  const auto php = run_headers("X-Powered-By: PHP/8.1.2\r\n");
  CHECK(php[0].key == "X-Powered-By: PHP/8.1.2");
  CHECK(php[0].message.find("version") != std::string::npos);
}

TEST_CASE("x-powered-by-disclosure: several headers give several findings") {
  CHECK(run_headers("X-Powered-By: ASP.NET\r\nX-AspNet-Version: 4.0.30319\r\n").size() == 2);
}

TEST_CASE("x-powered-by-disclosure: nothing without the headers") {
  CHECK(run_headers("Server: nginx\r\nContent-Type: text/plain\r\n").empty());
  CHECK(run_headers("X-Powered-By:   \r\n").empty());
  // Masked values name no technology: Verdaccio 6 sends "X-Powered-By: hidden".
  CHECK(run_headers("X-Powered-By: hidden\r\n").empty());
  CHECK(run_headers("X-Powered-By: Unknown\r\n").empty());
}

TEST_CASE("x-powered-by-disclosure: generator meta tag with a version") {
  const std::string body =
      "<!doctype html>\n<html><head>\n<meta name=\"generator\" content=\"WordPress 6.4.2\" />\n"
      "<title>Blog</title></head><body></body></html>";
  const std::string raw = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body;
  const auto url = parse_url("https://example.com/");
  const HtmlDocument doc = parse_html(body, *url);
  const auto check = make_x_powered_by_disclosure();
  const auto findings = run_passive(*check, "https://example.com/", raw, &doc);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].key == "meta generator: WordPress 6.4.2");
  CHECK(findings[0].evidence.line == 3);
  CHECK(findings[0].evidence.snippet.find("WordPress 6.4.2") != std::string::npos);
  CHECK(findings[0].per_origin);
}

TEST_CASE("x-powered-by-disclosure: generator without a version is not reported") {
  const std::string body =
      "<html><head><meta name=\"generator\" content=\"Joomla! - Open Source Content "
      "Management\"></head></html>";
  const std::string raw = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body;
  const HtmlDocument doc = parse_html(body, *parse_url("https://example.com/"));
  const auto check = make_x_powered_by_disclosure();
  CHECK(run_passive(*check, "https://example.com/", raw, &doc).empty());
}

}  // namespace
}  // namespace gapscan
