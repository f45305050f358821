#include <doctest/doctest.h>

#include <string>

#include "checks/common/all_checks.h"
#include "test/checks/collect_testing.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

std::vector<Finding> run_body(std::string_view body,
                              std::string_view status = "500 Internal Server Error",
                              std::string_view content_type = "text/html; charset=utf-8",
                              std::string_view url = "https://example.com/app/page") {
  const auto check = make_error_disclosure();
  const std::string raw = "HTTP/1.1 " + std::string(status) +
                          "\r\nContent-Type: " + std::string(content_type) + "\r\n\r\n" +
                          std::string(body);
  return run_passive(*check, url, raw);
}

TEST_CASE("error-disclosure: stack traces and debug pages of each platform") {
  struct Case {
    std::string_view key;
    std::string_view body;
    int line;
  };
  const Case cases[] = {
      {"java-stack-trace",
       "<html><body><h1>HTTP Status 500</h1><pre>java.lang.NullPointerException: boom\n"
       "\tat com.example.shop.CartService.total(CartService.java:42)\n"
       "\tat com.example.shop.CartController.show(CartController.java:17)\n</pre></body></html>",
       1},
      {"java-stack-trace", "<pre>\n\tat com.example.Foo.bar(Foo.java:42)\n</pre>", 2},
      {"java-stack-trace", "Exception in thread \"main\" java.lang.IllegalStateException: x", 1},
      {"python-traceback",
       "<pre>Traceback (most recent call last):\n  File \"/app/views.py\", line 12, in index\n"
       "    return 1/0\nZeroDivisionError: division by zero</pre>",
       1},
      {"django-debug-page",
       "<div id=\"explanation\">\n<p>\n  You&#x27;re seeing this error because you have "
       "<code>DEBUG = True</code> in\n  your Django settings file.</p></div>",
       3},
      {"werkzeug-debugger",
       "<title>ZeroDivisionError // Werkzeug Debugger</title>\n<div class=\"explanation\">\n"
       "The debugger caught an exception in your WSGI application.</div>",
       3},
      {"php-error",
       "<br />\n<b>Fatal error</b>:  Uncaught Error: Call to undefined function foo() in "
       "/var/www/html/index.php:3\nStack trace:\n#0 {main}\n  thrown in "
       "<b>/var/www/html/index.php</b> on line <b>3</b><br />",
       2},
      {"php-error",
       "<br />\n<b>Warning</b>:  include(config.php): Failed to open stream: No such file or "
       "directory in <b>/var/www/html/index.php</b> on line <b>4</b><br />",
       2},
      {"php-error", "PHP Warning:  Undefined variable $x in /srv/app/a.php on line 12\n", 1},
      {"php-error", "Fatal error: Uncaught Exception: nope in /srv/app/lib.php:8", 1},
      {"php-error", "Stack trace:\n#0 /srv/app/index.php(12): run()\n#1 {main}", 1},
      {"laravel-debug-page",
       "<title>Whoops! There was an error.</title>\n<div class=\"exc-title\">"
       "Illuminate\\Database\\QueryException</div>",
       2},
      {"laravel-debug-page", "<h1>Whoops, looks like something went wrong.</h1>", 1},
      {"aspnet-error",
       "<html><head><title>Object reference not set</title></head><body>\n"
       "<h1>Server Error in '/' Application.<hr width=100% size=1 color=silver></h1>",
       2},
      {"aspnet-error",
       "<b>Exception Details: </b>System.NullReferenceException: Object reference not set", 1},
      {"aspnet-error",
       "<pre>\n   at Shop.Controllers.HomeController.Index() in "
       "C:\\src\\Shop\\Controllers\\HomeController.cs:line 42\n</pre>",
       2},
      {"node-stack-trace",
       "<pre>TypeError: Cannot read properties of undefined (reading 'x')<br> &nbsp; &nbsp;at "
       "Object.&lt;anonymous&gt;\n    at Object.<anonymous> (/app/server.js:10:5)\n"
       "    at Module._compile (node:internal/modules/cjs/loader:1256:14)</pre>",
       2},
      {"node-stack-trace", "Error: boom\n    at handler (/srv/app/routes/index.js:27:11)\n", 2},
      {"node-stack-trace", "Error: boom\n    at /srv/app/index.js:3:9\n", 2},
      {"rails-debug-page",
       "<header><h1>Routing Error</h1></header>\n<h2>ActionController::RoutingError</h2>", 2},
      {"ruby-stack-trace",
       "NoMethodError\n/app/models/user.rb:12:in `full_name'\n/app/views/x.rb:3:in 'render'", 2},
      {"go-panic",
       "panic: runtime error: invalid memory address or nil pointer dereference\n\n"
       "goroutine 1 [running]:\nmain.main()\n\t/app/main.go:8 +0x1d",
       1},
      {"sql-error",
       "<p>You have an error in your SQL syntax; check the manual that corresponds to your "
       "MySQL server version for the right syntax to use near ''' at line 1</p>",
       1},
      {"sql-error", "ORA-00933: SQL command not properly ended", 1},
      {"sql-error", "PG::SyntaxError: ERROR:  syntax error at or near \"'\"", 1},
      {"sql-error", "SQLSTATE[42000]: Syntax error or access violation: 1064", 1},
      {"sql-error", "Unclosed quotation mark after the character string ''.", 1},
      {"sql-error", "SQLite3::SQLException: near \"x\": syntax error", 1},
      {"sql-error", "psycopg2.errors.UndefinedTable: relation \"users\" does not exist", 1},
  };
  for (const Case& c : cases) {
    CAPTURE(c.body);
    const auto findings = run_body(c.body);
    bool found = false;
    for (const Finding& f : findings) {
      CHECK(f.check_id == "error-disclosure");
      CHECK(f.severity == Severity::medium);
      CHECK(f.per_origin);
      CHECK_FALSE(f.evidence.snippet.empty());
      if (f.key == c.key) {
        found = true;
        CHECK(f.evidence.line == c.line);
      }
    }
    CHECK(found);
  }
}

