#include "reports/baseline.h"

#include <doctest/doctest.h>

#include "reports/json_reporter.h"
#include "reports/sarif_reporter.h"
#include "test/reports/report_test_fixture.h"

namespace gapscan {
namespace {

std::vector<std::string> fingerprints(const std::vector<ReportedFinding>& list) {
  std::vector<std::string> out;
  for (const auto& f : list) out.push_back(f.fingerprint);
  std::sort(out.begin(), out.end());
  return out;
}

TEST_CASE("baseline: JSON and SARIF reports of one scan give the same findings") {
  const auto findings = testfix::golden_findings();
  const auto summary = testfix::golden_summary();
  std::string error;
  const auto from_json = parse_report_findings(render_json(findings, summary), "a.json", &error);
  REQUIRE(from_json);
  const auto from_sarif = parse_report_findings(render_sarif(findings, summary), "a.sarif", &error);
  REQUIRE(from_sarif);
  CHECK(from_json->size() == findings.size());
  CHECK(fingerprints(*from_json) == fingerprints(*from_sarif));
  for (const auto& f : *from_sarif) {
    if (f.check == "sqli-error") CHECK(f.severity == Severity::high);
    if (f.check == "zz-unlisted") CHECK(f.severity == Severity::critical);
  }
}

TEST_CASE("baseline: diff by fingerprint") {
  auto make = [](std::string fp, std::string check) {
    ReportedFinding f;
    f.fingerprint = std::move(fp);
    f.check = std::move(check);
    f.url = "https://example.com/";
    return f;
  };
  const std::vector<ReportedFinding> before = {make("a1", "csp-missing"),
                                               make("b2", "hsts-missing")};
  const std::vector<ReportedFinding> after = {make("b2", "hsts-missing"),
                                              make("c3", "exposed-vcs")};
  const ReportDiff d = diff_reports(before, after);
  REQUIRE(d.added.size() == 1);
  CHECK(d.added[0].fingerprint == "c3");
  REQUIRE(d.fixed.size() == 1);
  CHECK(d.fixed[0].fingerprint == "a1");
  REQUIRE(d.unchanged.size() == 1);
  const std::string text = render_diff(d);
  CHECK(text.starts_with("new 1, fixed 1, unchanged 1\n"));
  CHECK(text.find("+ [info] exposed-vcs https://example.com/") != std::string::npos);
  CHECK(text.find("- [info] csp-missing") != std::string::npos);
}

TEST_CASE("diff: most severe first; json and markdown; --fail-on counts new findings") {
  auto make = [](std::string fp, std::string check, Severity severity, std::string url) {
    ReportedFinding f;
    f.fingerprint = std::move(fp);
    f.check = std::move(check);
    f.severity = severity;
    f.url = std::move(url);
    f.message = "seen | on *page* <b>";
    return f;
  };
  const ReportDiff d =
      diff_reports({make("z9", "csp-missing", Severity::medium, "https://a.test/")},
                   {make("a1", "csp-missing", Severity::low, "https://a.test/x"),
                    make("b2", "exposed-vcs", Severity::high, "https://a.test/.git/HEAD"),
                    make("c3", "cookie-no-secure", Severity::medium, "https://a.test/")});
  const std::string text = render_diff(d);
  CHECK(text.find("+ [high] exposed-vcs") < text.find("+ [medium] cookie-no-secure"));
  CHECK(text.find("+ [medium] cookie-no-secure") < text.find("+ [low] csp-missing"));
  const std::string json = render_diff(d, DiffFormat::json);
  CHECK(json.find("\"counts\": {\n    \"new\": 3,\n    \"fixed\": 1,\n    \"unchanged\": 0") !=
        std::string::npos);
  CHECK(json.find("\"severity\": \"high\"") < json.find("\"severity\": \"low\""));
  const std::string md = render_diff(d, DiffFormat::markdown);
  CHECK(md.starts_with("### gapscan: 3 new, 1 fixed, 0 unchanged\n"));
  CHECK(md.find("| new | high | `exposed-vcs` |") != std::string::npos);
  CHECK(md.find("| fixed | medium |") != std::string::npos);
  CHECK(md.find("seen | on") == std::string::npos);  // a cell cannot break the table
  CHECK(new_at_or_above(d, Severity::high) == 1);
  CHECK(new_at_or_above(d, Severity::medium) == 2);
  CHECK(new_at_or_above(d, Severity::critical) == 0);
}

TEST_CASE("baseline: clear errors for other files") {
  std::string error;
  CHECK_FALSE(parse_report_findings("not json", "x.txt", &error));
  CHECK(error == "x.txt: not a JSON document");
  CHECK_FALSE(parse_report_findings("{\"a\":1}", "y.json", &error));
  CHECK(error == "y.json: neither a gapscan JSON report nor a SARIF 2.1.0 log");
  CHECK_FALSE(load_report_findings("/nonexistent/gapscan.json", &error));
  CHECK(error == "/nonexistent/gapscan.json: cannot be read");
}

}  // namespace
}  // namespace gapscan
