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

Run run(Fetcher& fetcher, const FakeFetcher& recorder, LoginConfig::Kind kind,
        std::string known_user = "", bool with_auth = true) {
  CheckSettings settings;
  settings.known_user = std::move(known_user);
  auto findings =
      testing::run_as_alice(*make_user_enumeration(), fetcher, kind, settings, with_auth);
  return {std::move(findings), recorder.requests.size()};
}

Run run(FakeFetcher& fetcher, LoginConfig::Kind kind, std::string known_user = "",
        bool with_auth = true) {
  return run(fetcher, fetcher, kind, std::move(known_user), with_auth);
}

// The user names the check submitted, in order.
std::vector<std::string> posted_users(const FakeFetcher& f) {
  std::vector<std::string> out;
  for (const HttpRequest& r : f.requests) {
    if (r.method != "POST") continue;
    if (r.body.starts_with("{")) {
      const auto j = nlohmann::json::parse(r.body);
      out.push_back(j["username"].get<std::string>());
    } else {
      out.push_back(FakeLoginApp::field(r.body, "username"));
    }
  }
  return out;
}

TEST_CASE("user-enumeration: form login naming unknown users is reported") {
  FakeLoginApp app;
  app.enumerate = true;
  app.echo_user = true;  // the failure page fills in the user name: not a difference
  FakeFetcher fetcher;
  app.serve(fetcher);
  const Run r = run(fetcher, LoginConfig::Kind::form);
  CHECK(r.requests == 8);
  const auto users = posted_users(fetcher);
  REQUIRE(users.size() == 4);
  CHECK(users[0].starts_with("gapscan-"));
  CHECK(users[1] == "alice");
  CHECK(users[2].starts_with("gapscan-"));
  CHECK(users[2] != users[0]);
  CHECK(users[3] == "alice");
  REQUIRE(r.findings.size() == 1);
  const Finding& f = r.findings[0];
  CHECK(f.check_id == "user-enumeration");
  CHECK(f.severity == Severity::medium);
  CHECK(f.method == "POST");
  CHECK(f.url == "https://example.com/login");
  CHECK(f.evidence.snippet == "<p class=\"error\">Unknown user.</p>");
  CHECK(f.evidence.note.starts_with("differs: page content"));
  CHECK(f.evidence.note.find("Invalid username or password.") != std::string::npos);
  CHECK(f.exchange.body_snippet.find("Unknown user.") != std::string::npos);
  REQUIRE(f.comparison.has_value());
  CHECK(f.comparison->body_snippet.find("Invalid username or password.") != std::string::npos);
  CHECK(f.comparison_label == "known user, wrong password");
}

TEST_CASE("user-enumeration: hardened form login is not reported") {
  FakeLoginApp app;
  app.echo_user = true;
  FakeFetcher fetcher;
  app.serve(fetcher);
  const Run r = run(fetcher, LoginConfig::Kind::form);
  CHECK(r.requests == 8);
  CHECK(r.findings.empty());
}

TEST_CASE("user-enumeration: flash message after a redirect") {
  {
    FakeLoginApp app;
    app.enumerate = true;
    app.redirect = true;
    FakeFetcher fetcher;
    app.serve(fetcher);
    const Run r = run(fetcher, LoginConfig::Kind::form);
    CHECK(r.requests == 12);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].evidence.snippet == "<p class=\"error\">Unknown user.</p>");
    CHECK(r.findings[0].url == "https://example.com/login");
    CHECK(r.findings[0].exchange.url == "https://example.com/login?error=1");
  }
  {
    FakeLoginApp app;
    app.redirect = true;
    FakeFetcher fetcher;
    app.serve(fetcher);
    CHECK(run(fetcher, LoginConfig::Kind::form).findings.empty());
  }
}

