// The --config policy file (YAML): the input is the file's content, loaded as `gapscan scan`
// and `gapscan config check` load it, then its rules and suppressions are applied to two
// findings. The option names below are a sample of the scan command's (the real list is built
// from its CLI11 definition in cli/options.cc).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "cli/config_file.h"
#include "scanner/base/policy.h"
#include "test/fuzz/fuzz_input.h"

using namespace gapscan;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<ConfigOptionSpec> known = {
      {"scope", false, false},        {"include", false, true},
      {"exclude", false, true},       {"max-depth", false, false},
      {"max-pages", false, false},    {"max-duration", false, false},
      {"timeout", false, false},      {"max-body", false, false},
      {"rate", false, false},         {"cookie", false, true},
      {"header", false, true},        {"login-url", false, false},
      {"password-env", false, false}, {"username-env", false, false},
      {"auth-exclude", false, true},  {"submit-forms", true, false},
      {"verify-tls", true, false},    {"intrusive", true, false},
      {"checks", false, true},        {"exclude-checks", false, true},
      {"fail-on", false, false},      {"sarif", false, false},
      {"user-agent", false, false},   {"session-cookie-max-age", false, false}};
  const std::string text(fuzz::as_text(data, size));
  const ConfigFile file = load_config_text(text, "gapscan.yml", known, false);
  for (const ConfigIssue& issue : file.errors) (void)format_config_issue(file.path, issue);
  for (const ConfigOptionValue& opt : file.options) {
    for (const std::string& v : opt.values) (void)mask_env(v);
  }
  std::vector<Finding> findings(2);
  findings[0].check_id = "csp-missing";
  findings[0].url = "https://app.example.com/admin/users?id=7";
  findings[1].check_id = "cookie-no-secure";
  findings[1].url = "https://app.example.com/";
  findings[1].parameter = "sessionid";
  apply_rules(findings, file.policy.rules);
  (void)apply_suppressions(findings, file.policy.suppressions, "2026-06-30");
  return 0;
}
