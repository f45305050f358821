#include "scanner/base/policy.h"

#include <algorithm>
#include <set>

#include "scanner/base/pattern.h"
#include "scanner/base/text.h"

namespace gapscan {

bool IntendedState::empty() const {
  return headers.empty() && cookies.empty() && protected_paths.empty() && absent_paths.empty() &&
         min_tls_version.empty();
}

int IntendedState::request_count() const {
  std::set<std::string> fetched;  // header and cookie expectations share their fetches
  for (const auto& h : headers) fetched.insert(h.paths.begin(), h.paths.end());
  for (const auto& c : cookies) fetched.insert(c.paths.begin(), c.paths.end());
  int count = static_cast<int>(fetched.size());
  // Protected paths are fetched without credentials, so apart from the plain fetches.
  count += static_cast<int>(protected_paths.size());
  count += static_cast<int>(absent_paths.size());
  return count;
}

RuleDecision decide_rule(const std::vector<PolicyRule>& rules, std::string_view check_id) {
  RuleDecision d;
  for (const auto& r : rules) {
    if (!glob_match(r.check, check_id)) continue;
    if (!r.action.empty()) d.action = r.action;
    if (r.severity) d.severity = r.severity;
  }
  return d;
}

void apply_rules(std::vector<Finding>& findings, const std::vector<PolicyRule>& rules) {
  if (rules.empty()) return;
  for (auto& f : findings) {
    const RuleDecision d = decide_rule(rules, f.check_id);
    f.policy_action = d.action == "ignore" ? "" : d.action;
    if (d.severity && *d.severity != f.severity) {
      if (!f.original_severity) f.original_severity = f.severity;
      f.severity = *d.severity;
    }
  }
}

namespace {

bool suppression_matches(const Suppression& s, const Pattern* url_re, const Finding& f) {
  if (!glob_match(s.check, f.check_id)) return false;
  if (url_re != nullptr && !url_re->search(f.url)) return false;
  if (!s.parameter.empty()) {
    // Cookie and header checks name their subject in the key rather than a parameter.
    const std::string& subject = f.parameter.empty() ? f.key : f.parameter;
    if (subject != s.parameter) return false;
  }
  return true;
}

}  // namespace

SuppressionOutcome apply_suppressions(std::vector<Finding>& findings,
                                      const std::vector<Suppression>& suppressions,
                                      const std::string& today) {
  SuppressionOutcome out;
  struct Active {
    const Suppression* s;
    std::optional<Pattern> re;
    bool used = false;
  };
  std::vector<Active> active;
  for (const auto& s : suppressions) {
    // "YYYY-MM-DD" strings compare in date order.
    if (!s.expires.empty() && s.expires < today) {
      out.expired.push_back(&s);
      continue;
    }
    Active a{&s, std::nullopt};
    if (!s.url_regex.empty()) a.re.emplace(s.url_regex);
    active.push_back(std::move(a));
  }
  std::vector<Finding> kept;
  kept.reserve(findings.size());
  for (auto& f : findings) {
    Active* by = nullptr;
    for (auto& a : active) {
      if (suppression_matches(*a.s, a.re ? &*a.re : nullptr, f)) {
        by = &a;
        break;
      }
    }
    if (by == nullptr) {
      kept.push_back(std::move(f));
      continue;
    }
    by->used = true;
    out.suppressed.push_back({std::move(f), by->s});
  }
  findings = std::move(kept);
  for (const auto& a : active) {
    if (!a.used) out.unused.push_back(a.s);
  }
  return out;
}

bool finding_fails_run(const Finding& f, std::optional<Severity> fail_on, bool only_new) {
  if (only_new && f.baseline_state != "new") return false;
  if (f.policy_action == "warn") return false;
  if (f.policy_action == "fail") return true;
  return fail_on && f.severity >= *fail_on;
}

std::string utc_today() { return format_utc_now("%Y-%m-%d"); }

}  // namespace gapscan
