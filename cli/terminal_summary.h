// The human summary printed after a scan: counts by severity and the top findings.
#pragma once

#include <string>
#include <vector>

#include "reports/reporter.h"
#include "scanner/base/finding.h"

namespace gapscan {

struct SummaryOptions {
  std::size_t top = 10;  // findings listed; 0 = every one (no report file was asked for)
  // The reports written, as "path (format)".
  std::vector<std::string> reports;
  // Why the run exits as it does ("exit 1: 3 findings at or above high"); empty: not shown.
  std::string verdict;
};

// When no target answered: one line per target with the first error recorded for it
// ("http://127.0.0.1:9/: connection-failed: Failed to connect ...").
std::vector<std::string> unreachable_causes(const std::vector<std::string>& targets,
                                            const std::vector<Notification>& notifications);

// Counts by severity, then the findings most severe first, each with its check's title.
std::string terminal_summary(const std::vector<Finding>& findings, const ScanSummary& summary,
                             bool color, const SummaryOptions& options = {});

}  // namespace gapscan
