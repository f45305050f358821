#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::VectorSink;

constexpr const char* kHttp = "http://example.com:8080";
constexpr const char* kHttps = "https://example.com:8443";
constexpr const char* kHome =
    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
    "<html><body><h1>Welcome</h1></body></html>";

CrawledPage page(std::string url, long status, std::string media_type = "text/html",
                 std::string location = "") {
  CrawledPage p;
  p.url = std::move(url);
  p.status = status;
  p.media_type = std::move(media_type);
  p.location = std::move(location);
  return p;
}

std::vector<Finding> run(FakeFetcher& fetcher, const std::string& origin,
                         std::vector<CrawledPage> pages, std::vector<std::string> scan_origins) {
  const auto check = make_https_not_enforced();
  VectorSink sink;
  ActiveContext ctx{origin, {}, fetcher};
  ctx.pages = std::move(pages);
  ctx.scan_origins = std::move(scan_origins);
  check->run(ctx, sink);
  return std::move(sink.findings);
}

TEST_CASE("https-not-enforced: info") {
  CHECK(kHttpsNotEnforced.id == "https-not-enforced");
  CHECK(kHttpsNotEnforced.kind == CheckKind::active);
  CHECK(kHttpsNotEnforced.cwe == 319);
  CHECK(kHttpsNotEnforced.severity == Severity::medium);
  CHECK_FALSE(kHttpsNotEnforced.references.empty());
}

TEST_CASE("https-not-enforced: http twin serves pages -> one finding on the http origin's /") {
  FakeFetcher fetcher;
  fetcher.responses["http://example.com:8080/"] = kHome;
  const auto findings =
      run(fetcher, kHttp,
          {page("http://example.com:8080/", 200), page("http://example.com:8080/about.html", 200),
           page("http://example.com:8080/logo.png", 200, "image/png")},
          {kHttp, kHttps});
  REQUIRE(findings.size() == 2);
  const Finding& f = findings[0];
  CHECK(f.check_id == "https-not-enforced");
  CHECK(f.url == "http://example.com:8080/");
  CHECK(f.per_origin);
  CHECK(f.severity == Severity::medium);
  CHECK(f.exchange.status == 200);
  CHECK(f.exchange.url == "http://example.com:8080/");
  CHECK(f.evidence.snippet == "GET http://example.com:8080/ -> 200 (no redirect)");
  CHECK(f.evidence.note.find("https://example.com:8443 exists") != std::string::npos);
  CHECK(f.evidence.note.find("2 pages") != std::string::npos);
  CHECK(f.message.find("https://example.com:8443") != std::string::npos);
  // The other served page joins the same per-origin finding (same key).
  CHECK(findings[1].url == "http://example.com:8080/about.html");
  CHECK(findings[1].key == f.key);
  CHECK(fetcher.requested == std::vector<std::string>{"http://example.com:8080/"});
}

TEST_CASE("https-not-enforced: the https side and origins without a twin stay silent") {
  FakeFetcher fetcher;
  fetcher.responses["http://example.com:8080/"] = kHome;
  fetcher.responses["https://example.com:8443/"] = kHome;
  // https origin: never reported there (one flaw, one finding, on http).
  CHECK(run(fetcher, kHttps, {page("https://example.com:8443/", 200)}, {kHttp, kHttps}).empty());
  // No https origin of this host in the scan: that is http-only-site's business.
  CHECK(run(fetcher, kHttp, {page("http://example.com:8080/", 200)},
            {kHttp, "https://other.example:8443"})
            .empty());
  CHECK(fetcher.requested.empty());
}

TEST_CASE("https-not-enforced: an http origin that redirects everything is enforced") {
  FakeFetcher fetcher;
  const auto findings =
      run(fetcher, kHttp,
          {page("http://example.com:8080/", 301, "text/html", "https://example.com:8443/"),
           page("http://example.com:8080/about.html", 301, "text/html",
                "https://example.com:8443/about.html")},
          {kHttp, kHttps});
  CHECK(findings.empty());
  CHECK(fetcher.requested.empty());
}

TEST_CASE("https-not-enforced: representative is the first served page when / redirects") {
  FakeFetcher fetcher;
  fetcher.responses["http://example.com:8080/docs/"] = kHome;
  const auto findings =
      run(fetcher, kHttp,
          {page("http://example.com:8080/", 302, "text/html", "/docs/"),
           page("http://example.com:8080/docs/", 200), page("http://example.com:8080/x", 404)},
          {kHttps, kHttp});
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].url == "http://example.com:8080/docs/");
}

TEST_CASE("https-not-enforced: not confirmed on re-request, or a meta refresh to https") {
  {
    FakeFetcher fetcher;
    fetcher.responses["http://example.com:8080/"] =
        "HTTP/1.1 301 Moved\r\nLocation: https://example.com:8443/\r\n\r\n";
    CHECK(run(fetcher, kHttp, {page("http://example.com:8080/", 200)}, {kHttp, kHttps}).empty());
  }
  {
    FakeFetcher fetcher;
    fetcher.errors["http://example.com:8080/"] = "connection reset";
    CHECK(run(fetcher, kHttp, {page("http://example.com:8080/", 200)}, {kHttp, kHttps}).empty());
  }
  {
    FakeFetcher fetcher;
    fetcher.responses["http://example.com:8080/"] =
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><head>"
        "<META HTTP-EQUIV=\"Refresh\" CONTENT=\"0; URL='https://example.com:8443/'\">"
        "</head><body>Moved to https.</body></html>";
    CHECK(run(fetcher, kHttp, {page("http://example.com:8080/", 200)}, {kHttp, kHttps}).empty());
  }
}

TEST_CASE("https-not-enforced: default ports and IPv6 hosts pair by host") {
  FakeFetcher fetcher;
  fetcher.responses["http://[::1]/"] = kHome;
  const auto findings =
      run(fetcher, "http://[::1]", {page("http://[::1]/", 200)}, {"http://[::1]", "https://[::1]"});
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message.find("https://[::1]") != std::string::npos);
}

}  // namespace
}  // namespace gapscan
