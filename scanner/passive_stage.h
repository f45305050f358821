// Stage: passive analysis. Every check that judges a response without sending anything runs on
// each crawled page, and on the logins' own exchanges, on the worker thread that parsed it.
#pragma once

#include <memory>
#include <vector>

#include "checks/common/check.h"
#include "checks/common/registry.h"
#include "scanner/scan_context.h"

namespace gapscan {

class PassiveStage {
 public:
  // Instantiates the passive checks among `selected`.
  PassiveStage(ScanContext& scan, const std::vector<const CheckEntry*>& selected);

  // Worker threads. A check that throws is noted (check-failed); the others still run.
  void inspect(const Exchange& ex, const HtmlDocument* html) const;
  // Worker threads: the same for an exchange the crawl did not parse (a login's).
  void inspect(const Exchange& ex) const;

 private:
  ScanContext& scan_;
  std::vector<std::unique_ptr<PassiveCheck>> checks_;
};

}  // namespace gapscan
