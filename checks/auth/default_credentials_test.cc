#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <set>

#include "checks/common/all_checks.h"
#include "scanner/base/text.h"
#include "scanner/login_ledger.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::VectorSink;

constexpr const char* kOrigin = "https://example.com";

std::string url(std::string_view path) { return std::string(kOrigin) + std::string(path); }

struct Notice {
  std::string code, message, url;
};

struct Result {
  std::vector<Finding> findings;
  std::vector<Notice> notices;
};

Result run(FakeFetcher& fetcher, std::vector<CrawledPage> pages = {},
           const CheckSettings* settings = nullptr) {
  const auto check = make_default_credentials();
  VectorSink sink;
  Result out;
  ActiveContext ctx{kOrigin, {}, fetcher};
  ctx.settings = settings;
  ctx.pages = std::move(pages);
  ctx.notify = [&out](const std::string& code, const std::string& message, const std::string& u) {
    out.notices.push_back({code, message, u});
  };
  check->run(ctx, sink);
  out.findings = std::move(sink.findings);
  return out;
}

// Base64 as Basic authentication sends it (the decoder also takes the standard alphabet; it is
// checked against RFC 4648's vectors in text_test.cc).
std::string b64decode(std::string_view in) { return base64url_decode(in).value_or(""); }

// user:password of a request's Basic Authorization header, or "" when none.
std::string basic_pair(const HttpRequest& r) {
  const std::string* auth = find_header(r.headers, "Authorization");
  if (auth == nullptr || !auth->starts_with("Basic ")) return {};
  return b64decode(auth->substr(6));
}

// A Basic-auth area at `path` with the given realm: accepted pairs, optional lockout.
struct BasicServer {
  std::string path;
  std::string realm;
  std::string page = "<title>/manager</title><h2>Tomcat Web Application Manager</h2>";
  std::set<std::string> accepted;  // "user:password"
  int lockout_after = 0;
  bool accept_anything = false;
  int throttle_after = 0;  // 429 after this many attempts (0 = never)
  std::map<std::string, int> failures;
  std::vector<std::string> attempts;  // "user:password" in order

  std::optional<std::string> handle(const HttpRequest& r) {
    if (r.url != url(path)) return std::nullopt;
    const std::string pair = basic_pair(r);
    const std::string challenge = "WWW-Authenticate: Basic realm=\"" + realm + "\"\r\n";
    const std::string refusal = "HTTP/1.1 401 Unauthorized\r\nContent-Type: text/html\r\n" +
                                challenge +
                                "\r\n<h1>401 Unauthorized</h1><p>You are not authorized to "
                                "view this page, please check your credentials.</p>";
    if (pair.empty()) return refusal;
    attempts.push_back(pair);
    if (throttle_after > 0 && static_cast<int>(attempts.size()) > throttle_after) {
      return "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 60\r\n\r\nslow down";
    }
    const std::string user = pair.substr(0, pair.find(':'));
    if (lockout_after > 0 && failures[user] >= lockout_after) {
      return "HTTP/1.1 401 Unauthorized\r\nContent-Type: text/html\r\n" + challenge +
             "\r\n<p>account locked</p>";
    }
    if (accept_anything || accepted.count(pair) != 0) {
      return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page;
    }
    ++failures[user];
    return refusal;
  }
};

void serve(FakeFetcher& fetcher, const std::shared_ptr<BasicServer>& server) {
  fetcher.handler = [server](const HttpRequest& r) { return server->handle(r); };
}

std::shared_ptr<BasicServer> tomcat() {
  auto s = std::make_shared<BasicServer>();
  s->path = "/manager/html";
  s->realm = "Tomcat Manager Application";
  return s;
}

bool mentions(const Finding& f, std::string_view secret) {
  for (const std::string* s : {&f.message, &f.evidence.note, &f.evidence.snippet, &f.url,
                               &f.evidence.header_value, &f.exchange.body_snippet}) {
    if (s->find(secret) != std::string::npos) return true;
  }
  return false;
}

TEST_CASE("default-credentials: --no-credential-probes sends nothing") {
  FakeFetcher fetcher;
  auto server = tomcat();
  server->accepted = {"tomcat:s3cret"};
  serve(fetcher, server);
  CheckSettings settings;
  settings.credential_probes = false;
  const auto r =
      run(fetcher, {{url("/admin/"), 401, "text/html", "Basic realm=\"x\"", ""}}, &settings);
  CHECK(r.findings.empty());
  CHECK(fetcher.requested.empty());
}

