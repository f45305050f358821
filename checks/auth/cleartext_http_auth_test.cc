#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

TEST_CASE("cleartext-http-auth: Basic over plain HTTP is high") {
  const auto check = make_cleartext_http_auth();
  const auto findings = run_passive(*check, "http://example.com/admin/",
                                    "HTTP/1.1 401 Unauthorized\r\n"
                                    "WWW-Authenticate: Basic realm=\"admin\"\r\n\r\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check_id == "cleartext-http-auth");
  CHECK(findings[0].severity == Severity::high);
  CHECK(findings[0].per_origin);
  CHECK(findings[0].key == "Basic");
  CHECK(findings[0].evidence.header_name == "WWW-Authenticate");
  CHECK(findings[0].evidence.header_value == "Basic realm=\"admin\"");
}

TEST_CASE("cleartext-http-auth: Digest, NTLM and Negotiate are medium, one per scheme") {
  const auto check = make_cleartext_http_auth();
  const auto findings =
      run_passive(*check, "http://example.com/",
                  "HTTP/1.1 401 Unauthorized\r\n"
                  "WWW-Authenticate: digest realm=\"a, b\", qop=\"auth,auth-int\", nonce=\"x\", "
                  "Basic realm=\"y\"\r\n"
                  "WWW-Authenticate: NTLM\r\n"
                  "WWW-Authenticate: Negotiate YIIF==\r\n"
                  "WWW-Authenticate: Basic realm=\"again\"\r\n\r\n");
  REQUIRE(findings.size() == 4);
  CHECK(findings[0].key == "Digest");
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[1].key == "Basic");
  CHECK(findings[1].severity == Severity::high);
  CHECK(findings[2].key == "NTLM");
  CHECK(findings[3].key == "Negotiate");
  CHECK(findings[3].severity == Severity::medium);
}

TEST_CASE("cleartext-http-auth: HTTPS, other schemes and auth-params named like schemes") {
  const auto check = make_cleartext_http_auth();
  CHECK(run_passive(*check, "https://example.com/",
                    "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"x\"\r\n\r\n")
            .empty());
  CHECK(run_passive(*check, "http://example.com/",
                    "HTTP/1.1 401 Unauthorized\r\n"
                    "WWW-Authenticate: Bearer realm=\"api\", basic=\"no\", error=\"Basic\"\r\n\r\n")
            .empty());
  CHECK(run_passive(*check, "http://example.com/", "HTTP/1.1 200 OK\r\n\r\n").empty());
}

}  // namespace
}  // namespace gapscan
