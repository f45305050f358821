#include <doctest/doctest.h>

#include <string>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

std::vector<Finding> run_server(std::string_view server) {
  const auto check = make_server_version_disclosure();
  return run_passive(*check, "https://example.com/",
                     "HTTP/1.1 200 OK\r\nServer: " + std::string(server) + "\r\n\r\nhi");
}

TEST_CASE("server-version-disclosure: product/version tokens") {
  for (std::string_view server :
       {"nginx/1.22.1", "Apache/2.4.41 (Ubuntu)", "Microsoft-IIS/10.0", "openresty/1.21.4.1",
        "Werkzeug/2.3.7 Python/3.11.4", "lighttpd/1.4.59", "Apache/2", "Jetty(9.4.44.v20210927)",
        "Apache 2.4", "myapp v3.1"}) {
    CAPTURE(server);
    const auto findings = run_server(server);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].check_id == "server-version-disclosure");
    CHECK(findings[0].severity == Severity::low);
    CHECK(findings[0].per_origin);
    CHECK(findings[0].key == server);
    CHECK(findings[0].evidence.header_name == "Server");
    CHECK(findings[0].evidence.header_value == server);
  }
}

TEST_CASE("server-version-disclosure: the message names the version") {
  const auto findings = run_server("Apache/2.4.41 (Ubuntu) OpenSSL/1.1.1f");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message.find("Apache/2.4.41") != std::string::npos);
}

TEST_CASE("server-version-disclosure: product names without versions") {
  for (std::string_view server :
       {"nginx", "cloudflare", "testbed", "Apache", "Microsoft-IIS", "ECS (dcb/7F84)", "AmazonS3",
        "gws", "varnish", "nginx/", "Server 2"}) {
    CAPTURE(server);
    CHECK(run_server(server).empty());
  }
  const auto check = make_server_version_disclosure();
  CHECK(run_passive(*check, "https://example.com/", "HTTP/1.1 200 OK\r\n\r\nhi").empty());
}

}  // namespace
}  // namespace gapscan
