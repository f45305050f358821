#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

constexpr std::string_view kUrl = "https://example.com/page";

TEST_CASE("csp-missing: HTML page without CSP is reported once per origin") {
  const auto check = make_csp_missing();
  const auto findings = run_passive(*check, kUrl,
                                    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                                    "\r\n<html><body>hi</body></html>");
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "csp-missing");
  CHECK(f.severity == Severity::medium);
  CHECK(f.per_origin);
  CHECK(f.url == kUrl);
  CHECK(f.evidence.header_name == "Content-Security-Policy");
  CHECK(f.evidence.note.find("no Content-Security-Policy header") != std::string::npos);
  CHECK_FALSE(f.message.empty());
  CHECK(f.exchange.status == 200);
}

TEST_CASE("csp-missing: a CSP header is a policy") {
  const auto check = make_csp_missing();
  CHECK(run_passive(*check, kUrl,
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                    "content-security-policy: default-src 'self'\r\n\r\n<p>x</p>")
            .empty());
}

TEST_CASE("csp-missing: Report-Only alone is not a policy") {
  const auto check = make_csp_missing();
  const auto findings = run_passive(*check, kUrl,
                                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                                    "Content-Security-Policy-Report-Only: default-src 'self'\r\n"
                                    "\r\n<p>x</p>");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].evidence.header_name == "Content-Security-Policy-Report-Only");
  CHECK(findings[0].evidence.note.find("Report-Only") != std::string::npos);
}

TEST_CASE("csp-missing: an empty CSP header is no policy") {
  const auto check = make_csp_missing();
  const auto findings = run_passive(
      *check, kUrl,
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Security-Policy:   \r\n\r\nx");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].evidence.note.find("empty") != std::string::npos);
}

TEST_CASE("csp-missing: a <meta http-equiv> policy counts as present") {
  const auto check = make_csp_missing();
  HtmlDocument doc;
  doc.metas.push_back({"content-security-policy", "default-src 'self'", true});
  CHECK(
      run_passive(*check, kUrl, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x</p>", &doc)
          .empty());
  // A <meta name=...> (not http-equiv) is not a policy.
  HtmlDocument named;
  named.metas.push_back({"content-security-policy", "default-src 'self'", false});
  CHECK(run_passive(*check, kUrl, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x</p>",
                    &named)
            .size() == 1);
}

TEST_CASE("csp-missing: non-HTML and non-2xx responses are not findings") {
  const auto check = make_csp_missing();
  CHECK(run_passive(*check, kUrl,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"a\":1}")
            .empty());
  CHECK(run_passive(*check, kUrl, "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\nx")
            .empty());
  CHECK(run_passive(*check, kUrl,
                    "HTTP/1.1 302 Found\r\nLocation: /\r\n"
                    "Content-Type: text/html\r\n\r\nmoved")
            .empty());
}

}  // namespace
}  // namespace gapscan
