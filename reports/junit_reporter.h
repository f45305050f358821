// JUnit XML for CI test tabs: one testcase per check and origin; a testcase fails when the
// check found something at or above the --fail-on threshold there.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "reports/reporter.h"

namespace gapscan {

class JunitReporter final : public BufferedReporter {
 public:
  JunitReporter(std::string path, std::optional<Severity> fail_on)
      : BufferedReporter(std::move(path), "JUnit"), fail_on_(fail_on) {}

 private:
  std::string render(const std::vector<Finding>& findings,
                     const ScanSummary& summary) const override;
  std::optional<Severity> fail_on_;
};

// The whole document (exposed for tests).
std::string render_junit(const std::vector<Finding>& findings, const ScanSummary& summary,
                         std::optional<Severity> fail_on);

// Text made safe for XML 1.0 content and attributes: valid UTF-8, markup characters escaped,
// control characters XML forbids dropped.
std::string xml_escape(std::string_view text);

}  // namespace gapscan
