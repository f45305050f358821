#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/page_testing.h"

namespace gapscan {
namespace {

using pageutil::testing::run_raw;

TEST_CASE("cache-control-sensitive: session cookie without no-store") {
  const auto check = make_cache_control_sensitive();
  const auto findings = run_raw(*check, "https://example.com/",
                                "HTTP/1.1 200 OK\r\nCache-Control: private, no-cache\r\n"
                                "Set-Cookie: sessionid=abc; HttpOnly\r\n\r\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check_id == "cache-control-sensitive");
  CHECK(findings[0].severity == Severity::low);
  CHECK(findings[0].per_origin);
  CHECK(findings[0].key.empty());  // one per origin
  CHECK(findings[0].message ==
        "Response sets session cookie \"sessionid\" but may be cached (no Cache-Control: "
        "no-store)");
  CHECK(findings[0].evidence.header_name == "Cache-Control");
  CHECK(findings[0].evidence.header_value == "private, no-cache");
  CHECK(findings[0].evidence.note == "Cache-Control has no no-store directive");
}

TEST_CASE("cache-control-sensitive: one finding per origin, every reason named") {
  const auto check = make_cache_control_sensitive();
  const auto findings = run_raw(*check, "https://example.com/login",
                                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                                "<form method=post><input type=password name=pw></form>",
                                {{"Authorization", "Basic dTpw"}});
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].evidence.note == "no Cache-Control header");
  CHECK(findings[0].message ==
        "Response contains a password form and was fetched with Authorization or Cookie "
        "credentials but may be cached (no Cache-Control: no-store)");
  CHECK(run_raw(*check, "https://example.com/", "HTTP/1.1 200 OK\r\n\r\n", {{"Cookie", "a=b"}})
            .size() == 1);
}

TEST_CASE("cache-control-sensitive: assets and error pages fetched with cookies are not content") {
  const auto check = make_cache_control_sensitive();
  const std::vector<Header> cookie = {{"Cookie", "DokuWiki=9f2kq0v9v4o1n2b3c4d5e6f7g8"}};
  // DokuWiki's css.php and fetch.php, MediaWiki's load.php, Apache's 404 for /favicon.ico.
  CHECK(run_raw(*check, "http://127.0.0.1/dokuwiki/lib/exe/css.php",
                "HTTP/1.1 200 OK\r\nContent-Type: text/css; charset=utf-8\r\n"
                "Cache-Control: public, max-age=3600\r\n\r\nbody{}",
                cookie)
            .empty());
  CHECK(run_raw(*check, "http://127.0.0.1/dokuwiki/lib/exe/fetch.php?media=wiki:logo.png",
                "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG", cookie)
            .empty());
  CHECK(run_raw(*check, "http://127.0.0.1/favicon.ico",
                "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<h1>Not Found</h1>",
                cookie)
            .empty());
  // The wiki's feed of recent changes, fetched with the session, is content.
  CHECK(run_raw(*check, "http://127.0.0.1/dokuwiki/feed.php",
                "HTTP/1.1 200 OK\r\nContent-Type: application/xml; charset=utf-8\r\n"
                "Cache-Control: must-revalidate, post-check=0, pre-check=0\r\n\r\n<rss/>",
                cookie)
            .size() == 1);
}

TEST_CASE("cache-control-sensitive: a redirect is stored only with explicit freshness") {
  const auto check = make_cache_control_sensitive();
  CHECK(run_raw(*check, "https://example.com/login",
                "HTTP/1.1 302 Found\r\nLocation: /\r\nSet-Cookie: sid=abc\r\n\r\n")
            .empty());
  CHECK(run_raw(*check, "https://example.com/login",
                "HTTP/1.1 302 Found\r\nLocation: /\r\nCache-Control: max-age=60\r\n"
                "Set-Cookie: sid=abc\r\n\r\n")
            .size() == 1);
}

TEST_CASE("cache-control-sensitive: no-store, or nothing sensitive") {
  const auto check = make_cache_control_sensitive();
  CHECK(run_raw(*check, "https://example.com/",
                "HTTP/1.1 200 OK\r\nCache-Control: private, No-Store\r\nSet-Cookie: sid=abc\r\n"
                "Content-Type: text/html\r\n\r\n<form><input type=password></form>",
                {{"Cookie", "sid=abc"}})
            .empty());
  CHECK(run_raw(*check, "https://example.com/",
                "HTTP/1.1 200 OK\r\nSet-Cookie: theme=dark\r\nContent-Type: text/html\r\n\r\n"
                "<form><input name=q></form>")
            .empty());
}

}  // namespace
}  // namespace gapscan
