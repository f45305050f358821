#include "checks/exposure/not_found.h"

#include <doctest/doctest.h>

#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;

Exchange answer(std::string url, std::string_view raw) {
  Exchange ex = make_exchange(url, raw);
  ex.request.url = std::move(url);
  return ex;
}

std::string html(long status, std::string_view body, std::string_view extra = "") {
  return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: text/html\r\n" +
         std::string(extra) + "\r\n" + std::string(body);
}

const char* kHome =
    "<html><head><title>Shop</title></head><body><h1>Welcome to the shop</h1><ul><li><a "
    "href=/a>Cheap shoes for every season</a></li><li><a href=/b>Warm coats and jackets</a>"
    "</li></ul><p>Free delivery on orders over 50 euros. Returns within thirty days.</p>"
    "</body></html>";

TEST_CASE("not-found: name classes") {
  CHECK(name_class(".env") == "dot");
  CHECK(name_class("backup/") == "dir");
  CHECK(name_class("dump.SQL") == "ext:sql");
  CHECK(name_class("index.php~") == "ext:php~");
  CHECK(name_class("server-status") == "plain");
  CHECK(name_class("") == "dir");
}

TEST_CASE("not-found: split_directory") {
  CHECK(split_directory("https://h/.git/HEAD") ==
        std::pair<std::string, std::string>{"https://h/.git/", "HEAD"});
  CHECK(split_directory("https://h/backup/") ==
        std::pair<std::string, std::string>{"https://h/", "backup/"});
  CHECK(split_directory("https://h/a.php?x=1") ==
        std::pair<std::string, std::string>{"https://h/", "a.php"});
  CHECK(split_directory("https://h") == std::pair<std::string, std::string>{"https://h/", ""});
}

TEST_CASE("not-found: sketches ignore echoed names and tolerate small changes") {
  const auto a = sketch_body("<p>The page /gs123 was not found. Request id 8f3a</p>", {"gs123"});
  const auto b = sketch_body("<p>The page /.env was not found. Request id 11c0</p>", {".env"});
  CHECK(similarity(a, b) >= NotFoundOracle::kSimilarThreshold);
  const auto git = sketch_body("ref: refs/heads/main\n", {"HEAD"});
  CHECK(similarity(a, git) < 0.2);
  CHECK(similarity(sketch_body("", {}), sketch_body("", {})) == 1.0);
}

NotFoundProfile profile_of(std::vector<std::string> raw, std::string dir = "https://h/") {
  NotFoundOracle oracle;
  FakeFetcher fetcher;
  int i = 0;
  fetcher.handler = [&](const HttpRequest&) -> std::optional<std::string> {
    return raw[static_cast<std::size_t>(i++) % raw.size()];
  };
  oracle.calibrate(fetcher, {dir + "probe-name"});
  CHECK(fetcher.requested.size() == 2);
  CHECK(oracle.requests_sent() == 2);
  auto p = oracle.profile_for(dir + "other-name");
  REQUIRE(p != nullptr);
  return *p;
}

TEST_CASE("not-found: a server answering 200 with the home page for everything") {
  const NotFoundProfile p = profile_of({html(200, kHome)});
  CHECK(judge_against(p, answer("https://h/server-status", html(200, kHome))) ==
        ProbeVerdict::not_found);
  CHECK(judge_against(
            p, answer("https://h/server-status", html(200,
                                                      "<h1>Apache Server Status for h</h1>"
                                                      "<dt>Server Version: Apache/2.4</dt>"))) ==
        ProbeVerdict::distinct);
}

TEST_CASE("not-found: a real 404 server") {
  const NotFoundProfile p = profile_of({html(404, "<p>Not found</p>")});
  CHECK(judge_against(p, answer("https://h/x", html(404, "<p>Not found</p>"))) ==
        ProbeVerdict::not_found);
  CHECK(judge_against(p, answer("https://h/x", html(200, "anything"))) == ProbeVerdict::distinct);
  // 401 where random names get 404: the path itself is protected; probes judge the content.
  CHECK(judge_against(p, answer("https://h/x", html(401, "auth"))) == ProbeVerdict::distinct);
}

