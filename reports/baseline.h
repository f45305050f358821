// Reading earlier reports back (gapscan JSON or SARIF) and comparing them by fingerprint: the
// base of `gapscan diff` and of baselines in CI.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/finding.h"

namespace gapscan {

// One finding as an earlier report recorded it.
struct ReportedFinding {
  std::string fingerprint;  // the collector's stable fingerprint (SARIF: without ":1")
  std::string check;
  std::string url;
  Severity severity = Severity::info;
  std::string message;
  int line = 0;              // evidence line (SARIF region.startLine); 0 = none
  std::size_t affected = 0;  // per-origin findings: URLs affected; 0 = not per-origin
};

// Findings of a gapscan JSON report or a SARIF 2.1.0 log (every run, results of gapscan's own
// shape; SARIF results with baselineState "absent" or kind "pass" are not findings and are
// skipped). nullopt and *error set when the file is unreadable or neither format.
std::optional<std::vector<ReportedFinding>> load_report_findings(const std::string& path,
                                                                 std::string* error);
// The same from text already read (for tests); `name` is used in error messages.
std::optional<std::vector<ReportedFinding>> parse_report_findings(std::string_view text,
                                                                  const std::string& name,
                                                                  std::string* error);

struct ReportDiff {
  std::vector<ReportedFinding> added;      // in NEW only
  std::vector<ReportedFinding> fixed;      // in OLD only
  std::vector<ReportedFinding> unchanged;  // in both (NEW's copy)
};

// Compares by fingerprint; each list sorted by check, url, fingerprint.
ReportDiff diff_reports(const std::vector<ReportedFinding>& old_findings,
                        const std::vector<ReportedFinding>& new_findings);

// Marks each finding new / unchanged / updated against the baseline and returns the
// baseline's findings that are gone (sorted like diff_reports).
std::vector<ReportedFinding> apply_baseline(std::vector<Finding>& findings,
                                            const std::vector<ReportedFinding>& baseline);

enum class DiffFormat { text, json, markdown };

// `gapscan diff`'s output: counts, then the new and the fixed findings, most severe first.
// text: one line each ("+ [high] check url: message  (fingerprint)"); json: {"counts", "new",
// "fixed"}; markdown: a table for a pull-request comment, server-supplied text escaped.
std::string render_diff(const ReportDiff& diff, DiffFormat format = DiffFormat::text);

// How many new findings are at or above `level` (gapscan diff --fail-on).
std::size_t new_at_or_above(const ReportDiff& diff, Severity level);

}  // namespace gapscan
