#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "scanner/session.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::VectorSink;

const std::string kOrigin = "https://a.test";

std::string page(const std::string& who, const std::string& content) {
  return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><title>Orders</title><p>" + who +
         "</p><table><tr><td>Order 1002 placed 2026-02-03 Tea sampler 25.00 EUR "
         "processing</td></tr></table><p>" +
         content + "</p></html>";
}

const char* kToLogin = "HTTP/1.1 302 Found\r\nLocation: /login\r\n\r\n";

CrawledPage crawled(const std::string& path, long status = 200) {
  CrawledPage p;
  p.url = kOrigin + path;
  p.status = status;
  p.media_type = "text/html";
  return p;
}

struct Fixture {
  SecretSet secrets;
  AuthContext auth;
  FakeFetcher fetcher;
  VectorSink sink;

  Fixture() {
    IdentityConfig user;
    user.name = "default";
    user.headers.push_back({"Cookie", "sid=user-session-1234"});
    IdentityConfig anonymous;
    anonymous.name = "anonymous";
    IdentityCrawl u{std::make_shared<Session>(user, secrets), {}};
    u.pages = {crawled("/"), crawled("/app/orders/1001"), crawled("/app/orders/1002"),
               crawled("/about")};
    IdentityCrawl a{std::make_shared<Session>(anonymous, secrets), {}};
    a.pages = {crawled("/"), crawled("/about")};
    auth.identities = {u, a};
  }

  // The primary identity's requests arrive without `without_credentials` (the scan's
  // fetcher adds its cookie); the anonymous ones with it.
  void serve(bool leak_1002, bool protect_1001, const char* anonymous_1002 = nullptr) {
    fetcher.handler = [=](const HttpRequest& r) -> std::optional<std::string> {
      const bool anonymous = r.without_credentials;
      if (r.url == kOrigin + "/app/orders/1001") {
        if (anonymous && protect_1001) return std::string(kToLogin);
        return page(anonymous ? "Not signed in" : "Signed in as alice", "order 1001");
      }
      if (r.url == kOrigin + "/app/orders/1002") {
        if (anonymous && anonymous_1002) return std::string(anonymous_1002);
        if (anonymous && !leak_1002) return std::string(kToLogin);
        return page(anonymous ? "Not signed in" : "Signed in as alice", "order 1002");
      }
      return std::nullopt;
    };
  }

  void run() {
    ActiveContext ctx{kOrigin, {}, fetcher};
    ctx.auth = &auth;
    make_access_control_missing()->run(ctx, sink);
  }
};

TEST_CASE(
    "access-control-missing: a page served without credentials while its sibling "
    "refuses them is reported with the pair of requests") {
  Fixture f;
  f.serve(true, true);
  f.run();
  REQUIRE(f.sink.findings.size() == 1);
  const Finding& x = f.sink.findings[0];
  CHECK(x.check_id == "access-control-missing");
  CHECK(x.url == kOrigin + "/app/orders/1002");
  CHECK(x.key == "anonymous");
  CHECK(x.exchange.status == 200);
  REQUIRE(x.comparison.has_value());
  CHECK(x.comparison->status == 200);
  CHECK(x.comparison_label == "as identity 'default'");
  CHECK(x.evidence.note.find("/app/orders/1001 in the same area refuses") != std::string::npos);
  // Public pages both crawls reached are never requested.
  for (const auto& url : f.fetcher.requested) CHECK(url.find("/about") == std::string::npos);
}

TEST_CASE("access-control-missing: no denial in the area means public pages, not a flaw") {
  Fixture f;
  f.serve(true, false);
  f.run();
  CHECK(f.sink.findings.empty());
}

TEST_CASE("access-control-missing: a hardened site gives nothing") {
  Fixture f;
  f.serve(false, true);
  f.run();
  CHECK(f.sink.findings.empty());
}

TEST_CASE("access-control-missing: a 200 login page or an unlike page is a refusal, not a leak") {
  Fixture login;
  login.serve(false, true,
              "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<form method=post><input "
              "name=u><input type=password name=p></form>");
  login.run();
  CHECK(login.sink.findings.empty());
  Fixture unlike;
  unlike.serve(false, true,
               "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\nSomething else entirely, a "
               "marketing page with no order data at all in it whatsoever");
  unlike.run();
  CHECK(unlike.sink.findings.empty());
}

// MediaWiki 1.39: anonymous visitors of a special page get 200 "Permission error" with the
// wiki's navigation, which links the public pages that also look the same signed in.
TEST_CASE(
    "access-control-missing: a 200 permission-error page refuses, and what it links is public") {
  Fixture f;
  const std::string refusal =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><title>Permission error - "
      "Range Wiki</title><a href=\"/app/orders/1002\">Main page</a><p>You do not have "
      "permission to view this page.</p></html>";
  f.serve(true, false);
  const auto leak = f.fetcher.handler;
  f.fetcher.handler = [&](const HttpRequest& r) -> std::optional<std::string> {
    if (r.url == kOrigin + "/app/orders/1001" && r.without_credentials) return refusal;
    return leak(r);
  };
  f.run();
  // 1001's refusal counts as the denial, but 1002 is linked from it: public, not reported.
  CHECK(f.sink.findings.empty());
  Fixture unlinked;
  unlinked.serve(true, false);
  const auto leak2 = unlinked.fetcher.handler;
  const std::string refusal_without_link =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><title>Permission error"
      "</title><p>You do not have permission to view this page.</p></html>";
  unlinked.fetcher.handler = [&](const HttpRequest& r) -> std::optional<std::string> {
    if (r.url == kOrigin + "/app/orders/1001" && r.without_credentials) {
      return refusal_without_link;
    }
    return leak2(r);
  };
  unlinked.run();
  REQUIRE(unlinked.sink.findings.size() == 1);
  CHECK(unlinked.sink.findings[0].url == kOrigin + "/app/orders/1002");
}

TEST_CASE("access-control-missing: anonymous scans send nothing") {
  FakeFetcher fetcher;
  VectorSink sink;
  ActiveContext ctx{kOrigin, {kOrigin + "/"}, fetcher};
  make_access_control_missing()->run(ctx, sink);
  CHECK(fetcher.requested.empty());
  CHECK(sink.findings.empty());
}

}  // namespace
}  // namespace gapscan
