// JUnit XML for CI test tabs: one testcase per check and origin; a testcase fails when the
// check found something at or above the --fail-on threshold there.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "reports/reporter.h"

namespace gapscan {

class JunitReporter : public Reporter {
 public:
  // fail_on: nullopt (--fail-on none) makes every testcase pass; findings are still listed.
  JunitReporter(std::string path, std::optional<Severity> fail_on);
  void add(const Finding& finding) override;
  bool finish(const ScanSummary& summary, std::string* error) override;

 private:
  std::string path_;
  std::optional<Severity> fail_on_;
  std::mutex mutex_;
  std::vector<Finding> findings_;
};

// The whole document (exposed for tests).
std::string render_junit(const std::vector<Finding>& findings, const ScanSummary& summary,
                         std::optional<Severity> fail_on);

// Text made safe for XML 1.0 content and attributes: valid UTF-8, markup characters escaped,
// control characters XML forbids dropped.
std::string xml_escape(std::string_view text);

}  // namespace gapscan
