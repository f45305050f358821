#include "reports/markdown_reporter.h"

#include <array>
#include <cstdio>
#include <fstream>
#include <utility>

#include "reports/report_common.h"
#include "scanner/base/text.h"

namespace gapscan {
namespace {

constexpr std::array<Severity, 5> kOrder = {Severity::critical, Severity::high, Severity::medium,
                                            Severity::low, Severity::info};

}  // namespace

std::string markdown_cell(std::string_view text, std::size_t max_bytes) {
  std::string in = to_valid_utf8(text);
  std::string out;
  for (char c : in) {
    switch (c) {
      case '|':
        out += "\\|";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '`':
        out += "'";
        break;
      case '\n':
      case '\r':
      case '\t':
        out += ' ';
        break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20) out += c;
    }
  }
  if (out.size() > max_bytes) {
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out = out.substr(0, cut) + "…";
  }
  return out;
}

std::string MarkdownReporter::render(const std::vector<Finding>& findings,
                                     const ScanSummary& summary) const {
  return render_markdown(findings, summary, fail_on_);
}

bool MarkdownReporter::write(const std::string& text, std::string* error) const {
  if (!append_) return BufferedReporter::write(text, error);
  std::ofstream out(path(), std::ios::app | std::ios::binary);
  out << text;
  if (!out) {
    if (error != nullptr) *error = "cannot append the Markdown summary to " + path();
    return false;
  }
  return true;
}

std::string render_markdown(const std::vector<Finding>& findings, const ScanSummary& summary,
                            std::optional<Severity> fail_on) {
  const std::vector<const Finding*> sorted = sorted_findings(findings);
  std::array<std::size_t, 5> counts{};
  std::size_t failing = 0;
  for (const Finding* f : sorted) {
    ++counts[static_cast<std::size_t>(f->severity)];
    if (finding_fails_run(*f, fail_on, false)) ++failing;
  }
  std::string out = "## gapscan: ";
  if (sorted.empty()) {
    out += "no findings\n\n";
  } else {
    out += std::to_string(sorted.size()) + " finding" + (sorted.size() == 1 ? "" : "s") +
           (fail_on ? ", " + std::to_string(failing) + " at or above " +
                          std::string(to_string(*fail_on))
                    : std::string()) +
           "\n\n";
  }
  out += "| critical | high | medium | low | info |\n|---:|---:|---:|---:|---:|\n|";
  for (Severity s : kOrder) out += " " + std::to_string(counts[static_cast<std::size_t>(s)]) + " |";
  out += "\n\n";
  if (summary.has_baseline) {
    // The fixed ones are the baseline's findings gone from this scan: summary.fixed, never
    // part of `findings`.
    std::size_t added = 0;
    for (const Finding* f : sorted) added += f->baseline_state == "new";
    out += "Baseline: " + std::to_string(added) + " new, " + std::to_string(summary.fixed.size()) +
           " fixed, " + std::to_string(sorted.size() - added) + " unchanged or updated.\n\n";
  }

  std::string targets;
  for (const std::string& t : summary.targets) {
    targets += (targets.empty() ? "" : ", ") + markdown_cell(redact_url(t), 200);
  }
  char stats[256];
  std::snprintf(stats, sizeof stats, "%llu pages, %llu requests in %.1f s",
                static_cast<unsigned long long>(summary.statistics.pages),
                static_cast<unsigned long long>(summary.statistics.requests),
                summary.statistics.duration_s);
  out += "Targets: " + targets + ". Scanned " + stats + (summary.completed ? "" : " (incomplete)") +
         ".\n\n";

  if (!sorted.empty()) {
    // Most severe first; the report order (check, url) within one severity.
    std::vector<const Finding*> top;
    for (Severity s : kOrder) {
      for (const Finding* f : sorted) {
        if (f->severity == s && top.size() < kMarkdownTopFindings) top.push_back(f);
      }
    }
    out += "| severity | check | where | finding |\n|---|---|---|---|\n";
    for (const Finding* f : top) {
      const CheckInfo* info = find_rule(summary, f->check_id);
      const std::string url = markdown_cell(redact_url(f->url), 200);
      std::string what = markdown_cell(f->message);
      if (!f->evidence.snippet.empty()) {
        what += " (evidence: " + markdown_cell(report_text(f->evidence.snippet, 120), 120) + ")";
      }
      const std::string check = info != nullptr && info->cwe > 0
                                    ? "`" + markdown_cell(f->check_id) + "` ([CWE-" +
                                          std::to_string(info->cwe) +
                                          "](https://cwe.mitre.org/data/definitions/" +
                                          std::to_string(info->cwe) + ".html))"
                                    : "`" + markdown_cell(f->check_id) + "`";
      out += "| " + std::string(to_string(f->severity)) + " | " + check + " | " + url + " | " +
             what + " |\n";
    }
    if (sorted.size() > top.size()) {
      out += "\n" + std::to_string(sorted.size() - top.size()) +
             " more in the SARIF and JSON reports.\n";
    }
    out += "\n";
  }
  std::size_t problems = 0;
  for (const Notification& n : summary.notifications) {
    if (n.level != "note") problems += n.count;
  }
  if (problems > 0) {
    out += "Scan notifications (errors and warnings): " + std::to_string(problems) +
           "; see the JSON report.\n\n";
  }
  return out;
}

}  // namespace gapscan
