// SARIF 2.1.0 output shaped for GitHub code scanning, DefectDojo and Azure DevOps
// (see shared/docs/sarif-for-dashboards.md for why each field looks the way it does).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/reporter.h"

namespace gapscan {

class SarifReporter final : public BufferedReporter {
 public:
  explicit SarifReporter(std::string path)  // "-" writes to stdout
      : BufferedReporter(std::move(path), "SARIF") {}

 private:
  std::string render(const std::vector<Finding>& findings,
                     const ScanSummary& summary) const override;
};

// The whole SARIF log. Pure: same findings (in any order) and summary give the same document.
nlohmann::ordered_json build_sarif(const std::vector<Finding>& findings,
                                   const ScanSummary& summary);

// build_sarif dumped as written to disk: indent 2, invalid UTF-8 replaced, trailing newline.
std::string render_sarif(const std::vector<Finding>& findings, const ScanSummary& summary);

// Scheme-less artifact URI for a URL: "dast/<host>_<port>/<path>", port always written,
// IPv6 colons as '-', query and fragment dropped, unsafe bytes percent-encoded.
std::string sarif_artifact_uri(std::string_view url);

// The SARIF rule id of a finding: its check id, or "<check>/<severity>" when its severity is
// not the check's own (GitHub reads security-severity from the rule, not the result).
std::string sarif_rule_id(std::string_view check_id, Severity severity, Severity default_severity);

// The check id of a SARIF rule id: "cors-null-origin/high" -> "cors-null-origin".
std::string check_id_of_rule(std::string_view rule_id);

// Rule name from a check id: "csp-missing" -> "CspMissing".
std::string sarif_rule_name(std::string_view check_id);

// "error" (critical, high), "warning" (medium, low), "note" (info).
std::string_view sarif_level(Severity severity);

// GitHub's numeric security-severity: "9.5", "8.0", "5.5", "3.0", "0.1" (GitHub wants (0, 10]).
std::string_view sarif_security_severity(Severity severity);

}  // namespace gapscan
