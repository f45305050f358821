#include <doctest/doctest.h>

#include <string>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

std::vector<Finding> run_body(std::string_view body, std::string_view url = "https://example.com/",
                              std::string_view headers = "") {
  const auto check = make_private_ip_disclosure();
  return run_passive(*check, url,
                     "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + std::string(headers) +
                         "\r\n" + std::string(body));
}

TEST_CASE("private-ip-disclosure: private addresses in the body") {
  for (std::string_view ip : {"10.0.3.17", "172.16.0.5", "172.31.255.254", "192.168.1.20",
                              "169.254.169.254", "fd12:3456:789a:1::5"}) {
    CAPTURE(ip);
    const auto findings = run_body("<html>\n<!-- backend: " + std::string(ip) + " -->\n</html>");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].check_id == "private-ip-disclosure");
    CHECK(findings[0].severity == Severity::low);
    CHECK(findings[0].per_origin);
    CHECK(findings[0].key == ip);
    CHECK(findings[0].evidence.line == 2);
    CHECK(findings[0].evidence.snippet.find(std::string(ip)) != std::string::npos);
  }
}

TEST_CASE("private-ip-disclosure: headers, and one finding per distinct address") {
  const auto findings = run_body("<p>db at 10.1.2.3, cache at 10.1.2.4, db again at 10.1.2.3</p>",
                                 "https://example.com/", "X-Origin: 192.168.0.10\r\n");
  REQUIRE(findings.size() == 3);
  CHECK(findings[0].key == "192.168.0.10");
  CHECK(findings[0].evidence.header_name == "X-Origin");
  CHECK(findings[1].key == "10.1.2.3");
  CHECK(findings[2].key == "10.1.2.4");
}

TEST_CASE("private-ip-disclosure: not whole tokens, versions, ranges and public addresses") {
  for (std::string_view body :
       {"<p>8.8.8.8 and 203.0.113.5 and 172.32.0.1</p>", "<p>build 10.1.2.3.4</p>",
        "<p>version 10.0.0.1-beta</p>", "<p>v10.0.0.1</p>", "<p>110.0.0.1 and 10.0.0.1234</p>",
        "<p>use 10.0.0.0/8 and 192.168.0.0/16</p>", "<p>net 10.0.0.0 bcast 10.0.0.255</p>",
        "<p>version 10.2.3.4</p>", "<p>1.10.0.0.5</p>", "<p>color: #fd1234; fd12:zz</p>",
        "<p>fe80::1</p>", "<p>id=a10.0.0.1</p>"}) {
    CAPTURE(body);
    CHECK(run_body(body).empty());
  }
}

TEST_CASE("private-ip-disclosure: the target's own address is not a disclosure") {
  CHECK(
      run_body("<a href=\"http://192.168.1.50/admin\">admin</a>", "http://192.168.1.50/").empty());
  CHECK(run_body("<a href=\"http://192.168.1.51/\">other</a>", "http://192.168.1.50/").size() == 1);
}

TEST_CASE("private-ip-disclosure: binary bodies are skipped") {
  const auto check = make_private_ip_disclosure();
  CHECK(run_passive(*check, "https://example.com/x.png",
                    "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n10.0.0.1 ")
            .empty());
}

}  // namespace
}  // namespace gapscan
