// SARIF reporter: golden output, GitHub's rules (via test/tools/sarif_lint.py), redaction,
// ordering and the artifact URI shape.
#include "reports/sarif_reporter.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>

#include "reports/json_reporter.h"
#include "reports/report_common.h"
#include "test/reports/report_test_fixture.h"

namespace gapscan {

using testfix::golden_findings;
using testfix::golden_summary;

TEST_CASE("SARIF golden report") {
  testfix::check_golden("test/golden/report.sarif",
                        render_sarif(golden_findings(), golden_summary()));
}

TEST_CASE("SARIF golden report passes the schema and GitHub lint") {
  CHECK(testfix::run_sarif_lint({GAPSCAN_SOURCE_DIR "/test/golden/report.sarif"}) == 0);
}

TEST_CASE("SARIF shape: driver, rules, results, invocation") {
  const auto doc = build_sarif(golden_findings(), golden_summary());
  CHECK(doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  CHECK(doc["version"] == "2.1.0");
  REQUIRE(doc["runs"].size() == 1);
  const auto& run = doc["runs"][0];
  const auto& driver = run["tool"]["driver"];
  CHECK(driver["name"] == "gapscan");
  CHECK(driver["semanticVersion"] == "0.0.0-test");
  // Every check that ran, in the given order, then the unlisted one.
  REQUIRE(driver["rules"].size() == 6);
  CHECK(driver["rules"][0]["id"] == "csp-missing");
  CHECK(driver["rules"][0]["name"] == "CspMissing");
  CHECK(driver["rules"][4]["id"] == "server-banner");
  CHECK(driver["rules"][5]["id"] == "zz-unlisted");
  const auto& csp = driver["rules"][0];
  CHECK(csp["defaultConfiguration"]["level"] == "warning");
  CHECK(csp["properties"]["security-severity"] == "5.5");
  CHECK(csp["properties"]["precision"] == "high");
  CHECK(csp["properties"]["tags"] == nlohmann::ordered_json({"security", "external/cwe/cwe-693"}));
  CHECK(csp["help"]["markdown"].get<std::string>().find("cwe.mitre.org/data/definitions/693") !=
        std::string::npos);

  const auto& results = run["results"];
  REQUIRE(results.size() == 6);
  for (const auto& r : results) {
    CHECK(r["kind"] == "fail");
    CHECK(r["locations"].size() == 1);
    CHECK(r["partialFingerprints"]["primaryLocationLineHash"].get<std::string>().ends_with(":1"));
  }
  // Sorted by check id: cookie, csp, hsts, sqli (cart before item), zz.
  CHECK(results[0]["ruleId"] == "cookie-no-httponly");
  CHECK(results[3]["ruleId"] == "sqli-error");
  CHECK(results[3]["message"]["text"].get<std::string>().find("/cart") != std::string::npos);
  CHECK(results[5]["ruleId"] == "zz-unlisted");
  CHECK(results[5]["level"] == "error");
  CHECK(results[5].contains("webResponse") == false);  // status 0: no response

  const auto& hsts = results[2];
  CHECK(hsts["message"]["text"] ==
        "No Strict-Transport-Security header on HTTPS responses at https://example.com/ (57 "
        "URLs affected)");
  CHECK(hsts["relatedLocations"].size() == 3);
  CHECK(hsts["properties"]["affected_count"] == 57);
  CHECK(hsts["partialFingerprints"]["primaryLocationLineHash"] == "a1b2c3d4e5f60718:1");

  const auto& sqli = results[4];
  CHECK(sqli["locations"][0]["physicalLocation"]["region"]["startLine"] == 42);
  CHECK(sqli["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "dast/127.0.0.1_8080/item");
  CHECK(sqli["webResponse"]["statusCode"] == 500);

  const auto& cookie = results[0];
  CHECK(cookie["webResponse"]["headers"]["Set-Cookie"] ==
        "SESSIONID=<redacted>; Path=/; Secure\ntheme=<redacted>; Expires=Wed, 21 Oct 2026 "
        "07:28:00 GMT; HttpOnly");
  CHECK(cookie["webRequest"]["headers"]["Authorization"] == "Bearer <redacted>");
  CHECK(cookie["properties"]["evidence"]["header_value"] == "SESSIONID=<redacted>; Path=/; Secure");

  const auto& inv = run["invocations"][0];
  CHECK(inv["executionSuccessful"] == true);
  CHECK(inv["startTimeUtc"] == "2026-01-02T03:04:05Z");
  REQUIRE(inv["toolExecutionNotifications"].size() == 2);
  CHECK(inv["toolExecutionNotifications"][0]["descriptor"]["id"] == "body-truncated");
  CHECK(inv["toolExecutionNotifications"][0]["properties"]["count"] == 3);
  CHECK(inv["toolExecutionNotifications"][1].contains("locations") == false);
  CHECK(run["properties"]["statistics"]["requests"] == 120);
}

TEST_CASE("SARIF ruleIndex points at the rule of the result, whatever the order") {
  // Findings of rules listed late, early, twice and not at all.
  ScanSummary summary = golden_summary();
  std::vector<Finding> findings;
  for (const char* id : {"server-banner", "csp-missing", "not-listed-b", "sqli-error",
                         "not-listed-a", "server-banner", "hsts-missing"}) {
    Finding f;
    f.check_id = id;
    f.url = std::string("https://example.com/") + id + "/" + std::to_string(findings.size());
    for (const CheckInfo* info : summary.rules) {
      if (info->id == f.check_id) f.severity = info->severity;  // no severity variants here
    }
    findings.push_back(f);
  }
  const auto doc = build_sarif(findings, summary);
  const auto& rules = doc["runs"][0]["tool"]["driver"]["rules"];
  const auto& results = doc["runs"][0]["results"];
  REQUIRE(results.size() == findings.size());
  CHECK(rules.size() == summary.rules.size() + 2);
  for (const auto& r : results) {
    const std::size_t index = r["ruleIndex"].get<std::size_t>();
    REQUIRE(index < rules.size());
    CHECK(rules[index]["id"] == r["ruleId"]);
  }
  // Unlisted rules come after the listed ones, in result order.
  CHECK(rules[5]["id"] == "not-listed-a");
  CHECK(rules[6]["id"] == "not-listed-b");
}

TEST_CASE("SARIF baseline: gone findings are absent results with the baseline's identity") {
  const std::vector<Finding> before = golden_findings();
  const auto before_doc = build_sarif(before, golden_summary());
  // Three findings go away: a per-origin one, one with an evidence line and the one of an
  // unlisted rule.
  std::vector<Finding> after;
  for (const Finding& f : before) {
    if (f.fingerprint != "00112233aabbccdd" && f.check_id != "zz-unlisted" && !f.per_origin) {
      after.push_back(f);
    }
  }
  std::string error;
  for (const std::string& baseline_text :
       {render_sarif(before, golden_summary()), render_json(before, golden_summary())}) {
    const auto baseline = parse_report_findings(baseline_text, "baseline", &error);
    REQUIRE(baseline);
    std::vector<Finding> now = after;
    ScanSummary summary = golden_summary();
    summary.has_baseline = true;
    summary.fixed = apply_baseline(now, *baseline);
    REQUIRE(summary.fixed.size() == 3);
    const auto doc = build_sarif(now, summary);
    const auto& run = doc["runs"][0];
    const auto& results = run["results"];
    REQUIRE(results.size() == after.size() + 3);
    std::size_t absent = 0;
    for (std::size_t i = 0; i < results.size(); ++i) {
      const auto& r = results[i];
      const auto& rule = run["tool"]["driver"]["rules"][r["ruleIndex"].get<std::size_t>()];
      CHECK(rule["id"] == r["ruleId"]);
      if (r["baselineState"] != "absent") {
        CHECK(r["baselineState"] == "unchanged");
        CHECK(r["kind"] == "fail");
        continue;
      }
      ++absent;
      CHECK(i >= after.size());  // after the live results
      CHECK(r["kind"] == "pass");
      CHECK(r["level"] == "none");  // SARIF 3.27.10: kind other than "fail" needs level none
      // The same result identity as in the baseline's SARIF: rule, location, fingerprint.
      const nlohmann::ordered_json* old = nullptr;
      for (const auto& o : before_doc["runs"][0]["results"]) {
        if (o["partialFingerprints"] == r["partialFingerprints"]) old = &o;
      }
      REQUIRE(old != nullptr);
      CHECK((*old)["ruleId"] == r["ruleId"]);
      CHECK((*old)["locations"][0]["physicalLocation"] == r["locations"][0]["physicalLocation"]);
      CHECK((*old)["locations"][0]["message"] == r["locations"][0]["message"]);
      CHECK((*old)["message"] == r["message"]);
      CHECK((*old)["properties"]["security-severity"] == r["properties"]["security-severity"]);
    }
    CHECK(absent == 3);
    CHECK(results[after.size()]["ruleId"] == "hsts-missing");
    CHECK(results[after.size()]["message"]["text"].get<std::string>().ends_with(
        " (57 URLs affected)"));
    CHECK(results[after.size() + 1]["ruleId"] == "sqli-error");
    CHECK(results[after.size() + 1]["locations"][0]["physicalLocation"]["region"]["startLine"] ==
          42);
    CHECK(results[after.size() + 2]["ruleId"] == "zz-unlisted");

    // Valid for the schema and GitHub's rules; read back, absent results are no findings.
    testfix::TempFile file("absent.sarif");
    testfix::write_file_text(file.path(), dump_report(doc));
    CHECK(testfix::run_sarif_lint({file.str()}) == 0);
    const auto again = parse_report_findings(dump_report(doc), "after", &error);
    REQUIRE(again);
    CHECK(again->size() == after.size());
  }
}

TEST_CASE("SARIF empty scan: still a valid file with results []") {
  ScanSummary summary = golden_summary();
  summary.notifications.clear();
  const auto doc = build_sarif({}, summary);
  const auto& run = doc["runs"][0];
  CHECK(run["results"].is_array());
  CHECK(run["results"].empty());
  CHECK(run["tool"]["driver"]["rules"].size() == summary.rules.size());
  CHECK(run["invocations"][0].contains("toolExecutionNotifications") == false);

  ScanSummary bare;  // nothing at all: no rules, no times, no version
  testfix::TempFile bare_file("empty-bare.sarif");
  testfix::TempFile file("empty.sarif");
  SarifReporter reporter(file.str());
  std::string error;
  REQUIRE(reporter.finish(summary, &error));
  SarifReporter bare_reporter(bare_file.str());
  REQUIRE(bare_reporter.finish(bare, &error));
  CHECK(testfix::run_sarif_lint({file.str(), bare_file.str()}) == 0);
}

TEST_CASE("SARIF lint rejects an absolute artifact URI") {
  auto doc = build_sarif(golden_findings(), golden_summary());
  doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
      "https://example.com/login";
  testfix::TempFile file("bad-uri.sarif");
  testfix::write_file_text(file.path(), doc.dump(2));
  CHECK(testfix::run_sarif_lint({file.str()}) == 1);
}

TEST_CASE("SARIF lint rejects a wrong ruleIndex") {
  auto doc = build_sarif(golden_findings(), golden_summary());
  doc["runs"][0]["results"][0]["ruleIndex"] = 0;  // rule 0 is csp-missing, result is a cookie
  testfix::TempFile file("bad-index.sarif");
  testfix::write_file_text(file.path(), doc.dump(2));
  CHECK(testfix::run_sarif_lint({file.str()}) == 1);
}

TEST_CASE("SARIF reporter writes the rendered document atomically") {
  testfix::TempFile file("report.sarif");
  SarifReporter reporter(file.str());
  for (const Finding& f : golden_findings()) reporter.add(f);
  std::string error;
  REQUIRE(reporter.finish(golden_summary(), &error));
  CHECK(error.empty());
  CHECK(testfix::read_file_text(file.path()) == render_sarif(golden_findings(), golden_summary()));
  CHECK_FALSE(std::filesystem::exists(file.str() + ".tmp"));

  SarifReporter bad("/nonexistent-dir-gapscan/report.sarif");
  CHECK_FALSE(bad.finish(golden_summary(), &error));
  CHECK_FALSE(error.empty());
}

TEST_CASE("SARIF output contains no secret and only valid UTF-8") {
  const std::string text = render_sarif(golden_findings(), golden_summary());
  CHECK(text.find("SECRET") == std::string::npos);
  // Strict parse: throws on invalid UTF-8.
  CHECK(nlohmann::json::parse(text).is_object());    // strict: throws on invalid UTF-8
  CHECK(text.find("\\u0000") == std::string::npos);  // NUL shown as \x00, not raw
}

TEST_CASE("SARIF output does not depend on the order findings arrive in") {
  std::vector<Finding> findings = golden_findings();
  const std::string expected = render_sarif(findings, golden_summary());
  std::mt19937 rng(12345);
  for (int i = 0; i < 10; ++i) {
    std::shuffle(findings.begin(), findings.end(), rng);
    CHECK(render_sarif(findings, golden_summary()) == expected);
  }
}

TEST_CASE("sarif_artifact_uri: scheme-less, port always written, unsafe bytes encoded") {
  CHECK(sarif_artifact_uri("https://example.com/login") == "dast/example.com_443/login");
  CHECK(sarif_artifact_uri("http://example.com") == "dast/example.com_80/");
  CHECK(sarif_artifact_uri("http://Example.COM:8080/a/b?x=1#f") == "dast/example.com_8080/a/b");
  CHECK(sarif_artifact_uri("http://[::1]:8080/x") == "dast/--1_8080/x");
  CHECK(sarif_artifact_uri("https://[2001:db8::1]/") == "dast/2001-db8--1_443/");
  CHECK(sarif_artifact_uri("http://h/a b/\"q\"/<x>") == "dast/h_80/a%20b/%22q%22/%3Cx%3E");
  CHECK(sarif_artifact_uri("http://h/caf\xC3\xA9") == "dast/h_80/caf%C3%A9");
  CHECK(sarif_artifact_uri("http://h/100%/ok%2F") == "dast/h_80/100%25/ok%2F");
  CHECK(sarif_artifact_uri("http://h/a/../../etc/./x") == "dast/h_80/a/%2E%2E/%2E%2E/etc/%2E/x");
  CHECK(sarif_artifact_uri("http://h/s;jsessionid=<redacted>") ==
        "dast/h_80/s;jsessionid=%3Credacted%3E");
  CHECK(sarif_artifact_uri("") == "dast/unknown_0/");
}

TEST_CASE("SARIF rule names, levels and security severities") {
  CHECK(sarif_rule_name("csp-missing") == "CspMissing");
  CHECK(sarif_rule_name("cookie-no-httponly") == "CookieNoHttponly");
  CHECK(sarif_rule_name("x_y.z9") == "XYZ9");
  CHECK(sarif_level(Severity::critical) == "error");
  CHECK(sarif_level(Severity::high) == "error");
  CHECK(sarif_level(Severity::medium) == "warning");
  CHECK(sarif_level(Severity::low) == "warning");
  CHECK(sarif_level(Severity::info) == "note");
  CHECK(sarif_security_severity(Severity::critical) == "9.5");
  CHECK(sarif_security_severity(Severity::info) == "0.1");  // GitHub: (0, 10]
}

TEST_CASE("SARIF: a finding whose severity is not its check's gets a rule of that severity") {
  static const CheckInfo info{"cors-null-origin",
                              "CORS trusts null",
                              CheckKind::active,
                              942,
                              Severity::medium,
                              Confidence::high,
                              "desc",
                              "fix",
                              {}};
  ScanSummary summary;
  summary.rules = {&info};
  std::vector<Finding> findings(3);
  for (std::size_t i = 0; i < findings.size(); ++i) {
    findings[i].check_id = "cors-null-origin";
    findings[i].url = "http://127.0.0.1:8080/p" + std::to_string(i);
    findings[i].fingerprint = "fp" + std::to_string(i);
  }
  findings[0].severity = Severity::medium;
  findings[1].severity = Severity::high;  // escalated: credentials allowed too
  findings[2].severity = Severity::high;
  const auto doc = build_sarif(findings, summary);
  const auto& rules = doc["runs"][0]["tool"]["driver"]["rules"];
  REQUIRE(rules.size() == 2);
  CHECK(rules[0]["id"] == "cors-null-origin");
  CHECK(rules[0]["properties"]["security-severity"] == "5.5");
  CHECK(rules[1]["id"] == "cors-null-origin/high");
  CHECK(rules[1]["properties"]["security-severity"] == "8.0");
  CHECK(rules[1]["defaultConfiguration"]["level"] == "error");
  CHECK(rules[1]["shortDescription"]["text"] == "CORS trusts null (high)");
  CHECK(rules[1]["help"] == rules[0]["help"]);
  for (const auto& r : doc["runs"][0]["results"]) {
    const auto& rule = rules[r["ruleIndex"].get<std::size_t>()];
    CHECK(rule["id"] == r["ruleId"]);
    CHECK(rule["properties"]["security-severity"] == r["properties"]["security-severity"]);
    CHECK(rule["defaultConfiguration"]["level"] == r["level"]);
  }
  CHECK(check_id_of_rule("cors-null-origin/high") == "cors-null-origin");
  CHECK(check_id_of_rule("cors-null-origin") == "cors-null-origin");
  CHECK(check_id_of_rule("odd/rule") == "odd/rule");
  CHECK(sarif_rule_id("a", Severity::low, Severity::low) == "a");
  CHECK(sarif_rule_id("a", Severity::info, Severity::low) == "a/info");
}

TEST_CASE("SARIF full description is cut to 1024 bytes on a character boundary") {
  static const std::string long_text = std::string(1021, 'a') + "\xC3\xA9\xC3\xA9";
  static const CheckInfo info{
      "long-rule", "Long", CheckKind::passive, 0, Severity::low, Confidence::low, long_text,
      "",          {}};
  ScanSummary summary;
  summary.rules = {&info};
  const auto doc = build_sarif({}, summary);
  const std::string full =
      doc["runs"][0]["tool"]["driver"]["rules"][0]["fullDescription"]["text"].get<std::string>();
  CHECK(full.size() <= 1024);
  CHECK(full.ends_with("\xE2\x80\xA6"));
  CHECK(nlohmann::json::parse(nlohmann::json(full).dump()).is_string());
  // No CWE: only the security tag.
  CHECK(doc["runs"][0]["tool"]["driver"]["rules"][0]["properties"]["tags"].size() == 1);
}

}  // namespace gapscan
