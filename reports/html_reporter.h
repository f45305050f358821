// A self-contained HTML report for people: one file, no external assets (inline CSS, inline
// vanilla JavaScript, an inline SVG chart), every value from the scan HTML-escaped, and a
// Content-Security-Policy that lets only the report's own style and script run.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "reports/reporter.h"

namespace gapscan {

class HtmlReporter final : public BufferedReporter {
 public:
  explicit HtmlReporter(std::string path)  // "-" writes to stdout
      : BufferedReporter(std::move(path), "HTML") {}

 private:
  std::string render(const std::vector<Finding>& findings,
                     const ScanSummary& summary) const override;
};

// The whole document. Pure: same findings (in any order) and summary give the same bytes.
//
// Stable hooks for tests and scripts: #count-<severity> and #count-total hold the report's
// counts (also as data-count); #visible-<severity> and #visible-total the counts the filters
// leave visible; every finding is an element of class "finding" with data-severity and
// data-origin. The page script sets data-ready="1" on #js-status when it ran, data-visible to
// the visible counts as JSON, and data-errors to the script errors it saw (JSON array).
// Filters can be preset with a fragment: report.html#severity=high,critical&origin=<origin>.
std::string render_html(const std::vector<Finding>& findings, const ScanSummary& summary);

// Text made safe for HTML content and quoted attribute values: valid UTF-8, & < > " '
// escaped, control characters other than tab, newline and carriage return dropped.
std::string html_escape(std::string_view text);

}  // namespace gapscan
