#include <doctest/doctest.h>

#include <string>

#include "checks/common/all_checks.h"
#include "checks/headers/referrer_policy.h"
#include "test/checks/headers_testing.h"

namespace gapscan {
namespace {

using headers_testing::run;

constexpr std::string_view kHttps = "https://example.com/account?id=42";

std::string page(std::string_view headers, std::string_view body = "<p>x</p>") {
  return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + std::string(headers) + "\r\n" +
         std::string(body);
}

TEST_CASE("referrer-policy-unsafe: unsafe-url header") {
  const auto check = make_referrer_policy_unsafe();
  const auto findings = run(*check, kHttps, page("Referrer-Policy: unsafe-url\r\n"));
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "referrer-policy-unsafe");
  CHECK(f.severity == Severity::low);
  CHECK(f.per_origin);
  CHECK(f.evidence.header_name == "Referrer-Policy");
  CHECK(f.evidence.header_value == "unsafe-url");
  CHECK(f.message.find("unsafe-url") != std::string::npos);
}

TEST_CASE("referrer-policy-unsafe: no-referrer-when-downgrade, on any response type") {
  const auto check = make_referrer_policy_unsafe();
  const auto findings = run(*check, kHttps,
                            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                            "Referrer-Policy: No-Referrer-When-Downgrade\r\n\r\n{}");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message.find("no-referrer-when-downgrade") != std::string::npos);
}

TEST_CASE("referrer-policy-unsafe: the last recognised token wins") {
  const auto check = make_referrer_policy_unsafe();
  // Fallback list: the unknown newer token is skipped, unsafe-url stays in force.
  CHECK(
      run(*check, kHttps, page("Referrer-Policy: no-referrer, unsafe-url, x-future\r\n")).size() ==
      1);
  CHECK(
      run(*check, kHttps, page("Referrer-Policy: unsafe-url, strict-origin-when-cross-origin\r\n"))
          .empty());
  CHECK(run(*check, kHttps, page("Referrer-Policy: unsafe-url\r\nReferrer-Policy: same-origin\r\n"))
            .empty());
}

TEST_CASE("referrer-policy-unsafe: <meta name=referrer> overrides the header") {
  const auto check = make_referrer_policy_unsafe();
  const auto meta = run(*check, kHttps,
                        page("Referrer-Policy: no-referrer\r\n",
                             "<html><head>\n\n<meta name=\"referrer\" content=\"always\">"
                             "</head></html>"));
  REQUIRE(meta.size() == 1);
  CHECK(meta[0].evidence.snippet.find("always") != std::string::npos);
  CHECK(meta[0].evidence.line == 3);
  CHECK(meta[0].message.find("<meta") != std::string::npos);
  CHECK(run(*check, kHttps,
            page("Referrer-Policy: unsafe-url\r\n",
                 "<meta name=\"referrer\" content=\"strict-origin\">"))
            .empty());
  // An invalid meta value is ignored.
  CHECK(run(*check, kHttps,
            page("Referrer-Policy: unsafe-url\r\n", "<meta name=\"referrer\" content=\"bogus\">"))
            .size() == 1);
}

TEST_CASE("referrer-policy-unsafe: plain HTTP too; safe policies are fine") {
  const auto check = make_referrer_policy_unsafe();
  CHECK(run(*check, "http://example.com/", page("Referrer-Policy: unsafe-url\r\n")).size() == 1);
  const auto downgrade =
      run(*check, "http://example.com/", page("Referrer-Policy: no-referrer-when-downgrade\r\n"));
  REQUIRE(downgrade.size() == 1);
  CHECK(downgrade[0].message ==
        "Referrer-Policy is no-referrer-when-downgrade: the full page URL (path and query) is "
        "sent to every other origin (a plain-HTTP page never downgrades)");
  CHECK(run(*check, "http://example.com/", page("Referrer-Policy: same-origin\r\n")).empty());
  CHECK(run(*check, kHttps, page("Referrer-Policy: strict-origin-when-cross-origin\r\n")).empty());
  CHECK(run(*check, kHttps, page("")).empty());
}

TEST_CASE("referrer policy helper: token list and legacy meta values") {
  CHECK(is_referrer_policy_token("no-referrer"));
  CHECK(is_referrer_policy_token("Strict-Origin"));
  CHECK_FALSE(is_referrer_policy_token("never"));
  CHECK_FALSE(is_referrer_policy_token(""));
  HtmlDocument doc;
  doc.metas.push_back({"referrer", " never ", false});
  const HttpResponse res = parse_raw_response("HTTP/1.1 200 OK\r\nReferrer-Policy: bogus\r\n\r\n");
  const EffectiveReferrerPolicy rp = effective_referrer_policy(res, &doc);
  CHECK(rp.policy == "no-referrer");
  CHECK(rp.from_meta);
  CHECK(rp.header_present);
  const EffectiveReferrerPolicy header_only = effective_referrer_policy(res, nullptr);
  CHECK(header_only.policy.empty());
  CHECK(header_only.raw == "bogus");
}

}  // namespace
}  // namespace gapscan
