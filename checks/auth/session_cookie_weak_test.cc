#include <doctest/doctest.h>

#include <set>

#include "checks/common/all_checks.h"
#include "scanner/base/text.h"
#include "test/checks/session_probe_testing.h"

namespace gapscan {
namespace {

using sessionprobe::testing::Env;

std::set<std::string> keys(const std::vector<Finding>& findings) {
  std::set<std::string> out;
  for (const Finding& f : findings) out.insert(f.key);
  return out;
}

const Finding* by_key(const std::vector<Finding>& findings, const std::string& key) {
  for (const Finding& f : findings) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

std::string hex_id(int n) { return sha256_hex("id " + std::to_string(n)).substr(0, 32); }

TEST_CASE("session-cookie-weak: a hardened 128-bit cookie gives nothing") {
  Env env;
  CHECK(env.run(*make_session_cookie_weak()).empty());
  CHECK(env.fetcher.requests.size() == 9);  // 3 logins of 3 requests, nothing to prove
  for (const HttpRequest& r : env.fetcher.requests) CHECK(r.without_credentials);
}

TEST_CASE("session-cookie-weak: sequential ids without HttpOnly and Secure") {
  Env env;
  env.app->sequential_ids = true;
  env.app->session_attrs = "; Path=/; SameSite=Lax";
  const auto findings = env.run(*make_session_cookie_weak());
  CHECK(keys(findings) == std::set<std::string>{"app_session:secure", "app_session:httponly",
                                                "app_session:predictable"});
  const Finding* p = by_key(findings, "app_session:predictable");
  REQUIRE(p != nullptr);
  CHECK(p->check_id == "session-cookie-weak");
  CHECK(p->severity == Severity::high);
  CHECK(p->per_origin);
  CHECK(p->evidence.header_name == "Set-Cookie");
  CHECK(p->evidence.header_value.starts_with("app_session=100001"));
  CHECK(p->evidence.note.find("3 logins gave numeric ids within 2 of each other") !=
        std::string::npos);
  CHECK(p->evidence.note.find("100002") == std::string::npos);  // no value in the note
  CHECK(p->evidence.note.find("without it https://example.com/app/ answers 302") !=
        std::string::npos);
  CHECK(p->method == "POST");
  const Finding* h = by_key(findings, "app_session:httponly");
  REQUIRE(h != nullptr);
  CHECK(h->severity == Severity::medium);
  CHECK(h->message == "Session cookie \"app_session\" is set without HttpOnly");
  // 3 logins and one request proving the cookie carries the session.
  CHECK(env.fetcher.requests.size() == 10);
  CHECK(env.fetcher.requests.size() <= static_cast<std::size_t>(kSessionCookieWeak.request_budget));
}

TEST_CASE("session-cookie-weak: each attribute weakness alone") {
  struct Case {
    const char* attrs;
    const char* key;
  };
  for (const Case c : {Case{"; Path=/; HttpOnly; SameSite=Lax", "app_session:secure"},
                       Case{"; Path=/; Secure; SameSite=Strict", "app_session:httponly"},
                       Case{"; Path=/; Secure; HttpOnly", "app_session:samesite"},
                       Case{"; Path=/; Secure; HttpOnly; SameSite=Laxx", "app_session:samesite"},
                       Case{"; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=2592000",
                            "app_session:lifetime"}}) {
    CAPTURE(c.attrs);
    Env env;
    env.app->session_attrs = c.attrs;
    const auto findings = env.run(*make_session_cookie_weak());
    CHECK(keys(findings) == std::set<std::string>{c.key});
  }
}

TEST_CASE("session-cookie-weak: a lifetime within the limit is fine") {
  Env env;
  env.app->session_attrs = "; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=3600";
  CHECK(env.run(*make_session_cookie_weak()).empty());
  env.settings.session_cookie_max_lifetime_s = 600;
  const auto findings = env.run(*make_session_cookie_weak());
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].key == "app_session:lifetime");
  CHECK(findings[0].evidence.note.find("1 hour") != std::string::npos);
}

TEST_CASE("session-cookie-weak: predictable values") {
  struct Case {
    std::function<std::string(int)> make_id;
    const char* note;
  };
  const std::vector<Case> cases = {
      {[](int n) { return hex_id(n).substr(0, 8); }, "only 8 characters"},
      {[](int n) { return "0f3a9c2e7b5d4a1c9e8f7a6b" + hex_id(n).substr(0, 4) + "c0de"; },
       "of which only"},
      {[](int n) { return hex_id(n).substr(0, 14); }, "alphabet of 16"},
      {[](int n) { return std::to_string(1767225600123LL + n * 7); }, "numeric ids within 14"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.note);
    Env env;
    env.app->make_id = c.make_id;
    const auto findings = env.run(*make_session_cookie_weak());
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].key == "app_session:predictable");
    CHECK(findings[0].evidence.note.find(c.note) != std::string::npos);
  }
}

