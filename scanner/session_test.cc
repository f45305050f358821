#include "scanner/session.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;

constexpr std::int64_t kNow = 1'800'000'000;

// A login app: GET /login sets a pre cookie, POST /login answers a new session each time
// (sess-N), /home needs the current session.
struct App {
  int sessions = 0;
  bool accept = true;
  std::string current;
  void serve(FakeFetcher& f) {
    f.handler = [this](const HttpRequest& r) -> std::optional<std::string> {
      if (r.method == "GET" && r.url == "https://a.test/login") {
        return std::string(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nSet-Cookie: pre=p-0001; Path=/\r\n\r\n"
            "<form method=post action=/login><input name=user><input type=password name=pw>"
            "</form>");
      }
      if (r.method == "POST" && r.url == "https://a.test/login") {
        if (!accept) return std::string("HTTP/1.1 401 Unauthorized\r\n\r\nno");
        current = "sess-000000000" + std::to_string(++sessions);
        return "HTTP/1.1 302 Found\r\nLocation: /home\r\nSet-Cookie: sid=" + current +
               "; Path=/\r\n\r\n";
      }
      if (r.url == "https://a.test/home") {
        const std::string* cookie = find_header(r.headers, "Cookie");
        if (cookie && !current.empty() && cookie->find("sid=" + current) != std::string::npos)
          return std::string("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\nhello alice");
        return std::string("HTTP/1.1 302 Found\r\nLocation: /login\r\n\r\n");
      }
      return std::nullopt;
    };
  }
};

