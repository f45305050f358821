// `gapscan merge`: several gapscan reports (the SARIF logs or the JSON reports of --shard jobs,
// say) combined into one valid report of the same format.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace gapscan {

enum class ReportFormat { sarif, json };

// The format of a parsed report by its content: gapscan JSON ("format": "gapscan-report") or
// SARIF ("version": "2.1.0" with a "runs" array); nullopt for anything else.
std::optional<ReportFormat> detect_report_format(const nlohmann::ordered_json& doc);

// SARIF logs merged into one log. Runs of the same tool (driver name) and category
// (automationDetails.id) become one run: rules unioned by id (every result's ruleIndex
// re-pointed into the merged list), results deduplicated by partialFingerprints (the first
// kept, but a present result beats a baselineState "absent" one), artifacts concatenated
// (artifact indexes shifted), one invocation (earliest start, latest end, successful when all
// were, notifications concatenated), run properties merged (numbers summed, lists unioned).
// Runs of other tools or categories stay separate runs, in order of first appearance.
nlohmann::ordered_json merge_sarif(const std::vector<nlohmann::ordered_json>& logs);

// gapscan JSON reports merged into one: findings deduplicated by fingerprint (the first kept),
// summary recounted, scan statistics summed (duration_s too: scanning time of all inputs;
// start_time/end_time give the wall-clock span), completed when all were, targets, options and
// inventory unioned, notifications concatenated, baseline and policy blocks recounted (see
// docs/json-format.md).
nlohmann::ordered_json merge_json(const std::vector<nlohmann::ordered_json>& reports);

// Merges report texts (name, content) of one format. On failure returns nullopt and sets
// *error to one line naming the bad input (unreadable, not a report, formats mixed).
std::optional<std::string> merge_report_texts(
    const std::vector<std::pair<std::string, std::string>>& inputs, std::string* error);

enum class MergeStatus { ok, bad_input, write_failed };

// Reads the files, merges them and writes `output` atomically ("-" = stdout).
MergeStatus merge_report_files(const std::vector<std::string>& inputs, const std::string& output,
                               std::string* error);

}  // namespace gapscan
