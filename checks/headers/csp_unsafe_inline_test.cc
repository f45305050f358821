#include <doctest/doctest.h>

#include <string>

#include "checks/common/all_checks.h"
#include "test/checks/headers_testing.h"

namespace gapscan {
namespace {

using headers_testing::run;

constexpr std::string_view kUrl = "https://example.com/app";

std::string page(std::string_view csp_headers, std::string_view body = "<p>x</p>") {
  return "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n" +
         std::string(csp_headers) + "\r\n" + std::string(body);
}

TEST_CASE("csp-unsafe-inline: script-src 'unsafe-inline' without nonce or hash") {
  const auto check = make_csp_unsafe_inline();
  const auto findings = run(
      *check, kUrl,
      page("Content-Security-Policy: default-src 'self'; script-src 'self' 'unsafe-inline'\r\n"));
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "csp-unsafe-inline");
  CHECK(f.severity == Severity::medium);
  CHECK(f.per_origin);
  CHECK(f.key.empty());
  CHECK(f.evidence.header_name == "Content-Security-Policy");
  CHECK(f.evidence.header_value == "default-src 'self'; script-src 'self' 'unsafe-inline'");
  CHECK(f.evidence.note.find("script-src 'self' 'unsafe-inline'") != std::string::npos);
  CHECK(f.message.find("script-src") != std::string::npos);
  CHECK(f.message.find("event handlers") != std::string::npos);
}

TEST_CASE("csp-unsafe-inline: default-src applies when script-src is absent") {
  const auto check = make_csp_unsafe_inline();
  const auto findings =
      run(*check, kUrl, page("Content-Security-Policy: default-src 'self' 'UNSAFE-INLINE'\r\n"));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message.find("default-src") != std::string::npos);
  CHECK(findings[0].evidence.note.find("no script-src") != std::string::npos);
  // script-src overrides default-src entirely.
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: default-src 'unsafe-inline'; script-src 'self'\r\n"))
            .empty());
}

TEST_CASE("csp-unsafe-inline: a nonce, hash or 'strict-dynamic' neutralises 'unsafe-inline'") {
  const auto check = make_csp_unsafe_inline();
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: script-src 'nonce-abc' 'strict-dynamic' "
                 "'unsafe-inline' https:; object-src 'none'\r\n"))
            .empty());
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: script-src 'unsafe-inline' 'nonce-r4nd0m'\r\n"))
            .empty());
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: script-src 'unsafe-inline' "
                 "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='\r\n"))
            .empty());
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: script-src 'unsafe-inline' 'strict-dynamic'\r\n"))
            .empty());
  // An unquoted nonce is a host source, not a nonce.
  CHECK(run(*check, kUrl, page("Content-Security-Policy: script-src 'unsafe-inline' nonce-abc\r\n"))
            .size() == 1);
}

TEST_CASE("csp-unsafe-inline: script-src-elem / script-src-attr") {
  const auto check = make_csp_unsafe_inline();
  // Event handlers allowed through script-src-attr although <script> blocks are not.
  const auto attr = run(*check, kUrl,
                        page("Content-Security-Policy: script-src 'self'; script-src-attr "
                             "'unsafe-inline'\r\n"));
  REQUIRE(attr.size() == 1);
  CHECK(attr[0].message.find("script-src-attr") != std::string::npos);
  CHECK(attr[0].message.find("event handlers") != std::string::npos);
  // script-src-elem overrides an unsafe script-src for <script> blocks, but handlers still
  // fall back to script-src.
  const auto elem = run(*check, kUrl,
                        page("Content-Security-Policy: script-src 'unsafe-inline'; "
                             "script-src-elem 'self'\r\n"));
  REQUIRE(elem.size() == 1);
  CHECK(elem[0].message.find("script-src ") != std::string::npos);
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: script-src 'unsafe-inline'; script-src-elem 'self'; "
                 "script-src-attr 'none'\r\n"))
            .empty());
}

TEST_CASE("csp-unsafe-inline: every enforced policy must allow inline scripts") {
  const auto check = make_csp_unsafe_inline();
  // A second header policy blocks inline scripts: no finding.
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: script-src 'unsafe-inline'\r\n"
                 "Content-Security-Policy: default-src 'self'\r\n"))
            .empty());
  // Same with two comma-separated policies in one header.
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: script-src 'unsafe-inline', script-src 'self'\r\n"))
            .empty());
  // A second policy that does not govern scripts changes nothing.
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: script-src 'unsafe-inline'\r\n"
                 "Content-Security-Policy: img-src 'self'\r\n"))
            .size() == 1);
  // Report-only policies block nothing.
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: script-src 'unsafe-inline'\r\n"
                 "Content-Security-Policy-Report-Only: script-src 'self'\r\n"))
            .size() == 1);
  CHECK(
      run(*check, kUrl, page("Content-Security-Policy-Report-Only: script-src 'unsafe-inline'\r\n"))
          .empty());
}

TEST_CASE("csp-unsafe-inline: duplicated directive: only the first counts") {
  const auto check = make_csp_unsafe_inline();
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: script-src 'self'; script-src 'unsafe-inline'\r\n"))
            .empty());
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: script-src 'unsafe-inline'; script-src 'self'\r\n"))
            .size() == 1);
}

TEST_CASE("csp-unsafe-inline: a <meta> policy is enforced; evidence gives its line") {
  const auto check = make_csp_unsafe_inline();
  const auto findings = run(*check, kUrl,
                            page("",
                                 "<html>\n<head>\n<meta http-equiv=\"Content-Security-Policy\" "
                                 "content=\"script-src 'unsafe-inline'\">\n</head></html>"));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].evidence.header_name.empty());
  CHECK(findings[0].evidence.snippet.find("script-src 'unsafe-inline'") != std::string::npos);
  CHECK(findings[0].evidence.line == 3);
}

TEST_CASE("csp-unsafe-inline: no CSP, non-HTML and non-2xx are not findings") {
  const auto check = make_csp_unsafe_inline();
  CHECK(run(*check, kUrl, page("")).empty());
  CHECK(run(*check, kUrl,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            "Content-Security-Policy: script-src 'unsafe-inline'\r\n\r\n{}")
            .empty());
  CHECK(run(*check, kUrl,
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n"
            "Content-Security-Policy: script-src 'unsafe-inline'\r\n\r\nx")
            .empty());
  // No script-src and no default-src: nothing restricts scripts, but there is no
  // 'unsafe-inline' to report either.
  CHECK(run(*check, kUrl, page("Content-Security-Policy: img-src 'unsafe-inline'\r\n")).empty());
}

}  // namespace
}  // namespace gapscan
