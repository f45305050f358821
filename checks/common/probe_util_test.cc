#include "checks/common/probe_util.h"

#include <doctest/doctest.h>

#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using probe::navigation_host;

TEST_CASE("probe-util: navigation_host follows browser rules") {
  const std::string page = "https://example.com/a/b";
  CHECK(navigation_host("https://evil.invalid/x", page) == "evil.invalid");
  CHECK(navigation_host("HTTPS://Evil.Invalid:8443/x", page) == "evil.invalid");
  CHECK(navigation_host("//evil.invalid/", page) == "evil.invalid");
  CHECK(navigation_host("///evil.invalid/", page) == "evil.invalid");
  CHECK(navigation_host("/\\evil.invalid/", page) == "evil.invalid");
  CHECK(navigation_host("\\\\evil.invalid", page) == "evil.invalid");
  CHECK(navigation_host(" \t//evil.invalid", page) == "evil.invalid");
  CHECK(navigation_host("https://example.com@evil.invalid/", page) == "evil.invalid");
  CHECK(navigation_host("https://evil.invalid./", page) == "evil.invalid");
  CHECK(navigation_host("https://[::1]:8080/", page) == "::1");
  // Same special scheme without "//": a relative reference on the page's own host.
  CHECK(navigation_host("https:evil.invalid/", page) == "example.com");
  CHECK(navigation_host("http:evil.invalid/", page) == "evil.invalid");
  CHECK(navigation_host("/login?next=https://evil.invalid/", page) == "example.com");
  CHECK(navigation_host("relative/path", page) == "example.com");
  CHECK(navigation_host("?q=//evil.invalid", page) == "example.com");
  CHECK(navigation_host("javascript:alert(1)", page).empty());
  CHECK(navigation_host("mailto:a@evil.invalid", page).empty());
}

TEST_CASE("probe-util: client-side redirects in bodies") {
  const std::string body =
      "<html><head><meta http-equiv=\"Refresh\" content=\"0; URL='https://a.invalid/'\">\n"
      "<script>\nwindow.location.href = \"https:\\/\\/b.invalid\\/\";\n"
      "location.replace('//c.invalid/');\n"
      "document.location = `/local`;\n"
      "if (location == 'x') {}\n"
      "var redirectLocation = \"https://d.invalid/\";\n"
      "</script></head></html>";
  const auto found = probe::body_redirects(body);
  REQUIRE(found.size() == 4);
  CHECK(found[0].target == "https://a.invalid/");
  CHECK(found[0].snippet.find("<meta") == 0);
  CHECK(found[1].target == "https://b.invalid/");
  CHECK(found[1].snippet.find("window.location.href") != std::string::npos);
  CHECK(found[2].target == "//c.invalid/");
  CHECK(found[3].target == "/local");
  CHECK(probe::refresh_target("5;url=/next") == "/next");
  CHECK(probe::refresh_target("5").empty());
}

TEST_CASE("probe-util: pages for header probes prefer APIs, then the root") {
  testing::FakeFetcher fetcher;
  ActiveContext ctx{"https://example.com", {}, fetcher};
  ctx.pages = {
      {"https://example.com/", 200, "text/html", "", ""},
      {"https://example.com/about.html", 200, "text/html", "", ""},
      {"https://example.com/api/me", 200, "application/json", "", ""},
      {"https://example.com/data", 200, "application/json", "", ""},
      {"https://example.com/gone", 404, "text/html", "", ""},
      {"https://example.com/static/app.js", 200, "text/javascript", "", ""},
      {"https://other.example/api/x", 200, "application/json", "", ""},
  };
  const auto pages = probe::pages_for_header_probes(ctx, 3);
  CHECK(pages == std::vector<std::string>{"https://example.com/api/me", "https://example.com/data",
                                          "https://example.com/"});
  ctx.pages.clear();
  CHECK(probe::pages_for_header_probes(ctx, 4) == std::vector<std::string>{"https://example.com/"});
}

TEST_CASE("probe-util: query split and join round-trip") {
  auto q = probe::split_query("a=1&flag&next=%2Fhome&&b=");
  REQUIRE(q.size() == 4);
  CHECK(q[1].name == "flag");
  CHECK(!q[1].has_equals);
  CHECK(q[2].value == "%2Fhome");
  q[2].value = probe::encode_component("//x.invalid/");
  CHECK(probe::join_query(q) == "a=1&flag&next=%2F%2Fx.invalid%2F&b=");
}

}  // namespace
}  // namespace gapscan
