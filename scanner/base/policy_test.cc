#include "scanner/base/policy.h"

#include <doctest/doctest.h>

namespace gapscan {
namespace {

Finding finding(std::string check, std::string url, Severity s = Severity::medium) {
  Finding f;
  f.check_id = std::move(check);
  f.url = std::move(url);
  f.severity = s;
  return f;
}

TEST_CASE("policy rules: later rules override earlier ones; globs match") {
  const std::vector<PolicyRule> rules = {
      {"csp-*", "warn", std::nullopt, 1},
      {"csp-missing", "fail", Severity::high, 2},
      {"hsts-*", "", Severity::low, 3},
  };
  CHECK(decide_rule(rules, "csp-unsafe-inline").action == "warn");
  CHECK(decide_rule(rules, "csp-missing").action == "fail");
  CHECK(decide_rule(rules, "csp-missing").severity == Severity::high);
  CHECK(decide_rule(rules, "hsts-missing").action.empty());
  CHECK(decide_rule(rules, "hsts-missing").severity == Severity::low);
  CHECK(decide_rule(rules, "cookie-no-secure").action.empty());

  std::vector<Finding> fs = {finding("csp-missing", "https://a/", Severity::medium),
                             finding("hsts-missing", "https://a/", Severity::medium),
                             finding("csp-unsafe-inline", "https://a/")};
  apply_rules(fs, rules);
  CHECK(fs[0].policy_action == "fail");
  CHECK(fs[0].severity == Severity::high);
  CHECK(fs[0].original_severity == Severity::medium);
  CHECK(fs[1].severity == Severity::low);
  CHECK(fs[1].policy_action.empty());
  CHECK(fs[2].policy_action == "warn");
  CHECK_FALSE(fs[2].original_severity.has_value());
}

TEST_CASE("policy: what fails the run") {
  Finding f = finding("x", "https://a/", Severity::low);
  CHECK_FALSE(finding_fails_run(f, Severity::high, false));
  f.policy_action = "fail";
  CHECK(finding_fails_run(f, Severity::high, false));
  CHECK(finding_fails_run(f, std::nullopt, false));  // an explicit rule beats --fail-on none
  f.baseline_state = "unchanged";
  CHECK_FALSE(finding_fails_run(f, Severity::high, true));  // --fail-on-new: only new ones
  Finding g = finding("y", "https://a/", Severity::critical);
  g.policy_action = "warn";
  CHECK_FALSE(finding_fails_run(g, Severity::info, false));
  g.policy_action.clear();
  CHECK(finding_fails_run(g, Severity::high, false));
}

TEST_CASE("policy suppressions: by check glob, URL regex and parameter; expiry by date") {
  const std::vector<Suppression> sups = {
      {"cookie-*", "/legacy/", "LEGACY", "legacy app", "2030-01-01", 1},
      {"csp-missing", "^https://a/static/", "", "static files", "", 2},
      {"hsts-missing", "", "", "old", "2026-01-31", 3},
  };
  Finding c1 = finding("cookie-no-httponly", "https://a/legacy/login");
  c1.key = "LEGACY";
  Finding c2 = finding("cookie-no-httponly", "https://a/legacy/login");
  c2.key = "OTHER";  // other cookie: not suppressed
  Finding s1 = finding("csp-missing", "https://a/static/x.html");
  Finding s2 = finding("csp-missing", "https://b/static/x.html");
  Finding h = finding("hsts-missing", "https://a/");
  std::vector<Finding> fs = {c1, c2, s1, s2, h};
  auto out = apply_suppressions(fs, sups, "2026-11-26");
  REQUIRE(out.suppressed.size() == 2);
  CHECK(out.suppressed[0].finding.key == "LEGACY");
  CHECK(out.suppressed[0].by->line == 1);
  CHECK(out.suppressed[1].finding.url == "https://a/static/x.html");
  REQUIRE(fs.size() == 3);
  CHECK(fs[0].key == "OTHER");
  CHECK(fs[1].url == "https://b/static/x.html");
  CHECK(fs[2].check_id == "hsts-missing");  // its suppression expired
  REQUIRE(out.expired.size() == 1);
  CHECK(out.expired[0]->line == 3);
  CHECK(out.unused.empty());

  // The expiry day itself still applies.
  std::vector<Finding> again = {h};
  CHECK(apply_suppressions(again, sups, "2026-01-31").suppressed.size() == 1);
}

TEST_CASE("intended state: request count shares header and cookie fetches") {
  IntendedState st;
  CHECK(st.empty());
  st.headers.push_back({"X-Frame-Options", {"/", "/a"}, {}, {}, {}, false, {}, 1});
  st.cookies.push_back({"sid", {"/"}, true, false, "", {}, 2});
  st.protected_paths.push_back({"/admin", {401}, {}, 3});
  st.absent_paths.push_back({"/.env", {}, {}, 4});
  CHECK_FALSE(st.empty());
  CHECK(st.request_count() == 4);
}

}  // namespace
}  // namespace gapscan
