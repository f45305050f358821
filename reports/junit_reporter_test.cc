#include "reports/junit_reporter.h"

#include <doctest/doctest.h>

#include "test/reports/report_test_fixture.h"

namespace gapscan {
namespace {

std::size_t count(const std::string& haystack, std::string_view needle) {
  std::size_t n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

TEST_CASE("junit: golden report") {
  testfix::check_golden(
      "test/golden/report.junit.xml",
      render_junit(testfix::golden_findings(), testfix::golden_summary(), Severity::high));
}

TEST_CASE("junit: one testcase per check and origin, failures at the threshold") {
  const auto findings = testfix::golden_findings();
  const auto summary = testfix::golden_summary();
  const std::string xml = render_junit(findings, summary, Severity::high);
  // 5 rules + 1 unlisted check; origins: example.com, 127.0.0.1:8080, [::1]:8080.
  CHECK(count(xml, "<testcase ") == 6 * 3);
  // sqli-error (high) on 127.0.0.1 and zz-unlisted (critical) fail; medium ones do not.
  CHECK(count(xml, "<failure ") == 2);
  CHECK(xml.find("tests=\"18\" failures=\"2\"") != std::string::npos);
  CHECK(xml.find("2 finding(s) at or above high: SQL injection (error based)") !=
        std::string::npos);

  const std::string none = render_junit(findings, summary, std::nullopt);
  CHECK(count(none, "<failure ") == 0);
  CHECK(none.find("hsts-missing") != std::string::npos);
  const std::string low = render_junit(findings, summary, Severity::low);
  CHECK(count(low, "<failure ") == 5);  // csp, hsts, cookie, sqli, zz
}

TEST_CASE("junit: a check that had nothing to test on an origin is skipped, not passed") {
  const auto findings = testfix::golden_findings();
  auto summary = testfix::golden_summary();
  // sqli-error found something on 127.0.0.1:8080: a finding outranks "not applicable".
  summary.not_applied[{"sqli-error", "http://127.0.0.1:8080"}] = "no page of this origin";
  summary.not_applied[{"server-banner", "https://example.com"}] = "the origin was not reached";
  summary.not_applied[{"hsts-missing", "http://[::1]:8080"}] = "not an https <origin>";
  const std::string xml = render_junit(findings, summary, Severity::high);
  CHECK(xml.find("tests=\"18\" failures=\"2\" errors=\"0\" skipped=\"2\"") != std::string::npos);
  CHECK(count(xml, "<skipped ") == 2);
  CHECK(xml.find("name=\"server-banner @ https://example.com\" time=\"0\">\n      <skipped "
                 "message=\"the origin was not reached\"/>\n    </testcase>") != std::string::npos);
  CHECK(xml.find("<skipped message=\"not an https &lt;origin&gt;\"/>") != std::string::npos);
  CHECK(xml.find("no page of this origin") == std::string::npos);
}

TEST_CASE("junit: a scan that did not complete is an error, not a row of passes") {
  const auto findings = testfix::golden_findings();
  auto summary = testfix::golden_summary();
  const std::string complete = render_junit(findings, summary, Severity::high);
  CHECK(complete.find("errors=\"0\"") != std::string::npos);
  CHECK(complete.find("gapscan.scan") == std::string::npos);

  summary.completed = false;
  summary.notifications.push_back(
      {"warning", "interrupted", "the scan was interrupted by SIGTERM", "", 1});
  summary.notifications.push_back({"note", "relogin", "logged in again", "", 1});
  const std::string xml = render_junit(findings, summary, Severity::high);
  CHECK(xml.find("tests=\"19\" failures=\"2\" errors=\"1\"") != std::string::npos);
  CHECK(count(xml, "<error ") == 1);
  CHECK(xml.find("<testcase classname=\"gapscan.scan\" name=\"scan completed\"") !=
        std::string::npos);
  CHECK(xml.find("[warning] interrupted: the scan was interrupted by SIGTERM") !=
        std::string::npos);
  CHECK(xml.find("relogin") == std::string::npos);  // notes are not why a scan is incomplete
}

TEST_CASE("junit: escaped, valid and without secrets") {
  const std::string xml =
      render_junit(testfix::golden_findings(), testfix::golden_summary(), Severity::info);
  CHECK(xml.find("SECRET") == std::string::npos);
  CHECK(xml.find('\0') == std::string::npos);
  CHECK(xml.find("<x>") == std::string::npos);
  CHECK(xml_escape("a<b>&\"'\x01\tc") == "a&lt;b&gt;&amp;&quot;&apos;\tc");
  CHECK(xml_escape("\xff") == "\xEF\xBF\xBD");
}

}  // namespace
}  // namespace gapscan
