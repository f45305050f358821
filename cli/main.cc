// gapscan entry point: parse the command line, run the scan, write reports, pick the exit code.
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>

#include <curl/curl.h>

#include "checks/common/registry.h"
#include "cli/checks_listing.h"
#include "cli/interrupt.h"
#include "cli/options.h"
#include "cli/terminal_summary.h"
#include "gapscan_version.h"
#include "reports/baseline.h"
#include "reports/gitlab_reporter.h"
#include "reports/html_reporter.h"
#include "reports/json_reporter.h"
#include "reports/junit_reporter.h"
#include "reports/markdown_reporter.h"
#include "reports/merge.h"
#include "reports/sarif_reporter.h"
#include "reports/sbom_reporter.h"
#include "scanner/base/policy.h"
#include "scanner/base/url.h"
#include "scanner/scan.h"
#include "scanner/scope.h"

using namespace gapscan;

namespace {

int run_scan_command(const Invocation& inv) {
  const OutputOptions& out = inv.output;
  ScanHooks hooks;
  hooks.progress = !out.quiet && !out.no_progress && isatty(STDERR_FILENO);
  // A CI log has no terminal to redraw: a progress line every 15 seconds instead.
  if (!out.quiet && !out.no_progress && !hooks.progress) hooks.heartbeat_s = out.heartbeat_s;
  if (out.verbosity > 0) {
    // The request log owns stderr: no progress line between its lines.
    hooks.progress = false;
    hooks.heartbeat_s = 0;
    hooks.request_log_detail =
        out.verbosity >= 2 ? RequestLogDetail::headers : RequestLogDetail::line;
    hooks.request_log = [](const std::string& entry) {
      std::fprintf(stderr, "gapscan: %s\n", entry.c_str());
    };
  }
  // Ctrl-C or a cancelled CI job: wind down, write the reports marked incomplete, exit 130/143.
  install_interrupt_handlers();
  hooks.interrupt_signal = interrupt_signal;
  const Policy* policy = inv.policy.get();
  const std::string today = utc_today();
  if (out.jsonl) {
    hooks.on_new_finding = [policy, today](const Finding& f) {
      std::vector<Finding> one = {f};
      if (policy != nullptr) {
        // The stream shows what the reports will show: rules applied, suppressed ones left out.
        apply_rules(one, policy->rules);
        apply_suppressions(one, policy->suppressions, today);
        if (one.empty()) return;
      }
      std::fputs((finding_to_jsonl(one.front(), find_check(f.check_id)) + "\n").c_str(), stdout);
      std::fflush(stdout);
    };
  }
  // The baseline is read first: a wrong path is a usage error, not a wasted scan.
  std::optional<std::vector<ReportedFinding>> baseline;
  if (!out.baseline_path.empty()) {
    std::string error;
    baseline = load_report_findings(out.baseline_path, &error);
    if (!baseline) {
      std::fprintf(stderr, "gapscan: --baseline %s\n", error.c_str());
      return static_cast<int>(ExitCode::usage);
    }
    if (!out.shard.empty()) {
      // A shard compares with its own part of the baseline only; otherwise it would list every
      // other shard's findings as fixed. Its part is what its targets' scope allows.
      std::vector<Url> targets;
      for (const auto& t : inv.scan.targets) {
        if (auto u = parse_url(t)) targets.push_back(*u);
      }
      const Scope scope(targets, inv.scan.crawl.scope, inv.scan.crawl.include,
                        inv.scan.crawl.exclude);
      std::erase_if(*baseline, [&](const ReportedFinding& r) {
        const auto u = parse_url(r.url);
        return targets.empty() || !u || !scope.allows(*u);
      });
    }
  }
  ScanResult result;
  if (out.shard_empty) {
    // A shard with no target is normal (more jobs than origins): empty reports, success.
    result.summary.tool_version = GAPSCAN_VERSION;
    result.summary.start_time = result.summary.end_time = utc_now();
    result.summary.notifications.push_back(
        {"note", "shard-empty", "--shard " + out.shard + " has no target to scan", "", 1});
    for (const CheckEntry* e : select_checks(inv.scan.checks, inv.scan.exclude_checks)) {
      result.summary.rules.push_back(e->info);
    }
    std::fprintf(stderr, "gapscan: --shard %s has no target; nothing to scan\n", out.shard.c_str());
  } else {
    result = run_scan(inv.scan, hooks);
  }
  // Severity overrides first, so that "updated" compares what the reports show.
  if (policy != nullptr) apply_rules(result.findings, policy->rules);
  if (baseline) {
    result.summary.has_baseline = true;
    result.summary.fixed = apply_baseline(result.findings, *baseline);
  }
  if (policy != nullptr) {
    result.summary.policy = policy;
    result.summary.options["config"] = inv.config_path;
    SuppressionOutcome outcome = apply_suppressions(result.findings, policy->suppressions, today);
    for (const Suppression* s : outcome.expired) {
      const std::string where = policy->source + ":" + std::to_string(s->line);
      std::fprintf(stderr,
                   "gapscan: warning: suppression at %s (check %s) expired on %s and no longer "
                   "applies\n",
                   where.c_str(), s->check.c_str(), s->expires.c_str());
      result.summary.notifications.push_back({"warning", "suppression-expired",
                                              "suppression at " + where + " (check " + s->check +
                                                  ", reason: " + s->reason + ") expired on " +
                                                  s->expires + " and no longer applies",
                                              "", 1});
    }
    std::sort(outcome.suppressed.begin(), outcome.suppressed.end(),
              [](const SuppressedFinding& a, const SuppressedFinding& b) {
                return a.finding.fingerprint < b.finding.fingerprint;
              });
    result.summary.suppressed = std::move(outcome.suppressed);
  }

  std::vector<std::unique_ptr<Reporter>> reporters;
  if (!out.sarif_path.empty()) reporters.push_back(std::make_unique<SarifReporter>(out.sarif_path));
  if (!out.json_path.empty()) reporters.push_back(std::make_unique<JsonReporter>(out.json_path));
  if (!out.junit_path.empty()) {
    reporters.push_back(std::make_unique<JunitReporter>(out.junit_path, out.fail_on));
  }
  if (!out.markdown_path.empty()) {
    reporters.push_back(std::make_unique<MarkdownReporter>(out.markdown_path, out.fail_on));
  }
  if (!out.sbom_path.empty()) reporters.push_back(std::make_unique<SbomReporter>(out.sbom_path));
  if (!out.gitlab_path.empty()) {
    reporters.push_back(std::make_unique<GitlabReporter>(out.gitlab_path));
  }
  if (!out.html_path.empty()) reporters.push_back(std::make_unique<HtmlReporter>(out.html_path));
  // In GitHub Actions the job page shows this file: the summary goes there by itself.
  if (const char* step_summary = std::getenv("GITHUB_STEP_SUMMARY");
      step_summary != nullptr && *step_summary != '\0') {
    reporters.push_back(std::make_unique<MarkdownReporter>(step_summary, out.fail_on, true));
  }
  bool write_failed = false;
  SummaryOptions shown;
  const std::pair<const std::string*, const char*> report_files[] = {
      {&out.sarif_path, "SARIF"},
      {&out.json_path, "JSON"},
      {&out.junit_path, "JUnit"},
      {&out.markdown_path, "Markdown"},
      {&out.sbom_path, "CycloneDX SBOM"},
      {&out.gitlab_path, "GitLab DAST"},
      {&out.html_path, "HTML"}};
  for (auto& r : reporters) {
    for (const auto& f : result.findings) r->add(f);
    std::string error;
    if (!r->finish(result.summary, &error)) {
      std::fprintf(stderr, "gapscan: %s\n", error.c_str());
      write_failed = true;
    }
  }
  for (const auto& [path, format] : report_files) {
    if (!path->empty()) shown.reports.push_back(*path + " (" + format + ")");
  }
  // Without a report file nothing else holds the findings: list them all.
  if (shown.reports.empty() && !out.jsonl) shown.top = 0;
  std::size_t failing = 0;
  for (const auto& f : result.findings)
    failing += finding_fails_run(f, out.fail_on, out.fail_on_new);
  if (interrupt_signal() == 0 && result.internal_error.empty() && result.login_error.empty() &&
      (result.any_target_reachable || out.shard_empty) && !write_failed) {
    const std::string level =
        out.fail_on ? std::string(to_string(*out.fail_on)) : std::string("none");
    const std::string scope = out.fail_on_new ? " new since the baseline" : "";
    if (!out.fail_on) {
      shown.verdict = "exit 0: --fail-on none";
    } else if (failing > 0) {
      shown.verdict = "exit 1: " + std::to_string(failing) +
                      (failing == 1 ? " finding" : " findings") + scope + " at or above " + level +
                      " (--fail-on " + level + ")";
    } else {
      shown.verdict =
          "exit 0: no finding" + scope + " at or above " + level + " (--fail-on " + level + ")";
    }
  }
  if (!out.quiet) {
    // With --jsonl, stdout carries data only; the summary goes to stderr.
    const bool color =
        isatty(out.jsonl ? STDERR_FILENO : STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
    std::fputs(terminal_summary(result.findings, result.summary, color, shown).c_str(),
               out.jsonl ? stderr : stdout);
  }
  if (const int signo = interrupt_signal(); signo != 0) {
    std::fprintf(stderr, "gapscan: interrupted by %s: %s\n", signo == SIGINT ? "SIGINT" : "SIGTERM",
                 result.interrupted_by != 0
                     ? "the reports hold what was found until then, marked incomplete"
                     : "the scan had finished; the reports are complete");
    return interrupted_exit_code(signo);
  }
  if (!result.internal_error.empty()) {
    std::fprintf(stderr, "gapscan: internal error, the scan was stopped: %s\n",
                 result.internal_error.c_str());
    return static_cast<int>(ExitCode::scan_failed);
  }
  if (!result.login_error.empty()) {
    // Never a silent anonymous scan: a login that fails (or cannot be re-established) fails
    // the run, whatever the findings.
    std::fprintf(stderr, "gapscan: login failed: %s\n", result.login_error.c_str());
    return static_cast<int>(ExitCode::scan_failed);
  }
  if (!result.any_target_reachable && !out.shard_empty) {
    for (const std::string& line :
         unreachable_causes(inv.scan.targets, result.summary.notifications)) {
      std::fprintf(stderr, "gapscan: %s\n", line.c_str());
    }
    std::fprintf(stderr, "gapscan: no target reachable; nothing was scanned\n");
    return static_cast<int>(ExitCode::scan_failed);
  }
  if (write_failed) return static_cast<int>(ExitCode::scan_failed);
  return failing > 0 ? static_cast<int>(ExitCode::findings) : static_cast<int>(ExitCode::ok);
}

// gapscan diff OLD NEW: new, fixed and unchanged findings without rescanning.
int run_diff_command(const Invocation& inv) {
  std::string error;
  const auto before = load_report_findings(inv.diff_old, &error);
  if (!before) {
    std::fprintf(stderr, "gapscan: %s\n", error.c_str());
    return static_cast<int>(ExitCode::usage);
  }
  const auto after = load_report_findings(inv.diff_new, &error);
  if (!after) {
    std::fprintf(stderr, "gapscan: %s\n", error.c_str());
    return static_cast<int>(ExitCode::usage);
  }
  const ReportDiff d = diff_reports(*before, *after);
  const DiffFormat format = inv.diff_format == "json"       ? DiffFormat::json
                            : inv.diff_format == "markdown" ? DiffFormat::markdown
                                                            : DiffFormat::text;
  std::fputs(render_diff(d, format).c_str(), stdout);
  const bool fail_new = inv.diff_fail_on_new && !d.added.empty();
  const auto level = parse_severity(inv.diff_fail_on);
  const bool fail_level = level && new_at_or_above(d, *level) > 0;
  return fail_new || fail_level ? static_cast<int>(ExitCode::findings)
                                : static_cast<int>(ExitCode::ok);
}

// gapscan merge IN... -o OUT: one report out of several of one format.
int run_merge_command(const Invocation& inv) {
  std::string error;
  const MergeStatus status = merge_report_files(inv.merge_inputs, inv.merge_output, &error);
  if (status == MergeStatus::ok) return static_cast<int>(ExitCode::ok);
  std::fprintf(stderr, "gapscan: %s\n", error.c_str());
  return static_cast<int>(status == MergeStatus::bad_input ? ExitCode::usage
                                                           : ExitCode::scan_failed);
}

}  // namespace

int main(int argc, char** argv) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const Invocation inv = parse_command_line(argc, argv);
  int code = 0;
  if (inv.exit_code) {
    if (!inv.out_text.empty()) std::fputs(inv.out_text.c_str(), stdout);
    if (!inv.err_text.empty()) std::fprintf(stderr, "%s\n", inv.err_text.c_str());
    code = *inv.exit_code;
  } else if (inv.command == Invocation::Command::checks && !inv.checks_ids.empty()) {
    const CheckDetails details = check_details(inv.checks_ids, inv.checks_json);
    if (!details.error.empty()) {
      std::fprintf(stderr, "gapscan: %s\n", details.error.c_str());
      code = static_cast<int>(ExitCode::usage);
    } else {
      std::fputs(details.text.c_str(), stdout);
    }
  } else if (inv.command == Invocation::Command::checks) {
    std::fputs(inv.checks_markdown ? checks_markdown_table().c_str()
                                   : checks_listing(inv.checks_json).c_str(),
               stdout);
  } else if (inv.command == Invocation::Command::diff) {
    code = run_diff_command(inv);
  } else if (inv.command == Invocation::Command::merge) {
    code = run_merge_command(inv);
  } else {
    try {
      code = run_scan_command(inv);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "gapscan: scan failed: %s\n", e.what());
      code = static_cast<int>(ExitCode::scan_failed);
    }
  }
  curl_global_cleanup();
  return code;
}
