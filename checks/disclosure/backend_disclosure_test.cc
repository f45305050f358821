#include <doctest/doctest.h>

#include <string>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

std::vector<Finding> run_headers(std::string_view headers) {
  const auto check = make_backend_disclosure();
  return run_passive(*check, "https://example.com/",
                     "HTTP/1.1 200 OK\r\n" + std::string(headers) + "\r\nhi");
}

TEST_CASE("backend-disclosure: backend naming headers are always reported") {
  for (std::string_view h :
       {"X-Backend-Server: web-03.prod.example.com\r\n", "X-Server-Name: app7\r\n"}) {
    CAPTURE(h);
    const auto findings = run_headers(h);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].check_id == "backend-disclosure");
    CHECK(findings[0].severity == Severity::low);
    CHECK(findings[0].per_origin);
    CHECK(findings[0].key == findings[0].evidence.header_name);
  }
}

TEST_CASE("backend-disclosure: internal hosts in X-Upstream, X-Served-By and Via") {
  for (std::string_view h :
       {"X-Upstream: 10.0.3.17:8080\r\n", "X-Upstream: unix:/run/app.sock\r\n",
        "X-Served-By: app-server-01\r\n", "X-Served-By: api1.svc.cluster.local\r\n",
        "Via: 1.1 proxy-3.corp:3128 (squid/5.7)\r\n", "Via: 1.1 varnish, 1.1 lb1.internal\r\n",
        "Via: 1.0 192.168.1.20\r\n", "Via: HTTP/1.1 edge07\r\n", "X-Upstream: localhost:3000\r\n",
        "Via: 1.1 [fd00::12]:8080\r\n"}) {
    CAPTURE(h);
    const auto findings = run_headers(h);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message.find("internal host") != std::string::npos);
  }
  const auto via = run_headers("Via: 1.1 proxy-3.corp:3128 (squid/5.7)\r\n");
  CHECK(via[0].key == "Via");
  CHECK(via[0].message.find("proxy-3.corp:3128") != std::string::npos);
}

TEST_CASE("backend-disclosure: public hosts and proxy pseudonyms are fine") {
  for (std::string_view h :
       {"Via: 1.1 varnish\r\n", "Via: 1.1 vegur\r\n", "Via: 1.1 google\r\n",
        "Via: 1.1 d1234abcd.cloudfront.net (CloudFront)\r\n", "Via: 2 cdn.example.net\r\n",
        "X-Served-By: cache-fra19140-FRA, cache-lhr7324-LHR\r\n", "X-Upstream: 203.0.113.7:443\r\n",
        "X-Served-By: www.example.com\r\n", "X-Backend-Server:   \r\n", "Server: nginx\r\n"}) {
    CAPTURE(h);
    CHECK(run_headers(h).empty());
  }
}

}  // namespace
}  // namespace gapscan
