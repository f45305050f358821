#include <doctest/doctest.h>

#include <string>

#include "checks/common/all_checks.h"
#include "test/checks/collect_testing.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

std::vector<Finding> run_body(std::string_view body, std::string_view content_type = "text/html") {
  const auto check = make_php_source_disclosure();
  return run_passive(*check, "https://example.com/config.php",
                     "HTTP/1.1 200 OK\r\nContent-Type: " + std::string(content_type) + "\r\n\r\n" +
                         std::string(body));
}

TEST_CASE("php-source-disclosure: raw PHP source") {
  const auto findings =
      run_body("<?php\n$db_host = 'localhost';\nrequire 'lib.php';\n", "application/x-httpd-php");
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "php-source-disclosure");
  CHECK(f.severity == Severity::high);
  CHECK(f.per_origin);
  CHECK(f.key == ".php");
  CHECK(f.evidence.line == 1);
  CHECK(f.evidence.snippet == "<?php");
  CHECK(run_body("<html><body>\n<?php echo $title; ?>\n</body></html>").size() == 1);
  CHECK(run_body("<?php\r\nnamespace App;\r\n", "text/plain").size() == 1);
  CHECK(run_body("<?php\n// config\n", "").size() == 1);
}

TEST_CASE("php-source-disclosure: one finding per origin and file extension") {
  const auto check = make_php_source_disclosure();
  const std::string raw = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n<?php\n$x = 1;\n";
  const auto findings = collect_testing::collect(*check, {
                                                             {"https://example.com/b.php", raw},
                                                             {"https://example.com/a.php?x=1", raw},
                                                             {"https://example.com/lib/c.PHP", raw},
                                                             {"https://example.com/conf.inc", raw},
                                                         });
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].key == ".php");
  CHECK(findings[0].url == "https://example.com/a.php?x=1");
  CHECK(findings[0].affected_count == 3);
  CHECK(findings[1].key == ".inc");
  CHECK(findings[1].affected_count == 1);
}

TEST_CASE("php-source-disclosure: escaped samples and look-alikes are not source") {
  for (std::string_view body :
       {"<pre><code>&lt;?php echo 'hi'; ?&gt;</code></pre>", "<p>Use the <?phpinfo tag</p>",
        "<?xml version=\"1.0\"?><root/>", "<p>&amp;lt;?php $x</p>", "<?php"}) {
    CAPTURE(body);
    CHECK(run_body(body).empty());
  }
  CHECK(run_body("{\"code\":\"<?php echo $x; ?>\"}", "application/json").empty());
  CHECK(run_body("<?php echo 1;", "image/png").empty());
}

}  // namespace
}  // namespace gapscan