TEST_CASE("default-credentials: no surface, five discovery requests") {
  FakeFetcher fetcher;
  const auto r = run(fetcher);
  CHECK(r.findings.empty());
  CHECK(fetcher.requested.size() == 5);
  for (const HttpRequest& req : fetcher.requests) {
    CHECK(req.method == "GET");
    CHECK_FALSE(has_header(req.headers, "Authorization"));
  }
}

TEST_CASE("default-credentials: Tomcat Manager with the vendor default password") {
  FakeFetcher fetcher;
  auto server = tomcat();
  server->accepted = {"tomcat:s3cret"};
  serve(fetcher, server);
  const auto r = run(fetcher);
  REQUIRE(r.findings.size() == 1);
  const Finding& f = r.findings[0];
  CHECK(f.check_id == "default-credentials");
  CHECK(f.severity == Severity::high);
  CHECK(f.per_origin);
  CHECK(f.key == "tomcat-manager");
  CHECK(f.url == url("/manager/html"));
  CHECK(f.message ==
        "Tomcat Manager at /manager/html accepts user 'tomcat' with the vendor default password");
  CHECK(f.evidence.snippet == "Tomcat Web Application Manager");
  CHECK(f.evidence.note.find("Basic realm \"Tomcat Manager Application\"") != std::string::npos);
  CHECK(f.exchange.status == 200);
  CHECK_FALSE(mentions(f, "s3cret"));
  // The control (random user) and then the vendor default.
  REQUIRE(server->attempts.size() == 2);
  CHECK(server->attempts[0].starts_with("gs"));
  CHECK(server->attempts[1] == "tomcat:s3cret");
  CHECK(r.notices.empty());
}

TEST_CASE("default-credentials: a 200 without the console's page is not a success") {
  FakeFetcher fetcher;
  auto server = tomcat();
  server->accepted = {"tomcat:s3cret"};
  server->page = "<p>Welcome</p>";
  serve(fetcher, server);
  CHECK(run(fetcher).findings.empty());
}

TEST_CASE("default-credentials: nothing accepted: bounded, at most 2 guesses per account") {
  FakeFetcher fetcher;
  auto server = tomcat();
  server->lockout_after = 3;
  serve(fetcher, server);
  const auto r = run(fetcher);
  CHECK(r.findings.empty());
  CHECK(r.notices.empty());
  CHECK(server->attempts.size() <= 10);
  CHECK(server->attempts.size() >= 5);
  std::map<std::string, int> per_user;
  for (const auto& a : server->attempts) ++per_user[a.substr(0, a.find(':'))];
  for (const auto& [user, n] : per_user) {
    CAPTURE(user);
    CHECK(n <= 2);
  }
  // Never locked out.
  for (const auto& [user, n] : server->failures) CHECK(n < 3);
}

TEST_CASE("default-credentials: a lockout stops the check and is a notification") {
  FakeFetcher fetcher;
  auto server = tomcat();
  server->accepted = {"tomcat:tomcat"};  // would be found, but the account locks first
  server->lockout_after = 1;
  serve(fetcher, server);
  const auto r = run(fetcher, {{url("/ops/"), 401, "text/html", "Basic realm=\"ops\"", ""}});
  CHECK(r.findings.empty());
  REQUIRE(r.notices.size() == 1);
  CHECK(r.notices[0].code == "account-lockout-observed");
  CHECK(r.notices[0].url == url("/manager/html"));
  CHECK(r.notices[0].message.find("locked") != std::string::npos);
  // control, tomcat:s3cret (fails and locks), tomcat:tomcat (refused as locked): stop.
  CHECK(server->attempts.size() == 3);
  // The other surface of the origin is left alone.
  for (const std::string& u : fetcher.requested) CHECK(u != url("/ops/"));
}

TEST_CASE("default-credentials: throttling (429, Retry-After) stops the check") {
  FakeFetcher fetcher;
  auto server = tomcat();
  server->throttle_after = 3;
  serve(fetcher, server);
  const auto r = run(fetcher);
  CHECK(r.findings.empty());
  REQUIRE(r.notices.size() == 1);
  CHECK(r.notices[0].message.find("429") != std::string::npos);
  CHECK(server->attempts.size() == 4);
}

