#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::VectorSink;

constexpr const char* kOrigin = "https://example.com";

std::vector<Finding> run(FakeFetcher& fetcher) {
  const auto check = make_unauthenticated_api();
  VectorSink sink;
  ActiveContext ctx{kOrigin, {}, fetcher};
  check->run(ctx, sink);
  return std::move(sink.findings);
}

std::string url(std::string_view path) { return std::string(kOrigin) + std::string(path); }

std::string json(std::string_view body) {
  return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + std::string(body);
}

constexpr const char* kAppMetrics =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\n\r\n"
    "# HELP http_requests_total Total requests.\n"
    "# TYPE http_requests_total counter\n"
    "http_requests_total{route=\"/api/account\",status=\"200\"} 1027\n"
    "# HELP go_goroutines Number of goroutines.\n"
    "# TYPE go_goroutines gauge\n"
    "go_goroutines 12\n";

TEST_CASE("unauthenticated-api: Prometheus metrics with application families are medium") {
  FakeFetcher fetcher;
  fetcher.responses[url("/metrics")] = kAppMetrics;
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "unauthenticated-api");
  CHECK(f.severity == Severity::medium);
  CHECK(f.key == "prometheus-metrics");
  CHECK(f.url == url("/metrics"));
  CHECK(f.evidence.snippet == "# TYPE http_requests_total counter");
  CHECK(f.message.find("http_requests_total") != std::string::npos);
}

TEST_CASE("unauthenticated-api: runtime-only metrics are low") {
  FakeFetcher fetcher;
  fetcher.responses[url("/metrics")] =
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"
      "# HELP go_goroutines Number of goroutines.\n# TYPE go_goroutines gauge\ngo_goroutines 12\n"
      "# HELP process_cpu_seconds_total CPU.\n# TYPE process_cpu_seconds_total counter\n"
      "process_cpu_seconds_total 1.5e+01\n";
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::low);
}

TEST_CASE("unauthenticated-api: text that mentions # HELP is not the exposition format") {
  FakeFetcher fetcher;
  fetcher.responses[url("/metrics")] =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<h1>Metrics docs</h1>"
      "<pre># HELP lines describe a metric\n# TYPE lines give its type</pre>";
  CHECK(run(fetcher).empty());
}

TEST_CASE("unauthenticated-api: GraphQL introspection by POST") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& r) -> std::optional<std::string> {
    if (r.url != url("/graphql")) return std::nullopt;
    if (r.method != "POST") {
      return "HTTP/1.1 405 Method Not Allowed\r\nContent-Type: text/plain\r\n\r\nPOST only";
    }
    const std::string* ct = find_header(r.headers, "Content-Type");
    if (ct == nullptr || *ct != "application/json" ||
        r.body != R"({"query":"{__schema{types{name}}}"})") {
      return "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n\r\n{}";
    }
    return json(R"({"data":{"__schema":{"types":[{"name":"Query"},{"name":"User"}]}}})");
  };
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].key == "graphql-introspection");
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].method == "POST");
  CHECK(findings[0].message.find("2 types") != std::string::npos);
  // Only the GraphQL probes use POST.
  for (const HttpRequest& r : fetcher.requests) {
    if (r.method == "POST") CHECK(r.url.find("graphql") != std::string::npos);
  }
}

TEST_CASE("unauthenticated-api: GraphQL with introspection disabled is nothing") {
  FakeFetcher fetcher;
  fetcher.responses[url("/graphql")] =
      json(R"({"errors":[{"message":"GraphQL introspection is not allowed"}],"data":null})");
  CHECK(run(fetcher).empty());
}

TEST_CASE("unauthenticated-api: OpenAPI documents") {
  SUBCASE("no security declared: low") {
    FakeFetcher fetcher;
    fetcher.responses[url("/v3/api-docs")] =
        json(R"({"openapi":"3.0.1","info":{"title":"x"},"paths":{"/users":{},"/admin":{}}})");
    fetcher.responses[url("/swagger-ui/")] =
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<div id=\"swagger-ui\"></div>"
        "<script src=\"./swagger-ui-bundle.js\"></script>";
    const auto findings = run(fetcher);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].key == "openapi");
    CHECK(findings[0].severity == Severity::low);
    CHECK(findings[0].url == url("/v3/api-docs"));
    CHECK(findings[0].evidence.note.find("also at /swagger-ui/") != std::string::npos);
  }
  SUBCASE("security schemes declared: info") {
    FakeFetcher fetcher;
    fetcher.responses[url("/swagger.json")] = json(
        R"({"swagger":"2.0","paths":{"/a":{}},"securityDefinitions":{"k":{"type":"apiKey"}}})");
    const auto findings = run(fetcher);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::info);
  }
  SUBCASE("JSON that only says openapi is nothing") {
    FakeFetcher fetcher;
    fetcher.responses[url("/openapi.json")] = json(R"({"openapi":"see docs"})");
    CHECK(run(fetcher).empty());
  }
}

TEST_CASE("unauthenticated-api: Prometheus HTTP API") {
  FakeFetcher fetcher;
  fetcher.responses[url("/api/v1/status/config")] =
      json(R"({"status":"success","data":{"yaml":"global:\n  scrape_interval: 15s\n"}})");
  fetcher.responses[url("/api/v1/targets")] = json(
      R"({"status":"success","data":{"activeTargets":[{"scrapeUrl":"http://10.0.0.5:9100/metrics"}]}})");
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].key == "prometheus-api");
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].url == url("/api/v1/status/config"));
}

TEST_CASE("unauthenticated-api: soft-404 answers report nothing") {
  for (int mode = 0; mode < 3; ++mode) {
    FakeFetcher fetcher;
    fetcher.handler = [mode](const HttpRequest& r) -> std::optional<std::string> {
      if (mode == 0) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<title>Home</title>"
               "<p>Welcome to the home page</p>";
      }
      if (mode == 1) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>No page " + r.url +
               " here (swagger? openapi? # HELP # TYPE metrics)</p>";
      }
      return "HTTP/1.1 302 Found\r\nLocation: /\r\n\r\n";
    };
    CHECK(run(fetcher).empty());
  }
}

TEST_CASE("unauthenticated-api: request budget") {
  FakeFetcher fetcher;
  CHECK(run(fetcher).empty());
  CHECK(fetcher.requested.size() <= 29);
}

}  // namespace
}  // namespace gapscan
