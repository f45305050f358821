#include <doctest/doctest.h>

#include <string>

#include "checks/common/all_checks.h"
#include "test/checks/headers_testing.h"

namespace gapscan {
namespace {

using headers_testing::run;

constexpr std::string_view kUrl = "https://example.com/app";

std::string page(std::string_view csp_headers, std::string_view body = "<p>x</p>") {
  return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + std::string(csp_headers) + "\r\n" +
         std::string(body);
}

const Finding* with_key(const std::vector<Finding>& findings, std::string_view key) {
  for (const Finding& f : findings) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

TEST_CASE("csp-wildcard-source: scheme source in script-src") {
  const auto check = make_csp_wildcard_source();
  const auto findings =
      run(*check, kUrl,
          page("Content-Security-Policy: default-src 'self'; script-src 'self' https:\r\n"));
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "csp-wildcard-source");
  CHECK(f.severity == Severity::medium);
  CHECK(f.per_origin);
  CHECK(f.key == "script-src");
  CHECK(f.evidence.header_name == "Content-Security-Policy");
  CHECK(f.evidence.note.find("https:") != std::string::npos);
  CHECK(f.message.find("scripts") != std::string::npos);
}

TEST_CASE("csp-wildcard-source: default-src * alone is one finding keyed default-src") {
  const auto check = make_csp_wildcard_source();
  const auto findings = run(*check, kUrl, page("Content-Security-Policy: default-src *\r\n"));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].key == "default-src");
  CHECK(findings[0].message.find("scripts") != std::string::npos);
  CHECK(findings[0].message.find("plugins") != std::string::npos);
}

TEST_CASE("csp-wildcard-source: several directives give several keys") {
  const auto check = make_csp_wildcard_source();
  const auto findings =
      run(*check, kUrl,
          page("Content-Security-Policy: default-src http:; script-src data: 'self'; object-src "
               "*\r\n"));
  REQUIRE(findings.size() == 3);
  CHECK(with_key(findings, "default-src") != nullptr);
  REQUIRE(with_key(findings, "script-src") != nullptr);
  CHECK(with_key(findings, "script-src")->message.find("data:") != std::string::npos);
  CHECK(with_key(findings, "object-src") != nullptr);
}

TEST_CASE("csp-wildcard-source: data: in default-src only matters as script/plugin fallback") {
  const auto check = make_csp_wildcard_source();
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: default-src 'self' data:; script-src 'self'; "
                 "object-src 'none'\r\n"))
            .empty());
  const auto fallback =
      run(*check, kUrl, page("Content-Security-Policy: default-src 'self' data:\r\n"));
  REQUIRE(fallback.size() == 1);
  CHECK(fallback[0].key == "default-src");
}

TEST_CASE("csp-wildcard-source: 'strict-dynamic' makes host and scheme sources ignored") {
  const auto check = make_csp_wildcard_source();
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: script-src 'nonce-abc' 'strict-dynamic' "
                 "'unsafe-inline' https: http:; object-src 'none'\r\n"))
            .empty());
  // ... but only for scripts: the same fallback default-src still opens plugins.
  const auto findings =
      run(*check, kUrl,
          page("Content-Security-Policy: default-src 'nonce-abc' 'strict-dynamic' https:\r\n"));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].key == "default-src");
  CHECK(findings[0].message.find("scripts") == std::string::npos);
  CHECK(findings[0].message.find("plugins") != std::string::npos);
}

TEST_CASE("csp-wildcard-source: restrictive lists and other directives are fine") {
  const auto check = make_csp_wildcard_source();
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: default-src 'self' https://cdn.example.com "
                 "*.example.net; img-src * data:; style-src https:\r\n"))
            .empty());
  // A second enforced policy restricting scripts closes the hole.
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: script-src *; object-src 'none'\r\n"
                 "Content-Security-Policy: script-src 'self'\r\n"))
            .empty());
  CHECK(run(*check, kUrl, page("Content-Security-Policy-Report-Only: default-src *\r\n")).empty());
  CHECK(run(*check, kUrl, page("")).empty());
  CHECK(run(*check, kUrl,
            "HTTP/1.1 200 OK\r\nContent-Type: text/css\r\nContent-Security-Policy: default-src "
            "*\r\n\r\nx")
            .empty());
}

TEST_CASE("csp-wildcard-source: http://* and https://* count; script-src-elem carries") {
  const auto check = make_csp_wildcard_source();
  const auto findings =
      run(*check, kUrl,
          page("Content-Security-Policy: script-src 'self'; script-src-elem HTTPS://*; "
               "object-src 'none'\r\n"));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].key == "script-src-elem");
}

}  // namespace
}  // namespace gapscan
