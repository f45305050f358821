#include "scanner/catch_all.h"

#include <doctest/doctest.h>

#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;

std::string raw(long status, std::string_view type, std::string_view body) {
  return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " + std::string(type) +
         "\r\n\r\n" + std::string(body);
}

Exchange answer(const std::string& url, const std::string& response) {
  Exchange ex = make_exchange(url, response);
  ex.request.url = url;
  return ex;
}

// A single-page app's index.html, as nginx's try_files serves it for every unknown path.
const char* kShell =
    "<!doctype html><html><head><title>Shop</title><link rel=stylesheet href=assets/app.css>"
    "<script src=assets/main.js></script></head><body><div id=root>Loading the shop</div>"
    "<nav><a href=docs/guide>Guide</a> <a href=about>About us</a></nav></body></html>";
const char* kAppShell =
    "<!doctype html><html><head><title>Admin console</title><script src=assets/admin.js>"
    "</script></head><body><div id=app>Starting the admin console, please wait</div>"
    "<a href=docs/guide>Read the guide</a></body></html>";
const char* kHome =
    "<!doctype html><html><head><title>Home</title></head><body><h1>Welcome to our company"
    "</h1><p>We build bridges and tunnels since long ago.</p><a href=/app/>Admin</a></body>"
    "</html>";

bool random_name(const std::string& url) { return split_directory(url).second.starts_with("gs"); }

bool in_scope(const Url&) { return true; }

TEST_CASE("catch-all: profiles of success answers only") {
  NotFoundProfile p;
  p.samples.resize(2);
  CHECK_FALSE(catch_all_profile(p));  // no answer: unknown
  p.samples[0].status = 200;
  CHECK(catch_all_profile(p));
  p.samples[1].status = 404;
  CHECK_FALSE(catch_all_profile(p));
  p.samples[0].status = 302;
  p.samples[1].status = 302;
  CHECK_FALSE(catch_all_profile(p));  // redirects: the crawl copes with them already
  p.samples[0].status = 401;
  p.samples[1].status = 401;
  CHECK_FALSE(catch_all_profile(p));
}

TEST_CASE("catch-all: the home of a catch-all page is its directory and index file") {
  const std::string dir = "https://h/app/";
  CHECK(catch_all_home(dir, *parse_url("https://h/app/")));
  CHECK(catch_all_home(dir, *parse_url("https://h/app/index.html")));
  CHECK(catch_all_home(dir, *parse_url("https://h/app/index.php")));
  CHECK_FALSE(catch_all_home(dir, *parse_url("https://h/app/?q=gapscan")));
  CHECK_FALSE(catch_all_home(dir, *parse_url("https://h/app/docs/")));
  CHECK_FALSE(catch_all_home(dir, *parse_url("https://h/app/docs/index.html")));
  CHECK_FALSE(catch_all_home(dir, *parse_url("https://h/app/guide")));
  CHECK_FALSE(catch_all_home(dir, *parse_url("https://h/")));
  CHECK_FALSE(catch_all_home(dir, *parse_url("http://h/app/")));
}

TEST_CASE("catch-all: a single-page app answering index.html for every path") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& r) -> std::optional<std::string> {
    if (random_name(r.url)) return raw(200, "text/html", kShell);
    return std::nullopt;
  };
  NotFoundOracle oracle;
  CatchAllGuard guard(oracle, fetcher, in_scope);
  const std::string shell = raw(200, "text/html; charset=utf-8", kShell);

  // The index page is real at its own URLs, once each.
  CHECK_FALSE(guard.is_catch_all(answer("https://h/", shell), false));
  CHECK(fetcher.requested.size() == 2);  // the origin's calibration, once
  CHECK_FALSE(guard.is_catch_all(answer("https://h/index.html", shell), false));
  // Real assets are other bodies.
  CHECK_FALSE(guard.is_catch_all(
      answer("https://h/assets/main.js", raw(200, "application/javascript", "console.log(1)")),
      false));
  CHECK_FALSE(guard.is_catch_all(
      answer("https://h/assets/app.css", raw(200, "text/css", "body { color: red }")), false));
  // Phantom paths: the relative links of the app resolved against routes and each other.
  CHECK(guard.is_catch_all(answer("https://h/docs/guide", shell), false));
  CHECK(guard.is_catch_all(answer("https://h/docs/", shell), false));
  CHECK(guard.is_catch_all(answer("https://h/assets/assets/main.js", shell), false));
  CHECK(guard.is_catch_all(answer("https://h/robots.txt", shell), false));
  CHECK(guard.is_catch_all(answer("https://h/?q=gapscan", shell), false));
  // A route that is also a word of the page ("about" in the menu) is still the same page.
  CHECK(guard.is_catch_all(answer("https://h/about", shell), false));
  // A start URL is crawled whatever it answers.
  CHECK_FALSE(guard.is_catch_all(answer("https://h/shop/cart", shell), true));
  // Errors and other statuses are left to the crawl as before.
  CHECK_FALSE(guard.is_catch_all(answer("https://h/x", raw(404, "text/html", kShell)), false));
  CHECK(fetcher.requested.size() == 2);

  const auto report = guard.report();
  REQUIRE(report.count("https://h") == 1);
  const auto& r = report.at("https://h");
  CHECK(r.urls == 6);
  CHECK(r.directories == std::vector<std::string>{"https://h/"});
  CHECK(r.examples == std::vector<std::string>{"https://h/?q=gapscan", "https://h/about",
                                               "https://h/assets/assets/main.js"});
}

