#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::VectorSink;

std::vector<Finding> run(FakeFetcher& fetcher) {
  const auto check = make_http_method_trace();
  VectorSink sink;
  ActiveContext ctx{"https://example.com/", {}, fetcher};
  check->run(ctx, sink);
  return std::move(sink.findings);
}

// Answers TRACE by echoing the request, like Apache with TraceEnable on.
std::optional<std::string> echo(const HttpRequest& req) {
  if (req.method != "TRACE") return std::nullopt;
  std::string body = "TRACE / HTTP/1.1\r\nHost: example.com\r\n";
  for (const auto& h : req.headers) body += h.name + ": " + h.value + "\r\n";
  return "HTTP/1.1 200 OK\r\nContent-Type: message/http\r\n\r\n" + body + "\r\n";
}

TEST_CASE("http-method-trace: an echoed TRACE is reported once, with the marker") {
  FakeFetcher fetcher;
  fetcher.handler = echo;
  const auto findings = run(fetcher);
  REQUIRE(fetcher.requests.size() == 1);
  const HttpRequest& sent = fetcher.requests[0];
  CHECK(sent.method == "TRACE");
  CHECK(sent.url == "https://example.com/");
  const std::string* marker = find_header(sent.headers, "X-Gapscan-Trace");
  REQUIRE(marker != nullptr);
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "http-method-trace");
  CHECK(f.severity == Severity::medium);
  CHECK(f.method == "TRACE");
  CHECK(f.per_origin);
  CHECK(f.evidence.snippet == "X-Gapscan-Trace: " + *marker);
  CHECK(f.evidence.line == 3);
  CHECK(f.evidence.note.find("message/http") != std::string::npos);
}

TEST_CASE("http-method-trace: refusals and non-echoing answers are not findings") {
  FakeFetcher refused;
  refused.handler = [](const HttpRequest&) -> std::optional<std::string> {
    return "HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD\r\n\r\nTRACE not allowed";
  };
  CHECK(run(refused).empty());
  FakeFetcher home;  // a server answering any method with its home page
  home.handler = [](const HttpRequest&) -> std::optional<std::string> {
    return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<h1>TRACE your parcel</h1>";
  };
  CHECK(run(home).empty());
  FakeFetcher echo_error;  // the marker echoed in an error page
  echo_error.handler = [](const HttpRequest& req) -> std::optional<std::string> {
    return "HTTP/1.1 400 Bad Request\r\n\r\nTRACE rejected: " +
           *find_header(req.headers, "X-Gapscan-Trace");
  };
  CHECK(run(echo_error).empty());
}

}  // namespace
}  // namespace gapscan