TEST_CASE("error-disclosure: one finding per kind, evidence is the matched line") {
  const auto findings = run_body(
      "<pre>java.lang.NullPointerException\n\tat a.B.c(B.java:1)\n\tat a.B.d(B.java:2)\n</pre>");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].key == "java-stack-trace");
  CHECK(findings[0].evidence.snippet == "<pre>java.lang.NullPointerException");
  CHECK(findings[0].message.find("Java") != std::string::npos);
  // JSON error bodies and 200 responses count too.
  const auto json = run_body("{\"error\":\"Traceback (most recent call last):\\n  File ...\"}",
                             "200 OK", "application/json");
  REQUIRE(json.size() == 1);
  CHECK(json[0].key == "python-traceback");
}

TEST_CASE("error-disclosure: server version signatures on error pages") {
  const auto apache = run_body(
      "<html><body><h1>Not Found</h1>\n<hr>\n<address>Apache/2.4.41 (Ubuntu) Server at "
      "example.com Port 80</address>\n</body></html>",
      "404 Not Found");
  REQUIRE(apache.size() == 1);
  CHECK(apache[0].key == "server-version-signature:Apache/2.4.41");
  CHECK(apache[0].evidence.line == 3);
  CHECK(apache[0].evidence.snippet.find("Apache/2.4.41") != std::string::npos);
  const auto nginx = run_body(
      "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not "
      "Found</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n",
      "404 Not Found");
  REQUIRE(nginx.size() == 1);
  CHECK(nginx[0].key == "server-version-signature:nginx/1.22.1");
  CHECK(nginx[0].evidence.line == 5);
  const auto tomcat = run_body("<h3>Apache Tomcat/9.0.41</h3>", "404 Not Found");
  REQUIRE(tomcat.size() == 1);
  CHECK(tomcat[0].key == "server-version-signature:Tomcat/9.0.41");
  const auto jetty = run_body(
      "<hr><a href=\"https://eclipse.org/jetty\">Powered by Jetty:// 9.4.51.v20230217</a><hr/>",
      "404 Not Found");
  REQUIRE(jetty.size() == 1);
  CHECK(jetty[0].key == "server-version-signature:Jetty/9.4.51.v20230217");
}

std::string response(std::string_view status, std::string_view body) {
  return "HTTP/1.1 " + std::string(status) + "\r\nContent-Type: text/html\r\n\r\n" +
         std::string(body);
}

