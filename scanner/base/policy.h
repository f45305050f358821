// The policy of a --config file: per-check rules, suppressions and the intended state.
//
// Rules and suppressions are applied to the findings after the scan (apply_rules,
// apply_suppressions); the intended state is verified during the scan by the
// policy-violation check, which reads it from CheckSettings::intended_state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scanner/base/finding.h"

namespace gapscan {

// One entry of `rules:`. Rules apply in file order; for a given check a later matching rule
// overrides the action and severity an earlier one set.
struct PolicyRule {
  std::string check;                 // check id or glob ("csp-*")
  std::string action;                // "fail", "warn", "ignore", or empty (severity only)
  std::optional<Severity> severity;  // severity override
  int line = 0;                      // 1-based line in the policy file
};

// What the rules decide for one check.
struct RuleDecision {
  std::string action;  // "fail", "warn", "ignore" or empty: the --fail-on threshold decides
  std::optional<Severity> severity;
};

RuleDecision decide_rule(const std::vector<PolicyRule>& rules, std::string_view check_id);

// One entry of `suppressions:`: an accepted finding, kept out of the exit code and SARIF.
struct Suppression {
  std::string check;      // check id or glob
  std::string url_regex;  // regex (RE2) searched in the finding's URL; empty = any
  std::string parameter;  // the finding's parameter (or cookie/header key); empty = any
  std::string reason;     // mandatory
  std::string expires;    // "YYYY-MM-DD" (the last day it applies) or empty
  int line = 0;
};

// The intended state (`expect:`), verified against the running system.
struct HeaderExpectation {
  std::string name;
  std::vector<std::string> paths;  // fetched on every origin; default "/"
  std::optional<std::string> equals;
  std::vector<std::string> contains;        // each must occur (case-insensitive)
  std::optional<std::int64_t> min_max_age;  // Strict-Transport-Security max-age floor
  bool absent = false;                      // the header must NOT be sent
  std::optional<Severity> severity;         // default: the check's (medium)
  int line = 0;
};

struct CookieExpectation {
  std::string name;
  std::vector<std::string> paths;  // where the cookie is set; default "/"
  bool secure = false;
  bool httponly = false;
  std::string samesite;  // "", "any", "lax", "strict" or "none"
  std::optional<Severity> severity;
  int line = 0;
};

struct PathExpectation {
  std::string path;
  std::vector<int> allowed_statuses;  // protected paths: default 401, 403, 404
  std::optional<Severity> severity;
  int line = 0;
};

struct IntendedState {
  std::string source;  // policy file name, for evidence ("gapscan.yml:12")
  std::vector<HeaderExpectation> headers;
  std::vector<CookieExpectation> cookies;
  std::vector<PathExpectation> protected_paths;  // unreachable without credentials
  std::vector<PathExpectation> absent_paths;     // must not exist at all
  std::string min_tls_version;                   // "1.2"; empty = no expectation
  int min_tls_line = 0;
  std::optional<Severity> min_tls_severity;

  bool empty() const;
  // Distinct paths the expectations fetch per origin (the check's request budget).
  int request_count() const;
};

struct Policy {
  std::string source;  // the file it came from
  std::vector<PolicyRule> rules;
  std::vector<Suppression> suppressions;
  IntendedState expect;
};

// Sets policy_action and overrides severity (keeping original_severity) on each finding.
void apply_rules(std::vector<Finding>& findings, const std::vector<PolicyRule>& rules);

struct SuppressedFinding {
  Finding finding;
  const Suppression* by = nullptr;  // points into the Policy
};

struct SuppressionOutcome {
  std::vector<SuppressedFinding> suppressed;  // moved out of the findings
  std::vector<const Suppression*> expired;    // no longer applied (warn about each)
  std::vector<const Suppression*> unused;     // active but matched nothing
};

// Moves findings matched by an unexpired suppression out of `findings`. `today` is
// "YYYY-MM-DD" (UTC); a suppression applies through its `expires` day.
SuppressionOutcome apply_suppressions(std::vector<Finding>& findings,
                                      const std::vector<Suppression>& suppressions,
                                      const std::string& today);

// Whether the finding decides a failing exit code under the policy and threshold.
bool finding_fails_run(const Finding& f, std::optional<Severity> fail_on, bool only_new);

// Today's UTC date as "YYYY-MM-DD".
std::string utc_today();

}  // namespace gapscan
