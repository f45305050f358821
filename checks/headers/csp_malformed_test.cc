#include <doctest/doctest.h>

#include <string>

#include "checks/common/all_checks.h"
#include "test/checks/headers_testing.h"

namespace gapscan {
namespace {

using headers_testing::run;

constexpr std::string_view kUrl = "https://example.com/";

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

TEST_CASE("csp-malformed: unknown directive name") {
  const auto check = make_csp_malformed();
  const auto findings = run(*check, kUrl,
                            page("Content-Security-Policy: default-src 'self'; Scripts-Src "
                                 "'self'\r\n"));
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "csp-malformed");
  CHECK(f.severity == Severity::low);
  CHECK(f.per_origin);
  CHECK(f.key == "unknown-directive:scripts-src");
  CHECK(f.evidence.header_name == "Content-Security-Policy");
  CHECK(f.evidence.header_value == "default-src 'self'; Scripts-Src 'self'");
  CHECK(f.message.find("scripts-src") != std::string::npos);
}

TEST_CASE("csp-malformed: duplicated directive within one policy") {
  const auto check = make_csp_malformed();
  const auto findings =
      run(*check, kUrl,
          page("Content-Security-Policy: script-src 'self'; img-src *; script-src "
               "https://cdn.example\r\n"));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].key == "duplicate-directive:script-src");
  CHECK(findings[0].evidence.note.find("https://cdn.example") != std::string::npos);
  // The same directive in two policies is not a duplicate.
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: script-src 'self', script-src 'none'\r\n"
                 "Content-Security-Policy: script-src 'self'\r\n"))
            .empty());
}

TEST_CASE("csp-malformed: frame-ancestors in a <meta> policy") {
  const auto check = make_csp_malformed();
  const auto meta_only =
      run(*check, kUrl,
          page("",
               "<html><head>\n<meta http-equiv=\"Content-Security-Policy\" "
               "content=\"default-src 'self'; frame-ancestors 'none'; report-uri /r\">"
               "</head></html>"));
  REQUIRE(meta_only.size() == 2);
  const Finding* fa = with_key(meta_only, "meta-ignored:frame-ancestors");
  REQUIRE(fa != nullptr);
  CHECK(fa->message.find("no CSP framing protection") != std::string::npos);
  CHECK(fa->evidence.line == 2);
  CHECK(fa->evidence.snippet.find("frame-ancestors 'none'") != std::string::npos);
  CHECK(with_key(meta_only, "meta-ignored:report-uri") != nullptr);

  // With a header frame-ancestors too, still reported but without the stronger wording.
  const auto both =
      run(*check, kUrl,
          page("Content-Security-Policy: frame-ancestors 'self'\r\n",
               "<meta http-equiv=\"Content-Security-Policy\" content=\"frame-ancestors 'none'\">"));
  REQUIRE(both.size() == 1);
  CHECK(both[0].key == "meta-ignored:frame-ancestors");
  CHECK(both[0].message.find("no CSP framing protection") == std::string::npos);
}

TEST_CASE("csp-malformed: keywords without single quotes") {
  const auto check = make_csp_malformed();
  const auto findings =
      run(*check, kUrl,
          page("Content-Security-Policy: default-src self; script-src 'self' unsafe-inline "
               "nonce-abc \"none\"\r\n"));
  CHECK(findings.size() == 4);
  CHECK(with_key(findings, "unquoted-keyword:self") != nullptr);
  CHECK(with_key(findings, "unquoted-keyword:unsafe-inline") != nullptr);
  CHECK(with_key(findings, "unquoted-keyword:nonce-abc") != nullptr);
  CHECK(with_key(findings, "unquoted-keyword:\"none\"") != nullptr);
  // Not in non-source-list directives (sandbox flags, trusted-types policy names).
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: sandbox allow-scripts; trusted-types default none; "
                 "require-trusted-types-for 'script'\r\n"))
            .empty());
}

TEST_CASE("csp-malformed: report-only policies are checked too") {
  const auto check = make_csp_malformed();
  const auto findings =
      run(*check, kUrl, page("Content-Security-Policy-Report-Only: defualt-src 'self'\r\n"));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].key == "unknown-directive:defualt-src");
  CHECK(findings[0].evidence.header_name == "Content-Security-Policy-Report-Only");
}

TEST_CASE("csp-malformed: a well-formed CSP3 policy is not a finding") {
  const auto check = make_csp_malformed();
  CHECK(run(*check, kUrl,
            page("Content-Security-Policy: default-src 'self'; script-src 'nonce-r4nd' "
                 "'strict-dynamic' https: 'unsafe-inline'; script-src-elem 'self'; "
                 "style-src-attr 'unsafe-hashes' 'sha256-abc='; object-src 'none'; base-uri "
                 "'none'; frame-ancestors 'self'; form-action 'self'; worker-src blob:; "
                 "upgrade-insecure-requests; block-all-mixed-content; report-uri /csp; "
                 "report-to csp; sandbox allow-forms allow-scripts; trusted-types default; "
                 "require-trusted-types-for 'script'\r\n"))
            .empty());
  // Trailing ';' and empty policies are harmless.
  CHECK(run(*check, kUrl, page("Content-Security-Policy: default-src 'self';;  ;, \r\n")).empty());
  CHECK(run(*check, kUrl, page("")).empty());
  CHECK(run(*check, kUrl,
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n"
            "Content-Security-Policy: bogus-directive\r\n\r\nx")
            .empty());
}

TEST_CASE("csp-malformed: one finding per problem per response") {
  const auto check = make_csp_malformed();
  const auto findings = run(*check, kUrl,
                            page("Content-Security-Policy: foo-src a, foo-src b\r\n"
                                 "Content-Security-Policy: foo-src c\r\n"));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].key == "unknown-directive:foo-src");
}

}  // namespace
}  // namespace gapscan
