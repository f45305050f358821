#include "checks/auth/session_probe_util.h"

#include <doctest/doctest.h>

#include "test/checks/session_probe_testing.h"

namespace gapscan::sessionprobe {
namespace {

Exchange answer(const std::string& url, const std::string& raw) { return make_exchange(url, raw); }

const char* const kDashboard =
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Signed in as alice. Your orders, your "
    "profile and your settings are listed below.</p><a href=\"/app/logout\">Sign out</a>";

TEST_CASE("session probe util: cookie pairs") {
  const HttpResponse res = parse_raw_response(
      "HTTP/1.1 200 OK\r\nSet-Cookie: a=1; Path=/\r\nSet-Cookie: gone=; Max-Age=0\r\n"
      "Set-Cookie: b=two; HttpOnly\r\nSet-Cookie: a=3\r\nSet-Cookie: old=x; Max-Age=-1\r\n\r\n");
  const CookiePairs set = cookies_set_by(res, unix_now());
  REQUIRE(set.size() == 2);
  CHECK(set[0] == std::pair<std::string, std::string>{"a", "1"});
  CHECK(set[1] == std::pair<std::string, std::string>{"b", "two"});
  CHECK(cookie_header(set) == "a=1; b=two");
  CHECK(cookie_names(set) == "a, b");
  CHECK(parse_cookie_header(" a=1;b=two ; junk; =x") == set);
  CHECK(parse_cookie_header("").empty());
}

TEST_CASE("session probe util: requests carry exactly the chosen cookies") {
  const HttpRequest with = get_with_cookies("https://example.com/app/", "a=1");
  CHECK(with.method == "GET");
  CHECK(with.without_credentials);
  REQUIRE(with.headers.size() == 1);
  CHECK(with.headers[0].name == "Cookie");
  const HttpRequest without = get_with_cookies("https://example.com/app/", "");
  CHECK(without.without_credentials);
  CHECK(without.headers.empty());
}

TEST_CASE("session probe util: which identity logs in on this origin") {
  testing::Env form;
  ActiveContext ctx{"https://example.com", {}, form.fetcher};
  CHECK(login_identity(ctx, true) == nullptr);  // no auth context
  ctx.auth = &form.auth;
  CHECK(login_identity(ctx, true) == form.auth.identities[0].session);
  ctx.origin = "https://other.example.com";
  CHECK(login_identity(ctx, false) == nullptr);

  testing::Env json("", LoginConfig::Kind::json);
  ActiveContext jctx{"https://example.com", {}, json.fetcher};
  jctx.auth = &json.auth;
  CHECK(login_identity(jctx, true) == nullptr);
  CHECK(login_identity(jctx, false) == json.auth.identities[0].session);
}

TEST_CASE("session probe util: what looks logged in") {
  testing::Env env;
  const Session& s = *env.auth.identities[0].session;
  const std::string url = "https://example.com/app/";
  CHECK(looks_logged_in(s, answer(url, kDashboard)));
  CHECK_FALSE(looks_logged_in(
      s, answer(url, "HTTP/1.1 302 Found\r\nLocation: /app/login\r\n\r\n")));  // logged out
  CHECK_FALSE(looks_logged_in(s, answer(url, "HTTP/1.1 500 Oops\r\n\r\nerror")));
  CHECK_FALSE(looks_logged_in(
      s, answer(url,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<form method=post><input "
                "name=user><input type=password name=pass></form>")));  // a login form
  CHECK(looks_logged_in(
      s, answer(url, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"me\":1}")));
  Exchange failed;
  failed.request.url = url;
  failed.error = "timeout";
  CHECK_FALSE(looks_logged_in(s, failed));
}

TEST_CASE("session probe util: --logged-in-regex must match") {
  SecretSet secrets;
  IdentityConfig cfg;
  LoginConfig login;
  login.url = "https://example.com/app/login";
  login.logged_in_regex = "Signed in as";
  cfg.login = login;
  const Session s(cfg, secrets);
  const std::string url = "https://example.com/app/";
  CHECK(looks_logged_in(s, answer(url, kDashboard)));
  CHECK_FALSE(looks_logged_in(
      s, answer(url, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Welcome, guest</p>")));
}

TEST_CASE("session probe util: the anonymous control") {
  testing::Env env;
  const Session& s = *env.auth.identities[0].session;
  const std::string url = "https://example.com/app/";
  const Exchange authed = answer(url, kDashboard);
  const Exchange probe = answer(url, kDashboard);
  CHECK(shows_logged_in_page(s, authed, probe));
  CHECK_FALSE(shows_logged_in_page(
      s, authed,
      answer(url,
             "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<h1>Something else "
             "entirely</h1><p>A public page about tea and teapots of every kind.</p>")));
  // Redirected to the login page: the control differs.
  CHECK(anonymous_differs(s, authed, probe,
                          answer(url, "HTTP/1.1 302 Found\r\nLocation: /app/login\r\n\r\n")));
  // A different public page: still a contrast.
  CHECK(anonymous_differs(
      s, authed, probe,
      answer(url,
             "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<h1>Welcome</h1><p>Browse "
             "our shop of teapots, cups and fine loose leaf tea from many gardens.</p>")));
  // The same page for everyone: public, no proof.
  CHECK_FALSE(anonymous_differs(s, authed, probe, answer(url, kDashboard)));
  // A failed control: cannot tell.
  Exchange failed;
  failed.request.url = url;
  failed.error = "timeout";
  CHECK_FALSE(anonymous_differs(s, authed, probe, failed));
}

}  // namespace
}  // namespace gapscan::sessionprobe
