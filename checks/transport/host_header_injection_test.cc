#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::VectorSink;

std::vector<Finding> run(FakeFetcher& fetcher, std::string origin = "https://example.com",
                         std::vector<CrawledPage> pages = {}) {
  const auto check = make_host_header_injection();
  VectorSink sink;
  ActiveContext ctx{std::move(origin), {}, fetcher};
  ctx.pages = std::move(pages);
  check->run(ctx, sink);
  return std::move(sink.findings);
}

std::string header(const HttpRequest& req, std::string_view name) {
  const std::string* v = find_header(req.headers, name);
  return v == nullptr ? std::string() : *v;
}

// The name a careless application builds URLs from.
std::string effective_host(const HttpRequest& req, bool trust_xfh) {
  if (trust_xfh && !header(req, "X-Forwarded-Host").empty()) return header(req, "X-Forwarded-Host");
  const std::string h = header(req, "Host");
  return h.empty() ? "example.com" : h;
}

TEST_CASE("host-header-injection: X-Forwarded-Host into a redirect's Location") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& req) -> std::optional<std::string> {
    if (req.url == "https://example.com/docs") {
      return "HTTP/1.1 301 Moved\r\nLocation: https://" + effective_host(req, true) +
             "/docs/\r\n\r\n";
    }
    return std::string("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<a href=\"/x\">x</a>");
  };
  const std::vector<CrawledPage> pages = {
      {"https://example.com/", 200, "text/html", "", ""},
      {"https://example.com/docs", 301, "text/html", "", "https://example.com/docs/"},
      {"https://example.com/elsewhere", 302, "text/html", "", "https://other.example/"},
      {"https://example.com/login", 302, "text/html", "", "/sso"},
      {"https://example.com/more", 302, "text/html", "", "/more/"},
  };
  const auto findings = run(fetcher, "https://example.com", pages);
  // Root plus the first two same-host redirects, two requests each.
  CHECK(fetcher.requests.size() == 6);
  for (const auto& r : fetcher.requests) CHECK(r.url != "https://example.com/elsewhere");
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "host-header-injection");
  CHECK(f.severity == Severity::medium);
  CHECK(f.per_origin);
  CHECK(f.url == "https://example.com/docs");
  CHECK(f.evidence.header_name == "Location");
  CHECK(f.evidence.header_value == "https://gapscan-probe.invalid/docs/");
  CHECK(f.exchange.request_headers.at(0).name == "Host");  // the forged Host came first
  CHECK(f.evidence.note.find("X-Forwarded-Host: gapscan-probe.invalid reflected into the "
                             "Location header of /docs") != std::string::npos);
  CHECK(f.message.find("Host and X-Forwarded-Host headers") != std::string::npos);
}

TEST_CASE("host-header-injection: the forged Host in absolute links of a page") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& req) -> std::optional<std::string> {
    return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>\n<head>\n"
           "<link rel=\"canonical\" href=\"https://" +
           effective_host(req, false) + "/\">\n</head></html>";
  };
  const auto findings = run(fetcher);
  CHECK(fetcher.requests.size() == 2);
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.url == "https://example.com/");
  CHECK(f.evidence.snippet == "<link rel=\"canonical\" href=\"https://gapscan-probe.invalid/\">");
  CHECK(f.evidence.line == 3);
  CHECK(f.evidence.note == "Host: gapscan-probe.invalid reflected into a URL in the body of /");
}

TEST_CASE("host-header-injection: refusals and plain-text echoes are not findings") {
  FakeFetcher refuses;
  refuses.handler = [](const HttpRequest& req) -> std::optional<std::string> {
    if (header(req, "Host") == "gapscan-probe.invalid" ||
        !header(req, "X-Forwarded-Host").empty()) {
      return "HTTP/1.1 421 Misdirected Request\r\n\r\n<a href=\"https://" +
             effective_host(req, true) + "/\">unknown host</a>";
    }
    return std::nullopt;
  };
  CHECK(run(refuses).empty());
  FakeFetcher text;
  text.handler = [](const HttpRequest& req) -> std::optional<std::string> {
    return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Welcome to " +
           effective_host(req, true) + ", mail admin@" + effective_host(req, true) + "</p>";
  };
  CHECK(run(text).empty());
  FakeFetcher ignores;  // a configured canonical name
  ignores.handler = [](const HttpRequest&) -> std::optional<std::string> {
    return std::string(
        "HTTP/1.1 302 Found\r\nLocation: https://www.example.com/\r\n\r\n"
        "<a href=\"https://gapscan-probe.invalid/\">never shown</a>");
  };
  CHECK(run(ignores).empty());
}

TEST_CASE("host-header-injection: the https upgrade of the same path is not an injection") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& req) -> std::optional<std::string> {
    // Keeps the path of the root; /login goes to the https home page.
    const std::string path = req.url.substr(std::string("http://example.com").size());
    return "HTTP/1.1 301 Moved\r\nLocation: https://" + effective_host(req, false) +
           (path == "/login" ? "/" : path) + "\r\n\r\n";
  };
  const std::vector<CrawledPage> pages = {
      {"http://example.com/", 301, "text/html", "", "https://example.com/"},
      {"http://example.com/login", 301, "text/html", "", "https://example.com/"}};
  CHECK(run(fetcher, "http://example.com", pages).empty());
  CHECK(fetcher.requests.size() == 4);

  // From X-Forwarded-Host it is cache poisoning material all the same.
  FakeFetcher xfh;
  xfh.handler = [](const HttpRequest& req) -> std::optional<std::string> {
    return "HTTP/1.1 301 Moved\r\nLocation: https://" + effective_host(req, true) + "/\r\n\r\n";
  };
  const auto findings = run(xfh, "http://example.com");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].exchange.request_headers.at(0).name == "X-Forwarded-Host");
}

}  // namespace
}  // namespace gapscan
