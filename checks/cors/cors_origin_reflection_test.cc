#include <doctest/doctest.h>

#include <set>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::VectorSink;

std::string origin_of_request(const HttpRequest& req) {
  const std::string* o = find_header(req.headers, "Origin");
  return o == nullptr ? std::string() : *o;
}

std::string json_with(const std::string& extra) {
  return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + extra + "\r\n{\"ok\":true}";
}

std::vector<Finding> run(FakeFetcher& fetcher, std::string origin = "https://example.com",
                         std::vector<CrawledPage> pages = {}) {
  const auto check = make_cors_origin_reflection();
  VectorSink sink;
  ActiveContext ctx{std::move(origin), {}, fetcher};
  ctx.pages = std::move(pages);
  check->run(ctx, sink);
  return std::move(sink.findings);
}

TEST_CASE("cors-origin-reflection: any origin reflected with credentials is high") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& req) -> std::optional<std::string> {
    const std::string o = origin_of_request(req);
    if (o.empty()) return std::nullopt;
    return json_with("Access-Control-Allow-Origin: " + o +
                     "\r\nAccess-Control-Allow-Credentials: true\r\n");
  };
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "cors-origin-reflection");
  CHECK(f.severity == Severity::high);
  CHECK(f.per_origin);
  CHECK(f.evidence.header_name == "Access-Control-Allow-Origin");
  CHECK(f.evidence.header_value == "https://gapscan-probe.invalid");
  CHECK(f.evidence.note.find("an unrelated origin") != std::string::npos);
  CHECK(f.evidence.note.find("Access-Control-Allow-Credentials: true") != std::string::npos);
  CHECK(f.exchange.request_headers.size() == 1);
  CHECK(f.exchange.request_headers[0].name == "Origin");
  // Only the root without crawl data; seven tricks on an https origin.
  CHECK(fetcher.requests.size() == 7);
}

TEST_CASE("cors-origin-reflection: reflection without credentials is medium") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& req) -> std::optional<std::string> {
    return json_with("Access-Control-Allow-Origin: " + origin_of_request(req) + "\r\n");
  };
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].evidence.note.find("Access-Control-Allow-Credentials: absent") !=
        std::string::npos);
}

TEST_CASE("cors-origin-reflection: a suffix match is caught by the suffix trick") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& req) -> std::optional<std::string> {
    const std::string o = origin_of_request(req);
    if (!o.ends_with("example.com")) return json_with("");
    return json_with("Access-Control-Allow-Origin: " + o +
                     "\r\nAccess-Control-Allow-Credentials: true\r\n");
  };
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::high);
  CHECK(findings[0].evidence.header_value == "https://gapscanprobeexample.com");
  CHECK(findings[0].evidence.note.find("suffix") != std::string::npos);
  // The subdomain trick matches too; it is listed as well.
  CHECK(findings[0].evidence.note.find("arbitrary subdomain") != std::string::npos);
}

TEST_CASE("cors-origin-reflection: trusting only subdomains and http is low") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& req) -> std::optional<std::string> {
    const std::string o = origin_of_request(req);
    if (o == "https://gapscan-sub.example.com" || o == "http://example.com") {
      return json_with("Access-Control-Allow-Origin: " + o + "\r\n");
    }
    return json_with("");
  };
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::low);
  CHECK(findings[0].message.find("CORS trusts") == 0);
}

TEST_CASE("cors-origin-reflection: fixed allow-lists and wildcards are not reflection") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest&) -> std::optional<std::string> {
    return json_with(
        "Access-Control-Allow-Origin: https://app.example.com\r\n"
        "Access-Control-Allow-Credentials: true\r\n");
  };
  CHECK(run(fetcher).empty());
  FakeFetcher star;
  star.handler = [](const HttpRequest&) -> std::optional<std::string> {
    return json_with("Access-Control-Allow-Origin: *\r\n");
  };
  CHECK(run(star).empty());
  FakeFetcher down;
  down.errors["https://example.com/"] = "connection refused";
  CHECK(run(down).empty());
}

TEST_CASE("cors-origin-reflection: at most four pages, APIs first; no http trick on http") {
  FakeFetcher fetcher;
  std::vector<CrawledPage> pages;
  for (const char* p : {"/", "/a.html", "/b.html", "/api/x", "/api/y", "/c.json", "/style.css"}) {
    pages.push_back({std::string("http://example.com") + p, 200,
                     std::string(p).ends_with(".html") || std::string(p) == "/" ? "text/html"
                     : std::string(p).ends_with(".css")                         ? "text/css"
                                                        : "application/json",
                     "", ""});
  }
  CHECK(run(fetcher, "http://example.com", pages).empty());
  CHECK(fetcher.requests.size() == 4 * 6);
  std::set<std::string> urls(fetcher.requested.begin(), fetcher.requested.end());
  CHECK(urls == std::set<std::string>{"http://example.com/api/x", "http://example.com/api/y",
                                      "http://example.com/c.json", "http://example.com/"});
  for (const HttpRequest& r : fetcher.requests) {
    CHECK(r.method == "GET");
    CHECK(!origin_of_request(r).starts_with("http://"));
  }
}

}  // namespace
}  // namespace gapscan
