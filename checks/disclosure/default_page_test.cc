#include <doctest/doctest.h>

#include <string>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

std::vector<Finding> run_body(std::string_view body, std::string_view status = "200 OK") {
  const auto check = make_default_page();
  return run_passive(*check, "http://example.com/",
                     "HTTP/1.1 " + std::string(status) + "\r\nContent-Type: text/html\r\n\r\n" +
                         std::string(body));
}

constexpr std::string_view kNginx =
    "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\nhtml { "
    "color-scheme: light dark; }\n</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n"
    "<p>If you see this page, the nginx web server is successfully installed and\nworking. "
    "Further configuration is required.</p>\n</body>\n</html>\n";

TEST_CASE("default-page: nginx") {
  const auto findings = run_body(kNginx);
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "default-page");
  CHECK(f.severity == Severity::info);
  CHECK(f.per_origin);
  CHECK(f.key == "nginx");
  CHECK(f.evidence.line == 4);
  CHECK(f.evidence.snippet == "<title>Welcome to nginx!</title>");
}

TEST_CASE("default-page: Apache, IIS, Tomcat, lighttpd") {
  struct Case {
    std::string_view key;
    std::string_view body;
  };
  const Case cases[] = {
      {"Apache httpd", "<html><body><h1>It works!</h1></body></html>\n"},
      {"Apache httpd",
       "<html>\n<head>\n<title>Apache2 Debian Default Page: It works</title>\n</head>"},
      {"Apache httpd",
       "<html>\n<head>\n<title>Apache2 Ubuntu Default Page: It works</title>\n</head>"},
      {"IIS",
       "<!DOCTYPE html>\n<html>\n<head>\n<title>IIS Windows Server</title>\n</head>\n<body>\n"
       "<a href=\"https://go.microsoft.com/fwlink/?linkid=66138\"><img src=\"iisstart.png\"></a>"},
      {"Tomcat",
       "<h2>If you're seeing this, you've successfully installed Tomcat. Congratulations!</h2>"},
      {"lighttpd",
       "<title>Welcome page</title>\n<p>This is the default welcome page used to test the "
       "correct operation of the lighttpd server after installation on Debian systems.</p>"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.body);
    const auto findings = run_body(c.body);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].key == c.key);
  }
}

TEST_CASE("default-page: real sites and error pages are not default pages") {
  CHECK(run_body("<html><head><title>Acme</title></head><body><p>How to replace the "
                 "Welcome to nginx! page</p><p>It works! great</p></body></html>")
            .empty());
  CHECK(run_body(kNginx, "404 Not Found").empty());
  const auto check = make_default_page();
  CHECK(run_passive(*check, "http://example.com/x.js",
                    "HTTP/1.1 200 OK\r\nContent-Type: application/javascript\r\n\r\n"
                    "var s = '<title>Welcome to nginx!</title>';")
            .empty());
}

}  // namespace
}  // namespace gapscan
