#include "scanner/scan.h"

#include <cstdio>

#include "checks/common/registry.h"
#include "scanner/active_stage.h"
#include "scanner/base/text.h"
#include "scanner/calibration.h"
#include "scanner/crawl_stage.h"
#include "scanner/login_stage.h"
#include "scanner/passive_stage.h"
#include "scanner/scan_context.h"
#include "scanner/scan_results.h"
#include "scanner/scan_watch.h"

namespace gapscan {

std::string utc_now() { return format_utc_now("%Y-%m-%dT%H:%M:%SZ"); }

ScanResult run_scan(const ScanOptions& options, const ScanHooks& hooks) {
  ScanContext scan(options, hooks);
  const std::vector<const CheckEntry*> checks =
      select_checks(options.checks, options.exclude_checks);
  for (const CheckEntry* entry : checks) scan.summary.rules.push_back(entry->info);

  LoginStage logins(scan);
  PassiveStage passive(scan, checks);
  ScanCalibration calibration(scan, logins);  // the crawl's and the probes' soft-404 profiles
  CrawlStage crawls(scan, logins, passive, calibration);
  ActiveStage active(scan, logins, calibration, checks);
  ScanWatch watch(scan, crawls);

  // Log in, then crawl as each identity (passive checks on every page as it arrives), then the
  // active checks; every hand-over happens on the io thread.
  auto finish = [&] {
    watch.stop();
    scan.io.stop();
  };
  logins.run(
      passive,
      [&] {
        scan.phase = "crawl";
        crawls.run([&] {
          scan.phase = "active checks";
          active.run(crawls, finish);
        });
      },
      finish);
  watch.start();
  scan.run([&](const std::string& what) { watch.on_internal_error(what, finish); });
  if (hooks.progress) std::fprintf(stderr, "\r\x1b[K");
  ScanResult result = collect_results(scan, logins, crawls, active, calibration);
  result.interrupted_by = watch.interrupted_by();
  result.internal_error = watch.internal_error();
  return result;
}

}  // namespace gapscan
