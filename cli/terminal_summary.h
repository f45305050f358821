// The human summary printed after a scan: counts by severity and the top findings.
#pragma once

#include <string>
#include <vector>

#include "reports/reporter.h"
#include "scanner/base/finding.h"

namespace gapscan {

std::string terminal_summary(const std::vector<Finding>& findings, const ScanSummary& summary,
                             bool color, std::size_t top = 10);

}  // namespace gapscan
