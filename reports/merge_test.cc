// gapscan merge: small literal reports (rule-index remap, dedupe, runs per tool and category,
// absent versus present, JSON recounts) and the golden scan split in two and merged back.
#include "reports/merge.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>

#include "reports/json_reporter.h"
#include "reports/report_common.h"
#include "reports/sarif_reporter.h"
#include "test/reports/report_test_fixture.h"

namespace gapscan {
namespace {

using ojson = nlohmann::ordered_json;

ojson rule(const char* id) {
  return {{"id", id},
          {"shortDescription", {{"text", id}}},
          {"fullDescription", {{"text", id}}},
          {"help", {{"text", id}}},
          {"defaultConfiguration", {{"level", "warning"}}},
          {"properties", {{"tags", {"security"}}, {"security-severity", "5.5"}}}};
}

ojson result(const char* rule_id, int rule_index, const char* fp, const char* text,
             const char* state = nullptr) {
  ojson location;
  location["physicalLocation"] = {{"artifactLocation", {{"uri", "dast/h_80/x"}}},
                                  {"region", {{"startLine", 1}}}};
  location["message"] = {{"text", "http://h/x"}};
  ojson r;
  r["ruleId"] = rule_id;
  r["ruleIndex"] = rule_index;
  r["level"] = "warning";
  r["message"] = {{"text", text}};
  r["locations"] = ojson::array({location});
  if (state != nullptr) r["baselineState"] = state;
  r["partialFingerprints"] = {{"primaryLocationLineHash", std::string(fp) + ":1"}};
  return r;
}

ojson run(const char* tool, std::vector<ojson> rules, std::vector<ojson> results,
          const char* category = nullptr) {
  ojson r;
  r["tool"] = {{"driver", {{"name", tool}, {"rules", std::move(rules)}}}};
  if (category != nullptr) r["automationDetails"] = {{"id", category}};
  r["results"] = std::move(results);
  return r;
}

ojson log(std::vector<ojson> runs) {
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs", std::move(runs)}};
}

void check_rule_indexes(const ojson& sarif) {
  for (const auto& r : sarif["runs"]) {
    const auto& rules = r["tool"]["driver"]["rules"];
    for (const auto& res : r["results"]) {
      const auto index = res["ruleIndex"].get<std::size_t>();
      REQUIRE(index < rules.size());
      CHECK(rules[index]["id"] == res["ruleId"]);
    }
  }
}

void check_lint(const ojson& sarif, const char* name) {
  testfix::TempFile file(name);
  testfix::write_file_text(file.path(), dump_report(sarif));
  CHECK(testfix::run_sarif_lint({file.str()}) == 0);
}

TEST_CASE("merge: SARIF rules unioned, ruleIndex re-pointed, results deduplicated") {
  ojson a = log({run("gapscan", {rule("r-a"), rule("r-b")},
                     {result("r-b", 1, "X", "first copy"), result("r-a", 0, "Y", "only in a")})});
  a["runs"][0]["invocations"] = {
      {{"executionSuccessful", true},
       {"startTimeUtc", "2026-01-02T03:00:00Z"},
       {"endTimeUtc", "2026-01-02T03:10:00Z"},
       {"toolExecutionNotifications", {{{"level", "note"}, {"message", {{"text", "a note"}}}}}}}};
  a["runs"][0]["properties"] = {
      {"targets", {"http://a/"}},
      {"statistics", {{"requests", 10}, {"duration_s", 1.5}, {"probe_requests", {{"p", 2}}}}}};
  ojson b = log({run("gapscan", {rule("r-c"), rule("r-b")},
                     {result("r-b", 1, "X", "second copy"), result("r-c", 0, "Z", "only in b")})});
  b["runs"][0]["invocations"] = {{{"executionSuccessful", false},
                                  {"startTimeUtc", "2026-01-02T02:00:00Z"},
                                  {"endTimeUtc", "2026-01-02T03:20:00Z"},
                                  {"toolExecutionNotifications",
                                   {{{"level", "warning"}, {"message", {{"text", "b note"}}}}}}}};
  b["runs"][0]["properties"] = {
      {"targets", {"http://b/", "http://a/"}},
      {"statistics", {{"requests", 5}, {"duration_s", 2.0}, {"probe_requests", {{"p", 1}}}}}};

  const ojson m = merge_sarif({a, b});
  REQUIRE(m["runs"].size() == 1);
  const auto& r = m["runs"][0];
  const auto& rules = r["tool"]["driver"]["rules"];
  REQUIRE(rules.size() == 3);
  CHECK(rules[0]["id"] == "r-a");
  CHECK(rules[1]["id"] == "r-b");
  CHECK(rules[2]["id"] == "r-c");  // index 0 in b, 2 here: its results must follow
  REQUIRE(r["results"].size() == 3);
  check_rule_indexes(m);
  CHECK(r["results"][0]["ruleId"] == "r-a");
  CHECK(r["results"][1]["ruleId"] == "r-b");
  CHECK(r["results"][1]["message"]["text"] == "first copy");
  CHECK(r["results"][2]["ruleId"] == "r-c");
  CHECK(r["results"][2]["ruleIndex"] == 2);

  REQUIRE(r["invocations"].size() == 1);
  const auto& inv = r["invocations"][0];
  CHECK(inv["executionSuccessful"] == false);
  CHECK(inv["startTimeUtc"] == "2026-01-02T02:00:00Z");
  CHECK(inv["endTimeUtc"] == "2026-01-02T03:20:00Z");
  REQUIRE(inv["toolExecutionNotifications"].size() == 2);
  CHECK(inv["toolExecutionNotifications"][1]["message"]["text"] == "b note");
  CHECK(r["properties"]["targets"] == ojson({"http://a/", "http://b/"}));
  CHECK(r["properties"]["statistics"]["requests"] == 15);
  CHECK(r["properties"]["statistics"]["duration_s"] == 3.5);
  CHECK(r["properties"]["statistics"]["probe_requests"]["p"] == 3);
  check_lint(m, "merge-remap.sarif");

  // Deterministic: the same inputs give the same bytes.
  CHECK(dump_report(merge_sarif({a, b})) == dump_report(m));
}

TEST_CASE("merge: runs of other categories or tools stay separate runs") {
  const ojson a = log({run("gapscan", {rule("r-a")}, {result("r-a", 0, "X", "web")}, "web/1")});
  const ojson b = log({run("gapscan", {rule("r-a")}, {result("r-a", 0, "X", "api")}, "api/1")});
  const ojson c = log({run("gapscan", {rule("r-a")}, {result("r-a", 0, "Y", "web 2")}, "web/2"),
                       run("other", {rule("r-a")}, {result("r-a", 0, "X", "other tool")})});
  const ojson m = merge_sarif({a, b, c});
  REQUIRE(m["runs"].size() == 3);
  CHECK(m["runs"][0]["automationDetails"]["id"] == "web/1");
  CHECK(m["runs"][0]["results"].size() == 2);  // web/1 and web/2: one category
  CHECK(m["runs"][1]["automationDetails"]["id"] == "api/1");
  CHECK(m["runs"][1]["results"].size() == 1);  // same fingerprint, another category: kept
  CHECK(m["runs"][2]["tool"]["driver"]["name"] == "other");
  check_rule_indexes(m);
  check_lint(m, "merge-categories.sarif");
}

TEST_CASE("merge: a result still present beats a baseline's absent one") {
  // Shard 1's baseline listed X as gone; shard 2 still finds it.
  const ojson a = log({run(
      "gapscan", {rule("r-a")},
      {result("r-a", 0, "X", "gone", "absent"), result("r-a", 0, "Y", "really gone", "absent")})});
  const ojson b =
      log({run("gapscan", {rule("r-a")}, {result("r-a", 0, "X", "here", "unchanged")})});
  const ojson m = merge_sarif({a, b});
  const auto& results = m["runs"][0]["results"];
  REQUIRE(results.size() == 2);
  CHECK(results[0]["baselineState"] == "unchanged");  // present ones first
  CHECK(results[0]["message"]["text"] == "here");
  CHECK(results[1]["baselineState"] == "absent");
  CHECK(results[1]["message"]["text"] == "really gone");
}

TEST_CASE("merge: the golden scan split in two merges back to the whole scan") {
  const auto findings = testfix::golden_findings();
  const auto summary = testfix::golden_summary();
  // Overlapping halves: findings 2 and 3 are in both.
  const std::vector<Finding> first(findings.begin(), findings.begin() + 4);
  const std::vector<Finding> second(findings.begin() + 2, findings.end());

  const ojson whole_sarif = build_sarif(findings, summary);
  const ojson sarif = merge_sarif({build_sarif(first, summary), build_sarif(second, summary)});
  REQUIRE(sarif["runs"].size() == 1);
  CHECK(sarif["runs"][0]["tool"] == whole_sarif["runs"][0]["tool"]);
  CHECK(sarif["runs"][0]["results"] == whole_sarif["runs"][0]["results"]);
  CHECK(sarif["runs"][0]["properties"]["statistics"]["requests"] == 240);
  check_lint(sarif, "merge-golden.sarif");
  // Merging a report with itself changes no result.
  const ojson twice = merge_sarif({whole_sarif, whole_sarif});
  CHECK(twice["runs"][0]["results"] == whole_sarif["runs"][0]["results"]);

  const ojson whole_json = build_json(findings, summary);
  const ojson json = merge_json({build_json(first, summary), build_json(second, summary)});
  CHECK(json["findings"] == whole_json["findings"]);
  CHECK(json["summary"] == whole_json["summary"]);
  CHECK(json["scan"]["targets"] == whole_json["scan"]["targets"]);
  CHECK(json["scan"]["options"] == whole_json["scan"]["options"]);
  CHECK(json["scan"]["start_time"] == whole_json["scan"]["start_time"]);
  CHECK(json["scan"]["completed"] == true);
  CHECK(json["scan"]["statistics"]["requests"] == 240);
  CHECK(json["scan"]["statistics"]["duration_s"] == 111.0);
  CHECK(json["scan"]["statistics"]["probe_requests"]["sqli-error"] == 60);
  CHECK(json["notifications"].size() == 2 * whole_json["notifications"].size());
  CHECK(json.contains("baseline") == false);
  const ojson json_twice = merge_json({whole_json, whole_json});
  CHECK(json_twice["findings"] == whole_json["findings"]);
  // The same key order as the reporter writes.
  std::vector<std::string> keys, whole_keys;
  for (auto it = json.begin(); it != json.end(); ++it) keys.push_back(it.key());
  for (auto it = whole_json.begin(); it != whole_json.end(); ++it) whole_keys.push_back(it.key());
  CHECK(keys == whole_keys);
}

TEST_CASE("merge: JSON inventory, completion and baseline recounted") {
  auto report = [](bool completed, std::vector<ojson> findings, ojson inventory, ojson fixed) {
    ojson doc;
    doc["format"] = "gapscan-report";
    doc["format_version"] = 1;
    doc["tool"] = {{"name", "gapscan"}, {"version", "1"}};
    doc["scan"] = {{"start_time", "2026-01-02T03:00:00Z"},
                   {"end_time", completed ? "2026-01-02T03:10:00Z" : "2026-01-02T03:30:00Z"},
                   {"completed", completed},
                   {"targets", ojson::array()},
                   {"options", ojson::object()},
                   {"statistics", {{"requests", 1}}}};
    doc["findings"] = std::move(findings);
    doc["notifications"] = ojson::array();
    doc["inventory"] = std::move(inventory);
    doc["baseline"] = {{"fixed_findings", std::move(fixed)}};
    doc["policy"] = {{"source", "gapscan.yml"},
                     {"suppressed", 1},
                     {"suppressed_findings",
                      {{{"check", "s-check"}, {"url", "http://h/"}, {"fingerprint", "S1"}}}}};
    doc["future_block"] = {{"completed", completed}};
    return doc;
  };
  auto finding = [](const char* check, const char* fp, const char* state) {
    return ojson{{"check", check},
                 {"severity", "medium"},
                 {"url", "http://h/"},
                 {"fingerprint", fp},
                 {"baseline_state", state}};
  };
  auto gone = [](const char* check, const char* fp) {
    return ojson{{"check", check}, {"url", "http://h/"}, {"fingerprint", fp}};
  };
  const ojson a =
      report(true, {finding("b-check", "F1", "new"), finding("a-check", "F2", "unchanged")},
             {{{"name", "nginx"}, {"version", "1.2"}, {"origins", {"http://b"}}}},
             {gone("x-check", "F3"), gone("b-check", "F4")});
  const ojson b =
      report(false, {finding("b-check", "F1", "new"), finding("c-check", "F4", "unchanged")},
             {{{"name", "nginx"}, {"version", "1.2"}, {"origins", {"http://a"}}},
              {{"name", "jquery"}, {"version", "3.5.1"}, {"origins", {"http://a"}}}},
             {gone("x-check", "F3")});
  const ojson m = merge_json({a, b});
  REQUIRE(m["findings"].size() == 3);
  CHECK(m["findings"][0]["check"] == "a-check");
  CHECK(m["findings"][2]["check"] == "c-check");
  CHECK(m["summary"]["total"] == 3);
  CHECK(m["summary"]["by_severity"]["medium"] == 3);
  CHECK(m["scan"]["completed"] == false);
  CHECK(m["scan"]["end_time"] == "2026-01-02T03:30:00Z");
  REQUIRE(m["inventory"].size() == 2);
  CHECK(m["inventory"][0]["name"] == "jquery");
  CHECK(m["inventory"][1]["origins"] == ojson({"http://a", "http://b"}));
  // F4 is gone for a but still found by b: not fixed. F3 is listed once.
  CHECK(m["baseline"]["new"] == 1);
  CHECK(m["baseline"]["unchanged"] == 2);
  CHECK(m["baseline"]["fixed"] == 1);
  REQUIRE(m["baseline"]["fixed_findings"].size() == 1);
  CHECK(m["baseline"]["fixed_findings"][0]["fingerprint"] == "F3");
  // The policy block: suppressed findings unioned by fingerprint; unknown blocks kept.
  CHECK(m["policy"]["source"] == "gapscan.yml");
  CHECK(m["policy"]["suppressed"] == 1);
  CHECK(m["policy"]["suppressed_findings"].size() == 1);
  CHECK(m["future_block"]["completed"] == true);
  std::vector<std::string> keys;
  for (auto it = m.begin(); it != m.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"format", "format_version", "tool", "scan", "summary",
                                         "findings", "notifications", "inventory", "policy",
                                         "baseline", "future_block"});
}

TEST_CASE("merge: inputs must be reports of one format") {
  const auto findings = testfix::golden_findings();
  const auto summary = testfix::golden_summary();
  const std::string sarif = render_sarif(findings, summary);
  const std::string json = render_json(findings, summary);
  std::string error;
  CHECK_FALSE(merge_report_texts({{"a.sarif", sarif}, {"b.json", json}}, &error));
  CHECK(error ==
        "cannot merge gapscan JSON (b.json) with SARIF (a.sarif): give inputs of one "
        "format");
  CHECK_FALSE(merge_report_texts({{"x.txt", "not json"}}, &error));
  CHECK(error == "x.txt: not a JSON document");
  CHECK_FALSE(merge_report_texts({{"y.json", "{\"version\": \"2.0.0\", \"runs\": []}"}}, &error));
  CHECK(error == "y.json: neither a gapscan JSON report nor a SARIF 2.1.0 log");
  CHECK_FALSE(merge_report_texts({}, &error));

  const auto merged = merge_report_texts({{"a.sarif", sarif}, {"b.sarif", sarif}}, &error);
  REQUIRE(merged);
  CHECK(detect_report_format(ojson::parse(*merged)) == ReportFormat::sarif);
  const auto merged_json = merge_report_texts({{"a.json", json}}, &error);
  REQUIRE(merged_json);
  CHECK(detect_report_format(ojson::parse(*merged_json)) == ReportFormat::json);
}

TEST_CASE("merge: files in, file out; clear errors") {
  testfix::TempFile a("merge-in-a.sarif"), out("merge-out.sarif");
  testfix::write_file_text(a.path(),
                           render_sarif(testfix::golden_findings(), testfix::golden_summary()));
  std::string error;
  CHECK(merge_report_files({a.str(), a.str()}, out.str(), &error) == MergeStatus::ok);
  CHECK(testfix::run_sarif_lint({out.str()}) == 0);
  CHECK(merge_report_files({a.str(), "/nonexistent/x.sarif"}, out.str(), &error) ==
        MergeStatus::bad_input);
  CHECK(error == "/nonexistent/x.sarif: cannot be read");
  CHECK(merge_report_files({a.str()}, "/nonexistent-dir-gapscan/out.sarif", &error) ==
        MergeStatus::write_failed);
}

TEST_CASE("merge: statistics add without overflow; reports nested too deep are refused") {
  auto report = [](ojson requests) {
    ojson doc;
    doc["format"] = "gapscan-report";
    doc["format_version"] = 1;
    doc["tool"] = {{"name", "gapscan"}, {"version", "1"}};
    doc["scan"] = {{"completed", true}, {"statistics", {{"requests", std::move(requests)}}}};
    doc["findings"] = ojson::array();
    return doc;
  };
  constexpr std::uint64_t kTwo63 = std::uint64_t{1} << 63;
  // Found by fuzzing: 2^63 + -1 was a signed overflow.
  ojson m = merge_json({report(kTwo63), report(-1)});
  CHECK(m["scan"]["statistics"]["requests"] == std::numeric_limits<std::int64_t>::max());
  m = merge_json({report(kTwo63), report(kTwo63)});  // 2^64: no longer exact, never wrapped
  CHECK(m["scan"]["statistics"]["requests"].is_number_float());
  CHECK(m["scan"]["statistics"]["requests"].get<double>() == 18446744073709551616.0);
  m = merge_json({report(std::uint64_t{2}), report(std::uint64_t{3})});
  CHECK(m["scan"]["statistics"]["requests"].is_number_unsigned());
  CHECK(m["scan"]["statistics"]["requests"] == 5);

  // Found by fuzzing: an array nested ~7,000 deep in a report overflowed the stack.
  ojson deep = report(1);
  std::string text = deep.dump();
  text.insert(text.size() - 1, ",\"x\":" + std::string(7000, '[') + std::string(7000, ']'));
  std::string error;
  CHECK_FALSE(merge_report_texts({{"deep.json", text}, {"ok.json", report(1).dump()}}, &error));
  CHECK(error == "deep.json: nested deeper than 128 levels");
}

}  // namespace
}  // namespace gapscan
