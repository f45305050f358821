#include "checks/auth/login_probe_util.h"

#include <doctest/doctest.h>

#include "scanner/session.h"
#include "test/checks/login_probe_testing.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::FakeLoginApp;

LoginConfig form_login() {
  LoginConfig c;
  c.kind = LoginConfig::Kind::form;
  c.url = "https://example.com/login";
  c.username = "alice";
  c.password = "pw-alice-secret";
  return c;
}

LoginConfig json_login() {
  LoginConfig c;
  c.kind = LoginConfig::Kind::json;
  c.url = "https://example.com/api/login";
  c.username = "alice";
  c.password = "pw-alice-secret";
  return c;
}

TEST_CASE("login-probe-util: random user names and passwords") {
  const std::string a = login_probe::random_user_name();
  const std::string b = login_probe::random_user_name();
  CHECK(a.starts_with("gapscan-"));
  CHECK(a.size() == 18);
  CHECK(a != b);
  const std::string p = login_probe::random_password();
  CHECK(p.size() == 20);
  CHECK(p != login_probe::random_password());
}

TEST_CASE("login-probe-util: form attempt carries the CSRF field and cookie, without credentials") {
  FakeLoginApp app;
  FakeFetcher fetcher;
  app.serve(fetcher);
  const auto a =
      login_probe::failed_login(fetcher, form_login(), "bob", "wrong-password", false, unix_now());
  REQUIRE(a.answered);
  CHECK(a.requests == 2);
  REQUIRE(fetcher.requests.size() == 2);
  CHECK(fetcher.requests[0].method == "GET");
  CHECK(fetcher.requests[1].method == "POST");
  CHECK(fetcher.requests[0].without_credentials);
  CHECK(fetcher.requests[1].without_credentials);
  CHECK(fetcher.requests[1].body.find("username=bob") != std::string::npos);
  CHECK(fetcher.requests[1].body.find("csrf_token=c1p") != std::string::npos);
  CHECK(find_header(fetcher.requests[1].headers, "Cookie") != nullptr);
  CHECK(a.answer.response.status == 200);
  CHECK(a.answer.response.body.find("Invalid username or password.") != std::string::npos);
  CHECK(&a.outcome() == &a.answer);

  // A fresh jar per attempt: the second attempt does not send the first one's cookie.
  login_probe::failed_login(fetcher, form_login(), "bob", "x", false, unix_now());
  REQUIRE(fetcher.requests.size() == 4);
  CHECK(find_header(fetcher.requests[2].headers, "Cookie") == nullptr);
}

TEST_CASE("login-probe-util: form attempt follows one redirect when asked") {
  FakeLoginApp app;
  app.redirect = true;
  FakeFetcher fetcher;
  app.serve(fetcher);
  const auto a = login_probe::failed_login(fetcher, form_login(), "bob", "wrong", true, unix_now());
  REQUIRE(a.answered);
  CHECK(a.requests == 3);
  CHECK(a.answer.response.status == 302);
  REQUIRE(a.landing.ok());
  CHECK(a.landing.request.url == "https://example.com/login?error=1");
  CHECK(a.outcome().response.body.find("Invalid username or password.") != std::string::npos);
  CHECK(login_probe::requests_per_attempt(form_login(), true) == 3);
  CHECK(login_probe::requests_per_attempt(form_login(), false) == 2);
  CHECK(login_probe::requests_per_attempt(json_login(), false) == 1);
}

TEST_CASE("login-probe-util: JSON attempt posts the credentials as JSON") {
  FakeLoginApp app;
  FakeFetcher fetcher;
  app.serve(fetcher);
  LoginConfig c = json_login();
  const auto a = login_probe::failed_login(fetcher, c, "bob", "wrong", false, unix_now());
  REQUIRE(a.answered);
  CHECK(a.requests == 1);
  CHECK(a.answer.response.status == 401);
  REQUIRE(fetcher.requests.size() == 1);
  CHECK(fetcher.requests[0].body == R"({"password":"wrong","username":"bob"})");
  CHECK(*find_header(fetcher.requests[0].headers, "Content-Type") == "application/json");

  c.username_field = "login";
  c.password_field = "pass";
  login_probe::failed_login(fetcher, c, "bob", "wrong", false, unix_now());
  CHECK(fetcher.requests[1].body == R"({"login":"bob","pass":"wrong"})");
}

TEST_CASE("login-probe-util: no form, a GET form or a transport error cannot tell") {
  FakeFetcher fetcher;
  fetcher.responses["https://example.com/login"] =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>no form</p>";
  auto a = login_probe::failed_login(fetcher, form_login(), "bob", "x", false, unix_now());
  CHECK_FALSE(a.answered);
  CHECK(fetcher.requests.size() == 1);

  fetcher.responses["https://example.com/login"] =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<form action=\"/login\" method=\"get\">"
      "<input name=\"user\"><input type=\"password\" name=\"pw\"></form>";
  a = login_probe::failed_login(fetcher, form_login(), "bob", "x", false, unix_now());
  CHECK_FALSE(a.answered);
  CHECK(fetcher.requests.size() == 2);

  FakeFetcher broken;
  broken.errors["https://example.com/api/login"] = "connection refused";
  a = login_probe::failed_login(broken, json_login(), "bob", "x", false, unix_now());
  CHECK_FALSE(a.answered);
}

TEST_CASE("login-probe-util: throttle signals") {
  auto signal = [](std::string raw) {
    return login_probe::throttle_signal(parse_raw_response(raw));
  };
  CHECK(signal("HTTP/1.1 429 Too Many Requests\r\n\r\n") == "HTTP 429");
  CHECK(signal("HTTP/1.1 503 Service Unavailable\r\n\r\n") == "HTTP 503");
  CHECK(signal("HTTP/1.1 200 OK\r\nRetry-After: 30\r\n\r\n") == "a Retry-After header");
  CHECK(signal("HTTP/1.1 200 OK\r\n\r\nPlease solve the CAPTCHA") == "the body says \"captcha\"");
  CHECK(signal("HTTP/1.1 200 OK\r\n\r\nAccount Locked") == "the body says \"locked\"");
  CHECK(signal("HTTP/1.1 200 OK\r\n\r\nPlease try again later.") ==
        "the body says \"try again later\"");
  CHECK(signal("HTTP/1.1 200 OK\r\n\r\nInvalid username or password.").empty());
}

TEST_CASE("login-probe-util: the login on this origin") {
  SecretSet secrets;
  IdentityConfig other;
  other.name = "elsewhere";
  other.login = form_login();
  other.login->url = "https://sso.example.net/login";
  IdentityConfig mine;
  mine.name = "mine";
  mine.login = json_login();
  AuthContext auth;
  auth.identities.push_back({std::make_shared<Session>(IdentityConfig{}, secrets), {}});
  auth.identities.push_back({std::make_shared<Session>(other, secrets), {}});
  auth.identities.push_back({std::make_shared<Session>(mine, secrets), {}});
  FakeFetcher fetcher;
  ActiveContext ctx{"https://example.com", {}, fetcher};
  CHECK(login_probe::login_on_origin(ctx) == nullptr);
  ctx.auth = &auth;
  const LoginConfig* login = login_probe::login_on_origin(ctx);
  REQUIRE(login != nullptr);
  CHECK(login->url == "https://example.com/api/login");
}

}  // namespace
}  // namespace gapscan
