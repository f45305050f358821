#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/exposure_testing.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::text_200;
using testing::url_of;

std::vector<Finding> run(FakeFetcher& fetcher) {
  const auto check = make_exposed_status_page();
  return testing::run_active(*check, fetcher);
}

const char* const kServerStatus =
    "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n<html><head>\n<title>Apache "
    "Status</title>\n</head><body>\n<h1>Apache Server Status for localhost (via 127.0.0.1)"
    "</h1>\n\n<dl><dt>Server Version: Apache/2.4.41 (Ubuntu)</dt>\n<dt>Server MPM: "
    "prefork</dt>\n</dl><dl><dt>Current Time: Monday, 15-Jan-2024 10:20:30 UTC</dt>\n</dl>\n"
    "<pre>_W__....</pre>\n<p>Scoreboard Key:<br>\n</body></html>\n";

const char* const kServerStatusAuto =
    "localhost\nServerVersion: Apache/2.4.41 (Ubuntu)\nServerMPM: prefork\nTotal Accesses: "
    "1234\nTotal kBytes: 5678\nUptime: 3600\nBusyWorkers: 1\nIdleWorkers: 7\nScoreboard: "
    "_W______....\n";

const char* const kPhpinfo =
    "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
    "\"DTD/xhtml1-transitional.dtd\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head>\n"
    "<title>PHP 8.1.2-1ubuntu2.14 - phpinfo()</title></head>\n<body><div class=\"center\">\n"
    "<table>\n<tr class=\"h\"><td>\n<h1 class=\"p\">PHP Version 8.1.2-1ubuntu2.14</h1>\n"
    "</td></tr>\n</table>\n<table>\n<tr><td class=\"e\">System </td><td class=\"v\">Linux "
    "web01 5.15.0-91-generic #101-Ubuntu SMP x86_64 </td></tr>\n<tr><td class=\"e\">"
    "Configuration File (php.ini) Path </td><td class=\"v\">/etc/php/8.1/apache2 </td></tr>\n"
    "</table>\n</div></body></html>\n";

TEST_CASE("exposed-status-page: Apache server-status, HTML and ?auto, is one finding") {
  FakeFetcher fetcher;
  fetcher.responses[url_of("/server-status")] = text_200(kServerStatus, "text/html");
  fetcher.responses[url_of("/server-status?auto")] = text_200(kServerStatusAuto);
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "exposed-status-page");
  CHECK(f.severity == Severity::medium);
  CHECK(f.per_origin);
  CHECK(f.key == "apache-server-status");
  CHECK(f.url == url_of("/server-status"));
  CHECK(f.evidence.snippet ==
        "Apache Server Status for localhost (via 127.0.0.1)\nServer Version: Apache/2.4.41 "
        "(Ubuntu)");
  CHECK(f.message ==
        "Apache mod_status page is public at /server-status (Server Version: Apache/2.4.41 "
        "(Ubuntu))");
}

TEST_CASE("exposed-status-page: server-status?auto alone") {
  FakeFetcher fetcher;
  fetcher.responses[url_of("/server-status?auto")] = text_200(kServerStatusAuto);
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].url == url_of("/server-status?auto"));
  CHECK(findings[0].evidence.snippet ==
        "ServerVersion: Apache/2.4.41 (Ubuntu)\nServerMPM: prefork\nTotal Accesses: 1234");
  CHECK(findings[0].message ==
        "Apache mod_status page is public at /server-status?auto (ServerVersion: Apache/2.4.41 "
        "(Ubuntu))");
}

TEST_CASE("exposed-status-page: server-info, stub_status and phpinfo") {
  FakeFetcher fetcher;
  fetcher.responses[url_of("/server-info")] = text_200(
      "<html><head><title>Server Information</title></head><body><h1 align=center>Apache "
      "Server Information</h1>\n<dl><dt><a name=\"server\"><strong>Server Settings</strong>"
      "</a></dt><dt><strong>Server Version:</strong> <tt>Apache/2.4.41 (Ubuntu)</tt></dt>"
      "</dl></body></html>",
      "text/html");
  fetcher.responses[url_of("/status")] = text_200(
      "Active connections: 2 \nserver accepts handled requests\n 10 10 20 \nReading: 0 "
      "Writing: 1 Waiting: 1 \n");
  fetcher.responses[url_of("/info.php")] = text_200(kPhpinfo, "text/html");
  fetcher.responses[url_of("/test.php")] = text_200(kPhpinfo, "text/html");
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 3);
  CHECK(findings[0].key == "apache-server-info");
  CHECK(findings[0].evidence.snippet.starts_with("Apache Server Information"));
  CHECK(findings[1].key == "nginx-stub-status");
  CHECK(findings[1].url == url_of("/status"));
  CHECK(findings[1].evidence.snippet == "Active connections: 2\nserver accepts handled requests");
  CHECK(findings[2].key == "phpinfo");
  CHECK(findings[2].url == url_of("/info.php"));
  CHECK(findings[2].evidence.snippet ==
        "PHP Version 8.1.2-1ubuntu2.14\nSystem: Linux web01 5.15.0-91-generic #101-Ubuntu SMP "
        "x86_64");
  CHECK(findings[2].message ==
        "phpinfo() output is public at /info.php (PHP Version "
        "8.1.2-1ubuntu2.14)");
}

TEST_CASE("exposed-status-page: pages that only mention the markers") {
  FakeFetcher fetcher;
  fetcher.responses[url_of("/server-status")] = text_200(
      "<html><body><h1>Status</h1><p>All systems operational.</p></body></html>", "text/html");
  fetcher.responses[url_of("/server-status?auto")] =
      text_200("<html><body>Total Accesses: many</body></html>", "text/html");
  fetcher.responses[url_of("/status")] =
      text_200("{\"status\":\"ok\",\"connections\":3}", "application/json");
  fetcher.responses[url_of("/phpinfo.php")] =
      text_200("<html><body><p>Never leave phpinfo() pages around.</p></body></html>", "text/html");
  fetcher.responses[url_of("/info.php")] = text_200(
      "<html><body><h1>Info</h1><p>We run PHP Version 8 and phpinfo() is disabled.</p>"
      "</body></html>",
      "text/html");
  CHECK(run(fetcher).empty());
}

TEST_CASE("exposed-status-page: no findings from soft-404 servers") {
  for (auto mode : testing::kAllSoft404) {
    CAPTURE(static_cast<int>(mode));
    FakeFetcher fetcher;
    testing::install_soft404(fetcher, mode);
    CHECK(run(fetcher).empty());
  }
}

TEST_CASE("exposed-status-page: request budget") {
  FakeFetcher fetcher;
  run(fetcher);
  // 11 probes and 2 calibrated (directory, class) profiles of 2 requests each.
  CHECK(fetcher.requested.size() == 15);
}

}  // namespace
}  // namespace gapscan