TEST_CASE("user-enumeration: JSON login, flawed (404) and hardened") {
  {
    FakeLoginApp app;
    app.enumerate = true;
    FakeFetcher fetcher;
    app.serve(fetcher);
    const Run r = run(fetcher, LoginConfig::Kind::json);
    CHECK(r.requests == 4);
    REQUIRE(r.findings.size() == 1);
    const Finding& f = r.findings[0];
    CHECK(f.exchange.status == 404);
    REQUIRE(f.comparison.has_value());
    CHECK(f.comparison->status == 401);
    CHECK(f.evidence.note.starts_with("differs: status, page content"));
    CHECK(f.evidence.snippet == "{\"error\":\"unknown user\"}");
  }
  {
    FakeLoginApp app;
    FakeFetcher fetcher;
    app.serve(fetcher);
    const Run r = run(fetcher, LoginConfig::Kind::json);
    CHECK(r.requests == 4);
    CHECK(r.findings.empty());
  }
}

TEST_CASE("user-enumeration: --known-user overrides the login's user") {
  FakeLoginApp app;
  app.enumerate = true;
  app.users = {"bob"};
  FakeFetcher fetcher;
  app.serve(fetcher);
  const Run r = run(fetcher, LoginConfig::Kind::json, "bob");
  CHECK(posted_users(fetcher)[1] == "bob");
  CHECK(r.findings.size() == 1);

  // The login's user does not exist here: both groups look alike.
  FakeFetcher other;
  app.serve(other);
  CHECK(run(other, LoginConfig::Kind::json).findings.empty());
}

TEST_CASE("user-enumeration: a group that disagrees with itself is noise") {
  // The answers change halfway, whoever logs in: both groups split.
  auto n = std::make_shared<int>(0);
  FakeFetcher fetcher;
  fetcher.handler = [n](const HttpRequest&) -> std::optional<std::string> {
    return ++*n <= 2 ? std::string("HTTP/1.1 401 Unauthorized\r\n\r\n{\"error\":\"a\"}")
                     : std::string("HTTP/1.1 400 Bad Request\r\n\r\n{\"error\":\"b\"}");
  };
  CHECK(run(fetcher, LoginConfig::Kind::json).findings.empty());

  // Throttling halfway: the check stops.
  auto m = std::make_shared<int>(0);
  FakeFetcher throttled;
  throttled.handler = [m](const HttpRequest&) -> std::optional<std::string> {
    return ++*m > 2 ? std::string("HTTP/1.1 429 Too Many\r\nRetry-After: 5\r\n\r\n")
                    : std::string("HTTP/1.1 401 Unauthorized\r\n\r\n{}");
  };
  const Run r = run(throttled, LoginConfig::Kind::json);
  CHECK(r.findings.empty());
  CHECK(r.requests == 3);
}

TEST_CASE("user-enumeration: random tokens and small noise do not count") {
  // Each answer carries a fresh request id and a clock line: both normalized or tolerated.
  auto n = std::make_shared<int>(0);
  FakeFetcher fetcher;
  fetcher.handler = [n](const HttpRequest&) -> std::optional<std::string> {
    ++*n;
    return "HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\n\r\nLogin failed.\nrequest " +
           std::string("id ") + "a1b2c3d4e5f6a7b8c9d0" + std::to_string(*n) + "\ntime 12:00:0" +
           std::to_string(*n) + "\n";
  };
  CHECK(run(fetcher, LoginConfig::Kind::json).findings.empty());
}

// Adds response times by user name to a FakeFetcher's answers.
class TimedFetcher : public Fetcher {
 public:
  explicit TimedFetcher(FakeFetcher& inner) : inner_(inner) {}
  std::map<std::string, std::vector<double>> ms;  // by "known"/"unknown"
  Exchange fetch(const HttpRequest& req) override {
    Exchange ex = inner_.fetch(req);
    const bool known = req.body.find("\"alice\"") != std::string::npos;
    auto& v = ms[known ? "known" : "unknown"];
    ex.timings.total_ms = v.at(counts_[known]++ % v.size());
    return ex;
  }
  std::vector<Exchange> fetch_all(const std::vector<HttpRequest>& requests) override {
    std::vector<Exchange> out;
    for (const auto& r : requests) out.push_back(fetch(r));
    return out;
  }

