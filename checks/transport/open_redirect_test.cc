#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "checks/disclosure/util.h"
#include "scanner/base/text.h"
#include "scanner/base/url.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::VectorSink;

std::vector<Finding> run(FakeFetcher& fetcher, std::vector<std::string> crawled,
                         std::string origin = "https://example.com") {
  const auto check = make_open_redirect();
  VectorSink sink;
  ActiveContext ctx{std::move(origin), std::move(crawled), fetcher};
  check->run(ctx, sink);
  return std::move(sink.findings);
}

// The decoded value of parameter `name` in the request URL.
std::string param(const HttpRequest& req, const std::string& name) {
  const auto u = parse_url(req.url);
  if (!u) return "";
  for (auto part : split(u->query, '&')) {
    const auto eq = part.find('=');
    if (part.substr(0, eq) == name) return percent_decode(part.substr(eq + 1), true);
  }
  return "";
}

TEST_CASE("open-redirect: a next parameter redirecting anywhere; first payload wins") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& req) -> std::optional<std::string> {
    if (!req.url.starts_with("https://example.com/login?")) return std::nullopt;
    return "HTTP/1.1 302 Found\r\nLocation: " + param(req, "next") + "\r\n\r\n";
  };
  const auto findings =
      run(fetcher, {"https://example.com/", "https://example.com/login?next=%2Fhome&lang=en"});
  REQUIRE(fetcher.requests.size() == 1);
  CHECK(fetcher.requests[0].url ==
        "https://example.com/login?next=https%3A%2F%2Fgapscan-redirect.invalid%2F&lang=en");
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "open-redirect");
  CHECK(f.severity == Severity::medium);
  CHECK(!f.per_origin);
  CHECK(f.parameter == "next");
  CHECK(f.url == fetcher.requests[0].url);
  CHECK(f.evidence.header_name == "Location");
  CHECK(f.evidence.header_value == "https://gapscan-redirect.invalid/");
  CHECK(f.evidence.note.find("redirects (302)") != std::string::npos);
}

TEST_CASE("open-redirect: a filter on schemes falls to the backslash payload") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& req) -> std::optional<std::string> {
    const std::string to = param(req, "returnTo");
    // Blocks absolute URLs and "//", but not "/\".
    if (to.find("://") != std::string::npos || to.starts_with("//")) {
      return std::string("HTTP/1.1 302 Found\r\nLocation: /\r\n\r\n");
    }
    return "HTTP/1.1 302 Found\r\nLocation: " + to + "\r\n\r\n";
  };
  const auto findings = run(fetcher, {"https://example.com/logout?returnTo=/"});
  CHECK(fetcher.requests.size() == 3);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].evidence.header_value == "/\\gapscan-redirect.invalid/");
}

TEST_CASE("open-redirect: meta refresh and script navigations count") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& req) -> std::optional<std::string> {
    if (req.url.find("/meta?") != std::string::npos) {
      return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><head>\n"
             "<meta http-equiv=\"refresh\" content=\"0;url=" +
             param(req, "url") + "\"></head></html>";
    }
    if (req.url.find("/js?") != std::string::npos) {
      return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<script>\n"
             "  window.location.replace(\"" +
             param(req, "dest") + "\");\n</script>";
    }
    return std::nullopt;
  };
  const auto findings =
      run(fetcher, {"https://example.com/meta?url=/a", "https://example.com/js?dest=/b"});
  REQUIRE(findings.size() == 2);
  // Candidates are taken in URL order: /js before /meta.
  CHECK(findings[0].parameter == "dest");
  CHECK(findings[0].evidence.snippet ==
        "window.location.replace(\"https://gapscan-redirect.invalid/\");");
  CHECK(findings[0].evidence.line == 2);
  CHECK(findings[0].evidence.note.find("script navigation") != std::string::npos);
  CHECK(findings[1].parameter == "url");
  CHECK(findings[1].evidence.snippet.starts_with("<meta http-equiv=\"refresh\""));
  CHECK(findings[1].evidence.note.find("meta refresh") != std::string::npos);
}

TEST_CASE("open-redirect: same-site redirects and reflected text are not findings") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& req) -> std::optional<std::string> {
    const std::string to = param(req, "next");
    if (req.url.find("/login?") != std::string::npos) {
      // Sends everyone to the sign-in page, keeping the target in the query.
      return "HTTP/1.1 302 Found\r\nLocation: /signin?next=" + to + "\r\n\r\n";
    }
    return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>You will go to <a href=\"" + to +
           "\">" + to + "</a></p><script>var next = \"" + to + "\";</script>";
  };
  CHECK(run(fetcher, {"https://example.com/login?next=/a", "https://example.com/go?next=/b"})
            .empty());
  CHECK(fetcher.requests.size() == 8);
}

TEST_CASE("open-redirect: candidates by name or URL-like value, ten at most") {
  FakeFetcher fetcher;
  CHECK(run(fetcher,
            {"https://example.com/search?q=shoes&page=2", "https://other.example/login?next=/x"})
            .empty());
  CHECK(fetcher.requests.empty());

  FakeFetcher by_value;
  run(by_value, {"https://example.com/view?file=%2Fdocs%2Fa.html&id=3"});
  REQUIRE(by_value.requests.size() == 4);
  CHECK(param(by_value.requests[0], "file") == "https://gapscan-redirect.invalid/");
  CHECK(param(by_value.requests[1], "file") == "//gapscan-redirect.invalid/");
  CHECK(param(by_value.requests[3], "file") == "http:gapscan-redirect.invalid/");
  CHECK(param(by_value.requests[3], "id") == "3");

  FakeFetcher many;
  std::vector<std::string> crawled;
  for (int i = 0; i < 15; ++i) {
    crawled.push_back("https://example.com/p" + std::to_string(i) + "?redirect=/home");
  }
  crawled.push_back("https://example.com/p0?redirect=/other");  // the same parameter again
  run(many, crawled);
  CHECK(many.requests.size() == 10 * 4);
}

}  // namespace
}  // namespace gapscan