TEST_CASE("session-cookie-weak: random ids of 64 bits or more are not predictable") {
  for (const auto& make_id : std::vector<std::function<std::string(int)>>{
           [](int n) { return hex_id(n).substr(0, 16); },  // 64 bits
           [](int n) { return "sess-" + hex_id(n); },      // constant prefix, 128 random bits
       }) {
    Env env;
    env.app->make_id = make_id;
    CHECK(env.run(*make_session_cookie_weak()).empty());
  }
}

TEST_CASE("session-cookie-weak: cookies that do not carry the session are skipped") {
  SUBCASE("the same value in every login") {
    Env env;
    env.app->extra_cookie = [](int) { return std::string("theme=dark; Path=/"); };
    CHECK(env.run(*make_session_cookie_weak()).empty());
    CHECK(env.fetcher.requests.size() == 9);
  }
  SUBCASE("a changing value the session does not need") {
    Env env;
    env.app->extra_cookie = [](int n) {
      return "last_login=" + std::to_string(1767225600 + n) + "; Path=/";
    };
    CHECK(env.run(*make_session_cookie_weak()).empty());
    CHECK(env.fetcher.requests.size() == 10);  // the proof request showed it is not needed
  }
  SUBCASE("a CSRF cookie meant for scripts") {
    Env env;
    env.app->extra_cookie = [](int n) { return "csrftoken=" + hex_id(n) + "; Path=/"; };
    CHECK(env.run(*make_session_cookie_weak()).empty());
  }
}

TEST_CASE("session-cookie-weak: a second cookie the session needs is reported") {
  Env env;
  env.app->extra_cookie_name = "remember";
  env.app->extra_cookie = [](int n) { return "remember=" + std::to_string(5000 + n) + "; Path=/"; };
  const auto findings = env.run(*make_session_cookie_weak());
  CHECK(keys(findings) == std::set<std::string>{"remember:secure", "remember:httponly",
                                                "remember:samesite", "remember:predictable"});
}

TEST_CASE("session-cookie-weak: a JSON login's cookie is judged by its name") {
  Env env("", LoginConfig::Kind::json);
  env.app->session_attrs = "; Path=/; Secure; SameSite=Lax";
  const auto findings = env.run(*make_session_cookie_weak());
  CHECK(keys(findings) == std::set<std::string>{"api_session:httponly"});
  CHECK(env.fetcher.requests.size() == 3);  // one POST per login, no landing page to compare
}

TEST_CASE("session-cookie-weak: fewer logins still judge what was seen") {
  Env env;
  env.app->session_attrs = "; Path=/; Secure; SameSite=Lax";
  auto app = env.app;
  int posts = 0;
  env.fetcher.handler = [app, &posts](const HttpRequest& req) -> std::optional<std::string> {
    if (req.method == "POST" && ++posts > 1) return "HTTP/1.1 429 Too Many Requests\r\n\r\n";
    return (*app)(req);
  };
  const auto findings = env.run(*make_session_cookie_weak());
  CHECK(keys(findings) == std::set<std::string>{"app_session:httponly"});
}

TEST_CASE("session-cookie-weak: ctx.auth null -> no requests") {
  Env env;
  env.app->sequential_ids = true;
  CHECK(env.run(*make_session_cookie_weak(), false).empty());
  CHECK(env.fetcher.requests.empty());
}

}  // namespace
}  // namespace gapscan
