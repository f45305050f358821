#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::VectorSink;

constexpr const char* kHome =
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
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
  const auto check = make_http_only_site();
  VectorSink sink;
  ActiveContext ctx{origin, {}, fetcher};
  ctx.pages = std::move(pages);
  ctx.scan_origins = std::move(scan_origins);
  check->run(ctx, sink);
  return std::move(sink.findings);
}

// What the engine's fetcher answers for a URL outside the scope.
void refuse(FakeFetcher& f, const std::string& url) { f.errors[url] = "refused: out of scope"; }

TEST_CASE("http-only-site: info") {
  CHECK(kHttpOnlySite.id == "http-only-site");
  CHECK(kHttpOnlySite.kind == CheckKind::active);
  CHECK(kHttpOnlySite.cwe == 319);
  CHECK(kHttpOnlySite.severity == Severity::medium);
  CHECK_FALSE(kHttpOnlySite.references.empty());
}

TEST_CASE("http-only-site: http only, https out of scope -> finding from the scan's view") {
  FakeFetcher fetcher;
  fetcher.responses["http://127.0.0.1:8080/"] = kHome;
  refuse(fetcher, "https://127.0.0.1/");
  const auto findings =
      run(fetcher, "http://127.0.0.1:8080",
          {page("http://127.0.0.1:8080/", 200), page("http://127.0.0.1:8080/a.html", 200),
           page("http://127.0.0.1:8080/missing", 404)},
          {"http://127.0.0.1:8080"});
  REQUIRE(findings.size() == 2);
  const Finding& f = findings[0];
  CHECK(f.check_id == "http-only-site");
  CHECK(f.url == "http://127.0.0.1:8080/");
  CHECK(f.per_origin);
  CHECK(f.severity == Severity::medium);
  CHECK(f.confidence == Confidence::medium);
  CHECK(f.exchange.status == 200);
  CHECK(f.evidence.snippet == "GET http://127.0.0.1:8080/ -> 200 text/html");
  CHECK(f.evidence.note.find("https://127.0.0.1/: not probed (out of the scan's scope)") !=
        std::string::npos);
  CHECK(findings[1].url == "http://127.0.0.1:8080/a.html");
  CHECK(fetcher.requested ==
        std::vector<std::string>{"https://127.0.0.1/", "http://127.0.0.1:8080/"});
}

TEST_CASE("http-only-site: port 80, nothing on 443 -> high confidence") {
  FakeFetcher fetcher;
  fetcher.responses["http://example.com/"] = kHome;
  fetcher.errors["https://example.com/"] = "Failed to connect to example.com port 443";
  // FakeFetcher has no curl codes: wrap it to set CURLE_COULDNT_CONNECT.
  struct Wrap : Fetcher {
    FakeFetcher& inner;
    explicit Wrap(FakeFetcher& f) : inner(f) {}
    Exchange fetch(const HttpRequest& r) override {
      Exchange ex = inner.fetch(r);
      if (!ex.error.empty()) ex.curl_code = 7;
      return ex;
    }
    std::vector<Exchange> fetch_all(const std::vector<HttpRequest>& rs) override {
      std::vector<Exchange> out;
      for (const auto& r : rs) out.push_back(fetch(r));
      return out;
    }
  } wrap(fetcher);
  const auto check = make_http_only_site();
  VectorSink sink;
  ActiveContext ctx{"http://example.com", {}, wrap};
  ctx.pages = {page("http://example.com/", 200)};
  ctx.scan_origins = {"http://example.com"};
  check->run(ctx, sink);
  REQUIRE(sink.findings.size() == 1);
  CHECK(sink.findings[0].confidence == Confidence::high);
  CHECK(sink.findings[0].evidence.note.find("https://example.com/: no answer") !=
        std::string::npos);
}

TEST_CASE("http-only-site: https answering on 443 means https exists") {
  FakeFetcher fetcher;
  fetcher.responses["http://example.com/"] = kHome;
  fetcher.responses["https://example.com/"] = kHome;
  CHECK(
      run(fetcher, "http://example.com", {page("http://example.com/", 200)}, {"http://example.com"})
          .empty());
  CHECK(fetcher.requested == std::vector<std::string>{"https://example.com/"});
}

TEST_CASE("http-only-site: a TLS-level failure on 443 is not 'no https'") {
  FakeFetcher fetcher;
  fetcher.responses["http://example.com/"] = kHome;
  fetcher.errors["https://example.com/"] = "SSL connect error";  // curl_code 0 here, not 6/7/28
  CHECK(
      run(fetcher, "http://example.com", {page("http://example.com/", 200)}, {"http://example.com"})
          .empty());
}

TEST_CASE("http-only-site: the https twin in the scan, https origins, redirecting sites") {
  FakeFetcher fetcher;
  fetcher.responses["http://127.0.0.1:8080/"] = kHome;
  refuse(fetcher, "https://127.0.0.1/");
  // Both origins of the host are scanned.
  CHECK(run(fetcher, "http://127.0.0.1:8080", {page("http://127.0.0.1:8080/", 200)},
            {"http://127.0.0.1:8080", "https://127.0.0.1:8443"})
            .empty());
  // An https origin is never judged.
  CHECK(run(fetcher, "https://127.0.0.1:8443", {page("https://127.0.0.1:8443/", 200)},
            {"https://127.0.0.1:8443"})
            .empty());
  // The http origin only redirects (to an https origin the scan does not cover).
  CHECK(run(fetcher, "http://127.0.0.1:8080",
            {page("http://127.0.0.1:8080/", 301, "text/html", "https://127.0.0.1:8443/")},
            {"http://127.0.0.1:8080"})
            .empty());
  // It serves some pages but sends the login to https: https exists.
  CHECK(run(fetcher, "http://127.0.0.1:8080",
            {page("http://127.0.0.1:8080/", 200),
             page("http://127.0.0.1:8080/login", 302, "text/html", "https://127.0.0.1/login")},
            {"http://127.0.0.1:8080"})
            .empty());
  CHECK(fetcher.requested.empty());
}

TEST_CASE("http-only-site: nothing served over http (only 404s or non-HTML)") {
  FakeFetcher fetcher;
  refuse(fetcher, "https://127.0.0.1/");
  CHECK(run(fetcher, "http://127.0.0.1:8080",
            {page("http://127.0.0.1:8080/", 404),
             page("http://127.0.0.1:8080/api", 200, "application/json")},
            {"http://127.0.0.1:8080"})
            .empty());
  CHECK(fetcher.requested.empty());
}

}  // namespace
}  // namespace gapscan
