#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "scanner/session.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::VectorSink;

// A form login served on `origin`; the POST is accepted with a new session cookie.
void serve_login(FakeFetcher& f, const std::string& origin) {
  f.responses[origin + "/login"] =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<form method=post action=/login>"
      "<input name=user><input type=password name=pw></form>";
  f.handler = [origin](const HttpRequest& r) -> std::optional<std::string> {
    if (r.method == "POST" && r.url == origin + "/login") {
      return std::string(
          "HTTP/1.1 302 Found\r\nLocation: /login-done\r\nSet-Cookie: "
          "sid=0123456789abcdef\r\n\r\n");
    }
    if (r.url == origin + "/login-done") return std::string("HTTP/1.1 200 OK\r\n\r\nwelcome");
    return std::nullopt;
  };
}

std::vector<Finding> run_for(const std::string& origin) {
  FakeFetcher login_fetcher;
  serve_login(login_fetcher, origin);
  SecretSet secrets;
  IdentityConfig c;
  LoginConfig l;
  l.url = origin + "/login";
  l.username = "alice";
  l.password = "pw-secret-1";
  c.login = l;
  auto session = std::make_shared<Session>(c, secrets);
  REQUIRE(session->log_in(login_fetcher, 1'800'000'000) == "");
  AuthContext auth;
  auth.identities.push_back({session, {}});
  FakeFetcher probe_fetcher;
  VectorSink sink;
  ActiveContext ctx{origin, {}, probe_fetcher};
  ctx.auth = &auth;
  make_credentials_over_http()->run(ctx, sink);
  CHECK(probe_fetcher.requested.empty());  // it reads the login, sends nothing
  return sink.findings;
}

TEST_CASE("credentials-over-http: a login accepted over plain http is reported") {
  const auto found = run_for("http://a.test");
  REQUIRE(found.size() == 1);
  CHECK(found[0].url == "http://a.test/login");
  CHECK(found[0].method == "POST");
  CHECK(found[0].evidence.note.find("answered 302; the login succeeded") != std::string::npos);
}

TEST_CASE("credentials-over-http: a login over https is fine") {
  CHECK(run_for("https://a.test").empty());
}

}  // namespace
}  // namespace gapscan
