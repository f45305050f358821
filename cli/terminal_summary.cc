#include "cli/terminal_summary.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "checks/common/registry.h"
#include "reports/reporter.h"
#include "scanner/base/text.h"

namespace gapscan {

std::vector<std::string> unreachable_causes(const std::vector<std::string>& targets,
                                            const std::vector<Notification>& notifications) {
  std::vector<std::string> out;
  for (const std::string& target : targets) {
    std::string cause = "no answer recorded";
    for (const Notification& n : notifications) {
      if (n.level == "error" && n.url == target) {
        cause = n.code + ": " + printable_snippet(n.message, 300);
        break;
      }
    }
    out.push_back(printable_snippet(redact_url(target), 300) + ": " + cause);
  }
  return out;
}

std::string terminal_summary(const std::vector<Finding>& findings, const ScanSummary& summary,
                             bool color, const SummaryOptions& options) {
  const std::size_t top = options.top == 0 ? findings.size() : options.top;
  std::array<std::size_t, 5> counts{};
  for (const auto& f : findings) ++counts[static_cast<int>(f.severity)];
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line, "gapscan %s: %llu requests, %llu pages, %.1fs%s\n",
                summary.tool_version.c_str(),
                static_cast<unsigned long long>(summary.statistics.requests),
                static_cast<unsigned long long>(summary.statistics.pages),
                summary.statistics.duration_s, summary.completed ? "" : " (incomplete)");
  out += line;
  const char* names[] = {"info", "low", "medium", "high", "critical"};
  const char* colors[] = {"\x1b[2m", "\x1b[36m", "\x1b[33m", "\x1b[31m", "\x1b[1;31m"};
  if (summary.has_baseline) {
    std::size_t added = 0;
    for (const auto& f : findings) added += f.baseline_state == "new";
    out += "baseline: new " + std::to_string(added) + ", fixed " +
           std::to_string(summary.fixed.size()) + ", unchanged or updated " +
           std::to_string(findings.size() - added) + "\n";
  }
  if (summary.policy != nullptr) {
    std::size_t warn = 0, fail = 0, expired = 0;
    for (const auto& f : findings) {
      warn += f.policy_action == "warn";
      fail += f.policy_action == "fail";
    }
    for (const auto& n : summary.notifications) expired += n.code == "suppression-expired";
    out += "policy " + summary.policy->source + ": suppressed " +
           std::to_string(summary.suppressed.size()) + ", warn-only " + std::to_string(warn) +
           ", fail by rule " + std::to_string(fail) + ", expired suppressions " +
           std::to_string(expired) + "\n";
  }
  out += "findings: " + std::to_string(findings.size());
  for (int s = 4; s >= 0; --s) {
    out += "  ";
    if (color) out += colors[s];
    out += std::string(names[s]) + " " + std::to_string(counts[s]);
    if (color) out += "\x1b[0m";
  }
  out += "\n";
  std::vector<const Finding*> sorted;
  for (const auto& f : findings) sorted.push_back(&f);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Finding* a, const Finding* b) { return a->severity > b->severity; });
  for (std::size_t i = 0; i < sorted.size() && i < top; ++i) {
    const Finding& f = *sorted[i];
    // Redacted like every report: a token in a query string stays out of CI logs too.
    std::string where = printable_snippet(redact_url(f.url), 120);
    if (f.per_origin && f.affected_count > 1)
      where += " (+" + std::to_string(f.affected_count - 1) + " more)";
    if (!f.policy_action.empty()) where += " [" + f.policy_action + "]";
    const CheckInfo* info = find_check(f.check_id);
    const std::string title = info != nullptr ? printable_snippet(info->title, 60) : f.check_id;
    std::snprintf(line, sizeof line, "  %-8s %s (%s)\n           %s\n",
                  names[static_cast<int>(f.severity)], title.c_str(), f.check_id.c_str(),
                  where.c_str());
    out += line;
  }
  if (sorted.size() > top) {
    out += "  ... " + std::to_string(sorted.size() - top) + " more in the reports\n";
  }
  std::size_t errors = 0;
  for (const auto& n : summary.notifications) {
    if (n.level == "error") errors += n.count;
  }
  if (!summary.notifications.empty()) {
    out += "notifications: " + std::to_string(summary.notifications.size()) + " kinds (" +
           std::to_string(errors) + " errors)\n";
  }
  for (const std::string& r : options.reports) out += "report: " + r + "\n";
  if (!options.verdict.empty()) out += options.verdict + "\n";
  return out;
}

}  // namespace gapscan
