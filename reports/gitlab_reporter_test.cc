// GitLab DAST reporter: golden output, the fields schema 15.0.7 requires, identifiers, times,
// ids, redaction and ordering.
#include "reports/gitlab_reporter.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <regex>
#include <set>
#include <string>

#include "test/reports/report_test_fixture.h"

namespace gapscan {
namespace {

using testfix::golden_findings;
using testfix::golden_summary;

const nlohmann::ordered_json* find_vulnerability(const nlohmann::ordered_json& doc,
                                                 const std::string& check,
                                                 const std::string& path) {
  for (const auto& v : doc["vulnerabilities"]) {
    if (v["identifiers"][0]["value"] == check && v["location"]["path"] == path) return &v;
  }
  return nullptr;
}

TEST_CASE("gitlab: golden report") {
  testfix::check_golden("test/golden/report.gitlab.json",
                        render_gitlab(golden_findings(), golden_summary()));
}

TEST_CASE("gitlab: scan object has every required field") {
  const auto doc = build_gitlab(golden_findings(), golden_summary());
  CHECK(doc["version"] == "15.0.7");
  const auto& scan = doc["scan"];
  CHECK(scan["type"] == "dast");
  CHECK(scan["status"] == "success");
  CHECK(scan["start_time"] == "2026-01-02T03:04:05");
  CHECK(scan["end_time"] == "2026-01-02T03:05:00");
  for (const char* tool : {"analyzer", "scanner"}) {
    CAPTURE(tool);
    CHECK(scan[tool]["id"] == "gapscan");
    CHECK(scan[tool]["name"] == "gapscan");
    CHECK(scan[tool]["version"] == "0.0.0-test");
    CHECK(scan[tool]["vendor"]["name"] == "gapscan");
  }
  CHECK(scan["scanned_resources"].is_array());
  REQUIRE(scan["messages"].size() == 2);
  CHECK(scan["messages"][0]["level"] == "warn");
  CHECK(scan["messages"][1]["level"] == "warn");
  CHECK(scan["messages"][0]["value"].get<std::string>().find("(3 times)") != std::string::npos);

  ScanSummary partial = golden_summary();
  partial.completed = false;
  partial.tool_version.clear();
  const auto failed = build_gitlab({}, partial);
  CHECK(failed["scan"]["status"] == "failure");
  CHECK(failed["scan"]["analyzer"]["version"] == "unknown");
  CHECK(failed["vulnerabilities"].is_array());
  CHECK(failed["vulnerabilities"].empty());

  // What kept the scan from scanning is fatal; the other events stay warnings.
  ScanSummary unreachable = golden_summary();
  unreachable.completed = false;
  unreachable.notifications = {
      {"error", "connection-failed", "Failed to connect", "http://127.0.0.1:9/", 1},
      {"error", "no-target-reachable", "no target answered; nothing was scanned", "", 1}};
  const auto none = build_gitlab({}, unreachable);
  REQUIRE(none["scan"]["messages"].size() == 2);
  std::set<std::string> levels;
  for (const auto& m : none["scan"]["messages"]) {
    levels.insert(m["level"].get<std::string>() + ":" +
                  (m["value"].get<std::string>().find("nothing was scanned") != std::string::npos
                       ? "unreachable"
                       : "connect"));
  }
  CHECK(levels == std::set<std::string>{"fatal:unreachable", "warn:connect"});
}

TEST_CASE("gitlab: vulnerabilities carry the 15.x fields and none of the removed ones") {
  const auto doc = build_gitlab(golden_findings(), golden_summary());
  const auto& vulns = doc["vulnerabilities"];
  REQUIRE(vulns.size() == 6);
  const std::regex uuid("^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> ids;
  for (const auto& v : vulns) {
    const std::string id = v["id"].get<std::string>();
    CHECK(std::regex_match(id, uuid));
    ids.insert(id);
    for (const char* key :
         {"name", "description", "severity", "identifiers", "links", "location", "evidence"}) {
      CAPTURE(key);
      CHECK(v.contains(key));
    }
    // Removed in model 15 of GitLab's schemas.
    for (const char* key : {"cve", "category", "message", "confidence", "scanner"}) {
      CAPTURE(key);
      CHECK_FALSE(v.contains(key));
    }
    CHECK(v["links"].is_array());
    CHECK(v["identifiers"][0]["type"] == "gapscan_check_id");
    for (const char* key : {"hostname", "method", "param", "path"})
      CHECK(v["location"].contains(key));
    CHECK_FALSE(v["evidence"]["summary"].get<std::string>().empty());
  }
  CHECK(ids.size() == vulns.size());

  const auto* csp = find_vulnerability(doc, "csp-missing", "/search");
  REQUIRE(csp != nullptr);
  CHECK((*csp)["name"] == "Content-Security-Policy header missing");
  CHECK((*csp)["severity"] == "Medium");
  CHECK((*csp)["solution"] ==
        "Send a Content-Security-Policy header with at least default-src and script-src.");
  CHECK((*csp)["description"].get<std::string>().starts_with(
      "No Content-Security-Policy header\n\n"));
  REQUIRE((*csp)["identifiers"].size() == 2);
  const auto& cwe = (*csp)["identifiers"][1];
  CHECK(cwe["type"] == "cwe");
  CHECK(cwe["name"] == "CWE-693");
  CHECK(cwe["value"] == "693");
  CHECK(cwe["url"] == "https://cwe.mitre.org/data/definitions/693.html");
  REQUIRE((*csp)["links"].size() == 2);
  CHECK((*csp)["links"][0]["url"] == "https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP");
  CHECK((*csp)["location"]["hostname"] == "https://example.com");

  const auto* sqli = find_vulnerability(doc, "sqli-error", "/item");
  REQUIRE(sqli != nullptr);
  CHECK((*sqli)["severity"] == "High");
  CHECK((*sqli)["location"]["hostname"] == "http://127.0.0.1:8080");
  CHECK((*sqli)["location"]["method"] == "GET");
  CHECK((*sqli)["location"]["param"] == "id");
  const auto& ev = (*sqli)["evidence"];
  CHECK(ev["request"]["method"] == "GET");
  CHECK(ev["request"]["url"] == "http://127.0.0.1:8080/item?id=1%27");
  CHECK(ev["request"]["headers"].is_array());
  CHECK(ev["response"]["status_code"] == 500);
  CHECK(ev["response"]["reason_phrase"] == "Internal Server Error");
  CHECK(ev["summary"] == "line 42: You have an error in your SQL syntax");

  // A check missing from the rules: no CWE, no solution, links still [].
  const auto& orphan = vulns[5];
  CHECK(orphan["identifiers"][0]["value"] == "zz-unlisted");
  CHECK(orphan["identifiers"].size() == 1);
  CHECK(orphan["severity"] == "Critical");
  CHECK(orphan["links"] == nlohmann::ordered_json::array());
  CHECK_FALSE(orphan.contains("solution"));
  CHECK_FALSE(orphan["evidence"].contains("response"));  // no response was received

  // The per-origin finding lists its (redacted) affected URLs.
  const auto* hsts = find_vulnerability(doc, "hsts-missing", "/");
  REQUIRE(hsts != nullptr);
  const std::string description = (*hsts)["description"].get<std::string>();
  CHECK(description.find("Affected URLs (57):") != std::string::npos);
  CHECK(description.find("https://example.com/reset?token=<redacted>&x=1") != std::string::npos);
}

TEST_CASE("gitlab: no secret reaches the report, headers redacted like SARIF") {
  const std::string text = render_gitlab(golden_findings(), golden_summary());
  CHECK(text.find("SECRET") == std::string::npos);
  const auto doc = build_gitlab(golden_findings(), golden_summary());
  const auto* cookie =
      find_vulnerability(doc, "cookie-no-httponly", "/login;jsessionid=<redacted>");
  REQUIRE(cookie != nullptr);
  const auto& request = (*cookie)["evidence"]["request"];
  CHECK(request["method"] == "POST");
  REQUIRE(request["headers"].size() == 3);
  CHECK(request["headers"][0]["name"] == "Authorization");
  CHECK(request["headers"][0]["value"] == "Bearer <redacted>");
  CHECK(request["headers"][1]["value"] == "sid=<redacted>; theme=<redacted>");
  CHECK(request["headers"][2]["value"] == "<redacted>");
  const auto& response = (*cookie)["evidence"]["response"];
  CHECK(response["status_code"] == 302);
  CHECK(response["reason_phrase"] == "Found");
  REQUIRE(response["headers"].size() == 3);
  CHECK(response["headers"][0]["value"] == "SESSIONID=<redacted>; Path=/; Secure");
  CHECK(response["headers"][2]["value"] == "/home?code=<redacted>");
  CHECK((*cookie)["location"]["hostname"] == "http://[::1]:8080");
  CHECK((*cookie)["evidence"]["summary"] == "Set-Cookie: SESSIONID=<redacted>; Path=/; Secure");
}

TEST_CASE("gitlab: same findings in any order give the same bytes; ids follow fingerprints") {
  auto findings = golden_findings();
  const std::string expected = render_gitlab(findings, golden_summary());
  std::mt19937 rng(7);
  for (int i = 0; i < 5; ++i) {
    std::shuffle(findings.begin(), findings.end(), rng);
    CHECK(render_gitlab(findings, golden_summary()) == expected);
  }
  CHECK(gitlab_vulnerability_id("00112233aabbccdd") == gitlab_vulnerability_id("00112233aabbccdd"));
  CHECK(gitlab_vulnerability_id("00112233aabbccdd") != gitlab_vulnerability_id("44556677eeff0011"));
}

TEST_CASE("gitlab: times without zone or fractions, converted to UTC") {
  CHECK(gitlab_time("2026-01-02T03:04:05Z") == "2026-01-02T03:04:05");
  CHECK(gitlab_time("2026-01-02T03:04:05.987654Z") == "2026-01-02T03:04:05");
  CHECK(gitlab_time("2026-01-02T01:30:00+02:00") == "2026-01-01T23:30:00");
  CHECK(gitlab_time("2025-12-31T23:30:00-01:00") == "2026-01-01T00:30:00");
  CHECK(gitlab_time("2026-01-02T03:04:05") == "2026-01-02T03:04:05");
  CHECK(gitlab_time("").empty());
  CHECK(gitlab_time("yesterday").empty());
  CHECK(gitlab_time("2026-13-02T03:04:05Z").empty());
  CHECK(gitlab_time("2026-01-02T03:04:05Zjunk").empty());

  ScanSummary s = golden_summary();
  s.start_time.clear();
  const auto doc = build_gitlab({}, s);
  CHECK(doc["scan"]["start_time"] == "2026-01-02T03:05:00");  // falls back to the end time
}

TEST_CASE("gitlab: severities and reason phrases") {
  CHECK(gitlab_severity(Severity::info) == "Info");
  CHECK(gitlab_severity(Severity::low) == "Low");
  CHECK(gitlab_severity(Severity::medium) == "Medium");
  CHECK(gitlab_severity(Severity::high) == "High");
  CHECK(gitlab_severity(Severity::critical) == "Critical");
  CHECK(http_reason_phrase(200) == "OK");
  CHECK(http_reason_phrase(404) == "Not Found");
  CHECK(http_reason_phrase(599).empty());
}

TEST_CASE("gitlab: reporter writes the file") {
  testfix::TempFile file("report.gitlab.json");
  GitlabReporter reporter(file.str());
  for (const Finding& f : golden_findings()) reporter.add(f);
  std::string error;
  REQUIRE(reporter.finish(golden_summary(), &error));
  CHECK(testfix::read_file_text(file.path()) == render_gitlab(golden_findings(), golden_summary()));

  GitlabReporter bad("/nonexistent-dir/report.json");
  CHECK_FALSE(bad.finish(golden_summary(), &error));
  CHECK(error.find("/nonexistent-dir") != std::string::npos);
}

}  // namespace
}  // namespace gapscan
