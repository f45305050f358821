#include "cli/terminal_summary.h"

#include <doctest/doctest.h>

#include <vector>

namespace gapscan {
namespace {

TEST_CASE("terminal summary: finding URLs are redacted like the reports") {
  Finding f;
  f.check_id = "sensitive-data-in-url";
  f.severity = Severity::medium;
  f.url = "https://a.test/cb?access_token=tok-1234567890&page=2";
  ScanSummary summary;
  summary.completed = true;
  const std::string text = terminal_summary({f}, summary, false);
  CHECK(text.find("tok-1234567890") == std::string::npos);
  CHECK(text.find("https://a.test/cb?access_token=") != std::string::npos);
  CHECK(text.find("page=2") != std::string::npos);
}

TEST_CASE(
    "terminal summary: titles, the reports written, the verdict; all findings without reports") {
  std::vector<Finding> findings(12);
  for (std::size_t i = 0; i < findings.size(); ++i) {
    findings[i].check_id = i == 0 ? "cors-null-origin" : "csp-missing";
    findings[i].severity = i == 0 ? Severity::high : Severity::medium;
    findings[i].url = "https://a.test/p" + std::to_string(i);
  }
  ScanSummary summary;
  summary.completed = true;
  SummaryOptions shown;
  shown.reports = {"out.sarif (SARIF)"};
  shown.verdict = "exit 1: 1 finding at or above high (--fail-on high)";
  const std::string text = terminal_summary(findings, summary, false, shown);
  CHECK(text.find("  high     CORS") != std::string::npos);
  CHECK(text.find("(cors-null-origin)\n           https://a.test/p0\n") != std::string::npos);
  CHECK(text.find("... 2 more in the reports") != std::string::npos);
  CHECK(
      text.ends_with("report: out.sarif (SARIF)\nexit 1: 1 finding at or above high "
                     "(--fail-on high)\n"));
  shown.top = 0;
  shown.reports.clear();
  const std::string all = terminal_summary(findings, summary, false, shown);
  CHECK(all.find("more in the reports") == std::string::npos);
  CHECK(all.find("https://a.test/p11") != std::string::npos);
}

TEST_CASE("unreachable targets: each with the first error recorded for it") {
  const std::vector<Notification> notes = {
      {"note", "robots-missing", "x", "http://127.0.0.1:9/", 1},
      {"error", "connection-failed", "Failed to connect to 127.0.0.1 port 9: Connection refused",
       "http://127.0.0.1:9/", 1},
      {"error", "connection-failed", "later", "http://127.0.0.1:9/", 1}};
  const auto lines = unreachable_causes({"http://127.0.0.1:9/", "https://127.0.0.1:10/"}, notes);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] ==
        "http://127.0.0.1:9/: connection-failed: Failed to connect to 127.0.0.1 port 9: "
        "Connection refused");
  CHECK(lines[1] == "https://127.0.0.1:10/: no answer recorded");
}

}  // namespace
}  // namespace gapscan