TEST_CASE("not-found: redirects compared by target, with the name replaced") {
  const NotFoundProfile to_root = profile_of({html(302, "", "Location: /\r\n")});
  CHECK(judge_against(to_root, answer("https://h/.env", html(302, "", "Location: /\r\n"))) ==
        ProbeVerdict::not_found);
  CHECK(judge_against(to_root, answer("https://h/backup",
                                      html(301, "", "Location: https://h/backup/\r\n"))) ==
        ProbeVerdict::distinct);

  NotFoundOracle oracle;
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& r) -> std::optional<std::string> {
    const std::string name = split_directory(r.url).second;
    return html(302, "", "Location: /login?next=%2F" + name + "\r\n");
  };
  oracle.calibrate(fetcher, {"https://h/admin"});
  const Exchange probe =
      answer("https://h/admin", html(302, "", "Location: /login?next=%2Fadmin\r\n"));
  CHECK(oracle.judge(probe) == ProbeVerdict::not_found);
}

TEST_CASE("not-found: 401 or 403 everywhere is a protected area") {
  const NotFoundProfile p = profile_of({html(401, "Authorization required")});
  CHECK(p.protected_area());
  CHECK(judge_against(p, answer("https://h/manager/html", html(401, "Tomcat"))) ==
        ProbeVerdict::protected_area);
  CHECK(judge_against(p, answer("https://h/x", html(200, "content"))) == ProbeVerdict::distinct);
}

TEST_CASE("not-found: failed calibration means unknown") {
  NotFoundOracle oracle;
  FakeFetcher fetcher;
  fetcher.errors["https://h/unused"] = "x";
  fetcher.handler = [](const HttpRequest&) -> std::optional<std::string> { return std::nullopt; };
  NotFoundProfile p;
  p.samples.resize(2);  // status 0: no answer
  CHECK(p.unknown());
  CHECK(judge_against(p, answer("https://h/.env", html(200, "A=1"))) == ProbeVerdict::unknown);
}

TEST_CASE("not-found: calibration stops at its budget per origin; later profiles are unknown") {
  NotFoundOracle oracle(nullptr, /*max_requests_per_origin=*/4);
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest&) -> std::optional<std::string> {
    return html(200, "<html>the same catch-all page for every path</html>");
  };
  oracle.calibrate(fetcher, {"https://h/a/x", "https://h/b/x", "https://h/c/x", "http://h/c/x"});
  // Two profiles of https://h (2 requests each), none for the third; http://h has its own.
  CHECK(fetcher.requested.size() == 6);
  CHECK(oracle.requests_sent() == 6);
  CHECK(oracle.origins_over_budget() == std::vector<std::string>{"https://h"});
  const Exchange catch_all = answer("https://h/c/x", html(200, "<html>real file</html>"));
  CHECK(oracle.judge(catch_all) == ProbeVerdict::unknown);  // never reported
  CHECK(oracle.judge(answer("https://h/a/x", html(200, "<html>real file</html>"))) ==
        ProbeVerdict::distinct);
  oracle.calibrate(fetcher, {"https://h/d/x"});  // still over: no request
  CHECK(fetcher.requested.size() == 6);
}

TEST_CASE("not-found: classes and directories are calibrated once each") {
  NotFoundOracle oracle;
  FakeFetcher fetcher;
  oracle.calibrate(fetcher, {"https://h/.git/HEAD", "https://h/.git/config", "https://h/.env",
                             "https://h/.htaccess", "https://h/a.sql", "https://h/b.sql"});
  // (.git/, plain), (/, dot), (/, ext:sql): two requests each.
  CHECK(fetcher.requested.size() == 6);
  oracle.calibrate(fetcher, {"https://h/.git/index", "https://h/c.sql"});
  CHECK(fetcher.requested.size() == 6);
  for (const auto& url : fetcher.requested) {
    CHECK(split_directory(url).second.find("gs") <= 1);
  }
  CHECK(fetcher.requested[0].starts_with("https://h/.git/gs"));
}

}  // namespace
}  // namespace gapscan
