#include "reports/markdown_reporter.h"

#include <doctest/doctest.h>

#include "test/reports/report_test_fixture.h"

namespace gapscan {
namespace {

TEST_CASE("markdown: golden summary") {
  testfix::check_golden(
      "test/golden/report.md",
      render_markdown(testfix::golden_findings(), testfix::golden_summary(), Severity::high));
}

TEST_CASE("markdown: counts, ordering and escaping") {
  const std::string md =
      render_markdown(testfix::golden_findings(), testfix::golden_summary(), Severity::high);
  CHECK(md.starts_with("## gapscan: 6 findings, 3 at or above high\n"));
  CHECK(md.find("| 1 | 2 | 2 | 1 | 0 |") != std::string::npos);
  // Critical first, then high.
  CHECK(md.find("| critical | `zz-unlisted`") < md.find("| high | `sqli-error`"));
  CHECK(md.find("SECRET") == std::string::npos);
  CHECK(md.find("<x>") == std::string::npos);
  CHECK(markdown_cell("a|b\nc<d>") == "a\\|b c&lt;d&gt;");
  const std::string empty = render_markdown({}, testfix::golden_summary(), std::nullopt);
  CHECK(empty.starts_with("## gapscan: no findings\n"));
}

TEST_CASE("markdown: the baseline line counts new findings and the fixed ones apart") {
  auto findings = testfix::golden_findings();
  for (auto& f : findings) f.baseline_state = "unchanged";
  findings[0].baseline_state = "new";
  auto summary = testfix::golden_summary();
  CHECK(render_markdown(findings, summary, Severity::high).find("Baseline:") == std::string::npos);
  summary.has_baseline = true;
  ReportedFinding gone;
  gone.fingerprint = "0011223344556677";
  gone.check = "csp-missing";
  gone.url = "https://example.com/old";
  summary.fixed = {gone, gone};
  const std::string md = render_markdown(findings, summary, Severity::high);
  // Fixed findings are not findings of this scan: the total stays 6.
  CHECK(md.starts_with("## gapscan: 6 findings, 3 at or above high\n"));
  CHECK(md.find("Baseline: 1 new, 2 fixed, 5 unchanged or updated.\n") != std::string::npos);
}

}  // namespace
}  // namespace gapscan
