// A concise Markdown summary for pull requests and CI job pages (GitHub's step summary):
// counts by severity, the most severe findings with their evidence, scan statistics.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "reports/reporter.h"

namespace gapscan {

class MarkdownReporter final : public BufferedReporter {
 public:
  // append: add to an existing file (GitHub's $GITHUB_STEP_SUMMARY collects several steps).
  MarkdownReporter(std::string path, std::optional<Severity> fail_on, bool append = false)
      : BufferedReporter(std::move(path), "Markdown"), fail_on_(fail_on), append_(append) {}

 private:
  std::string render(const std::vector<Finding>& findings,
                     const ScanSummary& summary) const override;
  bool write(const std::string& text, std::string* error) const override;
  std::optional<Severity> fail_on_;
  bool append_;
};

inline constexpr std::size_t kMarkdownTopFindings = 20;

std::string render_markdown(const std::vector<Finding>& findings, const ScanSummary& summary,
                            std::optional<Severity> fail_on);

// Text safe inside a Markdown table cell or list item: no pipes, newlines or HTML.
std::string markdown_cell(std::string_view text, std::size_t max_bytes = 160);

}  // namespace gapscan
