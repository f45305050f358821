#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::VectorSink;

constexpr const char* kHttps = "https://example.com";

CrawledPage redirect(std::string url, long status, std::string location) {
  CrawledPage p;
  p.url = std::move(url);
  p.status = status;
  p.media_type = "text/html";
  p.location = std::move(location);
  return p;
}

std::string raw_redirect(long status, const std::string& location) {
  return "HTTP/1.1 " + std::to_string(status) + " Found\r\nLocation: " + location +
         "\r\nContent-Type: text/html\r\n\r\n<a href=\"" + location + "\">moved</a>";
}

std::vector<Finding> run(FakeFetcher& fetcher, std::vector<CrawledPage> pages,
                         const std::string& origin = kHttps) {
  const auto check = make_https_downgrade_redirect();
  VectorSink sink;
  ActiveContext ctx{origin, {}, fetcher};
  ctx.pages = std::move(pages);
  ctx.scan_origins = {origin};
  check->run(ctx, sink);
  return std::move(sink.findings);
}

TEST_CASE("https-downgrade-redirect: info") {
  CHECK(kHttpsDowngradeRedirect.id == "https-downgrade-redirect");
  CHECK(kHttpsDowngradeRedirect.kind == CheckKind::active);
  CHECK(kHttpsDowngradeRedirect.cwe == 319);
  CHECK(kHttpsDowngradeRedirect.severity == Severity::high);
  CHECK_FALSE(kHttpsDowngradeRedirect.references.empty());
}

TEST_CASE("https-downgrade-redirect: an https page redirecting to http:// on the same host") {
  FakeFetcher fetcher;
  fetcher.responses["https://example.com/login/done"] =
      raw_redirect(302, "http://example.com/account");
  const auto findings =
      run(fetcher, {redirect("https://example.com/docs", 301, "/docs/"),
                    redirect("https://example.com/login/done", 302, "http://example.com/account"),
                    redirect("https://example.com/logout", 302, "HTTP://www.example.com/")});
  REQUIRE(findings.size() == 2);
  const Finding& f = findings[0];
  CHECK(f.check_id == "https-downgrade-redirect");
  CHECK(f.severity == Severity::high);
  CHECK(f.url == "https://example.com/login/done");
  CHECK(f.per_origin);
  CHECK(f.evidence.header_name == "Location");
  CHECK(f.evidence.header_value == "http://example.com/account");
  CHECK(f.exchange.status == 302);
  CHECK(f.message ==
        "https://example.com/login/done redirects (302) to the plain-HTTP URL "
        "http://example.com/account");
  CHECK(f.evidence.note.find("2 crawled https pages") != std::string::npos);
  // A www. subdomain is the same site: it joins as an affected URL.
  CHECK(findings[1].url == "https://example.com/logout");
  CHECK(findings[1].key == f.key);
  CHECK(fetcher.requested == std::vector<std::string>{"https://example.com/login/done"});
}

TEST_CASE("https-downgrade-redirect: https, relative and other-site targets are fine") {
  FakeFetcher fetcher;
  CHECK(run(fetcher, {redirect("https://example.com/a", 301, "https://example.com/a/"),
                      redirect("https://example.com/b", 302, "/b/"),
                      redirect("https://example.com/c", 302, "//example.com/c/"),
                      redirect("https://example.com/d", 302, "http://partner.example.net/"),
                      redirect("https://example.com/e", 200, "http://example.com/e")})
            .empty());
  CHECK(fetcher.requested.empty());
}

TEST_CASE("https-downgrade-redirect: http origins are not judged") {
  FakeFetcher fetcher;
  CHECK(run(fetcher, {redirect("http://example.com/a", 302, "http://example.com/b")},
            "http://example.com")
            .empty());
  CHECK(fetcher.requested.empty());
}

TEST_CASE("https-downgrade-redirect: unconfirmed candidates are skipped, two at most") {
  FakeFetcher fetcher;
  // /a now redirects to https, /b to http: /b is the finding, /a is not an affected URL.
  fetcher.responses["https://example.com/a"] = raw_redirect(301, "https://example.com/a/");
  fetcher.responses["https://example.com/b"] = raw_redirect(302, "http://example.com/b/");
  auto findings = run(fetcher, {redirect("https://example.com/a", 302, "http://example.com/a/"),
                                redirect("https://example.com/b", 302, "http://example.com/b/"),
                                redirect("https://example.com/c", 302, "http://example.com/c/")});
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].url == "https://example.com/b");
  CHECK(findings[1].url == "https://example.com/c");

  FakeFetcher none;  // every re-request answers 404
  findings = run(none, {redirect("https://example.com/a", 302, "http://example.com/a/"),
                        redirect("https://example.com/b", 302, "http://example.com/b/"),
                        redirect("https://example.com/c", 302, "http://example.com/c/")});
  CHECK(findings.empty());
  CHECK(none.requested.size() == 2);
}

}  // namespace
}  // namespace gapscan
