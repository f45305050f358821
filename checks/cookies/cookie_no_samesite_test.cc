#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

TEST_CASE("cookie-no-samesite: session cookie without SameSite") {
  const auto check = make_cookie_no_samesite();
  const auto findings =
      run_passive(*check, "https://example.com/",
                  "HTTP/1.1 200 OK\r\nSet-Cookie: sessionid=abc; Secure; HttpOnly\r\n\r\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check_id == "cookie-no-samesite");
  CHECK(findings[0].severity == Severity::low);
  CHECK(findings[0].per_origin);
  CHECK(findings[0].key == "sessionid");
  CHECK(findings[0].evidence.note.find("no SameSite") != std::string::npos);
}

TEST_CASE("cookie-no-samesite: invalid SameSite value") {
  const auto check = make_cookie_no_samesite();
  const auto findings =
      run_passive(*check, "https://example.com/",
                  "HTTP/1.1 200 OK\r\nSet-Cookie: sid=abc; SameSite=Sometimes\r\n\r\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].evidence.note.find("Sometimes") != std::string::npos);
}

TEST_CASE("cookie-no-samesite: valid SameSite, CSRF tokens and deletions are fine") {
  const auto check = make_cookie_no_samesite();
  CHECK(run_passive(*check, "https://example.com/",
                    "HTTP/1.1 200 OK\r\nSet-Cookie: sid=abc; samesite=lax\r\n"
                    "Set-Cookie: auth=x; SameSite=Strict\r\n"
                    "Set-Cookie: jwt=x; SameSite=None; Secure\r\n"
                    "Set-Cookie: csrftoken=a8f5f167f44f4964e6c998dee827110c\r\n"
                    "Set-Cookie: session=; Max-Age=0\r\n\r\n")
            .empty());
}

TEST_CASE("cookie-no-samesite: other cookies are info, with the reason") {
  const auto check = make_cookie_no_samesite();
  const auto findings = run_passive(*check, "https://example.com/",
                                    "HTTP/1.1 200 OK\r\nSet-Cookie: security=low\r\n\r\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::info);
  CHECK(findings[0].message ==
        "Cookie \"security\" has no SameSite attribute; cross-site behaviour is left to the "
        "browser; not a session cookie by name or value, but cross-site requests still carry it");
}

}  // namespace
}  // namespace gapscan
