#include "scanner/scope.h"

#include <doctest/doctest.h>

using namespace gapscan;

namespace {
Url u(const char* s) { return *parse_url(s); }
}  // namespace

TEST_CASE("origin scope: same scheme, host and port only") {
  Scope s({u("https://app.test/")}, ScopeMode::origin, {}, {});
  CHECK(s.allows(u("https://app.test/a/b")));
  CHECK_FALSE(s.allows(u("http://app.test/")));
  CHECK_FALSE(s.allows(u("https://app.test:8443/")));
  CHECK_FALSE(s.allows(u("https://evil.test/")));
  CHECK_FALSE(s.allows(u("https://app.test.evil.test/")));
}

TEST_CASE("subdomain scope") {
  Scope s({u("https://app.test/")}, ScopeMode::subdomains, {}, {});
  CHECK(s.allows(u("https://api.app.test/")));
  CHECK(s.allows(u("http://app.test/")));
  CHECK_FALSE(s.allows(u("https://notapp.test/")));
  CHECK_FALSE(s.may_receive_credentials(u("https://api.app.test/")));
  CHECK(s.may_receive_credentials(u("https://app.test/x")));
}

TEST_CASE("prefix scope") {
  Scope s({u("https://app.test/docs/intro")}, ScopeMode::prefix, {}, {});
  CHECK(s.allows(u("https://app.test/docs/other")));
  CHECK_FALSE(s.allows(u("https://app.test/docsx")));
  CHECK_FALSE(s.allows(u("https://app.test/")));
}

TEST_CASE("include widens, exclude narrows and wins") {
  Scope s({u("https://app.test/")}, ScopeMode::origin, {"^https://cdn\\.test/"}, {"/logout"});
  CHECK(s.allows(u("https://cdn.test/x.js")));
  CHECK_FALSE(s.may_receive_credentials(u("https://cdn.test/x.js")));
  CHECK_FALSE(s.allows(u("https://app.test/logout")));
}
