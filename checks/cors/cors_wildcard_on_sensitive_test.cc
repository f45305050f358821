#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/collect_testing.h"
#include "test/checks/page_testing.h"

namespace gapscan {
namespace {

using pageutil::testing::run_raw;

TEST_CASE("cors-wildcard-on-sensitive: JSON from an API path") {
  const auto check = make_cors_wildcard_on_sensitive();
  const auto findings = run_raw(*check, "https://example.com/api/v1/orders?page=2",
                                "HTTP/1.1 200 OK\r\n"
                                "Content-Type: application/json; charset=utf-8\r\n"
                                "Access-Control-Allow-Origin: *\r\n\r\n[]");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check_id == "cors-wildcard-on-sensitive");
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].per_origin);
  CHECK(findings[0].key == "json-sensitive-path");
  CHECK(findings[0].evidence.header_name == "Access-Control-Allow-Origin");
  CHECK(findings[0].evidence.note == "sensitive because JSON from an API/user/account/admin path");
}

TEST_CASE("cors-wildcard-on-sensitive: answers to credentialed requests are not readable") {
  // Node-RED 4 and Verdaccio 6 send * on everything; signed in, the scanner's requests carry a
  // bearer token or cookie, which a browser never sends with a request whose answer has *.
  const auto check = make_cors_wildcard_on_sensitive();
  const char* js =
      "HTTP/1.1 200 OK\r\nContent-Type: application/javascript\r\n"
      "Access-Control-Allow-Origin: *\r\n\r\nx";
  CHECK(run_raw(*check, "https://example.com/red/red.min.js", js, {{"Authorization", "Bearer abc"}})
            .empty());
  const char* json =
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
      "Access-Control-Allow-Origin: *\r\n\r\n{}";
  CHECK(run_raw(*check, "https://example.com/api/me", json, {{"Cookie", "sid=1"}}).empty());
  Exchange login = make_exchange("https://example.com/auth/token", json);
  login.request.method = "POST";
  CHECK(pageutil::testing::run_exchange(*check, login).empty());
  CHECK(run_raw(*check, "https://example.com/x",
                "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nSet-Cookie: t=1\r\n\r\n")
            .empty());
  CHECK(run_raw(*check, "https://example.com/users/42",
                "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.api+json\r\n"
                "Access-Control-Allow-Origin: *\r\n\r\n{}")
            .size() == 1);
}

TEST_CASE("cors-wildcard-on-sensitive: public static files and JSON off sensitive paths") {
  const auto check = make_cors_wildcard_on_sensitive();
  CHECK(run_raw(*check, "https://cdn.example.com/fonts/a.woff2",
                "HTTP/1.1 200 OK\r\nContent-Type: font/woff2\r\n"
                "Access-Control-Allow-Origin: *\r\n\r\n")
            .empty());
  CHECK(run_raw(*check, "https://example.com/static/manifest.json",
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                "Access-Control-Allow-Origin: *\r\n\r\n{}")
            .empty());
  CHECK(run_raw(*check, "https://example.com/static/app.js?api=1",
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                "Access-Control-Allow-Origin: *\r\n\r\n{}")
            .empty());
  // Sensitive, but not readable by every origin.
  CHECK(run_raw(*check, "https://example.com/api/me",
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                "Access-Control-Allow-Origin: https://app.example.com\r\n\r\n{}",
                {{"Cookie", "sid=x"}})
            .empty());
}

TEST_CASE("cors-wildcard-on-sensitive: one finding per origin") {
  // A catch-all app under one CORS middleware answers every API path alike.
  const auto check = make_cors_wildcard_on_sensitive();
  const std::string api =
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
      "Access-Control-Allow-Origin: *\r\n\r\n{}";
  const auto findings = collect_testing::collect(*check, {
                                                             {"https://example.com/api/y", api},
                                                             {"https://example.com/api/x", api},
                                                             {"https://example.com/api/x", api},
                                                             {"http://example.com/api/x", api},
                                                         });
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].url == "http://example.com/api/x");
  CHECK(findings[0].affected_count == 1);
  CHECK(findings[1].key == "json-sensitive-path");
  CHECK(findings[1].affected_count == 2);
  CHECK(findings[1].affected_urls ==
        std::vector<std::string>{"https://example.com/api/x", "https://example.com/api/y"});
  CHECK(findings[0].fingerprint != findings[1].fingerprint);
}

}  // namespace
}  // namespace gapscan
