#include "scanner/login_flow.h"

#include <doctest/doctest.h>

#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;

constexpr std::int64_t kNow = 1'800'000'000;

const char* kLoginPage =
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nSet-Cookie: app_pre=pre1; Path=/\r\n\r\n"
    "<form method=post action=/app/login><input type=hidden name=csrf_token value=tok42>"
    "<input name=username><input type=password name=password></form>";

void site(FakeFetcher& f, bool accept) {
  f.handler = [accept](const HttpRequest& r) -> std::optional<std::string> {
    if (r.method == "GET" && r.url == "https://a.test/app/login") return kLoginPage;
    if (r.method == "POST" && r.url == "https://a.test/app/login") {
      const std::string* cookie = find_header(r.headers, "Cookie");
      const bool csrf = r.body.find("csrf_token=tok42") != std::string::npos && cookie &&
                        cookie->find("app_pre=pre1") != std::string::npos;
      if (accept && csrf && r.body.find("password=right") != std::string::npos) {
        return std::string(
            "HTTP/1.1 302 Found\r\nLocation: /app/\r\n"
            "Set-Cookie: app_session=sess-0123456789abcdef; Path=/; Secure; HttpOnly\r\n\r\n");
      }
      return std::string(kLoginPage);  // the form again, with an error
    }
    if (r.url == "https://a.test/app/") {
      const std::string* cookie = find_header(r.headers, "Cookie");
      if (cookie && cookie->find("app_session=sess-0123456789abcdef") != std::string::npos) {
        return std::string("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\nSigned in as alice");
      }
      return std::string("HTTP/1.1 302 Found\r\nLocation: /app/login\r\n\r\n");
    }
    return std::nullopt;
  };
}

TEST_CASE("form login: CSRF carried, session cookie kept, dashboard reached") {
  FakeFetcher fetcher;
  site(fetcher, true);
  CookieJar jar;
  LoginConfig c;
  c.url = "https://a.test/app/login";
  c.username = "alice";
  c.password = "right";
  const LoginOutcome out = log_in(fetcher, c, jar, kNow);
  INFO(out.error);
  REQUIRE(out.ok);
  CHECK(jar.value_of(*parse_url("https://a.test/app/"), "app_session", kNow) ==
        "sess-0123456789abcdef");
  CHECK(out.exchanges.size() == 3);  // page, post, dashboard
  CHECK(out.exchanges.back().response.body == "Signed in as alice");
  CHECK(std::find(out.secrets.begin(), out.secrets.end(), "sess-0123456789abcdef") !=
        out.secrets.end());
  c.logged_in_regex = "Signed in as \\w+";
  CHECK(log_in(fetcher, c, jar, kNow).ok);
}

TEST_CASE("form login: a wrong password is a clear failure") {
  FakeFetcher fetcher;
  site(fetcher, true);
  CookieJar jar;
  LoginConfig c;
  c.url = "https://a.test/app/login";
  c.username = "alice";
  c.password = "wrong";
  const LoginOutcome out = log_in(fetcher, c, jar, kNow);
  CHECK_FALSE(out.ok);
  CHECK(
      out.error.starts_with("login failed: the login form is shown again; the page after login was "
                            "https://a.test/app/login (200"));
  CHECK(out.error.find("wrong") == std::string::npos);
  c.logged_out_regex = "type=password";
  CHECK(log_in(fetcher, c, jar, kNow)
            .error.starts_with("login failed: the login form is shown again; the page matches "
                               "--logged-out-regex; the page after login was "));
}

