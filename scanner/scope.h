// Which URLs a scan may request, and which origins may receive the user's credentials.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "scanner/base/pattern.h"
#include "scanner/base/url.h"
#include "scanner/scan_options.h"

namespace gapscan {

class Scope {
 public:
  // The include/exclude patterns were validated by the CLI (pattern_problem) before the scan;
  // one that does not compile would match nothing.
  Scope(const std::vector<Url>& targets, ScopeMode mode, const std::vector<std::string>& include,
        const std::vector<std::string>& exclude);

  bool allows(const Url& url) const;
  // User-supplied headers (credentials) go only to the origins of the targets themselves,
  // even when the scope is wider (subdomains, include patterns).
  bool may_receive_credentials(const Url& url) const;

 private:
  std::vector<Url> targets_;
  ScopeMode mode_;
  std::set<std::string> target_origins_;
  std::vector<Pattern> include_;
  std::vector<Pattern> exclude_;
};

}  // namespace gapscan
