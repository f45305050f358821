// Stage: collect. Once the io thread has stopped and the workers are done: the merged
// findings, the statistics and the notifications of the scan.
#pragma once

#include "scanner/active_stage.h"
#include "scanner/calibration.h"
#include "scanner/crawl_stage.h"
#include "scanner/login_stage.h"
#include "scanner/scan.h"
#include "scanner/scan_context.h"

namespace gapscan {

ScanResult collect_results(ScanContext& scan, const LoginStage& logins, const CrawlStage& crawls,
                           const ActiveStage& active, const ScanCalibration& calibration);

}  // namespace gapscan
