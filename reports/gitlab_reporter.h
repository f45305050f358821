// GitLab DAST security report (artifacts:reports:dast), schema version 15.0.7: what GitLab's
// merge request widget, pipeline security tab and vulnerability report read.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/reporter.h"

namespace gapscan {

inline constexpr std::string_view kGitlabSchemaVersion = "15.0.7";

class GitlabReporter final : public BufferedReporter {
 public:
  explicit GitlabReporter(std::string path)  // "-" writes to stdout
      : BufferedReporter(std::move(path), "GitLab") {}

 private:
  std::string render(const std::vector<Finding>& findings,
                     const ScanSummary& summary) const override;
};

// The whole report. Pure: same findings (in any order) and summary give the same document.
nlohmann::ordered_json build_gitlab(const std::vector<Finding>& findings,
                                    const ScanSummary& summary);

// build_gitlab dumped as written to disk: indent 2, invalid UTF-8 replaced, trailing newline.
std::string render_gitlab(const std::vector<Finding>& findings, const ScanSummary& summary);

// RFC 3339 ("2026-01-02T03:04:05Z", "...05.123+02:00") to GitLab's "yyyy-mm-ddThh:mm:ss" in
// UTC; empty when the text is not such a timestamp.
std::string gitlab_time(std::string_view rfc3339);

// A stable UUID-shaped id (version 8, RFC 9562 variant) derived from a finding fingerprint.
std::string gitlab_vulnerability_id(std::string_view fingerprint);

// "Info", "Low", "Medium", "High", "Critical".
std::string_view gitlab_severity(Severity severity);

// The standard reason phrase of an HTTP status ("OK", "Not Found"); "" when unknown.
std::string_view http_reason_phrase(long status);

}  // namespace gapscan
