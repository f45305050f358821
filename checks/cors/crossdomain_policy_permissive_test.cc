#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::VectorSink;

constexpr const char* kOrigin = "https://example.com";
constexpr const char* kFlash = "https://example.com/crossdomain.xml";
constexpr const char* kSilverlight = "https://example.com/clientaccesspolicy.xml";

std::vector<Finding> run(FakeFetcher& fetcher) {
  const auto check = make_crossdomain_policy_permissive();
  VectorSink sink;
  ActiveContext ctx{kOrigin, {}, fetcher};
  check->run(ctx, sink);
  return std::move(sink.findings);
}

std::string xml(std::string_view body) {
  return "HTTP/1.1 200 OK\r\nContent-Type: text/x-cross-domain-policy\r\n\r\n" + std::string(body);
}

TEST_CASE("crossdomain-policy-permissive: allow-access-from domain=\"*\"") {
  FakeFetcher fetcher;
  fetcher.responses[kFlash] =
      xml("<?xml version=\"1.0\"?>\n<cross-domain-policy>\n"
          "  <site-control permitted-cross-domain-policies=\"master-only\"/>\n"
          "  <allow-access-from domain=\"*\"/>\n</cross-domain-policy>\n");
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "crossdomain-policy-permissive");
  CHECK(f.severity == Severity::medium);
  CHECK(f.url == kFlash);
  CHECK(f.per_origin);
  CHECK(f.evidence.snippet == "<allow-access-from domain=\"*\"/>");
}

TEST_CASE("crossdomain-policy-permissive: attribute variations") {
  FakeFetcher fetcher;
  fetcher.responses[kFlash] =
      xml("<cross-domain-policy><allow-access-from to-ports='80' DOMAIN = '*' secure='false'>"
          "</allow-access-from></cross-domain-policy>");
  CHECK(run(fetcher).size() == 1);
}

TEST_CASE("crossdomain-policy-permissive: restrictive policies are fine") {
  FakeFetcher fetcher;
  fetcher.responses[kFlash] =
      xml("<cross-domain-policy>\n<allow-access-from domain=\"*.example.com\"/>\n"
          "<allow-access-from domain=\"partner.example.org\"/>\n"
          "<!-- <allow-access-from domain=\"*\"/> removed in 2019 -->\n</cross-domain-policy>");
  fetcher.responses[kSilverlight] =
      xml("<access-policy><cross-domain-access><policy><allow-from>"
          "<domain uri=\"https://app.example.com\"/></allow-from><grant-to>"
          "<resource path=\"/\" include-subpaths=\"true\"/></grant-to></policy>"
          "</cross-domain-access></access-policy>");
  CHECK(run(fetcher).empty());
}

TEST_CASE("crossdomain-policy-permissive: Silverlight domain uri=\"*\"") {
  FakeFetcher fetcher;
  fetcher.responses[kSilverlight] =
      xml("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<access-policy>\n <cross-domain-access>\n"
          "  <policy>\n   <allow-from http-request-headers=\"*\">\n    <domain uri=\"*\"/>\n"
          "   </allow-from>\n   <grant-to><resource path=\"/\" include-subpaths=\"true\"/>"
          "</grant-to>\n  </policy>\n </cross-domain-access>\n</access-policy>\n");
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].url == kSilverlight);
  CHECK(findings[0].evidence.snippet == "<domain uri=\"*\"/>");
}

TEST_CASE("crossdomain-policy-permissive: a wildcard outside a policy document is nothing") {
  FakeFetcher fetcher;
  // A custom 404 page that happens to show the markup (and echoes the path).
  fetcher.handler = [](const HttpRequest& r) -> std::optional<std::string> {
    return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>" + r.url +
           " not found. Example: &lt;allow-access-from domain=\"*\"/&gt;</p>"
           "<allow-access-from domain=\"*\"/>";
  };
  CHECK(run(fetcher).empty());
}

TEST_CASE("crossdomain-policy-permissive: request budget") {
  FakeFetcher fetcher;
  CHECK(run(fetcher).empty());
  CHECK(fetcher.requested.size() <= 4);
}

}  // namespace
}  // namespace gapscan
