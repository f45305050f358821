#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

TEST_CASE("cookie-broad-domain: Domain is a parent of the host") {
  const auto check = make_cookie_broad_domain();
  const auto findings = run_passive(*check, "https://app.example.com/login",
                                    "HTTP/1.1 200 OK\r\n"
                                    "Set-Cookie: sid=abc; Domain=.Example.com; Path=/\r\n\r\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check_id == "cookie-broad-domain");
  CHECK(findings[0].severity == Severity::low);
  CHECK(findings[0].per_origin);
  CHECK(findings[0].key == "sid");
  CHECK(findings[0].evidence.header_value == "sid=abc; Domain=.Example.com; Path=/");
  CHECK(findings[0].evidence.note == "Domain=example.com is a parent domain of app.example.com");
}

TEST_CASE("cookie-broad-domain: Domain is a public suffix") {
  const auto check = make_cookie_broad_domain();
  const auto findings = run_passive(*check, "https://shop.example.co.uk/",
                                    "HTTP/1.1 200 OK\r\nSet-Cookie: a=1; Domain=co.uk\r\n\r\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].evidence.note == "Domain=co.uk is a public suffix (host shop.example.co.uk)");
  const auto pages = run_passive(*check, "https://me.github.io/",
                                 "HTTP/1.1 200 OK\r\nSet-Cookie: a=1; Domain=github.io\r\n\r\n");
  REQUIRE(pages.size() == 1);
  CHECK(pages[0].evidence.note.find("public suffix") != std::string::npos);
}

TEST_CASE("cookie-broad-domain: deeper parents count, localhost is not a listed suffix") {
  const auto check = make_cookie_broad_domain();
  const auto findings = run_passive(*check, "http://a.b.example.com:8080/",
                                    "HTTP/1.1 200 OK\r\nSet-Cookie: a=1; Domain=b.example.com\r\n"
                                    "Set-Cookie: b=1; Domain=example.com\r\n\r\n");
  CHECK(findings.size() == 2);
  const auto local = run_passive(*check, "http://app.localhost/",
                                 "HTTP/1.1 200 OK\r\nSet-Cookie: a=1; Domain=localhost\r\n\r\n");
  REQUIRE(local.size() == 1);
  CHECK(local[0].evidence.note == "Domain=localhost is a parent domain of app.localhost");
}

TEST_CASE("cookie-broad-domain: host-only, same-host, foreign, lookalike and IP hosts are fine") {
  const auto check = make_cookie_broad_domain();
  CHECK(run_passive(*check, "https://app.example.com/",
                    "HTTP/1.1 200 OK\r\n"
                    "Set-Cookie: a=1\r\n"
                    "Set-Cookie: b=1; Domain=app.example.com\r\n"
                    "Set-Cookie: c=1; Domain=other.com\r\n"
                    "Set-Cookie: d=1; Domain=pp.example.com\r\n"
                    "Set-Cookie: e=1; Domain=sub.app.example.com\r\n\r\n")
            .empty());
  CHECK(run_passive(*check, "http://127.0.0.1:8080/",
                    "HTTP/1.1 200 OK\r\nSet-Cookie: a=1; Domain=0.0.1\r\n\r\n")
            .empty());
  CHECK(run_passive(*check, "http://[::1]:8080/",
                    "HTTP/1.1 200 OK\r\nSet-Cookie: a=1; Domain=1\r\n\r\n")
            .empty());
}

}  // namespace
}  // namespace gapscan
