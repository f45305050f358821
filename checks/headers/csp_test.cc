#include "checks/headers/csp.h"

#include <doctest/doctest.h>

#include <string>

#include "scanner/base/url.h"

namespace gapscan {
namespace {

TEST_CASE("csp parser: directives, case-insensitive names, whitespace-split sources") {
  const CspPolicy p = parse_csp_policy(
      "  Default-SRC 'self'  https://cdn.example ;script-src\t'nonce-abc'\f'strict-dynamic' ;; ",
      CspDelivery::header);
  REQUIRE(p.directives.size() == 2);
  CHECK(p.directives[0].name == "default-src");
  CHECK(p.directives[0].known);
  CHECK(p.directives[0].sources == std::vector<std::string>{"'self'", "https://cdn.example"});
  CHECK(p.directives[0].text == "Default-SRC 'self'  https://cdn.example");
  CHECK(p.directives[1].name == "script-src");
  CHECK(p.directives[1].sources == std::vector<std::string>{"'nonce-abc'", "'strict-dynamic'"});
  CHECK(p.duplicates.empty());
  CHECK(p.enforced());
  CHECK(p.text ==
        "Default-SRC 'self'  https://cdn.example ;script-src\t'nonce-abc'\f'strict-dynamic' ;;");
}

TEST_CASE("csp parser: a duplicated directive keeps the first, records the later one") {
  const CspPolicy p =
      parse_csp_policy("script-src 'self'; SCRIPT-SRC *; object-src 'none'", CspDelivery::header);
  REQUIRE(p.directives.size() == 2);
  CHECK(p.find("script-src")->sources == std::vector<std::string>{"'self'"});
  REQUIRE(p.duplicates.size() == 1);
  CHECK(p.duplicates[0].name == "script-src");
  CHECK(p.duplicates[0].sources == std::vector<std::string>{"*"});
}

TEST_CASE("csp parser: unknown directive names are kept and marked") {
  const CspPolicy p = parse_csp_policy("scripts-src 'self'; img-src *; upgrade-insecure-requests",
                                       CspDelivery::header);
  REQUIRE(p.directives.size() == 3);
  CHECK_FALSE(p.directives[0].known);
  CHECK(p.directives[1].known);
  CHECK(p.directives[2].known);
  CHECK(p.directives[2].sources.empty());
  for (std::string_view name :
       {"default-src", "script-src-elem", "script-src-attr", "style-src-attr", "worker-src",
        "manifest-src", "prefetch-src", "navigate-to", "sandbox", "report-to",
        "block-all-mixed-content", "require-trusted-types-for", "trusted-types", "plugin-types",
        "referrer", "require-sri-for", "frame-ancestors", "base-uri", "form-action"}) {
    CAPTURE(name);
    CHECK(csp_is_known_directive(name));
  }
  CHECK_FALSE(csp_is_known_directive("Default-Src"));  // callers pass lower-case names
  CHECK_FALSE(csp_is_known_directive("allow"));
  CHECK_FALSE(csp_is_known_directive(""));
}

TEST_CASE("csp parser: comma-separated policies in one header value") {
  const auto policies =
      parse_csp_list("script-src 'self', object-src 'none', , ;", CspDelivery::header);
  REQUIRE(policies.size() == 2);
  CHECK(policies[0].find("script-src") != nullptr);
  CHECK(policies[0].find("object-src") == nullptr);
  CHECK(policies[1].find("object-src") != nullptr);
  CHECK(policies[1].carrier == "script-src 'self', object-src 'none', , ;");
  CHECK(parse_csp_list("  ", CspDelivery::header).empty());
}

TEST_CASE("csp parser: effective directive follows the CSP3 fallback list") {
  const CspPolicy p = parse_csp_policy(
      "default-src 'self'; script-src https://a; child-src https://c", CspDelivery::header);
  CHECK(p.effective("script-src")->name == "script-src");
  CHECK(p.effective("script-src-elem")->name == "script-src");
  CHECK(p.effective("script-src-attr")->name == "script-src");
  CHECK(p.effective("object-src")->name == "default-src");
  CHECK(p.effective("img-src")->name == "default-src");
  CHECK(p.effective("frame-src")->name == "child-src");
  CHECK(p.effective("worker-src")->name == "child-src");
  CHECK(p.effective("base-uri") == nullptr);  // base-uri has no fallback
  CHECK(p.effective("form-action") == nullptr);

  const CspPolicy only_script = parse_csp_policy("script-src 'self'", CspDelivery::header);
  CHECK(only_script.effective("object-src") == nullptr);
  CHECK(only_script.effective("worker-src")->name == "script-src");
  CHECK(csp_fallback_list("style-src-elem") ==
        std::vector<std::string_view>{"style-src-elem", "style-src", "default-src"});
}

TEST_CASE("csp parser: nonce, hash, strict-dynamic and inline helpers") {
  CHECK(csp_is_nonce_source("'nonce-abc123'"));
  CHECK(csp_is_nonce_source("'NONCE-abc123'"));
  CHECK_FALSE(csp_is_nonce_source("'nonce-'"));
  CHECK_FALSE(csp_is_nonce_source("nonce-abc"));
  CHECK(csp_is_hash_source("'sha256-AbC='"));
  CHECK(csp_is_hash_source("'sha512-x'"));
  CHECK_FALSE(csp_is_hash_source("'sha1-x'"));

  auto directive = [](std::string_view text) {
    return parse_csp_policy(text, CspDelivery::header).directives.at(0);
  };
  CHECK(csp_allows_all_inline(directive("script-src 'self' 'UNSAFE-INLINE'"), true));
  CHECK_FALSE(csp_allows_all_inline(directive("script-src 'unsafe-inline' 'nonce-r4nd'"), true));
  CHECK_FALSE(csp_allows_all_inline(directive("script-src 'unsafe-inline' 'sha256-xyz'"), true));
  CHECK_FALSE(
      csp_allows_all_inline(directive("script-src 'unsafe-inline' 'strict-dynamic'"), true));
  // 'strict-dynamic' only concerns scripts.
  CHECK(csp_allows_all_inline(directive("style-src 'unsafe-inline' 'strict-dynamic'"), false));
  CHECK_FALSE(csp_allows_all_inline(directive("script-src 'self'"), true));
  CHECK(csp_has_strict_dynamic(directive("script-src 'Strict-Dynamic'")));
  CHECK(csp_has_nonce_or_hash(directive("script-src 'nonce-abc'")));
  CHECK_FALSE(csp_has_nonce_or_hash(directive("script-src 'self' nonce-abc")));
}

TEST_CASE("csp parser: meta policies drop frame-ancestors, report-uri and sandbox") {
  const CspPolicy p = parse_csp_policy(
      "default-src 'self'; frame-ancestors 'none'; report-uri /r; sandbox; frame-ancestors *",
      CspDelivery::meta);
  REQUIRE(p.directives.size() == 1);
  CHECK(p.find("frame-ancestors") == nullptr);
  REQUIRE(p.meta_ignored.size() == 3);
  CHECK(p.meta_ignored[0].name == "frame-ancestors");
  REQUIRE(p.duplicates.size() == 1);  // the second frame-ancestors
  // The same directives in a header are kept.
  CHECK(parse_csp_policy("frame-ancestors 'none'", CspDelivery::header).find("frame-ancestors"));
}

TEST_CASE("csp parser: collect_csp gathers headers, meta and (optionally) report-only") {
  const Exchange ex = make_exchange(
      "https://example.com/",
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
      "Content-Security-Policy: default-src 'self', script-src 'none'\r\n"
      "content-security-policy: object-src 'none'\r\n"
      "Content-Security-Policy:  \r\n"
      "Content-Security-Policy-Report-Only: script-src 'self'\r\n\r\n"
      "<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"base-uri 'none', "
      "img-src *\"><meta name=\"content-security-policy\" content=\"img-src 'none'\"></head>"
      "</html>");
  const HtmlDocument doc = parse_html(ex.response.body, *parse_url("https://example.com/"));

  const auto enforced = collect_csp(ex.response, &doc);
  REQUIRE(enforced.size() == 4);
  CHECK(enforced[0].find("default-src") != nullptr);
  CHECK(enforced[1].find("script-src") != nullptr);
  CHECK(enforced[2].find("object-src") != nullptr);
  CHECK(enforced[3].delivery == CspDelivery::meta);
  // A meta policy is one serialized policy: the comma stays inside the base-uri sources.
  CHECK(enforced[3].find("img-src") == nullptr);
  CHECK(enforced[3].find("base-uri")->sources ==
        std::vector<std::string>{"'none',", "img-src", "*"});

  CHECK(collect_csp(ex.response, nullptr).size() == 3);
  const auto all = collect_csp(ex.response, &doc, true);
  REQUIRE(all.size() == 5);
  CHECK(all[4].delivery == CspDelivery::report_only);
  CHECK_FALSE(all[4].enforced());
}

TEST_CASE("csp parser: csp_open_in_all needs every enforced policy to be weak") {
  auto weak = [](const CspDirective& d) { return csp_has_source(d, "'unsafe-eval'"); };
  const auto one = parse_csp_list("script-src 'unsafe-eval'", CspDelivery::header);
  CHECK(csp_open_in_all(one, "script-src", weak));
  // A second policy that restricts scripts closes the hole.
  auto two = one;
  two.push_back(parse_csp_policy("default-src 'self'", CspDelivery::header));
  CHECK_FALSE(csp_open_in_all(two, "script-src", weak));
  // A second policy that does not govern scripts does not.
  auto other = one;
  other.push_back(parse_csp_policy("img-src 'self'", CspDelivery::header));
  const CspOpening open = csp_open_in_all(other, "script-src", weak);
  REQUIRE(open);
  CHECK(open.policy == &other[0]);
  // Report-only policies neither open nor close anything.
  auto ro = one;
  ro.push_back(parse_csp_policy("default-src 'self'", CspDelivery::report_only));
  CHECK(csp_open_in_all(ro, "script-src", weak));
  CHECK_FALSE(csp_open_in_all(parse_csp_list("script-src 'unsafe-eval'", CspDelivery::report_only),
                              "script-src", weak));
}

TEST_CASE("csp parser: evidence for header and meta policies") {
  const std::string body = "<html>\n<head>\n<meta http-equiv=x content=\"script-src *\">";
  Evidence e;
  set_csp_evidence(e, parse_csp_list("script-src *", CspDelivery::header)[0], body);
  CHECK(e.header_name == "Content-Security-Policy");
  CHECK(e.header_value == "script-src *");
  CHECK(e.line == 0);
  CspPolicy meta = parse_csp_policy("script-src *", CspDelivery::meta);
  meta.carrier = "script-src *";
  Evidence m;
  set_csp_evidence(m, meta, body);
  CHECK(m.header_name.empty());
  CHECK(m.snippet.find("script-src *") != std::string::npos);
  CHECK(m.line == 3);
  CHECK(csp_line_in_body(body, "nowhere") == 0);
}

TEST_CASE("csp: hostile headers cost linear time and memory" * doctest::timeout(10)) {
  // Found by fuzzing: "a," x 32,768 (within the 64 KiB header cap) copied the whole header
  // into each of its 32,768 policies (over 2 GB).
  std::string many;
  for (int i = 0; i < 32768; ++i) many += "a,";
  const auto policies = parse_csp_list(many, CspDelivery::header);
  REQUIRE(policies.size() == 32768);
  std::size_t copies = 0;
  for (const CspPolicy& p : policies) copies += p.carrier.data() != many.data() ? 1 : 0;
  CHECK(copies == 0);  // every policy views the one header value
  // Found by fuzzing: a 128 KiB directive list of distinct names took 9 s (each name was
  // looked up in the list so far).
  std::string directives;
  for (int i = 0; directives.size() < 128 * 1024; ++i)
    directives += "x-" + std::to_string(i) + " a;";
  directives += "x-1 b";
  const CspPolicy p = parse_csp_policy(directives, CspDelivery::header);
  CHECK(p.directives.size() > 10000);
  REQUIRE(p.duplicates.size() == 1);
  CHECK(p.duplicates[0].text == "x-1 b");
}

}  // namespace
}  // namespace gapscan
