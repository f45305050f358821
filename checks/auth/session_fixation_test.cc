#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/session_probe_testing.h"

namespace gapscan {
namespace {

using sessionprobe::testing::Env;

bool all_without_credentials(const testing::FakeFetcher& fetcher) {
  for (const HttpRequest& r : fetcher.requests) {
    if (!r.without_credentials) return false;
  }
  return true;
}

TEST_CASE("session-fixation: the pre-login id stays a valid session after login") {
  Env env;
  env.app->fixation = true;
  const auto findings = env.run(*make_session_fixation());
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "session-fixation");
  CHECK(f.severity == Severity::high);
  CHECK(f.per_origin);
  CHECK(f.url == "https://example.com/app/");
  // The proof is the request with only the pre-login cookie.
  REQUIRE(f.exchange.request_headers.size() == 1);
  CHECK(f.exchange.request_headers[0].name == "Cookie");
  CHECK(f.exchange.request_headers[0].value.starts_with("app_pre="));
  CHECK(f.exchange.request_headers[0].value.find("app_session") == std::string::npos);
  CHECK(f.exchange.status == 200);
  REQUIRE(f.comparison.has_value());
  CHECK(f.comparison->url == "https://example.com/app/");
  CHECK(f.comparison_label == "after login, with the session the login set");
  CHECK(f.evidence.header_name == "Cookie");
  CHECK(f.evidence.note.find("app_pre") != std::string::npos);
  CHECK(f.evidence.note.find("app_session has the value of the pre-login cookie app_pre") !=
        std::string::npos);
  CHECK(f.evidence.note.find("without cookies it answers 302") != std::string::npos);
  CHECK(f.message.find("app_pre") != std::string::npos);
  CHECK(env.fetcher.requests.size() <= static_cast<std::size_t>(kSessionFixation.request_budget));
  CHECK(all_without_credentials(env.fetcher));
}

TEST_CASE("session-fixation: a login that issues a new id is not reported") {
  Env env;
  CHECK(env.run(*make_session_fixation()).empty());
  // Login page, the login (page, POST, landing), the pre-login cookie probe; no control needed.
  CHECK(env.fetcher.requests.size() == 5);
  CHECK(all_without_credentials(env.fetcher));
}

TEST_CASE("session-fixation: a public landing page proves nothing") {
  Env env;
  env.app->fixation = true;
  env.app->public_landing = true;
  CHECK(env.run(*make_session_fixation()).empty());
  CHECK(env.fetcher.requested.back() == "https://example.com/app/");  // the control was sent
}

TEST_CASE("session-fixation: no cookie before login, nothing to fixate") {
  Env env;
  env.app->pre_cookie = false;
  CHECK(env.run(*make_session_fixation()).empty());
  CHECK(env.fetcher.requests.size() == 1);
}

TEST_CASE("session-fixation: a failed login or transport error is no finding") {
  SUBCASE("login refused") {
    Env env;
    env.app->fixation = true;
    auto app = env.app;
    env.fetcher.handler = [app](const HttpRequest& req) -> std::optional<std::string> {
      if (req.method == "POST") return "HTTP/1.1 403 Forbidden\r\n\r\nno";
      return (*app)(req);
    };
    CHECK(env.run(*make_session_fixation()).empty());
  }
  SUBCASE("the probe fails") {
    Env env;
    env.app->fixation = true;
    auto app = env.app;
    env.fetcher.errors["https://example.com/app/"] = "timeout";
    env.fetcher.handler = [app](const HttpRequest& req) -> std::optional<std::string> {
      const std::string* c = find_header(req.headers, "Cookie");
      if (req.url.ends_with("/app/") &&
          (c == nullptr || c->find("app_session") == std::string::npos)) {
        return std::nullopt;  // the probe and the control fail
      }
      return (*app)(req);
    };
    CHECK(env.run(*make_session_fixation()).empty());
  }
}

TEST_CASE("session-fixation: ctx.auth null -> no requests") {
  Env env;
  env.app->fixation = true;
  CHECK(env.run(*make_session_fixation(), false).empty());
  CHECK(env.fetcher.requests.empty());
}

TEST_CASE("session-fixation: JSON logins and other origins are skipped") {
  SUBCASE("json") {
    Env env("", LoginConfig::Kind::json);
    CHECK(env.run(*make_session_fixation()).empty());
    CHECK(env.fetcher.requests.empty());
  }
  SUBCASE("login on another origin") {
    Env env;
    env.app->fixation = true;
    testing::FakeFetcher other;
    ActiveContext ctx{"https://other.example.com", {}, other};
    ctx.auth = &env.auth;
    testing::VectorSink sink;
    make_session_fixation()->run(ctx, sink);
    CHECK(sink.findings.empty());
    CHECK(other.requests.empty());
  }
}

}  // namespace
}  // namespace gapscan