TEST_CASE("error-disclosure: one finding per error signature and origin") {
  const auto check = make_error_disclosure();
  constexpr std::string_view kTrace =
      "<pre>Traceback (most recent call last):\n  File \"/app/views.py\", line 3</pre>";
  constexpr std::string_view kApache404 =
      "<h1>Not Found</h1>\n<address>Apache/2.4.41 (Ubuntu) Server at example.com Port "
      "80</address>";
  constexpr std::string_view kNginx404 = "<hr><center>nginx/1.22.1</center>";
  const auto findings = collect_testing::collect(
      *check, {
                  {"https://example.com/b?id=1", response("500 Internal Server Error", kTrace)},
                  {"https://example.com/a", response("500 Internal Server Error", kTrace)},
                  {"https://example.com/b?id=1", response("500 Internal Server Error", kTrace)},
                  {"https://example.com/x", response("404 Not Found", kApache404)},
                  {"https://example.com/y", response("404 Not Found", kApache404)},
                  {"https://example.com/z", response("404 Not Found", kApache404)},
                  {"https://example.com/proxy", response("502 Bad Gateway", kNginx404)},
                  // Another origin is another finding.
                  {"http://example.com/a", response("500 Internal Server Error", kTrace)},
              });
  REQUIRE(findings.size() == 4);
  // Sorted by URL: the representative of a merged finding is its smallest URL.
  CHECK(findings[0].url == "http://example.com/a");
  CHECK(findings[0].affected_count == 1);
  CHECK(findings[1].url == "https://example.com/a");
  CHECK(findings[1].key == "python-traceback");
  CHECK(findings[1].affected_count == 2);  // /a and /b?id=1 (twice: one URL)
  CHECK(findings[1].affected_urls ==
        std::vector<std::string>{"https://example.com/a", "https://example.com/b?id=1"});
  CHECK(findings[2].url == "https://example.com/proxy");
  CHECK(findings[2].key == "server-version-signature:nginx/1.22.1");
  CHECK(findings[2].affected_count == 1);
  CHECK(findings[3].key == "server-version-signature:Apache/2.4.41");
  CHECK(findings[3].affected_count == 3);
  // The fingerprint is the check, origin and signature: not which page came first.
  const auto reversed = collect_testing::collect(
      *check, {
                  {"https://example.com/z", response("404 Not Found", kApache404)},
                  {"https://example.com/q", response("404 Not Found", kApache404)},
              });
  REQUIRE(reversed.size() == 1);
  CHECK(reversed[0].fingerprint == findings[3].fingerprint);
  CHECK(reversed[0].url == "https://example.com/q");
}

TEST_CASE("error-disclosure: signatures without a version, or on 2xx pages, are not findings") {
  CHECK(run_body("<html><body><hr><center>nginx</center></body></html>", "404 Not Found").empty());
  CHECK(
      run_body("<address>Apache Server at example.com Port 80</address>", "403 Forbidden").empty());
  CHECK(run_body("<hr><center>nginx/1.22.1</center>", "200 OK").empty());
}

TEST_CASE("error-disclosure: a soft-404 echoing the requested path is not a finding") {
  const auto traceback = run_body(
      "<html><body><h1>Not found</h1><p>The page /Traceback (most recent call last): was not "
      "found on this server.</p></body></html>",
      "404 Not Found", "text/html",
      "https://example.com/Traceback%20(most%20recent%20call%20last):");
  CHECK(traceback.empty());
  const auto npe =
      run_body("<p>Sorry, java.lang.NullPointerException does not exist.</p>", "404 Not Found",
               "text/html", "https://example.com/java.lang.NullPointerException");
  CHECK(npe.empty());
  const auto query =
      run_body("<p>No results for \"You have an error in your SQL syntax\"</p>", "200 OK",
               "text/html", "https://example.com/search?q=You+have+an+error+in+your+SQL+syntax");
  CHECK(query.empty());
  const auto escaped =
      run_body("<p>No results for /a/Server Error in '/' Application.</p>", "404 Not Found",
               "text/html", "https://example.com/a/Server%20Error%20in%20'/'%20Application.");
  CHECK(escaped.empty());
  // The same text not coming from the URL is still reported.
  const auto real = run_body(
      "<p>The page /other was not found</p><pre>Traceback (most recent call last):\n</pre>",
      "404 Not Found", "text/html",
      "https://example.com/x/Traceback%20(most%20recent%20call%20last):");
  REQUIRE(real.size() == 1);
  CHECK(real[0].key == "python-traceback");
}

TEST_CASE("error-disclosure: prose and code that merely look like errors") {
  for (std::string_view body :
       {"<p>Don't panic: everything is fine.</p>",
        "<p>This article explains the Stack trace: what it is.</p>",
        "<p>Warning: the store closes at 6 on line 3 of the notice.</p>",
        "<p>Read the System.Text namespace docs and java.lang.String.</p>",
        "<p>Meet us at the office (room 12) in building 4: line 5</p>",
        "<script src=\"/static/app.js:1\"></script><p>at home (fine.js:1:2</p>",
        "<p>goroutine 1 is running</p><p>ORA-123 and PG::x</p>",
        "<p>Whoops! That page does not exist.</p>"}) {
    CAPTURE(body);
    CHECK(run_body(body, "200 OK").empty());
  }
}

TEST_CASE("error-disclosure: scripts, stylesheets and binaries are not inspected") {
  const std::string_view trace = "Traceback (most recent call last):\n";
  CHECK(run_body(trace, "200 OK", "application/javascript").empty());
  CHECK(run_body(trace, "200 OK", "text/css").empty());
  CHECK(run_body(trace, "200 OK", "image/png").empty());
  CHECK(run_body(trace, "200 OK", "text/plain").size() == 1);
}

TEST_CASE("error-disclosure: a body full of near-miss anchors stays cheap") {
  std::string body;
  for (int i = 0; i < 20000; ++i) body += ".java: .js: System. goroutine :line ORA- ";
  CHECK(run_body(body).empty());
}

}  // namespace
}  // namespace gapscan