TEST_CASE("form login: a loose logged-in marker cannot confirm a login while the form is back") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& r) -> std::optional<std::string> {
    const std::string page =
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nSet-Cookie: PHPSESSID=s1\r\n\r\n"
        "<html><head><title>Login</title><script>var x='<p>';</script></head><body>"
        "<h1>Not Logged In</h1><p>Bad password for alice: " +
        std::string(r.method == "POST" ? "hunter2" : "") +
        "</p><form method=post action=/login.php><input name=username>"
        "<input type=password name=password><input type=submit name=login-php-submit-button "
        "value=Login></form></body></html>";
    return page;
  };
  CookieJar jar;
  LoginConfig c;
  c.url = "http://127.0.0.1:8080/login.php";
  c.username = "alice";
  c.password = "hunter2";
  c.logged_in_regex = "Logged In";  // matches "Not Logged In"
  const LoginOutcome out = log_in(fetcher, c, jar, kNow);
  CHECK_FALSE(out.ok);
  CHECK(out.error ==
        "login failed: the login form is shown again; the page after login was "
        "http://127.0.0.1:8080/login.php (200, title \"Login\", text \"Not Logged In Bad "
        "password for alice: ***\")");
  REQUIRE(fetcher.requests.size() == 2);
  CHECK(fetcher.requests[1].body ==
        "username=alice&password=hunter2&login-php-submit-button=Login");
  // A button the form does not have: no login form, said so.
  c.submit_field = "Enter";
  CHECK(log_in(fetcher, c, jar, kNow).error ==
        "no login form (one password field and a submit button named Enter) on "
        "http://127.0.0.1:8080/login.php");
}

TEST_CASE("json login: token by JSON pointer, sent as a bearer header") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& r) -> std::optional<std::string> {
    if (r.body == R"({"password":"right","username":"alice"})") {
      return std::string(
          "HTTP/1.1 200 OK\r\nContent-Type: "
          "application/json\r\n\r\n{\"data\":{\"jwt\":\"eyJ.x.y\"}}");
    }
    return std::string("HTTP/1.1 401 Unauthorized\r\n\r\n{\"error\":\"invalid credentials\"}");
  };
  CookieJar jar;
  LoginConfig c;
  c.kind = LoginConfig::Kind::json;
  c.url = "https://a.test/api/v2/login";
  c.username = "alice";
  c.password = "right";
  c.token_pointer = "/data/jwt";
  const LoginOutcome out = log_in(fetcher, c, jar, kNow);
  INFO(out.error);
  REQUIRE(out.ok);
  REQUIRE(out.headers.size() == 1);
  CHECK(out.headers[0].name == "Authorization");
  CHECK(out.headers[0].value == "Bearer eyJ.x.y");
  CHECK(out.secrets == std::vector<std::string>{"eyJ.x.y"});
  c.password = "wrong";
  CHECK(log_in(fetcher, c, jar, kNow).error ==
        "the login was refused (401); https://a.test/api/v2/login answered 401, text "
        "\"{\"error\":\"invalid credentials\"}\"");
  c.password = "right";
  c.token_pointer = "/token";
  CHECK(log_in(fetcher, c, jar, kNow).error == "no token at /token in the login response");
}

TEST_CASE("json login: --login-field members go with the credentials (Node-RED's token route)") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& r) -> std::optional<std::string> {
    if (r.body == R"({"client_id":"node-red-editor","grant_type":"password",)"
                  R"("password":"right","scope":"*","username":"admin"})") {
      return std::string(
          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n"
          "{\"access_token\":\"abc\",\"token_type\":\"Bearer\"}");
    }
    return std::string("HTTP/1.1 403 Forbidden\r\n\r\n{\"error\":\"invalid_grant\"}");
  };
  CookieJar jar;
  LoginConfig c;
  c.kind = LoginConfig::Kind::json;
  c.url = "http://127.0.0.1:1880/auth/token";
  c.username = "admin";
  c.password = "right";
  c.token_pointer = "/access_token";
  c.extra_fields = {{"client_id", "node-red-editor"}, {"grant_type", "password"}, {"scope", "*"}};
  const LoginOutcome out = log_in(fetcher, c, jar, kNow);
  INFO(out.error);
  REQUIRE(out.ok);
  CHECK(out.headers[0].value == "Bearer abc");
  // A field named like the credentials does not override them.
  c.extra_fields.push_back({"password", "other"});
  CHECK(log_in(fetcher, c, jar, kNow).ok);
}

}  // namespace
}  // namespace gapscan
