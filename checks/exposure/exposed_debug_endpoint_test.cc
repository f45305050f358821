#include <doctest/doctest.h>

#include <set>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::VectorSink;

constexpr const char* kOrigin = "https://example.com";

std::vector<Finding> run(FakeFetcher& fetcher) {
  const auto check = make_exposed_debug_endpoint();
  VectorSink sink;
  ActiveContext ctx{kOrigin, {}, fetcher};
  check->run(ctx, sink);
  return std::move(sink.findings);
}

std::string url(std::string_view path) { return std::string(kOrigin) + std::string(path); }

std::string json(std::string_view body) {
  return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + std::string(body);
}

constexpr std::string_view kActuatorIndex =
    R"({"_links":{"self":{"href":"https://example.com/actuator","templated":false},)"
    R"("health":{"href":"https://example.com/actuator/health","templated":false},)"
    R"("env":{"href":"https://example.com/actuator/env","templated":false}}})";
constexpr std::string_view kActuatorEnv =
    R"({"activeProfiles":["prod"],"propertySources":[{"name":"systemEnvironment",)"
    R"("properties":{"JAVA_HOME":{"value":"/usr/lib/jvm"}}},{"name":"server.ports",)"
    R"("properties":{}}]})";

TEST_CASE("exposed-debug-endpoint: actuator index and env are one high finding") {
  FakeFetcher fetcher;
  fetcher.responses[url("/actuator")] = json(kActuatorIndex);
  fetcher.responses[url("/actuator/env")] = json(kActuatorEnv);
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "exposed-debug-endpoint");
  CHECK(f.severity == Severity::high);
  CHECK(f.key == "spring-boot-actuator");
  CHECK(f.per_origin);
  CHECK(f.url == url("/actuator/env"));
  CHECK(f.evidence.snippet.starts_with("\"propertySources\""));
  CHECK(f.message.find("2 property sources") != std::string::npos);
  CHECK(f.evidence.note.find("also exposed: /actuator") != std::string::npos);
}

TEST_CASE("exposed-debug-endpoint: actuator index alone is medium and names the endpoints") {
  FakeFetcher fetcher;
  fetcher.responses[url("/actuator")] = json(kActuatorIndex);
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].message.find("lists 2 endpoints (env, health)") != std::string::npos);
}

TEST_CASE("exposed-debug-endpoint: JSON without the actuator shape is nothing") {
  FakeFetcher fetcher;
  fetcher.responses[url("/actuator")] = json(R"({"status":"UP"})");
  fetcher.responses[url("/actuator/env")] = json(R"({"env":"prod","propertySources":"none"})");
  fetcher.responses[url("/debug/vars")] = json(R"({"cmdline":"x"})");
  CHECK(run(fetcher).empty());
}

TEST_CASE("exposed-debug-endpoint: heap dump by its HPROF header, asked with a Range") {
  FakeFetcher fetcher;
  fetcher.responses[url("/actuator/heapdump")] =
      std::string(
          "HTTP/1.1 206 Partial Content\r\nContent-Type: application/octet-stream\r\n\r\n") +
      std::string("JAVA PROFILE 1.0.2\0\0\0\x08", 23);
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::high);
  CHECK(findings[0].evidence.snippet == "JAVA PROFILE 1.0.2");
  bool ranged = false;
  for (const HttpRequest& r : fetcher.requests) {
    if (r.url == url("/actuator/heapdump")) {
      const std::string* range = find_header(r.headers, "Range");
      ranged = range != nullptr && *range == "bytes=0-1023";
    }
  }
  CHECK(ranged);
}

TEST_CASE("exposed-debug-endpoint: Go pprof and expvar are separate products") {
  FakeFetcher fetcher;
  fetcher.responses[url("/debug/pprof/")] =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><head><title>/debug/pprof/"
      "</title></head><body>/debug/pprof/<br>Types of profiles available:<table>"
      "<tr><td>4</td><td><a href='goroutine?debug=1'>goroutine</a></td></tr></table>";
  fetcher.responses[url("/debug/vars")] =
      json(R"({"cmdline":["/app","-db-pass=x"],"memstats":{"Alloc":1234}})");
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 2);
  std::set<std::string> keys;
  for (const Finding& f : findings) {
    keys.insert(f.key);
    CHECK(f.severity == Severity::medium);
  }
  CHECK(keys == std::set<std::string>{"go-expvar", "go-pprof"});
}

TEST_CASE("exposed-debug-endpoint: Werkzeug console is high") {
  FakeFetcher fetcher;
  fetcher.responses[url("/console")] =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<title>Console // Werkzeug Debugger"
      "</title><script>var TRACEBACK = -1,\n CONSOLE_MODE = true,\n EVALEX = true,\n "
      "EVALEX_TRUSTED = false,\n SECRET = \"abc\";</script><h1>Interactive Console</h1>";
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::high);
  CHECK(findings[0].key == "werkzeug-console");
  CHECK(findings[0].evidence.snippet == "CONSOLE_MODE = true,");
  CHECK(findings[0].message.find("PIN") != std::string::npos);
}

TEST_CASE("exposed-debug-endpoint: ELMAH and trace.axd") {
  FakeFetcher fetcher;
  fetcher.responses[url("/elmah.axd")] =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<title>Error log for / on WEB01</title>"
      "<p>Powered by ELMAH</p>";
  fetcher.responses[url("/trace.axd")] =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<h1>Application Trace</h1>"
      "<h2>Requests to this Application</h2>";
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 2);
  for (const Finding& f : findings) CHECK(f.severity == Severity::high);
}

TEST_CASE("exposed-debug-endpoint: Django debug toolbar on the home page") {
  FakeFetcher fetcher;
  fetcher.responses[url("/")] =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>Hi</p>"
      "<div id=\"djDebug\" class=\"djdt-hidden\" data-store-id=\"abc\"></div></body></html>";
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].key == "django-debug-toolbar");
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].url == url("/"));
}

TEST_CASE("exposed-debug-endpoint: soft-404 answers report nothing") {
  SUBCASE("home page everywhere") {
    FakeFetcher fetcher;
    fetcher.handler = [](const HttpRequest&) -> std::optional<std::string> {
      return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<title>Home</title><p>Welcome"
             " to the home page of this site</p>";
    };
    CHECK(run(fetcher).empty());
  }
  SUBCASE("custom page echoing the path") {
    FakeFetcher fetcher;
    fetcher.handler = [](const HttpRequest& r) -> std::optional<std::string> {
      return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<h1>Oops</h1><p>We looked for " +
             r.url +
             " (Telescope? ELMAH? Werkzeug console? Symfony Profiler?) but it is not "
             "here.</p>";
    };
    CHECK(run(fetcher).empty());
  }
  SUBCASE("JSON API that answers every path") {
    FakeFetcher fetcher;
    fetcher.handler = [](const HttpRequest&) -> std::optional<std::string> {
      return json(R"({"error":"not found","_links":{"self":{"href":"/actuator"}}})");
    };
    CHECK(run(fetcher).empty());
  }
}

TEST_CASE("exposed-debug-endpoint: request budget") {
  FakeFetcher fetcher;
  CHECK(run(fetcher).empty());
  CHECK(fetcher.requested.size() <= 25);
  for (const HttpRequest& r : fetcher.requests) CHECK(r.method == "GET");
}

}  // namespace
}  // namespace gapscan
