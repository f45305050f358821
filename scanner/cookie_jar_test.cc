#include "scanner/cookie_jar.h"

#include <doctest/doctest.h>

namespace gapscan {
namespace {

HttpResponse with_cookies(std::vector<std::string> set_cookies) {
  HttpResponse r;
  r.status = 200;
  for (auto& c : set_cookies) r.headers.push_back({"Set-Cookie", std::move(c)});
  return r;
}

Url url(const char* text) { return *parse_url(text); }

TEST_CASE("cookie jar: host-only, domain, path, secure and deletion rules") {
  CookieJar jar;
  const std::int64_t now = 1'800'000'000;
  jar.store(url("https://app.example.com/app/login"),
            with_cookies({"app_session=s1; Path=/; Secure; HttpOnly",
                          "pref=dark",  // default path /app
                          "sso=x1; Domain=example.com; Path=/",
                          "evil=1; Domain=other.com",  // not covering the host: rejected
                          "short=1; Max-Age=60; Path=/"}),
            now);
  CHECK(jar.header_for(url("https://app.example.com/app/orders"), now) ==
        "pref=dark; app_session=s1; sso=x1; short=1");
  CHECK(jar.header_for(url("https://app.example.com/"), now) == "app_session=s1; sso=x1; short=1");
  // Secure cookies never over http; host-only cookies never to another host.
  CHECK(jar.header_for(url("http://app.example.com/"), now) == "sso=x1; short=1");
  CHECK(jar.header_for(url("https://www.example.com/"), now) == "sso=x1");
  CHECK(jar.header_for(url("https://other.com/"), now).empty());
  // Expiry, then deletion by the server.
  CHECK(jar.header_for(url("https://app.example.com/"), now + 61) == "app_session=s1; sso=x1");
  jar.store(url("https://app.example.com/app/logout"),
            with_cookies({"app_session=; Path=/; Max-Age=0"}), now);
  CHECK(jar.value_of(url("https://app.example.com/"), "app_session", now).empty());
  CHECK(jar.value_of(url("https://app.example.com/"), "sso", now) == "x1");
  // A plain-http origin cannot set a Secure cookie.
  jar.store(url("http://app.example.com/"), with_cookies({"app_session=forged; Secure"}), now);
  CHECK(jar.value_of(url("https://app.example.com/"), "app_session", now).empty());
}

TEST_CASE("cookie jar: a new value replaces the old one") {
  CookieJar jar;
  jar.store(url("https://a.test/"), with_cookies({"sid=1; Path=/"}), 1);
  jar.store(url("https://a.test/"), with_cookies({"sid=2; Path=/"}), 1);
  CHECK(jar.header_for(url("https://a.test/x"), 1) == "sid=2");
  CHECK(jar.values() == std::vector<std::string>{"2"});
}

}  // namespace
}  // namespace gapscan
