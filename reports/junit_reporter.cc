#include "reports/junit_reporter.h"

#include <cstdio>
#include <map>
#include <set>
#include <utility>

#include "reports/report_common.h"
#include "scanner/base/text.h"
#include "scanner/base/url.h"

namespace gapscan {
namespace {

std::string origin_or_url(const std::string& url) {
  const auto u = parse_url(url);
  return u ? u->origin() : url;
}

std::string format_seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s < 0 ? 0.0 : s);
  return buf;
}

}  // namespace

std::string xml_escape(std::string_view text) {
  return escape_markup(text, "&apos;", MarkupClean::xml);
}

std::string JunitReporter::render(const std::vector<Finding>& findings,
                                  const ScanSummary& summary) const {
  return render_junit(findings, summary, fail_on_);
}

std::string render_junit(const std::vector<Finding>& findings, const ScanSummary& summary,
                         std::optional<Severity> fail_on) {
  // Origins: every target's, plus any a finding names (a target may redirect elsewhere in
  // scope).
  std::set<std::string> origins;
  for (const std::string& t : summary.targets) origins.insert(origin_or_url(t));
  std::map<std::pair<std::string, std::string>, std::vector<const Finding*>> by_case;
  for (const Finding* f : sorted_findings(findings)) {
    const std::string origin = origin_or_url(f->url);
    origins.insert(origin);
    by_case[{f->check_id, origin}].push_back(f);
  }
  std::vector<std::string> checks;
  std::set<std::string> seen;
  for (const CheckInfo* info : summary.rules) {
    if (seen.insert(std::string(info->id)).second) checks.emplace_back(info->id);
  }
  for (const auto& [key, list] : by_case) {
    if (seen.insert(key.first).second) checks.push_back(key.first);
  }

  std::string cases;
  std::size_t tests = 0, failures = 0, skipped = 0;
  for (const std::string& check : checks) {
    for (const std::string& origin : origins) {
      ++tests;
      const auto it = by_case.find({check, origin});
      cases += "    <testcase classname=\"gapscan." + xml_escape(check) + "\" name=\"" +
               xml_escape(check + " @ " + redact_url(origin)) + "\" time=\"0\">";
      if (it == by_case.end()) {
        // Nothing found: passed only where the check had something to test.
        if (const auto na = summary.not_applied.find({check, origin});
            na != summary.not_applied.end()) {
          ++skipped;
          cases += "\n      <skipped message=\"" + xml_escape(na->second) + "\"/>\n    ";
        }
        cases += "</testcase>\n";
        continue;
      }
      std::string failing, listing;
      std::size_t failing_count = 0;
      for (const Finding* f : it->second) {
        const std::string line =
            "[" + std::string(to_string(f->severity)) + "] " + redact_url(f->url) + ": " +
            f->message +
            (f->evidence.snippet.empty()
                 ? std::string()
                 : " (evidence: " + report_text(f->evidence.snippet, 200) + ")") +
            " [fingerprint " + effective_fingerprint(*f) + "]\n";
        listing += line;
        // The run's own verdict: --fail-on, and the policy's fail/warn rules.
        if (finding_fails_run(*f, fail_on, false)) {
          failing += line;
          ++failing_count;
        }
      }
      cases += "\n";
      if (failing_count > 0) {
        ++failures;
        const CheckInfo* info = find_rule(summary, check);
        const std::string title = info != nullptr ? std::string(info->title) : check;
        cases += "      <failure type=\"" + xml_escape(check) + "\" message=\"" +
                 xml_escape(std::to_string(failing_count) + " finding(s) " +
                            (fail_on ? "at or above " + std::string(to_string(*fail_on))
                                     : std::string("failing by policy rule")) +
                            ": " + title) +
                 "\">" + xml_escape(failing) + "</failure>\n";
      }
      cases += "      <system-out>" + xml_escape(listing) + "</system-out>\n    </testcase>\n";
    }
  }
  // A scan cut short (interrupted, --max-duration, a failed login, no target answering) is an
  // error of its own: the passing cases above only mean nothing was found in what was scanned.
  std::size_t errors = 0;
  if (!summary.completed) {
    ++tests;
    ++errors;
    std::string why;
    for (const Notification& n : summary.notifications) {
      if (n.level == "error" || n.level == "warning") {
        why += "[" + n.level + "] " + n.code + ": " + n.message +
               (n.url.empty() ? std::string() : " (" + redact_url(n.url) + ")") + "\n";
      }
    }
    cases +=
        "    <testcase classname=\"gapscan.scan\" name=\"scan completed\" time=\"0\">\n"
        "      <error type=\"incomplete-scan\" message=\"the scan did not complete; the "
        "results cover only what was scanned\">" +
        xml_escape(why) + "</error>\n    </testcase>\n";
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  const std::string counts = "tests=\"" + std::to_string(tests) + "\" failures=\"" +
                             std::to_string(failures) + "\" errors=\"" + std::to_string(errors) +
                             "\" skipped=\"" + std::to_string(skipped) + "\"";
  out += "<testsuites name=\"gapscan\" " + counts + " time=\"" +
         format_seconds(summary.statistics.duration_s) + "\">\n";
  out += "  <testsuite name=\"gapscan\" " + counts + " time=\"" +
         format_seconds(summary.statistics.duration_s) + "\" timestamp=\"" +
         xml_escape(summary.start_time) + "\">\n";
  out += cases;
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace gapscan
