#include "checks/common/registry.h"

#include <doctest/doctest.h>

#include <algorithm>

#include <set>
#include <string>

namespace gapscan {
namespace {

bool is_kebab_case(std::string_view id) {
  if (id.empty() || id.front() == '-' || id.back() == '-') return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && id[i + 1] == '-')) return false;
  }
  return true;
}

std::vector<std::string> ids(const std::vector<const CheckEntry*>& entries) {
  std::vector<std::string> out;
  out.reserve(entries.size());
  for (const CheckEntry* e : entries) out.emplace_back(e->info->id);
  return out;
}

TEST_CASE("registry: every check is well described") {
  REQUIRE_FALSE(all_checks().empty());
  std::set<std::string_view> seen;
  for (const CheckEntry& e : all_checks()) {
    REQUIRE(e.info != nullptr);
    const CheckInfo& info = *e.info;
    CAPTURE(info.id);
    CHECK(seen.insert(info.id).second);
    CHECK(is_kebab_case(info.id));
    CHECK_FALSE(info.title.empty());
    CHECK_FALSE(info.description.empty());
    CHECK_FALSE(info.remediation.empty());
    CHECK(info.cwe > 0);
    CHECK_FALSE(info.references.empty());
    for (std::string_view ref : info.references) CHECK(ref.starts_with("https://"));
    // Exactly one factory, matching the kind, and it builds a check. (Function pointers are
    // compared outside the assertion: doctest cannot print them.)
    const bool has_passive = e.make_passive != nullptr;
    const bool has_active = e.make_active != nullptr;
    CHECK(has_passive != has_active);
    if (info.kind == CheckKind::passive) {
      REQUIRE(has_passive);
      CHECK(e.make_passive() != nullptr);
    } else {
      REQUIRE(has_active);
      CHECK(e.make_active() != nullptr);
    }
    CHECK(find_check(info.id) == e.info);
  }
}

TEST_CASE("registry: every active check declares its request budget") {
  // The checks a login enables run only with an identity; they are budgeted apart.
  const std::vector<std::string_view> login_checks = {
      "access-control-missing",  "credentials-over-http", "jwt-signature-not-verified",
      "login-no-rate-limit",     "session-cookie-weak",   "session-fixation",
      "session-not-invalidated", "user-enumeration"};
  int total = 0, login_total = 0;
  for (const CheckEntry& e : all_checks()) {
    const CheckInfo& info = *e.info;
    CAPTURE(info.id);
    const bool login =
        std::find(login_checks.begin(), login_checks.end(), info.id) != login_checks.end();
    if (info.kind == CheckKind::passive) {
      CHECK(info.request_budget == 0);  // passive checks send nothing
    } else if (info.id.starts_with("tls-") || info.id == "credentials-over-http") {
      CHECK(info.request_budget == 0);  // TLS handshakes only / reads the scan's own login
    } else {
      CHECK(info.request_budget > 0);
      (login ? login_total : total) += info.request_budget;
    }
  }
  // README "Active probes": the default catalogue stays under 600 requests per origin
  // (the shared soft-404 calibration comes on top, at most 2 per directory and name class);
  // a scan with identities adds at most 250 more (README "Scanning as a logged-in user").
  CHECK(total < 600);
  CHECK(login_total < 250);
}

TEST_CASE("registry: sorted by id") {
  const auto checks = all_checks();
  for (std::size_t i = 1; i < checks.size(); ++i) {
    CAPTURE(checks[i].info->id);
    CHECK(checks[i - 1].info->id < checks[i].info->id);
  }
}

TEST_CASE("registry: the core header, cookie and disclosure checks are there") {
  for (std::string_view id :
       {"csp-missing", "hsts-missing", "x-content-type-options-missing",
        "clickjacking-protection-missing", "cookie-no-secure", "cookie-no-httponly",
        "cookie-no-samesite", "server-version-disclosure", "directory-listing",
        "security-txt-missing"}) {
    CAPTURE(id);
    CHECK(find_check(id) != nullptr);
  }
  CHECK(find_check("security-txt-missing")->kind == CheckKind::active);
  CHECK(find_check("no-such-check") == nullptr);
  CHECK(find_check("") == nullptr);
}

TEST_CASE("registry: glob_match") {
  CHECK(glob_match("csp-*", "csp-missing"));
  CHECK(glob_match("cookie-no-?ecure", "cookie-no-secure"));
  CHECK(glob_match("*", "anything"));
  CHECK(glob_match("*", ""));
  CHECK(glob_match("", ""));
  CHECK(glob_match("*-missing", "hsts-missing"));
  CHECK(glob_match("c*o*e", "cookie"));
  CHECK(glob_match("*a*b*c*", "xxaxxbxxcxx"));
  CHECK(glob_match("hsts-missing", "hsts-missing"));
  CHECK(glob_match("CSP-*", "csp-missing"));
  CHECK_FALSE(glob_match("csp-*", "hsts-missing"));
  CHECK_FALSE(glob_match("cookie-no-?", "cookie-no-secure"));
  CHECK_FALSE(glob_match("?", ""));
  CHECK_FALSE(glob_match("", "x"));
  CHECK_FALSE(glob_match("hsts", "hsts-missing"));
  CHECK_FALSE(glob_match("*-missing", "directory-listing"));
  CHECK_FALSE(glob_match("a*a*a*a*a*a*b", std::string(100, 'a')));
}

TEST_CASE("registry: select_checks") {
  const auto all = select_checks({}, {});
  CHECK(all.size() == all_checks().size());
  CHECK(ids(select_checks({"cookie-no-*"}, {})) ==
        std::vector<std::string>{"cookie-no-httponly", "cookie-no-samesite", "cookie-no-secure"});
  CHECK(ids(select_checks({"cookie-no-*"}, {"*secure"})) ==
        std::vector<std::string>{"cookie-no-httponly", "cookie-no-samesite"});
  // Registry order, not include order; duplicates collapse.
  CHECK(ids(select_checks({"hsts-missing", "csp-missing", "csp-mis*"}, {})) ==
        std::vector<std::string>{"csp-missing", "hsts-missing"});
  const auto without = select_checks({}, {"security-txt-missing"});
  CHECK(without.size() == all_checks().size() - 1);
  for (const CheckEntry* e : without) CHECK(e->info->id != "security-txt-missing");
  CHECK(select_checks({"nothing-*"}, {}).empty());
  CHECK(select_checks({"*"}, {"*"}).empty());
}

}  // namespace
}  // namespace gapscan
