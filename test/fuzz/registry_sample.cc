// The check registry as the fuzz build sees it: a sample of check ids for the policy file's
// rule and suppression globs to match, so that the harnesses need not link every check (and
// with them the engine). Linked only into the harnesses (GAPSCAN_FUZZ), never into gapscan.
#include <iterator>

#include "checks/common/registry.h"

namespace gapscan {
namespace {

CheckInfo sample(std::string_view id) {
  return CheckInfo{id, id, CheckKind::passive, 0, Severity::medium, Confidence::high, "", "", {}};
}

const CheckInfo kSamples[] = {sample("cookie-no-secure"),    sample("csp-missing"),
                              sample("csp-unsafe-inline"),   sample("hsts-missing"),
                              sample("hsts-short-max-age"),  sample("jwt-weak"),
                              sample("security-txt-missing")};

std::unique_ptr<PassiveCheck> make_none() { return nullptr; }

const CheckEntry kEntries[] = {{&kSamples[0], &make_none}, {&kSamples[1], &make_none},
                               {&kSamples[2], &make_none}, {&kSamples[3], &make_none},
                               {&kSamples[4], &make_none}, {&kSamples[5], &make_none},
                               {&kSamples[6], &make_none}};

}  // namespace

std::span<const CheckEntry> all_checks() { return {std::begin(kEntries), std::end(kEntries)}; }

}  // namespace gapscan
