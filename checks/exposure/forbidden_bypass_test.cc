#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::VectorSink;

constexpr const char* kForbidden =
    "HTTP/1.1 403 Forbidden\r\nContent-Type: text/html\r\n\r\n<h1>Forbidden</h1>"
    "<p>You don't have permission to access this resource.</p>";
constexpr const char* kHome =
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<h1>Welcome</h1><p>This is the home page "
    "of the example shop with offers, news and a search form for all products.</p>";
constexpr const char* kAdmin =
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<h1>Administration</h1><p>Users: alice, "
    "bob, carol. Pending orders 17. Configure payment gateway and shipping rules here.</p>";

std::vector<Finding> run(FakeFetcher& fetcher, std::vector<CrawledPage> pages) {
  const auto check = make_forbidden_bypass();
  VectorSink sink;
  ActiveContext ctx{"https://example.com", {}, fetcher};
  ctx.pages = std::move(pages);
  check->run(ctx, sink);
  return std::move(sink.findings);
}

const std::vector<CrawledPage> kAdminPages = {
    {"https://example.com/", 200, "text/html", "", ""},
    {"https://example.com/admin/", 403, "text/html", "", ""},
};

std::string header(const HttpRequest& req, std::string_view name) {
  const std::string* v = find_header(req.headers, name);
  return v == nullptr ? std::string() : *v;
}

TEST_CASE("forbidden-bypass: an unnormalized path serves the protected page") {
  FakeFetcher fetcher;
  fetcher.responses["https://example.com/"] = kHome;
  fetcher.responses["https://example.com/admin/"] = kForbidden;
  fetcher.responses["https://example.com/%2e/admin/"] = kAdmin;
  const auto findings = run(fetcher, kAdminPages);
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "forbidden-bypass");
  CHECK(f.severity == Severity::medium);
  CHECK(f.per_origin);
  CHECK(f.key == "/admin/");
  CHECK(f.url == "https://example.com/admin/");
  CHECK(f.exchange.url == "https://example.com/%2e/admin/");
  CHECK(f.exchange.status == 200);
  CHECK(f.evidence.snippet.find("Administration") != std::string::npos);
  CHECK(f.evidence.note.find("/admin/ answers 403") != std::string::npos);
  CHECK(f.evidence.note.find("path /%2e/admin/") != std::string::npos);
  // Path variants are sent as written; every request is a GET.
  bool raw = false;
  for (const auto& r : fetcher.requests) {
    CHECK(r.method == "GET");
    if (r.url == "https://example.com/%2e/admin/") raw = r.path_as_is;
  }
  CHECK(raw);
}

TEST_CASE("forbidden-bypass: X-Original-URL on the root") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& req) -> std::optional<std::string> {
    if (req.url == "https://example.com/" && header(req, "X-Original-URL") == "/admin/") {
      return std::string(kAdmin);
    }
    return std::nullopt;
  };
  fetcher.responses["https://example.com/"] = kHome;
  fetcher.responses["https://example.com/admin/"] = kForbidden;
  const auto findings = run(fetcher, kAdminPages);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "/admin/ (403) is served with a bypass: X-Original-URL: /admin/");
  CHECK(findings[0].exchange.request_headers.at(0).name == "X-Original-URL");
}

TEST_CASE("forbidden-bypass: look-alikes of home, refusal, not-found and login are ignored") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& req) -> std::optional<std::string> {
    if (req.url == "https://example.com/admin/" && header(req, "X-Real-IP").empty()) {
      return std::string(kForbidden);
    }
    if (!header(req, "X-Real-IP").empty()) {  // the refusal page with a 200
      return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" +
             std::string(kForbidden).substr(std::string(kForbidden).find("<h1>"));
    }
    if (req.url.find("..;") != std::string::npos) {  // a login form
      return std::string(
          "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<h1>Sign in</h1><form method=post>"
          "<input name=user><input type=\"password\" name=pw></form>");
    }
    if (req.url.find("/gs") != std::string::npos || req.url.find("/./") != std::string::npos ||
        req.url.find("%2e") != std::string::npos) {
      // The custom not-found page (calibration answers alike).
      return std::string(
          "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<h1>Oops</h1><p>We looked "
          "everywhere but this page is not here. Try the search or go back home.</p>");
    }
    return std::string(kHome);  // the rest: the home page
  };
  CHECK(run(fetcher, kAdminPages).empty());
  // Baseline + home + 9 variants + calibration of the root directory.
  CHECK(fetcher.requests.size() == 2 + 9 + 2);
}

TEST_CASE("forbidden-bypass: nothing protected, nothing sent; at most five paths") {
  FakeFetcher none;
  CHECK(run(none, {{"https://example.com/", 200, "text/html", "", ""}}).empty());
  CHECK(none.requests.empty());

  FakeFetcher many;
  std::vector<CrawledPage> pages;
  for (int i = 0; i < 8; ++i) {
    pages.push_back(
        {"https://example.com/p" + std::to_string(i) + "/", 401, "text/html", "Basic realm=x", ""});
    many.responses["https://example.com/p" + std::to_string(i) + "/"] =
        "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=x\r\n\r\nauth needed";
  }
  CHECK(run(many, pages).empty());
  CHECK(many.requests.size() == 5 * 10 + 1 + 2);
}

TEST_CASE("forbidden-bypass: a page no longer refused is skipped") {
  FakeFetcher fetcher;
  fetcher.responses["https://example.com/admin/"] = kAdmin;  // now open: not a bypass
  fetcher.responses["https://example.com/%2e/admin/"] = kAdmin;
  CHECK(run(fetcher, kAdminPages).empty());
  CHECK(fetcher.requests.size() == 2);
}

}  // namespace
}  // namespace gapscan
