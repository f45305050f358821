// JSON reporter: golden output, stable shape, redaction, ordering and the JSONL line form.
#include "reports/json_reporter.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>

#include "test/reports/report_test_fixture.h"

namespace gapscan {

using testfix::golden_findings;
using testfix::golden_summary;

TEST_CASE("JSON golden report") {
  testfix::check_golden("test/golden/report.json",
                        render_json(golden_findings(), golden_summary()));
}

TEST_CASE("JSON shape: header, scan, summary, findings, notifications") {
  const auto doc = build_json(golden_findings(), golden_summary());
  CHECK(doc["format"] == "gapscan-report");
  CHECK(doc["format_version"] == 1);
  CHECK(doc["tool"]["name"] == "gapscan");
  CHECK(doc["tool"]["version"] == "0.0.0-test");
  CHECK(doc["scan"]["completed"] == true);
  CHECK(doc["scan"]["targets"][0] == "https://example.com/");
  CHECK(doc["scan"]["options"]["header"] == "Authorization: Bearer <redacted>\nX-Trace: 1");
  CHECK(doc["scan"]["options"]["proxy"] == "http://proxy.local:3128");
  CHECK(doc["scan"]["statistics"]["probe_requests"]["sqli-error"] == 30);
  CHECK(doc["summary"]["total"] == 6);
  const auto& by = doc["summary"]["by_severity"];
  CHECK(by.dump() == R"({"critical":1,"high":2,"medium":2,"low":1,"info":0})");

  const auto& findings = doc["findings"];
  REQUIRE(findings.size() == 6);
  CHECK(findings[0]["check"] == "cookie-no-httponly");
  CHECK(findings[0]["title"] == "Cookie without HttpOnly");
  CHECK(findings[0]["cwe"] == 1004);
  CHECK(findings[0]["request"]["headers"][0] ==
        nlohmann::ordered_json({"Authorization", "Bearer <redacted>"}));
  CHECK(findings[0]["response"]["headers"].size() == 3);  // Set-Cookie twice, kept apart
  CHECK(findings[2]["affected_count"] == 57);
  CHECK(findings[2]["affected_urls"].size() == 3);
  CHECK(findings[1].contains("affected_urls") == false);
  // Unknown check: title falls back to the id, cwe to 0.
  CHECK(findings[5]["check"] == "zz-unlisted");
  CHECK(findings[5]["title"] == "zz-unlisted");
  CHECK(findings[5]["cwe"] == 0);
  CHECK(findings[5]["response"]["status"] == 0);
  // Every finding has the same keys apart from the per-origin pair.
  for (const auto& f : findings) {
    for (const char* key :
         {"check", "title", "severity", "confidence", "cwe", "url", "method", "parameter", "key",
          "message", "evidence", "request", "response", "fingerprint"}) {
      CAPTURE(key);
      CHECK(f.contains(key));
    }
    CHECK(f["fingerprint"].get<std::string>().size() == 16);
  }
  CHECK(doc["notifications"].size() == 2);
  CHECK(doc["notifications"][0]["url"] == "https://example.com/big?session=<redacted>");
  CHECK(doc["notifications"][0]["count"] == 3);
}

TEST_CASE("JSON empty scan") {
  const auto doc = build_json({}, ScanSummary{});
  CHECK(doc["findings"].is_array());
  CHECK(doc["findings"].empty());
  CHECK(doc["notifications"].is_array());
  CHECK(doc["summary"]["total"] == 0);
  CHECK(doc["summary"]["by_severity"]["critical"] == 0);
  CHECK(doc["scan"]["statistics"]["probe_requests"].is_object());
}

TEST_CASE("JSON output contains no secret and only valid UTF-8") {
  const std::string text = render_json(golden_findings(), golden_summary());
  CHECK(text.find("SECRET") == std::string::npos);
  CHECK(nlohmann::json::parse(text).is_object());  // strict: throws on invalid UTF-8
  for (const Finding& f : golden_findings()) {
    const std::string line = finding_to_jsonl(f, nullptr);
    CHECK(line.find("SECRET") == std::string::npos);
  }
}

TEST_CASE("JSON output does not depend on the order findings arrive in") {
  std::vector<Finding> findings = golden_findings();
  const std::string expected = render_json(findings, golden_summary());
  std::mt19937 rng(777);
  for (int i = 0; i < 10; ++i) {
    std::shuffle(findings.begin(), findings.end(), rng);
    CHECK(render_json(findings, golden_summary()) == expected);
  }
}

TEST_CASE("finding_to_jsonl: one compact line equal to the report's finding object") {
  const ScanSummary summary = golden_summary();
  const auto doc = build_json(golden_findings(), summary);
  const std::vector<Finding> findings = golden_findings();
  const Finding& sqli = findings[3];
  const std::string line = finding_to_jsonl(sqli, &testfix::sqli_info());
  CHECK(line.ends_with("\n"));
  CHECK(std::count(line.begin(), line.end(), '\n') == 1);
  const auto parsed = nlohmann::ordered_json::parse(line);
  CHECK(parsed == doc["findings"][4]);  // item sorts after cart
  CHECK(parsed["title"] == "SQL injection (error based)");
  CHECK(parsed["evidence"]["line"] == 42);
}

TEST_CASE("JSON reporter writes the rendered document") {
  testfix::TempFile file("report.json");
  JsonReporter reporter(file.str());
  for (const Finding& f : golden_findings()) reporter.add(f);
  std::string error;
  REQUIRE(reporter.finish(golden_summary(), &error));
  CHECK(testfix::read_file_text(file.path()) == render_json(golden_findings(), golden_summary()));
  CHECK_FALSE(std::filesystem::exists(file.str() + ".tmp"));

  JsonReporter bad("/nonexistent-dir-gapscan/report.json");
  CHECK_FALSE(bad.finish(golden_summary(), &error));
  CHECK(error.find("nonexistent-dir-gapscan") != std::string::npos);
}

}  // namespace gapscan
