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

TEST_CASE("csp-unsafe-eval: script-src 'unsafe-eval'") {
  const auto check = make_csp_unsafe_eval();
  const auto findings =
      run(*check, kUrl, page("Content-Security-Policy: script-src 'self' 'unsafe-eval'\r\n"));
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "csp-unsafe-eval");
  CHECK(f.severity == Severity::medium);
  CHECK(f.per_origin);
  CHECK(f.evidence.header_name == "Content-Security-Policy");
  CHECK(f.evidence.note.find("script-src 'self' 'unsafe-eval'") != std::string::npos);
  CHECK(f.message.find("'unsafe-eval'") != std::string::npos);
}

TEST_CASE("csp-unsafe-eval: default-src fallback and script-src override") {
  const auto check = make_csp_unsafe_eval();
  const auto findings =
      run(*check, kUrl, page("Content-Security-Policy: default-src 'self' 'Unsafe-Eval'\r\n"));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message.find("default-src") != std::string::npos);
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: default-src 'unsafe-eval'; script-src 'self'\r\n"))
            .empty());
}

TEST_CASE("csp-unsafe-eval: nonces and strict-dynamic do not restrict eval") {
  const auto check = make_csp_unsafe_eval();
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: script-src 'nonce-a' 'strict-dynamic' "
                 "'unsafe-eval'\r\n"))
            .size() == 1);
}

TEST_CASE("csp-unsafe-eval: negatives") {
  const auto check = make_csp_unsafe_eval();
  // 'wasm-unsafe-eval' only allows WebAssembly compilation.
  CHECK(run(*check, kUrl, page("Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'\r\n"))
            .empty());
  // Only script-src governs eval; script-src-elem does not.
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: script-src 'self'; script-src-elem 'unsafe-eval'\r\n"))
            .empty());
  // A second enforced policy without unsafe-eval blocks eval.
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: script-src 'unsafe-eval'\r\n"
                 "Content-Security-Policy: script-src 'self'\r\n"))
            .empty());
  CHECK(run(*check, kUrl, page("Content-Security-Policy-Report-Only: script-src 'unsafe-eval'\r\n"))
            .empty());
  CHECK(run(*check, kUrl,
            "HTTP/1.1 500 Error\r\nContent-Type: text/html\r\n"
            "Content-Security-Policy: script-src 'unsafe-eval'\r\n\r\nx")
            .empty());
  // A duplicate carrying unsafe-eval is ignored by browsers.
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: script-src 'self'; script-src 'unsafe-eval'\r\n"))
            .empty());
}

}  // namespace
}  // namespace gapscan
