// The static table of every check gapscan knows.
#pragma once

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "checks/common/check.h"
#include "scanner/base/text.h"  // glob_match, for callers of select_checks

namespace gapscan {

// One row of the registry: a check's info and its factory. The kind is stated once, by the
// check itself (CheckInfo::kind, with the factory declared to match in all_checks.h); the row
// only names the two, and the factory's type decides which of the pointers below it fills.
struct CheckEntry {
  using MakePassive = std::unique_ptr<PassiveCheck> (*)();
  using MakeActive = std::unique_ptr<ActiveCheck> (*)();
  constexpr CheckEntry(const CheckInfo* check, MakePassive make)
      : info(check), make_passive(make) {}
  constexpr CheckEntry(const CheckInfo* check, MakeActive make) : info(check), make_active(make) {}

  const CheckInfo* info;
  MakePassive make_passive = nullptr;  // set for passive checks
  MakeActive make_active = nullptr;    // set for active checks
};

std::span<const CheckEntry> all_checks();
const CheckInfo* find_check(std::string_view id);

// The checks selected by include globs (empty = all) minus exclude globs, in registry order.
std::vector<const CheckEntry*> select_checks(const std::vector<std::string>& include,
                                             const std::vector<std::string>& exclude);

}  // namespace gapscan
