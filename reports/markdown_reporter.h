// A concise Markdown summary for pull requests and CI job pages (GitHub's step summary):
// counts by severity, the most severe findings with their evidence, scan statistics.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "reports/reporter.h"

namespace gapscan {

class MarkdownReporter : public Reporter {
 public:
  // append: add to an existing file (GitHub's $GITHUB_STEP_SUMMARY collects several steps).
  MarkdownReporter(std::string path, std::optional<Severity> fail_on, bool append = false);
  void add(const Finding& finding) override;
  bool finish(const ScanSummary& summary, std::string* error) override;

 private:
  std::string path_;
  std::optional<Severity> fail_on_;
  bool append_;
  std::mutex mutex_;
  std::vector<Finding> findings_;
};

inline constexpr std::size_t kMarkdownTopFindings = 20;

std::string render_markdown(const std::vector<Finding>& findings, const ScanSummary& summary,
                            std::optional<Severity> fail_on);

// Text safe inside a Markdown table cell or list item: no pipes, newlines or HTML.
std::string markdown_cell(std::string_view text, std::size_t max_bytes = 160);

}  // namespace gapscan
