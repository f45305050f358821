#include <doctest/doctest.h>

#include <string>

#include "checks/common/all_checks.h"
#include "checks/disclosure/component_inventory.h"
#include "scanner/base/url.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

std::vector<std::string> names(const std::vector<Component>& components) {
  std::vector<std::string> out;
  for (const Component& c : components) out.push_back(c.name + "@" + c.version);
  return out;
}

std::vector<Component> detect_page(std::string_view headers, std::string_view body) {
  const std::string url = "https://example.com/";
  const Exchange ex = make_exchange(url, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" +
                                             std::string(headers) + "\r\n" + std::string(body));
  const HtmlDocument doc = parse_html(body, *parse_url(url));
  return detect_components(ex, &doc);
}

TEST_CASE("component inventory: headers") {
  const auto c = detect_page(
      "Server: Apache/2.4.41 (Ubuntu) OpenSSL/1.1.1f\r\nX-Powered-By: PHP/8.1.2\r\n"
      "X-AspNet-Version: 4.0.30319\r\nX-AspNetMvc-Version: 5.2\r\n",
      "");
  const std::vector<std::string> want = {"Apache@2.4.41", "OpenSSL@1.1.1f", "PHP@8.1.2",
                                         "ASP.NET@4.0.30319", "ASP.NET MVC@5.2"};
  CHECK(names(c) == want);
  CHECK(c[0].source == "header:Server");
  CHECK(c[2].source == "header:X-Powered-By");
  CHECK(names(detect_page("Server: Jetty(9.4.44.v20210927)\r\n", "")) ==
        std::vector<std::string>{"Jetty@9.4.44.v20210927"});
  CHECK(detect_page("Server: nginx\r\nX-Powered-By: Express\r\n", "").empty());
}

TEST_CASE("component inventory: generator meta tags and script URLs") {
  const auto c = detect_page(
      "",
      "<html><head><meta name=\"generator\" content=\"WordPress 6.4.2\">\n"
      "<script src=\"/wp-includes/js/jquery/jquery-3.5.1.min.js\"></script>\n"
      "<script src=\"https://cdnjs.cloudflare.com/ajax/libs/angular.js/1.8.2/angular.min.js\">"
      "</script>\n"
      "<script src=\"https://cdn.jsdelivr.net/npm/bootstrap@4.6.0/dist/js/bootstrap.min.js\">"
      "</script>\n"
      "<script src=\"https://unpkg.com/react@18.2.0/umd/react.production.min.js\"></script>\n"
      "<script src=\"https://unpkg.com/vue@2.6.14\"></script>\n"
      "<script src=\"https://cdn.jsdelivr.net/npm/lodash@4.17.21/lodash.min.js\"></script>\n"
      "<script src=\"/js/moment-2.29.4.min.js\"></script>\n"
      "<script src=\"https://ajax.googleapis.com/ajax/libs/jqueryui/1.12.1/jquery-ui.min.js\">"
      "</script>\n"
      "<script src=\"/js/jquery.min.js\"></script><script src=\"/js/app.js\"></script>\n"
      "</head></html>");
  const std::vector<std::string> want = {"WordPress@6.4.2", "jquery@3.5.1",  "angularjs@1.8.2",
                                         "bootstrap@4.6.0", "react@18.2.0",  "vue@2.6.14",
                                         "lodash@4.17.21",  "moment@2.29.4", "jquery-ui@1.12.1"};
  CHECK(names(c) == want);
  CHECK(c[0].source == "meta:generator");
  CHECK(c[1].source == "script-url");
  CHECK(c[1].evidence == "https://example.com/wp-includes/js/jquery/jquery-3.5.1.min.js");
}

TEST_CASE("component inventory: JavaScript banners, first 512 bytes only") {
  auto js = [](std::string_view url, std::string_view body) {
    const Exchange ex = make_exchange(
        url, "HTTP/1.1 200 OK\r\nContent-Type: application/javascript\r\n\r\n" + std::string(body));
    return names(detect_components(ex, nullptr));
  };
  CHECK(
      js("https://example.com/js/lib.js",
         "/*! jQuery v3.5.1 | (c) JS Foundation and other contributors | jquery.org/license */") ==
      std::vector<std::string>{"jquery@3.5.1"});
  CHECK(js("https://example.com/js/b.js",
           "/*!\n  * Bootstrap v4.6.0 (https://getbootstrap.com/)\n  */") ==
        std::vector<std::string>{"bootstrap@4.6.0"});
  CHECK(js("https://example.com/js/m.js", "//! moment.js\n//! version : 2.29.4\n") ==
        std::vector<std::string>{"moment@2.29.4"});
  CHECK(js("https://example.com/js/x.js", std::string(600, ' ') + "/*! jQuery v3.5.1 */").empty());
  // The versioned file name of the script itself counts too.
  CHECK(js("https://example.com/js/jquery-1.12.4.min.js", "!function(){}") ==
        std::vector<std::string>{"jquery@1.12.4"});
}

TEST_CASE("component-detected: one finding per component, structured evidence") {
  const auto check = make_component_detected();
  const auto findings =
      run_passive(*check, "https://example.com/",
                  "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nContent-Type: text/plain\r\n\r\nhi");
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "component-detected");
  CHECK(f.severity == Severity::info);
  CHECK(f.per_origin);
  CHECK(f.key == "nginx@1.22.1");
  CHECK(f.evidence.note == "nginx 1.22.1");
  CHECK(f.parameter.empty());
  CHECK(f.evidence.header_name == "Server");
  CHECK(f.evidence.header_value == "nginx/1.22.1");

  const std::string body = "<script src=\"/static/jquery-3.5.1.min.js\"></script>";
  const HtmlDocument doc = parse_html(body, *parse_url("https://example.com/"));
  const auto page = run_passive(*check, "https://example.com/",
                                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body, &doc);
  REQUIRE(page.size() == 1);
  CHECK(page[0].key == "jquery@3.5.1");
  CHECK(page[0].evidence.snippet == "https://example.com/static/jquery-3.5.1.min.js");
}

TEST_CASE("component-detected: nothing without versions") {
  const auto check = make_component_detected();
  CHECK(run_passive(*check, "https://example.com/",
                    "HTTP/1.1 200 OK\r\nServer: cloudflare\r\nContent-Type: text/plain\r\n\r\nhi")
            .empty());
}

}  // namespace
}  // namespace gapscan
