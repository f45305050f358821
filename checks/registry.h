// The static table of every check gapscan knows.
#pragma once

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "checks/check.h"

namespace gapscan {

struct CheckEntry {
  const CheckInfo* info;
  // Exactly one of these is set, by kind.
  std::unique_ptr<PassiveCheck> (*make_passive)();
  std::unique_ptr<ActiveCheck> (*make_active)();
};

std::span<const CheckEntry> all_checks();
const CheckInfo* find_check(std::string_view id);

// Glob match for --checks / --exclude-checks ("csp-*", "cookie-no-?ecure").
bool glob_match(std::string_view pattern, std::string_view text);

// The checks selected by include globs (empty = all) minus exclude globs, in registry order.
std::vector<const CheckEntry*> select_checks(const std::vector<std::string>& include,
                                             const std::vector<std::string>& exclude);

}  // namespace gapscan