IdentityConfig form_identity() {
  IdentityConfig c;
  c.name = "user";
  LoginConfig l;
  l.url = "https://a.test/login";
  l.username = "alice";
  l.password = "pw-secret-123";
  c.login = l;
  return c;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST_CASE("session: logs in, sends the session cookie, and scrubs password and cookie") {
  App app;
  FakeFetcher fetcher;
  app.serve(fetcher);
  SecretSet secrets;
  Session s(form_identity(), secrets);
  CHECK(contains(secrets.snapshot(), "pw-secret-123"));
  REQUIRE(s.log_in(fetcher, kNow) == "");
  CHECK(s.generation() == 1);
  const HeaderList h = s.credentials_for(*parse_url("https://a.test/home"), kNow);
  REQUIRE(h.size() == 1);
  CHECK(h[0].value.find("sid=sess-0000000001") != std::string::npos);
  CHECK(contains(secrets.snapshot(), "sess-0000000001"));
  REQUIRE(s.first_login().has_value());
  CHECK(s.first_login()->exchanges.size() == 3);
  // The login never rides on the scan's own credentials.
  for (const auto& r : fetcher.requests) CHECK(r.without_credentials);
}

TEST_CASE("session: a wrong password is an error that names no secret") {
  App app;
  app.accept = false;
  FakeFetcher fetcher;
  app.serve(fetcher);
  SecretSet secrets;
  Session s(form_identity(), secrets);
  const std::string error = s.log_in(fetcher, kNow);
  CHECK(error.starts_with("the login was refused (401)"));
  CHECK(error.find("pw-secret") == std::string::npos);
}

TEST_CASE("session: which answers mean the session is gone") {
  SecretSet secrets;
  IdentityConfig c = form_identity();
  c.login->logged_out_regex = "Please sign in";
  Session s(c, secrets);
  auto ex = [](const char* raw) { return make_exchange("https://a.test/page", raw); };
  CHECK(s.looks_logged_out(ex("HTTP/1.1 302 Found\r\nLocation: /login\r\n\r\n")));
  CHECK(s.looks_logged_out(ex("HTTP/1.1 302 Found\r\nLocation: https://a.test/login\r\n\r\n")));
  CHECK_FALSE(s.looks_logged_out(ex("HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\n\r\n")));
  CHECK_FALSE(
      s.looks_logged_out(ex("HTTP/1.1 302 Found\r\nLocation: https://b.test/login\r\n\r\n")));
  CHECK(s.looks_logged_out(ex("HTTP/1.1 401 Unauthorized\r\n\r\n")));
  CHECK(s.looks_logged_out(ex("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\n\r\n")));
  CHECK_FALSE(s.looks_logged_out(
      ex("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"x\"\r\n\r\n")));
  CHECK(s.looks_logged_out(ex("HTTP/1.1 200 OK\r\n\r\nPlease sign in first")));
  CHECK_FALSE(s.looks_logged_out(ex("HTTP/1.1 200 OK\r\n\r\nhello alice")));
  CHECK_FALSE(s.looks_logged_out(ex("HTTP/1.1 403 Forbidden\r\n\r\nadmins only")));
  // A front controller: the login page is one query of the path every page uses.
  IdentityConfig wiki = form_identity();
  wiki.login->url = "https://a.test/wiki/doku.php?do=login";
  Session w(wiki, secrets);
  CHECK_FALSE(
      w.looks_logged_out(ex("HTTP/1.1 302 Found\r\nLocation: /wiki/doku.php?id=start\r\n\r\n")));
  CHECK_FALSE(w.looks_logged_out(ex("HTTP/1.1 302 Found\r\nLocation: /wiki/doku.php\r\n\r\n")));
  CHECK(w.looks_logged_out(
      ex("HTTP/1.1 302 Found\r\nLocation: /wiki/doku.php?id=x&do=login\r\n\r\n")));
  // Without a login there is nothing to lose.
  IdentityConfig headers_only;
  headers_only.headers.push_back({"Authorization", "Bearer abcdefghijkl"});
  Session h(headers_only, secrets);
  CHECK_FALSE(h.looks_logged_out(ex("HTTP/1.1 401 Unauthorized\r\n\r\n")));
  CHECK(contains(secrets.snapshot(), "abcdefghijkl"));
}

TEST_CASE("session: --logged-out-regex on a 5 MB one-line body" * doctest::timeout(20)) {
  // libstdc++'s std::regex overflowed the stack (exit 139) on this with a 1 MB body, and the
  // pattern was compiled again for every answer.
  SecretSet secrets;
  IdentityConfig c = form_identity();
  c.login->logged_out_regex = "<html>.*sign in";
  Session s(c, secrets);
  std::string raw = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>";
  raw += std::string(5 * 1024 * 1024, 'x');
  CHECK_FALSE(s.looks_logged_out(make_exchange("https://a.test/page", raw)));
  CHECK(s.looks_logged_out(make_exchange("https://a.test/page", raw + " please sign in")));
}

TEST_CASE("session: one re-login per lost generation, bounded by --max-relogins") {
  App app;
  FakeFetcher fetcher;
  app.serve(fetcher);
  SecretSet secrets;
  Session s(form_identity(), secrets, 2);
  REQUIRE(s.log_in(fetcher, kNow) == "");
  const std::uint64_t g1 = s.generation();
  std::string error;
  CHECK(s.relogin(fetcher, g1, kNow, &error) == Session::Relogin::ok);
  CHECK(app.sessions == 2);
  // A second caller that saw the same lost session does not log in again.
  CHECK(s.relogin(fetcher, g1, kNow, &error) == Session::Relogin::ok);
  CHECK(app.sessions == 2);
  CHECK(s.credentials_for(*parse_url("https://a.test/home"), kNow)[0].value.find(
            "sess-0000000002") != std::string::npos);
  CHECK(s.relogin(fetcher, s.generation(), kNow, &error) == Session::Relogin::ok);
  CHECK(s.relogin(fetcher, s.generation(), kNow, &error) == Session::Relogin::exhausted);
  CHECK(app.sessions == 3);
  CHECK(error.find("--max-relogins") != std::string::npos);
}

TEST_CASE(
    "session: a re-login never empties the jar in flight; late answers of the old "
    "session cannot delete the new cookie") {
  App app;
  FakeFetcher fetcher;
  app.serve(fetcher);
  SecretSet secrets;
  Session s(form_identity(), secrets);
  REQUIRE(s.log_in(fetcher, kNow) == "");
  const Url home = *parse_url("https://a.test/home");
  const std::uint64_t g1 = s.generation();
  // What the crawl would send while the re-login runs (the io thread keeps going).
  std::vector<std::string> sent_during_login;
  auto serve = fetcher.handler;
  fetcher.handler = [&](const HttpRequest& r) {
    if (r.url == "https://a.test/login") {
      const HeaderList h = s.credentials_for(home, kNow);
      sent_during_login.push_back(h.empty() ? "" : h[0].value);
    }
    return serve(r);
  };
  std::string error;
  REQUIRE(s.relogin(fetcher, g1, kNow, &error) == Session::Relogin::ok);
  REQUIRE(sent_during_login.size() == 2);  // GET and POST of the login form
  for (const std::string& cookie : sent_during_login) {
    CHECK(cookie.find("sid=sess-0000000001") != std::string::npos);  // the old session, whole
  }
  const std::uint64_t g2 = s.generation();
  CHECK(g2 == g1 + 1);

  // The answer to a request sent with the old session arrives late and deletes its cookie.
  HttpResponse late;
  late.status = 200;
  late.headers = {{"Set-Cookie", "sid=; Max-Age=0; Path=/"}};
  s.store_cookies(home, late, kNow, g1);
  CHECK(s.credentials_for(home, kNow)[0].value.find("sid=sess-0000000002") != std::string::npos);
  // The same answer to a request of the current session is honoured.
  s.store_cookies(home, late, kNow, g2);
  const HeaderList after = s.credentials_for(home, kNow);
  CHECK((after.empty() || after[0].value.find("sid=") == std::string::npos));
}

TEST_CASE("session: a re-login that fails is final") {
  App app;
  FakeFetcher fetcher;
  app.serve(fetcher);
  SecretSet secrets;
  Session s(form_identity(), secrets);
  REQUIRE(s.log_in(fetcher, kNow) == "");
  app.accept = false;
  std::string error;
  CHECK(s.relogin(fetcher, s.generation(), kNow, &error) == Session::Relogin::failed);
  CHECK(error.starts_with("the login was refused (401)"));
  const std::size_t sent = fetcher.requests.size();
  app.accept = true;
  CHECK(s.relogin(fetcher, s.generation(), kNow, &error) == Session::Relogin::failed);
  CHECK(fetcher.requests.size() == sent);  // no retry storm
}

TEST_CASE("session: the check URL must answer as logged in") {
  App app;
  FakeFetcher fetcher;
  app.serve(fetcher);
  SecretSet secrets;
  IdentityConfig c = form_identity();
  c.check_url = "https://a.test/home";
  c.login->logged_in_regex = "hello alice";
  Session ok(c, secrets);
  CHECK(ok.log_in(fetcher, kNow) == "");
  c.login->logged_in_regex = "hello bob";
  Session wrong(c, secrets);
  CHECK(wrong.log_in(fetcher, kNow).find("does not match --logged-in-regex") != std::string::npos);
  // A check URL that sends to the login page: not logged in.
  IdentityConfig gone = form_identity();
  gone.check_url = "https://a.test/elsewhere-protected";
  fetcher.responses["https://a.test/elsewhere-protected"] =
      "HTTP/1.1 302 Found\r\nLocation: /login\r\n\r\n";
  Session lost(gone, secrets);
  CHECK(lost.log_in(fetcher, kNow).find("answered 302 after login: not logged in") !=
        std::string::npos);
}

}  // namespace
}  // namespace gapscan
