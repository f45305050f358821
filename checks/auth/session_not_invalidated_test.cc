#include <doctest/doctest.h>

#include <algorithm>

#include "checks/common/all_checks.h"
#include "test/checks/session_probe_testing.h"

namespace gapscan {
namespace {

using sessionprobe::testing::Env;

constexpr const char* kLogout = "https://example.com/app/logout";

std::size_t count(const testing::FakeFetcher& fetcher, const std::string& url) {
  return static_cast<std::size_t>(
      std::count(fetcher.requested.begin(), fetcher.requested.end(), url));
}

TEST_CASE("session-not-invalidated: the old cookie still works after logout") {
  Env env(kLogout);
  env.app->keep_after_logout = true;
  const auto findings = env.run(*make_session_not_invalidated());
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "session-not-invalidated");
  CHECK(f.severity == Severity::medium);
  CHECK(f.per_origin);
  CHECK(f.url == "https://example.com/app/");
  CHECK(f.exchange.status == 200);
  REQUIRE(f.exchange.request_headers.size() == 1);
  CHECK(f.exchange.request_headers[0].value.starts_with("app_session="));
  REQUIRE(f.comparison.has_value());
  CHECK(f.comparison_label == "logout");
  CHECK(f.comparison->url == kLogout);
  CHECK(f.comparison->status == 200);
  CHECK(f.evidence.note.find("cleared the cookie app_session") != std::string::npos);
  CHECK(f.evidence.note.find("without cookies it answers 302") != std::string::npos);
  CHECK(env.fetcher.requests.size() <=
        static_cast<std::size_t>(kSessionNotInvalidated.request_budget));
  CHECK(count(env.fetcher, kLogout) == 1);
  for (const HttpRequest& r : env.fetcher.requests) CHECK(r.without_credentials);
}

TEST_CASE("session-not-invalidated: a logout that ends the session is not reported") {
  Env env(kLogout);
  CHECK(env.run(*make_session_not_invalidated()).empty());
  CHECK(env.app->sessions() == 0);
  // Login (page, POST, landing), landing, logout, landing again; no control needed.
  CHECK(env.fetcher.requests.size() == 6);
}

TEST_CASE("session-not-invalidated: the logout URL from the crawl's excluded URLs") {
  Env env;
  env.app->keep_after_logout = true;
  env.auth.excluded_urls = {"https://example.com/app/delete-account",
                            "https://other.example.com/logout", kLogout};
  const auto findings = env.run(*make_session_not_invalidated());
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].comparison->url == kLogout);
  CHECK(count(env.fetcher, "https://example.com/app/delete-account") == 0);
  CHECK(count(env.fetcher, "https://other.example.com/logout") == 0);
}

TEST_CASE("session-not-invalidated: no logout URL on this origin, no requests") {
  SUBCASE("none at all") {
    Env env;
    env.auth.excluded_urls = {"https://example.com/app/delete-account"};
    CHECK(env.run(*make_session_not_invalidated()).empty());
    CHECK(env.fetcher.requests.empty());
  }
  SUBCASE("on another origin") {
    Env env("https://sso.example.net/logout");
    CHECK(env.run(*make_session_not_invalidated()).empty());
    CHECK(env.fetcher.requests.empty());
  }
}

TEST_CASE("session-not-invalidated: without a sign that the logout happened, no finding") {
  SUBCASE("the logout is refused (needs POST)") {
    Env env(kLogout);
    env.app->keep_after_logout = true;
    env.app->logout_status = 405;
    CHECK(env.run(*make_session_not_invalidated()).empty());
  }
  SUBCASE("no cookie cleared, no redirect, no signed-out text") {
    Env env(kLogout);
    env.app->keep_after_logout = true;
    env.app->logout_clears_cookie = false;
    CHECK(env.run(*make_session_not_invalidated()).empty());
    CHECK(count(env.fetcher, "https://example.com/app/") == 2);  // login landing + before
  }
}

TEST_CASE("session-not-invalidated: a signed-out page counts as a logout") {
  Env env(kLogout);
  env.app->keep_after_logout = true;
  env.app->logout_clears_cookie = false;
  auto app = env.app;
  env.fetcher.handler = [app](const HttpRequest& req) -> std::optional<std::string> {
    if (req.url == kLogout) {
      (*app)(req);
      return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>You have been signed out.</p>";
    }
    return (*app)(req);
  };
  const auto findings = env.run(*make_session_not_invalidated());
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].evidence.note.find("signed out") != std::string::npos);
}

TEST_CASE("session-not-invalidated: a public landing page proves nothing") {
  Env env(kLogout);
  env.app->keep_after_logout = true;
  env.app->public_landing = true;
  CHECK(env.run(*make_session_not_invalidated()).empty());
}

TEST_CASE("session-not-invalidated: ctx.auth null -> no requests") {
  Env env(kLogout);
  env.app->keep_after_logout = true;
  CHECK(env.run(*make_session_not_invalidated(), false).empty());
  CHECK(env.fetcher.requests.empty());
}

TEST_CASE("session-not-invalidated: JSON (token) logins are skipped") {
  Env env(kLogout, LoginConfig::Kind::json);
  CHECK(env.run(*make_session_not_invalidated()).empty());
  CHECK(env.fetcher.requests.empty());
}

}  // namespace
}  // namespace gapscan