TEST_CASE("default-credentials: a generic Basic area from the crawl") {
  FakeFetcher fetcher;
  auto server = std::make_shared<BasicServer>();
  server->path = "/ops/";
  server->realm = "Operations";
  server->page = "<html><title>Ops dashboard</title><p>Queue length 3</p></html>";
  server->accepted = {"admin:password"};
  serve(fetcher, server);
  const auto r =
      run(fetcher, {{url("/ops/"), 401, "text/html", "Basic realm=\"Operations\"", ""},
                    {url("/ops/x"), 401, "text/html", "Basic realm=\"Operations\"", ""}});
  REQUIRE(r.findings.size() == 1);
  const Finding& f = r.findings[0];
  CHECK(f.key == "basic:Operations");
  CHECK(f.url == url("/ops/"));
  CHECK(f.message ==
        "HTTP Basic area (realm \"Operations\") at /ops/ accepts user 'admin' with a common "
        "default password");
  CHECK(f.evidence.snippet == "<title>Ops dashboard</title>");
  CHECK_FALSE(mentions(f, "admin:password"));
  // control, admin:admin, admin:password (accepted), then a second control.
  REQUIRE(server->attempts.size() == 4);
  CHECK(server->attempts[3].starts_with("gs"));
}

TEST_CASE("default-credentials: an area that lets any credentials in is not reported") {
  FakeFetcher fetcher;
  auto server = std::make_shared<BasicServer>();
  server->path = "/ops/";
  server->realm = "Operations";
  server->page = "<title>Ops</title>";
  server->accept_anything = true;
  serve(fetcher, server);
  const auto r = run(fetcher, {{url("/ops/"), 401, "text/html", "Basic realm=\"Operations\"", ""}});
  CHECK(r.findings.empty());
  CHECK(server->attempts.size() == 1);  // the control got in: stop
}

TEST_CASE("default-credentials: 401 everywhere (one realm) is one surface, nothing found") {
  FakeFetcher fetcher;
  int logins = 0;
  fetcher.handler = [&logins](const HttpRequest& r) -> std::optional<std::string> {
    if (!basic_pair(r).empty()) ++logins;
    return "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"Restricted area\"\r\n"
           "Content-Type: text/html\r\n\r\n<p>This server could not verify that you are "
           "authorized to access the document requested.</p>";
  };
  std::vector<CrawledPage> pages;
  for (const char* p : {"/docs/", "/files/", "/static/", "/private/"}) {
    pages.push_back({url(p), 401, "text/html", "Basic realm=\"Restricted area\"", ""});
  }
  const auto r = run(fetcher, pages);
  CHECK(r.findings.empty());
  CHECK(r.notices.empty());
  CHECK(logins <= 10);
  CHECK(fetcher.requested.size() <= 15);
}

TEST_CASE("default-credentials: a Tomcat realm met by the crawl elsewhere is Tomcat") {
  FakeFetcher fetcher;
  auto server = tomcat();
  server->path = "/tomcat/manager/html";
  server->accepted = {"both:tomcat"};
  serve(fetcher, server);
  const auto r = run(fetcher, {{url("/tomcat/manager/html"), 401, "text/html",
                                "Basic realm=\"Tomcat Manager Application\"", ""}});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].key == "tomcat-manager");
  CHECK(r.findings[0].message.find("user 'both' with the vendor default password") !=
        std::string::npos);
}

