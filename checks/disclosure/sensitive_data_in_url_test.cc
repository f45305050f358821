#include <doctest/doctest.h>

#include <string>

#include "checks/common/all_checks.h"
#include "scanner/base/url.h"
#include "test/checks/collect_testing.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

std::vector<Finding> run_url(std::string_view url) {
  const auto check = make_sensitive_data_in_url();
  return run_passive(*check, url, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nok");
}

std::vector<Finding> run_page(std::string_view body) {
  const auto check = make_sensitive_data_in_url();
  const std::string url = "https://example.com/account";
  const HtmlDocument doc = parse_html(body, *parse_url(url));
  return run_passive(
      *check, url, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + std::string(body), &doc);
}

TEST_CASE("sensitive-data-in-url: credentials in the request URL") {
  const auto findings = run_url("https://example.com/login?user=bob&password=hunter2secret");
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "sensitive-data-in-url");
  CHECK(f.severity == Severity::medium);
  CHECK(f.per_origin);
  CHECK(f.parameter == "password");
  CHECK(f.key == "password");
  CHECK(f.evidence.note.find("hunt\xE2\x80\xA6"
                             "et") != std::string::npos);
  CHECK(f.evidence.note.find("hunter2secret") == std::string::npos);
  CHECK(f.url.find("hunter2secret") == std::string::npos);
  CHECK(f.exchange.url.find("hunter2secret") == std::string::npos);
  CHECK(f.evidence.snippet.find("user=bob") != std::string::npos);
  CHECK(f.evidence.snippet.find("hunter2secret") == std::string::npos);
}

TEST_CASE("sensitive-data-in-url: every listed parameter name") {
  for (std::string_view name :
       {"password", "passwd", "pwd", "pass", "token", "access_token", "auth_token", "id_token",
        "api_key", "apikey", "secret", "client_secret", "session", "sessionid", "Access_Token",
        "api%5Fkey"}) {
    CAPTURE(name);
    const auto findings =
        run_url("https://example.com/cb?" + std::string(name) + "=Zm9vYmFyYmF6cXV4MTIzNDU2");
    REQUIRE(findings.size() == 1);
  }
  CHECK(run_url("https://example.com/maps?key=AIzaSyD9tQ2kLm8Pq4Rs6Tu0Vw3Xy5Za7Bc1De2")[0].key ==
        "key");
}

TEST_CASE("sensitive-data-in-url: short, empty, placeholder and unrelated parameters") {
  for (std::string_view url :
       {"https://example.com/search?q=password&page=2", "https://example.com/list?key=name",
        "https://example.com/a?token=", "https://example.com/a?password",
        "https://example.com/a?token={token}", "https://example.com/a?session=1",
        "https://example.com/a?passport=x1234&tokens=5", "https://example.com/password/reset"}) {
    CAPTURE(url);
    CHECK(run_url(url).empty());
  }
}

TEST_CASE("sensitive-data-in-url: links on the page") {
  const auto findings = run_page(
      "<a href=\"/reset?token=8f14e45fceea167a5a36dedd4bea2543\">reset</a>\n"
      "<a href=\"https://api.example.com/v1?api_key=9f8e7d6c5b4a3928\">api</a>\n"
      "<a href=\"/other?token=1111aaaa2222\">again</a><a href=\"/plain\">plain</a>");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].key == "token");
  CHECK(findings[0].url == "https://example.com/account");
  CHECK(findings[0].message.find("links") != std::string::npos);
  CHECK(findings[0].evidence.snippet.find("8f14e45fceea167a5a36dedd4bea2543") == std::string::npos);
  CHECK(findings[1].key == "api_key");
}

// MediaWiki 1.39's api.php?action=help&modules=changeauthenticationdata and modules=block link
// their examples: these values say they are samples, not leaked secrets.
TEST_CASE("sensitive-data-in-url: documentation examples are not secrets") {
  CHECK(run_page("<a href=\"api.php?action=changeauthenticationdata&changeauthrequest=MediaWiki"
                 "%5CAuth%5CPasswordAuthenticationRequest&password=ExamplePassword&retype="
                 "ExamplePassword&changeauthtoken=123ABC\">example</a>"
                 "<a href=\"api.php?action=block&user=192.0.2.5&token=123ABC\">block</a>")
            .empty());
  CHECK(run_url("https://example.com/a?api_key=YOUR_API_KEY_HERE").empty());
  // A real-looking value next to an example one is still reported.
  CHECK(run_url("https://example.com/a?password=ExamplePassword&token=9f8e7d6c5b4a").size() == 1);
}

TEST_CASE("sensitive-data-in-url: one finding per origin and parameter") {
  const auto check = make_sensitive_data_in_url();
  const std::string raw =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
      "<a href=\"/logout?token=0123456789abcdef0123\">Log out</a>";
  const auto findings = collect_testing::collect(
      *check, {
                  {"https://example.com/b", raw},
                  {"https://example.com/a", raw},
                  {"https://example.com/reset?password=hunter2secret", "HTTP/1.1 200 OK\r\n\r\n"},
              });
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].key == "token");
  CHECK(findings[0].affected_count == 2);
  CHECK(findings[1].key == "password");
  CHECK(findings[1].affected_count == 1);
}

}  // namespace
}  // namespace gapscan
