// The --config policy file (YAML): scan options, identity headers, rules, suppressions and
// the intended state. Every problem is reported with its line, and loading never stops at
// the first one, so `gapscan config check` can list them all.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "scanner/base/policy.h"

namespace gapscan {

// A scan option the file may set: its long flag name without dashes.
struct ConfigOptionSpec {
  std::string name;
  bool flag = false;   // takes no value (true/false in the file)
  bool multi = false;  // repeatable (a YAML list in the file)
};

struct ConfigOptionValue {
  std::string name;  // "max-pages"; "url" for the file's `targets`
  std::vector<std::string> values;
  int line = 0;
};

// `identity: headers:`: a credential header whose value comes from an environment variable.
struct IdentityHeader {
  std::string name;
  std::string env;    // the variable holding the value
  std::string value;  // resolved (when loading with resolve_env)
  int line = 0;
};

// `identities:` in the file: one identity's login settings, under the scan flags' long names.
inline const std::vector<std::string> kIdentityKeys = {
    "login-url",      "login-type",   "username-env",    "password-env",     "username-field",
    "password-field", "login-submit", "logged-in-regex", "logged-out-regex", "token-pointer",
    "token-header",   "token-scheme", "login-check-url", "logout-url"};

// " (did you mean 'max-pages'?)" for a near miss (at most two edits away), else "".
std::string suggestion(const std::string& key, const std::vector<std::string>& candidates);

struct ConfigIdentity {
  std::string name;
  std::map<std::string, std::string> fields;  // kIdentityKeys -> value
  std::vector<IdentityHeader> headers;
  int line = 0;
};

struct ConfigIssue {
  int line = 0;  // 1-based; 0 when the file could not be read at all
  std::string message;
};

struct ConfigFile {
  std::string path;
  std::vector<ConfigOptionValue> options;
  std::vector<IdentityHeader> identity_headers;
  std::vector<ConfigIdentity> identities;
  Policy policy;
  std::vector<ConfigIssue> errors;
};

// Loads and validates `path`. With resolve_env, identity header variables are resolved and
// a missing one is an error; `config check` runs without (a developer's machine need not
// hold the pipeline's secrets). ${VAR} in option values is left as written: the option
// parser expands it, as it does on the command line.
ConfigFile load_config_file(const std::string& path, const std::vector<ConfigOptionSpec>& known,
                            bool resolve_env);
// The same for the file's content already read; `path` names it in issues and evidence.
ConfigFile load_config_text(const std::string& text, const std::string& path,
                            const std::vector<ConfigOptionSpec>& known, bool resolve_env);

// "gapscan.yml:12: message"
std::string format_config_issue(const std::string& path, const ConfigIssue& issue);

// Replaces ${VAR} with the variable's value; sets *missing to the first unset name.
std::string expand_env(const std::string& text, std::string* missing);
// Replaces each ${VAR} with a placeholder value (validating without the environment).
std::string mask_env(const std::string& text);

}  // namespace gapscan
