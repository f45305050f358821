#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/exposure_testing.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::text_200;
using testing::url_of;

std::vector<Finding> run(FakeFetcher& fetcher) {
  const auto check = make_exposed_log();
  return testing::run_active(*check, fetcher);
}

std::vector<Finding> serve(std::string_view path, std::string body) {
  FakeFetcher fetcher;
  fetcher.responses[url_of(path)] = text_200(body);
  return run(fetcher);
}

TEST_CASE("exposed-log: log formats") {
  struct Case {
    const char* path;
    const char* body;
    const char* kind;
  };
  const Case cases[] = {
      {"/access.log",
       "203.0.113.9 - - [15/Jan/2024:10:20:30 +0000] \"GET / HTTP/1.1\" 200 512 \"-\" "
       "\"Mozilla/5.0\"\n10.0.0.7 - alice [15/Jan/2024:10:20:31 +0000] \"POST /login HTTP/1.1\" "
       "302 0\n",
       "web server access log"},
      {"/logs/error.log",
       "[Mon Jan 15 10:20:30.123456 2024] [php:error] [pid 1234] [client 203.0.113.9:5123] PHP "
       "Fatal error:  Uncaught Error in /var/www/html/index.php:12\n"
       "Stack trace:\n#0 {main}\n  thrown in /var/www/html/index.php on line 12\n"
       "[Mon Jan 15 10:21:02.000001 2024] [core:notice] [pid 1] AH00094: Command line: "
       "'/usr/sbin/apache2'\n",
       "Apache error log"},
      {"/error.log",
       "2024/01/15 10:20:30 [error] 1234#0: *1 open() \"/var/www/html/x\" failed (2: No such "
       "file or directory), client: 203.0.113.9\n2024/01/15 10:20:31 [warn] 1234#0: *2 an "
       "upstream response is buffered\n",
       "nginx error log"},
      {"/php_errors.log",
       "[15-Jan-2024 10:20:30 UTC] PHP Warning:  Undefined variable $x in /var/www/a.php on "
       "line 3\n[15-Jan-2024 10:20:31 UTC] PHP Fatal error:  Allowed memory size exhausted\n",
       "PHP error log"},
      {"/storage/logs/laravel.log",
       "[2024-01-15 10:20:30] local.ERROR: SQLSTATE[HY000] [2002] Connection refused "
       "{\"exception\":\"[object] (PDOException(code: 2002))\"}\n[stacktrace]\n#0 "
       "/var/www/vendor/x.php(70): connect()\n[2024-01-15 10:20:31] production.WARNING: slow "
       "query\n",
       "Laravel log"},
      {"/log/development.log",
       "Started GET \"/\" for 127.0.0.1 at 2024-01-15 10:20:30 +0000\nProcessing by "
       "HomeController#index as HTML\n  Rendered home/index.html.erb (Duration: 1.2ms)\n"
       "Completed 200 OK in 12ms (Views: 5.1ms | ActiveRecord: 0.8ms)\n",
       "Rails log"},
      {"/debug.log",
       "2024-01-15 10:20:30,123 ERROR app.views: Internal Server Error: /checkout\nTraceback "
       "(most recent call last):\n  File \"/srv/app/views.py\", line 42, in checkout\n"
       "KeyError: 'cart'\n2024-01-15 10:20:31,001 INFO app: worker started\n",
       "application log"},
      {"/npm-debug.log",
       "0 info it worked if it ends with ok\n1 verbose cli [ '/usr/bin/node', "
       "'/usr/bin/npm', 'start' ]\n2 info using npm@6.14.4\n3 error code ELIFECYCLE\n",
       "npm debug log"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.path);
    const auto findings = serve(c.path, c.body);
    REQUIRE(findings.size() == 1);
    const Finding& f = findings[0];
    CHECK(f.check_id == "exposed-log");
    CHECK(f.severity == Severity::medium);
    CHECK(f.per_origin);
    CHECK(f.key == c.path);
    CHECK(f.url == url_of(c.path));
    CHECK(f.message == std::string(c.path) + " is a publicly readable " + c.kind);
    CHECK_FALSE(f.evidence.snippet.empty());
  }
}

TEST_CASE("exposed-log: the snippet is the first entries, secrets masked") {
  const auto findings =
      serve("/access.log",
            "203.0.113.9 - - [15/Jan/2024:10:20:30 +0000] \"GET /reset?password=Hunter2Hunter2 "
            "HTTP/1.1\" 200 512\n203.0.113.9 - - [15/Jan/2024:10:20:31 +0000] \"GET / "
            "HTTP/1.1\" 200 512\n203.0.113.9 - - [15/Jan/2024:10:20:32 +0000] \"GET /x HTTP/1.1\" "
            "404 0\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].evidence.snippet.find("password=Hu****") != std::string::npos);
  CHECK(findings[0].evidence.snippet.find("/x HTTP") == std::string::npos);
  CHECK(findings[0].evidence.note.find("3 entries seen") != std::string::npos);
}

TEST_CASE("exposed-log: one line, prose or HTML is no log") {
  CHECK(serve("/error.log",
              "203.0.113.9 - - [15/Jan/2024:10:20:30 +0000] \"GET / HTTP/1.1\" 200 512\n")
            .empty());
  CHECK(
      serve("/error.log", "Errors are logged elsewhere.\n[error] nothing\n[error] here\n").empty());
  CHECK(serve("/error.log",
              "<!DOCTYPE html><html><body>\n2024/01/15 10:20:30 [error] 1#0: x\n"
              "2024/01/15 10:20:30 [error] 1#0: y\n</body></html>")
            .empty());
  // A few log-like lines in a long text.
  std::string text = "[2024-01-15 10:20:30] local.ERROR: x\n[2024-01-15 10:20:31] local.ERROR: y\n";
  for (int i = 0; i < 10; ++i) text += "Lorem ipsum dolor sit amet.\n";
  CHECK(serve("/debug.log", text).empty());
}

TEST_CASE("exposed-log: no findings from soft-404 servers") {
  for (auto mode : testing::kAllSoft404) {
    CAPTURE(static_cast<int>(mode));
    FakeFetcher fetcher;
    testing::install_soft404(fetcher, mode);
    CHECK(run(fetcher).empty());
  }
}

TEST_CASE("exposed-log: request budget") {
  FakeFetcher fetcher;
  run(fetcher);
  // 11 probes and 5 calibrated (directory, class) profiles of 2 requests each.
  CHECK(fetcher.requested.size() == 21);
}

}  // namespace
}  // namespace gapscan