TEST_CASE("default-credentials: WordPress login") {
  FakeFetcher fetcher;
  std::vector<std::string> posts;
  fetcher.handler = [&posts](const HttpRequest& r) -> std::optional<std::string> {
    const std::string form =
        "<form name=\"loginform\" action=\"https://example.com/wp-login.php\" method=\"post\">"
        "<input type=\"text\" name=\"log\" id=\"user_login\"><input type=\"password\" "
        "name=\"pwd\" id=\"user_pass\"><input type=\"submit\" name=\"wp-submit\" "
        "value=\"Log In\"></form>";
    if (r.url == url("/wp-login.php") && r.method == "GET") {
      return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + form;
    }
    if (r.url == url("/wp-login.php") && r.method == "POST") {
      posts.push_back(r.body);
      if (r.body.starts_with("log=admin&pwd=password&")) {
        return "HTTP/1.1 302 Found\r\nLocation: https://example.com/wp-admin/\r\n"
               "Set-Cookie: wordpress_logged_in_abc=admin%7C123; path=/; HttpOnly\r\n\r\n";
      }
      return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<div id=\"login_error\">"
             "<strong>Error:</strong> The password you entered is incorrect.</div>" +
             form;
    }
    if (r.url == url("/wp-admin/")) {
      const std::string* cookie = find_header(r.headers, "Cookie");
      if (cookie != nullptr && cookie->find("wordpress_logged_in_abc=") != std::string::npos) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<body class=\"wp-admin\">"
               "<div id=\"wpadminbar\"></div><h1>Dashboard</h1>";
      }
      return "HTTP/1.1 302 Found\r\nLocation: https://example.com/wp-login.php\r\n\r\n";
    }
    return std::nullopt;
  };
  const auto r = run(fetcher);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].key == "wordpress");
  CHECK(r.findings[0].url == url("/wp-login.php"));
  CHECK(r.findings[0].method == "POST");
  CHECK(r.findings[0].evidence.snippet == "id=\"wpadminbar\"");
  CHECK(r.findings[0].message ==
        "WordPress login at /wp-login.php accepts user 'admin' with a common default password");
  CHECK(posts.size() == 3);  // control, admin:admin, admin:password
}

TEST_CASE("default-credentials: Grafana admin/admin") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& r) -> std::optional<std::string> {
    if (r.url == url("/login") && r.method == "GET") {
      return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<title>Grafana</title><script>"
             "window.grafanaBootData = {};</script>";
    }
    if (r.url == url("/login") && r.method == "POST") {
      if (r.body == R"({"password":"admin","user":"admin"})") {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
               "Set-Cookie: grafana_session=abc; Path=/; HttpOnly\r\n\r\n"
               R"({"message":"Logged in"})";
      }
      return "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n\r\n"
             R"({"message":"Invalid username or password"})";
    }
    if (r.url == url("/api/user")) {
      const std::string* cookie = find_header(r.headers, "Cookie");
      if (cookie != nullptr && *cookie == "grafana_session=abc") {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n"
               R"({"id":1,"login":"admin","isGrafanaAdmin":true})";
      }
      return "HTTP/1.1 401 Unauthorized\r\n\r\n{}";
    }
    return std::nullopt;
  };
  const auto r = run(fetcher);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].key == "grafana");
  CHECK(r.findings[0].message ==
        "Grafana at /login accepts user 'admin' with the vendor default password");
  CHECK(r.findings[0].evidence.snippet.starts_with("\"login\":\"admin\""));
}

TEST_CASE("default-credentials: Jenkins") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& r) -> std::optional<std::string> {
    if (r.url == url("/login")) {
      return "HTTP/1.1 200 OK\r\nX-Jenkins: 2.440\r\nContent-Type: text/html\r\n\r\n"
             "<form action=\"j_spring_security_check\" method=\"post\"><input "
             "name=\"j_username\"><input name=\"j_password\" type=\"password\"></form>";
    }
    if (r.url == url("/j_spring_security_check")) {
      if (r.body.starts_with("j_username=jenkins&j_password=jenkins&")) {
        return "HTTP/1.1 302 Found\r\nLocation: https://example.com/\r\n"
               "Set-Cookie: JSESSIONID.1=node0abc; Path=/; HttpOnly\r\n\r\n";
      }
      return "HTTP/1.1 302 Found\r\nLocation: https://example.com/loginError\r\n"
             "Set-Cookie: JSESSIONID.1=node0x; Path=/\r\n\r\n";
    }
    if (r.url == url("/whoAmI/api/json")) {
      const std::string* cookie = find_header(r.headers, "Cookie");
      if (cookie != nullptr && *cookie == "JSESSIONID.1=node0abc") {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n"
               R"({"_class":"x","anonymous":false,"authenticated":true,"name":"jenkins"})";
      }
      return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n"
             R"({"anonymous":true,"authenticated":true,"name":"anonymous"})";
    }
    return std::nullopt;
  };
  const auto r = run(fetcher);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].key == "jenkins");
  CHECK(r.findings[0].message.find("user 'jenkins' with a common default password") !=
        std::string::npos);
}

