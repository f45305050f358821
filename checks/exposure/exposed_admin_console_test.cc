#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::VectorSink;

constexpr const char* kOrigin = "https://example.com";

std::vector<Finding> run(FakeFetcher& fetcher) {
  const auto check = make_exposed_admin_console();
  VectorSink sink;
  ActiveContext ctx{kOrigin, {}, fetcher};
  check->run(ctx, sink);
  return std::move(sink.findings);
}

std::string url(std::string_view path) { return std::string(kOrigin) + std::string(path); }

constexpr const char* kTomcat401 =
    "HTTP/1.1 401 Unauthorized\r\nContent-Type: text/html\r\n"
    "WWW-Authenticate: Basic realm=\"Tomcat Manager Application\"\r\n\r\n"
    "<html><body><h1>401 Unauthorized</h1><p>You are not authorized to view this page. "
    "Please examine the file conf/tomcat-users.xml in your installation.</p></body></html>";

constexpr const char* kTomcatManagerPage =
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    "<html><head><title>/manager</title></head><body><h2>Tomcat Web Application Manager</h2>"
    "<table><tr><td>/</td></tr></table></body></html>";

TEST_CASE("exposed-admin-console: Tomcat Manager behind its Basic realm is medium") {
  FakeFetcher fetcher;
  fetcher.responses[url("/manager/html")] = kTomcat401;
  fetcher.responses[url("/manager/status")] = kTomcat401;
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "exposed-admin-console");
  CHECK(f.severity == Severity::medium);
  CHECK(f.per_origin);
  CHECK(f.key == "tomcat-manager");
  CHECK(f.url == url("/manager/html"));
  CHECK(f.message.find("protected by HTTP Basic auth (realm \"Tomcat Manager Application\")") !=
        std::string::npos);
  CHECK(f.evidence.snippet == "Basic realm=\"Tomcat Manager Application\"");
  CHECK(f.evidence.note.find("also seen at /manager/status") != std::string::npos);
}

TEST_CASE("exposed-admin-console: an open Tomcat Manager is high, and wins over protected") {
  FakeFetcher fetcher;
  fetcher.responses[url("/manager/html")] = kTomcat401;
  fetcher.responses[url("/manager/status")] =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<h1>Server Status</h1>"
      "<table><tr><th>Tomcat Version</th><th>JVM Version</th></tr></table>";
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::high);
  CHECK(findings[0].url == url("/manager/status"));
  CHECK(findings[0].message.find("open") != std::string::npos);
}

TEST_CASE("exposed-admin-console: open manager page") {
  FakeFetcher fetcher;
  fetcher.responses[url("/manager/html")] = kTomcatManagerPage;
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::high);
  CHECK(findings[0].evidence.snippet == "Tomcat Web Application Manager");
}

TEST_CASE("exposed-admin-console: a generic Basic realm is not a console") {
  FakeFetcher fetcher;
  fetcher.responses[url("/manager/html")] =
      "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"Restricted area\"\r\n"
      "Content-Type: text/html\r\n\r\n<p>Authorization Required</p>";
  CHECK(run(fetcher).empty());
}

TEST_CASE("exposed-admin-console: 401 everywhere (area401) reports nothing") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest&) -> std::optional<std::string> {
    return "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"Restricted area\"\r\n"
           "Content-Type: text/html\r\n\r\n<p>This server could not verify that you are "
           "authorized to access the document requested.</p>";
  };
  CHECK(run(fetcher).empty());
}

TEST_CASE("exposed-admin-console: even a Tomcat realm on every path proves nothing") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest&) -> std::optional<std::string> { return kTomcat401; };
  CHECK(run(fetcher).empty());
}

TEST_CASE("exposed-admin-console: soft-404 pages (home page, custom echo) report nothing") {
  for (bool echo : {false, true}) {
    FakeFetcher fetcher;
    fetcher.handler = [echo](const HttpRequest& r) -> std::optional<std::string> {
      std::string body = "<html><title>Shop</title><p>Welcome to our shop</p>";
      if (echo) body += "<p>Sorry, " + r.url + " was not found (Tomcat Manager, phpMyAdmin)</p>";
      return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body;
    };
    CHECK(run(fetcher).empty());
  }
}

TEST_CASE("exposed-admin-console: phpMyAdmin login form is protected by a login form") {
  FakeFetcher fetcher;
  const std::string page =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<title>phpMyAdmin</title>"
      "<form method=\"post\" action=\"index.php\"><input type=\"text\" name=\"pma_username\">"
      "<input type=\"password\" name=\"pma_password\"></form>";
  fetcher.responses[url("/phpmyadmin/")] = page;
  fetcher.responses[url("/phpMyAdmin/")] = page;
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].key == "phpmyadmin");
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].message.find("protected by a login form") != std::string::npos);
  CHECK(findings[0].url == url("/phpmyadmin/"));
}

TEST_CASE("exposed-admin-console: Jenkins script console, open and protected") {
  SUBCASE("open") {
    FakeFetcher fetcher;
    fetcher.responses[url("/script")] =
        "HTTP/1.1 200 OK\r\nX-Jenkins: 2.440\r\nContent-Type: text/html\r\n\r\n"
        "<title>Jenkins</title><h1>Script Console</h1><textarea name=\"script\"></textarea>";
    const auto findings = run(fetcher);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::high);
    CHECK(findings[0].key == "jenkins");
  }
  SUBCASE("protected: 403 with X-Jenkins") {
    FakeFetcher fetcher;
    fetcher.responses[url("/script")] =
        "HTTP/1.1 403 Forbidden\r\nX-Jenkins: 2.440\r\nContent-Type: text/html\r\n\r\n"
        "<p>Authentication required</p><a href=\"/login?from=%2Fscript\">log in</a>";
    const auto findings = run(fetcher);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::medium);
    CHECK(findings[0].evidence.snippet == "X-Jenkins: 2.440");
  }
  SUBCASE("a plain 403 is nothing") {
    FakeFetcher fetcher;
    fetcher.responses[url("/script")] =
        "HTTP/1.1 403 Forbidden\r\nContent-Type: text/html\r\n\r\n<p>Forbidden. Please login.</p>";
    CHECK(run(fetcher).empty());
  }
}

TEST_CASE("exposed-admin-console: Tomcat examples and an address-restricted manager") {
  FakeFetcher fetcher;
  fetcher.responses[url("/examples/")] =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<title>Apache Tomcat Examples</title>"
      "<ul><li><a href=\"servlets\">Servlets examples</a></li><li>JSP Examples</li></ul>";
  fetcher.responses[url("/host-manager/html")] =
      "HTTP/1.1 403 Forbidden\r\nContent-Type: text/html\r\n\r\n<h1>403 Access Denied</h1>"
      "<p>By default the Host Manager is only accessible from a browser running on the same "
      "machine as Tomcat.</p>";
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 2);
  for (const Finding& f : findings) {
    if (f.key == "tomcat-examples") {
      CHECK(f.severity == Severity::medium);
    } else {
      CHECK(f.key == "tomcat-host-manager");
      CHECK(f.severity == Severity::low);
    }
  }
}

TEST_CASE("exposed-admin-console: request budget") {
  FakeFetcher fetcher;
  CHECK(run(fetcher).empty());
  CHECK(fetcher.requested.size() <= 24);
  for (const HttpRequest& r : fetcher.requests) CHECK(r.method == "GET");
}

}  // namespace
}  // namespace gapscan
