// Command-line parsing (CLI11) into ScanOptions and output settings.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/config_file.h"
#include "scanner/base/finding.h"
#include "scanner/base/policy.h"
#include "scanner/scan_options.h"

namespace gapscan {

enum class ExitCode { ok = 0, findings = 1, usage = 2, scan_failed = 3 };

struct OutputOptions {
  std::string sarif_path;
  std::string json_path;
  std::string junit_path;
  std::string markdown_path;
  std::string sbom_path;
  std::string gitlab_path;  // GitLab DAST report (schema 15.0.7)
  std::string html_path;    // self-contained HTML report
  bool jsonl = false;
  bool quiet = false;
  bool no_progress = false;
  int verbosity = 0;
  int heartbeat_s = 15;  // without a terminal: a progress line this often (0 = none)  // -v: one
                         // line per request on stderr; -vv/--debug: with headers
  std::optional<Severity> fail_on = Severity::high;  // nullopt: never fail on findings
  std::string baseline_path;                         // earlier JSON or SARIF report
  bool fail_on_new = false;  // only findings new since the baseline decide the exit code
  std::string shard;         // "K/N" as given; empty = all targets
  bool shard_empty = false;  // --shard left this job no target: write empty reports, exit 0
};

struct Invocation {
  enum class Command {
    none,
    scan,
    checks,
    diff,
    merge,
    version,
    config_check
  } command = Command::none;
  ScanOptions scan;
  OutputOptions output;
  bool checks_json = false;
  bool checks_markdown = false;
  std::vector<std::string> checks_ids;  // gapscan checks ID...: those in full
  // gapscan diff OLD NEW
  std::string diff_old, diff_new;
  bool diff_fail_on_new = false;
  std::string diff_fail_on;          // a level: exit 1 on a new finding at or above it
  std::string diff_format = "text";  // text | json | markdown
  // gapscan merge IN... -o OUT
  std::vector<std::string> merge_inputs;
  std::string merge_output;
  // scan --config FILE: the policy's rules, suppressions and intended state (null without).
  std::string config_path;
  std::shared_ptr<const Policy> policy;
  // The policy file's `identities:` (nullopt when it has none).
  std::optional<std::vector<ConfigIdentity>> policy_identities;
  // gapscan config check FILE
  std::string config_check_path;
  // Set when parsing ends the program: the exit code and what to print.
  std::optional<int> exit_code;
  std::string out_text;  // to stdout (help, version)
  std::string err_text;  // to stderr (one clear line for usage errors)
};

// Whether `host` belongs to shard k of n (1-based): a stable hash of the host name, so that
// every job of a sharded pipeline computes the same partition, and the http and https
// origins of one host land in the same shard.
bool in_shard(const std::string& host, int k, int n);

// Parses argv. Never throws; usage errors come back as exit code 2 with err_text set.
Invocation parse_command_line(int argc, const char* const* argv);

}  // namespace gapscan
