#include "checks/headers/sts_header.h"

#include <doctest/doctest.h>

namespace gapscan {
namespace {

bool has_problem(const StsHeader& h, std::string_view key) {
  for (const auto& p : h.problems) {
    if (p.key == key) return true;
  }
  return false;
}

TEST_CASE("sts parser: valid headers") {
  const StsHeader a = parse_sts("max-age=31536000; includeSubDomains; preload");
  CHECK(a.valid());
  CHECK(a.max_age == 31536000);
  CHECK(a.include_subdomains);
  CHECK(a.preload);

  const StsHeader b = parse_sts("  MAX-AGE = \"600\" ;;INCLUDESUBDOMAINS ; ");
  CHECK(b.valid());
  CHECK(b.max_age == 600);
  CHECK(b.max_age_text == "\"600\"");
  CHECK(b.include_subdomains);

  // Unknown directives are ignored (RFC 6797 §6.1).
  const StsHeader c = parse_sts("max-age=0; foo=bar; baz=\"q;x\"");
  CHECK(c.valid());
  CHECK(c.max_age == 0);

  const StsHeader huge = parse_sts("max-age=99999999999999999999999");
  CHECK(huge.valid());
  CHECK(huge.max_age > 31536000);
}

TEST_CASE("sts parser: problems") {
  CHECK(has_problem(parse_sts("includeSubDomains"), "missing-max-age"));
  CHECK(has_problem(parse_sts("max-age=abc"), "invalid-max-age"));
  CHECK(has_problem(parse_sts("max-age='31536000'"), "invalid-max-age"));
  CHECK(has_problem(parse_sts("max-age=-1"), "invalid-max-age"));
  CHECK(has_problem(parse_sts("max-age"), "invalid-max-age"));
  CHECK(has_problem(parse_sts("max-age=\"\""), "invalid-max-age"));
  CHECK(has_problem(parse_sts("max-age=\"31536000"), "syntax"));
  CHECK(has_problem(parse_sts("max-age=31536000, max-age=1"), "syntax"));
  CHECK(has_problem(parse_sts("max-age=1 2"), "syntax"));
  CHECK(has_problem(parse_sts("max-age=10; max-age=20"), "duplicate-directive:max-age"));
  CHECK(has_problem(parse_sts("max-age=10; includeSubDomains; includesubdomains"),
                    "duplicate-directive:includesubdomains"));
  CHECK(has_problem(parse_sts("max-age=10; includeSubDomains=yes"), "includesubdomains-value"));
  CHECK_FALSE(parse_sts("max-age=10; max-age=20").valid());
  CHECK_FALSE(parse_sts("").valid());
}

}  // namespace
}  // namespace gapscan