TEST_CASE("catch-all: a page with per-request tokens still matches") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& r) -> std::optional<std::string> {
    if (!random_name(r.url)) return std::nullopt;
    return raw(200, "text/html",
               std::string(kShell) + "<meta name=csrf content=a8f3" + r.url.substr(12) + ">");
  };
  NotFoundOracle oracle;
  CatchAllGuard guard(oracle, fetcher, in_scope);
  CHECK(guard.is_catch_all(
      answer("https://h/docs/guide",
             raw(200, "text/html", std::string(kShell) + "<meta name=csrf content=77b1c0>")),
      false));
  // Same words, other kind of document: not the catch-all's answer.
  CHECK_FALSE(guard.is_catch_all(answer("https://h/docs/guide.txt", raw(200, "text/plain", kShell)),
                                 false));
}

TEST_CASE("catch-all: a site with real 404s costs two requests and changes nothing") {
  FakeFetcher fetcher;  // unknown URLs: 404
  NotFoundOracle oracle;
  CatchAllGuard guard(oracle, fetcher, in_scope);
  const std::string home = raw(200, "text/html", kHome);
  CHECK_FALSE(guard.is_catch_all(answer("https://h/", home), true));
  CHECK_FALSE(guard.is_catch_all(answer("https://h/index.html", home), false));
  CHECK_FALSE(
      guard.is_catch_all(answer("https://h/about", raw(200, "text/html", "<p>About</p>")), false));
  CHECK_FALSE(
      guard.is_catch_all(answer("https://h/a/b/c", raw(200, "text/html", "<p>C</p>")), false));
  CHECK(fetcher.requested.size() == 2);
  for (const auto& u : fetcher.requested) CHECK(u.starts_with("https://h/gs"));
  CHECK(guard.report().empty());
}

TEST_CASE("catch-all: a directory whose unknown paths all get its app's page") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& r) -> std::optional<std::string> {
    if (random_name(r.url) && r.url.starts_with("https://h/app/")) {
      return raw(200, "text/html", kAppShell);
    }
    return std::nullopt;  // 404 elsewhere
  };
  NotFoundOracle oracle;
  CatchAllGuard guard(oracle, fetcher, in_scope);
  const std::string app = raw(200, "text/html", kAppShell);
  CHECK_FALSE(guard.is_catch_all(answer("https://h/", raw(200, "text/html", kHome)), true));
  CHECK_FALSE(guard.is_catch_all(answer("https://h/app/", app), false));
  CHECK(fetcher.requested.size() == 2);  // the root only: nothing looks like a catch-all yet
  // The app's page again, deeper: /app/ is calibrated, and the page is its catch-all answer.
  CHECK(guard.is_catch_all(answer("https://h/app/docs/guide", app), false));
  CHECK(fetcher.requested.size() == 4);
  CHECK(fetcher.requested[2].starts_with("https://h/app/gs"));
  CHECK(guard.is_catch_all(answer("https://h/app/docs/docs/guide", app), false));
  CHECK_FALSE(guard.is_catch_all(answer("https://h/app/index.html", app), false));
  CHECK_FALSE(guard.is_catch_all(
      answer("https://h/app/assets/admin.js", raw(200, "text/javascript", "start()")), false));
  CHECK(fetcher.requested.size() == 4);
  CHECK(guard.report().at("https://h").directories == std::vector<std::string>{"https://h/app/"});
}

TEST_CASE(
    "catch-all: directory calibrations are bounded, and a page repeated deeper on a "
    "normal site stays a page") {
  FakeFetcher fetcher;  // 404 everywhere
  NotFoundOracle oracle;
  CatchAllGuard guard(oracle, fetcher, in_scope, /*max_directories=*/2);
  const std::string same = raw(200, "text/html", kHome);
  CHECK_FALSE(guard.is_catch_all(answer("https://h/", same), true));
  for (const char* u : {"https://h/a/x", "https://h/b/x", "https://h/c/x", "https://h/d/x"}) {
    CHECK_FALSE(guard.is_catch_all(answer(u, same), false));
  }
  CHECK(fetcher.requested.size() == 2 + 2 * 2);
  CHECK(guard.report().empty());
}

TEST_CASE("catch-all: only directories in scope are calibrated") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& r) -> std::optional<std::string> {
    if (random_name(r.url)) return raw(200, "text/html", kAppShell);
    return std::nullopt;
  };
  NotFoundOracle oracle;
  CatchAllGuard guard(oracle, fetcher, [](const Url& u) { return u.path.starts_with("/app/"); });
  const std::string app = raw(200, "text/html", kAppShell);
  CHECK_FALSE(guard.is_catch_all(answer("https://h/app/", app), true));
  CHECK(guard.is_catch_all(answer("https://h/app/docs/guide", app), false));
  REQUIRE(fetcher.requested.size() == 2);
  for (const auto& u : fetcher.requested) CHECK(u.starts_with("https://h/app/gs"));
}

}  // namespace
}  // namespace gapscan
