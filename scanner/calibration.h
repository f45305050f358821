// The scan's soft-404 calibration (checks/exposure/not_found.h), one for the whole scan: the
// crawl's catch-all guard and the active checks' path probes share its profiles, so that a
// directory calibrated while crawling is not calibrated again for the probes.
#pragma once

#include <atomic>
#include <cstdint>

#include "checks/exposure/not_found.h"
#include "scanner/engine_fetcher.h"
#include "scanner/login_stage.h"
#include "scanner/scan_context.h"

namespace gapscan {

struct ScanCalibration {
  ScanCalibration(ScanContext& scan, const LoginStage& logins)
      : fetcher(scan.io.context(), scan.engine, scan.scope, logins.primary(), scan.stopping,
                requests),
        oracle(&fetcher) {}

  // Calibration requests sent (statistics.probe_requests "soft-404-calibration").
  std::atomic<std::uint64_t> requests{0};
  // The primary identity's credentials; no budget of its own: the oracle's per-origin budget
  // bounds it.
  EngineFetcher fetcher;
  NotFoundOracle oracle;
};

}  // namespace gapscan