TEST_CASE("default-credentials: phpMyAdmin root with an empty password") {
  FakeFetcher fetcher;
  int token = 0;
  fetcher.handler = [&token](const HttpRequest& r) -> std::optional<std::string> {
    auto login_page = [&token](std::string_view error) {
      ++token;
      return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nSet-Cookie: phpMyAdmin=sess1; "
             "path=/phpmyadmin/\r\n\r\n<title>phpMyAdmin</title>" +
             std::string(error) +
             "<form method=\"post\" action=\"index.php?route=/\" name=\"login_form\">"
             "<input type=\"text\" name=\"pma_username\" value=\"\"><input type=\"password\" "
             "name=\"pma_password\"><input type=\"hidden\" name=\"server\" value=\"1\">"
             "<input type=\"hidden\" name=\"token\" value=\"t" +
             std::to_string(token) + "\"><input type=\"submit\" value=\"Go\"></form>";
    };
    if (r.url == url("/phpmyadmin/") && r.method == "GET") {
      const std::string* cookie = find_header(r.headers, "Cookie");
      if (cookie != nullptr && cookie->find("pmaAuth-1=ok") != std::string::npos) {
        return std::string(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<title>phpMyAdmin</title>"
            "<div id=\"pma_navigation\"></div><a href=\"index.php?route=/server/databases\">"
            "Databases</a>");
      }
      return login_page("");
    }
    if (r.url == url("/phpmyadmin/index.php?route=/") && r.method == "POST") {
      const std::string expected_token = "token=t" + std::to_string(token);
      if (r.body.find(expected_token) == std::string::npos) return login_page("bad token");
      if (r.body.find("pma_username=root&pma_password=&") != std::string::npos) {
        return std::string(
            "HTTP/1.1 302 Found\r\nLocation: https://example.com/phpmyadmin/\r\n"
            "Set-Cookie: pmaAuth-1=ok; path=/phpmyadmin/\r\n\r\n");
      }
      return login_page(
          "<div class=\"error\">mysqli::real_connect(): (HY000/1045): Access "
          "denied for user</div>");
    }
    return std::nullopt;
  };
  const auto r = run(fetcher);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].key == "phpmyadmin");
  CHECK(r.findings[0].message ==
        "phpMyAdmin at /phpmyadmin/ accepts user 'root' with an empty password");
  CHECK(r.findings[0].evidence.snippet == "pma_navigation");
}

}  // namespace
}  // namespace gapscan

namespace gapscan {
namespace {

TEST_CASE("default-credentials: at most two crawled realms, one Tomcat surface") {
  FakeFetcher fetcher;
  std::map<std::string, int> logins_by_path;
  fetcher.handler = [&logins_by_path](const HttpRequest& r) -> std::optional<std::string> {
    if (!basic_pair(r).empty()) ++logins_by_path[r.url];
    const std::string path = r.url.substr(std::string(kOrigin).size());
    std::string realm = "Area " + path;
    if (path == "/manager/html") realm = "Tomcat Manager Application";
    if (path == "/host-manager/html") realm = "Tomcat Host Manager Application";
    return "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"" + realm +
           "\"\r\nContent-Type: text/html\r\n\r\n<p>Authorization required.</p>";
  };
  std::vector<CrawledPage> pages;
  for (const char* p : {"/a/", "/b/", "/c/", "/d/"}) {
    pages.push_back({url(p), 401, "text/html", std::string("Basic realm=\"Area ") + p + "\"", ""});
  }
  pages.push_back({url("/host-manager/html"), 401, "text/html",
                   "Basic realm=\"Tomcat Host Manager Application\"", ""});
  const auto r = run(fetcher, pages);
  CHECK(r.findings.empty());
  CHECK(logins_by_path.size() == 3);  // Tomcat Manager, /a/, /b/
  CHECK(logins_by_path.count(url("/manager/html")) == 1);
  CHECK(logins_by_path.count(url("/host-manager/html")) == 0);
  int total = 0;
  for (const auto& [u, n] : logins_by_path) {
    CAPTURE(u);
    CHECK(n <= 10);
    total += n;
  }
  CHECK(static_cast<int>(fetcher.requested.size()) <= kDefaultCredentials.request_budget);
  CHECK(total + 5 == static_cast<int>(fetcher.requested.size()));
}

TEST_CASE("default-credentials: budget is zero without credential probes") {
  const auto check = make_default_credentials();
  CheckSettings off;
  off.credential_probes = false;
  CHECK(check->request_budget(off, kDefaultCredentials.request_budget) == 0);
  CHECK(check->request_budget(CheckSettings{}, kDefaultCredentials.request_budget) ==
        kDefaultCredentials.request_budget);
}

}  // namespace
}  // namespace gapscan