 private:
  FakeFetcher& inner_;
  std::map<bool, std::size_t> counts_;
};

TEST_CASE("user-enumeration: timing alone is low, only with a clear gap") {
  {
    FakeLoginApp app;
    FakeFetcher inner;
    app.serve(inner);
    TimedFetcher fetcher(inner);
    fetcher.ms["known"] = {420, 430};
    fetcher.ms["unknown"] = {20, 25};
    const Run r = run(fetcher, inner, LoginConfig::Kind::json);
    REQUIRE(r.findings.size() == 1);
    const Finding& f = r.findings[0];
    CHECK(f.severity == Severity::low);
    CHECK(f.confidence == Confidence::low);
    CHECK(f.key == "timing");
    CHECK(f.message.find("slower") != std::string::npos);
  }
  {
    // The gap is large but so is the spread.
    FakeLoginApp app;
    FakeFetcher inner;
    app.serve(inner);
    TimedFetcher fetcher(inner);
    fetcher.ms["known"] = {300, 700};
    fetcher.ms["unknown"] = {20, 25};
    CHECK(run(fetcher, inner, LoginConfig::Kind::json).findings.empty());
  }
  {
    // Consistent but small: under 150 ms.
    FakeLoginApp app;
    FakeFetcher inner;
    app.serve(inner);
    TimedFetcher fetcher(inner);
    fetcher.ms["known"] = {120, 121};
    fetcher.ms["unknown"] = {20, 21};
    CHECK(run(fetcher, inner, LoginConfig::Kind::json).findings.empty());
  }
}

TEST_CASE("user-enumeration: ctx.auth null -> no requests") {
  FakeLoginApp app;
  app.enumerate = true;
  FakeFetcher fetcher;
  app.serve(fetcher);
  const Run r = run(fetcher, LoginConfig::Kind::form, "", false);
  CHECK(r.findings.empty());
  CHECK(r.requests == 0);
}

}  // namespace
}  // namespace gapscan

namespace gapscan {
namespace {

TEST_CASE("user-enumeration: the known user's wrong passwords are reserved in the login ledger") {
  FakeLoginApp app;
  app.enumerate = true;
  FakeFetcher fetcher;
  app.serve(fetcher);
  LoginLedger ledger;
  CheckSettings settings;
  const auto findings = testing::run_as_alice(*make_user_enumeration(), fetcher,
                                              LoginConfig::Kind::form, settings, true, &ledger);
  CHECK(findings.size() == 1);
  CHECK(posted_users(fetcher).size() == 4);
  CHECK(ledger.count("https://example.com/login", "alice") == 2);
}

TEST_CASE("user-enumeration: nothing is sent when the known user has no room left") {
  FakeLoginApp app;
  app.enumerate = true;
  FakeFetcher fetcher;
  app.serve(fetcher);
  std::vector<std::string> refusals;
  LoginLedger ledger(kMaxFailedLogins, [&](const std::string& url, const std::string& message) {
    refusals.push_back(url + " " + message);
  });
  // The identity's own login failed once on another port of the host, and a guess went out.
  ledger.record_failure("https://example.com:8443/login", "alice");
  REQUIRE(ledger.reserve("default-credentials", "http://example.com/", "Alice"));
  CheckSettings settings;
  const auto findings = testing::run_as_alice(*make_user_enumeration(), fetcher,
                                              LoginConfig::Kind::form, settings, true, &ledger);
  CHECK(findings.empty());
  CHECK(fetcher.requests.empty());
  CHECK(ledger.count("https://example.com/", "alice") == 2);
  REQUIRE(refusals.size() == 1);
  CHECK(refusals[0].find("https://example.com/login user-enumeration: 2 login attempts for "
                         "account 'alice' on host example.com not sent") == 0);
}

}  // namespace
}  // namespace gapscan
