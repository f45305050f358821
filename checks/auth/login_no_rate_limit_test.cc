#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "scanner/session.h"
#include "test/checks/login_probe_testing.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::FakeLoginApp;

struct Run {
  std::vector<Finding> findings;
  std::size_t requests = 0;
};

Run run(FakeFetcher& fetcher, LoginConfig::Kind kind, bool intrusive = true, int burst = 20,
        bool with_auth = true) {
  CheckSettings settings;
  settings.intrusive = intrusive;
  settings.login_burst = burst;
  auto findings =
      testing::run_as_alice(*make_login_no_rate_limit(), fetcher, kind, settings, with_auth);
  return {std::move(findings), fetcher.requests.size()};
}

TEST_CASE("login-no-rate-limit: form login without throttling is reported") {
  FakeLoginApp app;
  app.rate_limit = false;
  FakeFetcher fetcher;
  app.serve(fetcher);
  const Run r = run(fetcher, LoginConfig::Kind::form);
  CHECK(r.requests == 40);
  CHECK(app.logins_posted == 20);
  CHECK(app.failures.size() == 1);  // one user name for the whole burst
  REQUIRE(app.failures.count("alice") == 0);
  CHECK(app.failures.begin()->first.starts_with("gapscan-"));
  REQUIRE(r.findings.size() == 1);
  const Finding& f = r.findings[0];
  CHECK(f.check_id == "login-no-rate-limit");
  CHECK(f.severity == Severity::medium);
  CHECK(f.method == "POST");
  CHECK(f.url == "https://example.com/login");
  CHECK(f.evidence.note.starts_with("20 failed logins in "));
  CHECK(f.evidence.note.find("all answered 200") != std::string::npos);
  CHECK(f.exchange.status == 200);
}

TEST_CASE("login-no-rate-limit: throttled form login is not reported, and it stops early") {
  FakeLoginApp app;  // hardened: 429 after 10 failures
  FakeFetcher fetcher;
  app.serve(fetcher);
  const Run r = run(fetcher, LoginConfig::Kind::form);
  CHECK(r.findings.empty());
  CHECK(app.logins_posted == 11);
  CHECK(r.requests == 22);
}

TEST_CASE("login-no-rate-limit: JSON login, flawed and hardened") {
  {
    FakeLoginApp app;
    app.rate_limit = false;
    FakeFetcher fetcher;
    app.serve(fetcher);
    const Run r = run(fetcher, LoginConfig::Kind::json, true, 12);
    CHECK(r.requests == 12);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].evidence.note.find("12 failed logins") != std::string::npos);
    CHECK(r.findings[0].evidence.note.find("all answered 401") != std::string::npos);
    CHECK(r.findings[0].url == "https://example.com/api/login");
  }
  {
    FakeLoginApp app;
    app.limit = 5;
    FakeFetcher fetcher;
    app.serve(fetcher);
    const Run r = run(fetcher, LoginConfig::Kind::json, true, 12);
    CHECK(r.findings.empty());
    CHECK(r.requests == 6);
  }
}

TEST_CASE("login-no-rate-limit: lockout wording or a changed answer is throttling") {
  {
    FakeLoginApp app;
    app.rate_limit = false;
    app.extra_failure = "Your account is locked for 5 minutes.";
    FakeFetcher fetcher;
    app.serve(fetcher);
    const Run r = run(fetcher, LoginConfig::Kind::form);
    CHECK(r.findings.empty());
    CHECK(r.requests == 2);
  }
  {
    // After 3 failures the login answers with a redirect to a lockout page.
    auto posts = std::make_shared<int>(0);
    FakeLoginApp app;
    app.rate_limit = false;
    FakeFetcher fetcher;
    fetcher.handler = [&app, posts](const HttpRequest& req) -> std::optional<std::string> {
      if (req.method == "POST" && ++*posts > 3) {
        return std::string("HTTP/1.1 302 Found\r\nLocation: /blocked\r\n\r\n");
      }
      return app.handle(req);
    };
    const Run r = run(fetcher, LoginConfig::Kind::form);
    CHECK(r.findings.empty());
    CHECK(*posts == 4);
  }
}

TEST_CASE("login-no-rate-limit: a first answer that is no login failure cannot tell") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& req) -> std::optional<std::string> {
    if (req.method == "GET") {
      return std::string(
          "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<form method=post action=/login>"
          "<input name=username><input type=password name=password></form>");
    }
    return std::string("HTTP/1.1 403 Forbidden\r\n\r\ncsrf");
  };
  const Run r = run(fetcher, LoginConfig::Kind::form);
  CHECK(r.findings.empty());
  CHECK(r.requests == 2);

  FakeFetcher broken;
  broken.errors["https://example.com/api/login"] = "timeout";
  CHECK(run(broken, LoginConfig::Kind::json).requests == 1);
}

TEST_CASE("login-no-rate-limit: not intrusive -> no requests") {
  FakeLoginApp app;
  app.rate_limit = false;
  FakeFetcher fetcher;
  app.serve(fetcher);
  const Run r = run(fetcher, LoginConfig::Kind::form, false);
  CHECK(r.findings.empty());
  CHECK(r.requests == 0);
}

TEST_CASE("login-no-rate-limit: ctx.auth null -> no requests") {
  FakeLoginApp app;
  app.rate_limit = false;
  FakeFetcher fetcher;
  app.serve(fetcher);
  const Run r = run(fetcher, LoginConfig::Kind::form, true, 20, false);
  CHECK(r.findings.empty());
  CHECK(r.requests == 0);
}

TEST_CASE("login-no-rate-limit: the budget scales with the burst") {
  const auto check = make_login_no_rate_limit();
  CheckSettings s;
  CHECK(check->request_budget(s, kLoginNoRateLimit.request_budget) ==
        kLoginNoRateLimit.request_budget);
  s.intrusive = true;
  CHECK(check->request_budget(s, kLoginNoRateLimit.request_budget) == 42);
  s.login_burst = 50;
  CHECK(check->request_budget(s, kLoginNoRateLimit.request_budget) == 102);
  CHECK(kLoginNoRateLimit.request_budget == 42);

  // The whole burst fits the budget.
  FakeLoginApp app;
  app.rate_limit = false;
  FakeFetcher fetcher;
  app.serve(fetcher);
  const Run r = run(fetcher, LoginConfig::Kind::form, true, 50);
  CHECK(r.requests == 100);
  CHECK(r.findings.size() == 1);
}

}  // namespace
}  // namespace gapscan
