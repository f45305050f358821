#include "cli/checks_listing.h"

#include <doctest/doctest.h>

namespace gapscan {
namespace {

TEST_CASE("gapscan checks ID: one check in full, globs, and a suggestion for a typo") {
  const CheckDetails one = check_details({"csp-missing"}, false);
  REQUIRE(one.error.empty());
  CHECK(one.text.starts_with("csp-missing: "));
  CHECK(one.text.find("What it finds\n  ") != std::string::npos);
  CHECK(one.text.find("How to fix it\n  ") != std::string::npos);
  CHECK(one.text.find("References\n  https://") != std::string::npos);
  for (std::size_t start = 0; start < one.text.size();) {
    std::size_t end = one.text.find('\n', start);
    if (end == std::string::npos) end = one.text.size();
    CHECK(end - start <= 100);  // wrapped (a long reference URL may stand alone)
    start = end + 1;
  }
  const CheckDetails cookies = check_details({"cookie-*", "cookie-no-secure"}, true);
  REQUIRE(cookies.error.empty());
  CHECK(cookies.text.find("\"id\": \"cookie-no-secure\"") != std::string::npos);
  CHECK(cookies.text.find("\"id\": \"cookie-no-secure\"") ==
        cookies.text.rfind("\"id\": \"cookie-no-secure\""));  // once
  const CheckDetails typo = check_details({"csp-mising"}, false);
  CHECK(typo.error ==
        "no check matches 'csp-mising' (did you mean 'csp-missing'?); 'gapscan checks' lists "
        "them all");
}

}  // namespace
}  // namespace gapscan
