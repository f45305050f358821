#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::VectorSink;

std::vector<Finding> run(FakeFetcher& fetcher, std::vector<CrawledPage> pages = {}) {
  const auto check = make_cors_null_origin();
  VectorSink sink;
  ActiveContext ctx{"https://example.com", {}, fetcher};
  ctx.pages = std::move(pages);
  check->run(ctx, sink);
  return std::move(sink.findings);
}

std::function<std::optional<std::string>(const HttpRequest&)> answer(std::string headers) {
  return [headers](const HttpRequest& req) -> std::optional<std::string> {
    const std::string* o = find_header(req.headers, "Origin");
    if (o == nullptr || *o != "null") return std::nullopt;
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + headers + "\r\n{}";
  };
}

TEST_CASE("cors-null-origin: null allowed with credentials is high") {
  FakeFetcher fetcher;
  fetcher.handler =
      answer("Access-Control-Allow-Origin: null\r\nAccess-Control-Allow-Credentials: true\r\n");
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "cors-null-origin");
  CHECK(f.severity == Severity::high);
  CHECK(f.per_origin);
  CHECK(f.url == "https://example.com/");
  CHECK(f.evidence.header_value == "null");
  CHECK(f.exchange.request_headers.at(0).value == "null");
  REQUIRE(fetcher.requests.size() == 1);
  CHECK(fetcher.requests[0].method == "GET");
}

TEST_CASE("cors-null-origin: without credentials it is medium") {
  FakeFetcher fetcher;
  fetcher.handler = answer("Access-Control-Allow-Origin: null\r\n");
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::medium);
}

TEST_CASE("cors-null-origin: other answers are not findings") {
  for (const char* h : {"", "Access-Control-Allow-Origin: *\r\n",
                        "Access-Control-Allow-Origin: https://example.com\r\n",
                        "Access-Control-Allow-Origin: nullx\r\n"}) {
    FakeFetcher fetcher;
    fetcher.handler = answer(h);
    CHECK(run(fetcher).empty());
  }
}

TEST_CASE("cors-null-origin: one request per page, at most four, the credentialed one wins") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& req) -> std::optional<std::string> {
    std::string h = "Access-Control-Allow-Origin: null\r\n";
    if (req.url.ends_with("/api/b")) h += "Access-Control-Allow-Credentials: true\r\n";
    return "HTTP/1.1 200 OK\r\n" + h + "\r\n{}";
  };
  std::vector<CrawledPage> pages;
  for (const char* p : {"/api/a", "/api/b", "/api/c", "/api/d", "/api/e"}) {
    pages.push_back({std::string("https://example.com") + p, 200, "application/json", "", ""});
  }
  const auto findings = run(fetcher, pages);
  CHECK(fetcher.requests.size() == 4);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::high);
  CHECK(findings[0].url == "https://example.com/api/b");
  CHECK(findings[0].evidence.note.find("4 of 4 pages") != std::string::npos);
}

}  // namespace
}  // namespace gapscan