namespace gapscan {
namespace {

TEST_CASE("default-credentials: redirects naming the user are the same failure") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& r) -> std::optional<std::string> {
    if (r.url == url("/login")) {
      return "HTTP/1.1 200 OK\r\nX-Jenkins: 2.440\r\nContent-Type: text/html\r\n\r\n"
             "<form><input name=\"j_username\"><input name=\"j_password\"></form>";
    }
    if (r.url == url("/j_spring_security_check")) {
      const std::string user = r.body.substr(11, r.body.find('&') - 11);
      return "HTTP/1.1 302 Found\r\nLocation: https://example.com/loginError?user=" + user +
             "\r\n\r\n";
    }
    return std::nullopt;
  };
  const auto r = run(fetcher);
  CHECK(r.findings.empty());
  CHECK(r.notices.empty());
  CHECK(fetcher.requested.size() == 5 + 4);  // discovery, control and the 3 Jenkins pairs
}

}  // namespace
}  // namespace gapscan

namespace gapscan {
namespace {

TEST_CASE("default-credentials: the scan's login ledger holds an account to 3 attempts per host") {
  // One Tomcat user database behind three origins of one host (http, https, another port):
  // alone, each origin's run would try 'tomcat' twice (6 in all).
  std::vector<std::string> refusals;
  LoginLedger ledger(kMaxFailedLogins, [&](const std::string&, const std::string& message) {
    refusals.push_back(message);
  });
  auto server = tomcat();
  std::vector<Notice> notices;
  for (std::string origin :
       {"http://example.com", "https://example.com", "https://example.com:8443"}) {
    FakeFetcher fetcher;
    fetcher.handler = [server, origin](const HttpRequest& r) -> std::optional<std::string> {
      if (!r.url.starts_with(origin + "/")) return std::nullopt;
      HttpRequest same = r;
      same.url = std::string(kOrigin) + r.url.substr(origin.size());
      return server->handle(same);
    };
    const auto check = make_default_credentials();
    VectorSink sink;
    ActiveContext ctx{origin, {}, fetcher};
    ctx.logins = &ledger;
    ctx.notify = [&](const std::string& code, const std::string& message, const std::string& u) {
      notices.push_back({code, message, u});
    };
    check->run(ctx, sink);
    CHECK(sink.findings.empty());
  }
  std::map<std::string, int> per_user;
  for (const std::string& pair : server->attempts) ++per_user[pair.substr(0, pair.find(':'))];
  CHECK(per_user["tomcat"] == 3);
  CHECK(per_user["admin"] == 3);
  for (const auto& [user, n] : per_user) CHECK_MESSAGE(n <= 3, user);
  CHECK(ledger.count("https://example.com/", "tomcat") == 3);
  REQUIRE_FALSE(refusals.empty());
  CHECK(refusals[0].find("default-credentials: a login attempt for account '") == 0);
  CHECK(refusals[0].find("on host example.com not sent: the lockout limit held") !=
        std::string::npos);
  CHECK(notices.empty());  // no lockout was observed: the limit held before
}

TEST_CASE("default-credentials: a proven success is given back to the ledger") {
  LoginLedger ledger;
  FakeFetcher fetcher;
  auto server = tomcat();
  server->accepted = {"tomcat:s3cret"};
  serve(fetcher, server);
  const auto check = make_default_credentials();
  VectorSink sink;
  ActiveContext ctx{kOrigin, {}, fetcher};
  ctx.logins = &ledger;
  check->run(ctx, sink);
  REQUIRE(sink.findings.size() == 1);
  CHECK(ledger.count(kOrigin, "tomcat") == 0);  // the one attempt logged in
}

}  // namespace
}  // namespace gapscan
