// Reading an earlier report (gapscan JSON or SARIF), as `gapscan diff` and --baseline do: the
// input is the report; its findings are diffed against themselves and rendered.
#include <cstddef>
#include <cstdint>
#include <string>

#include "reports/baseline.h"
#include "test/fuzz/fuzz_input.h"

using namespace gapscan;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string error;
  const auto findings = parse_report_findings(fuzz::as_text(data, size), "old.sarif", &error);
  if (findings) {
    const ReportDiff diff = diff_reports({}, *findings);
    (void)render_diff(diff);
    (void)render_diff(diff, DiffFormat::json);  // server-supplied text: invalid UTF-8, pipes
    (void)render_diff(diff, DiffFormat::markdown);
    (void)diff_reports(*findings, *findings);
  }
  return 0;
}
