// `gapscan merge`: one report out of several of the same format. The inputs are parsed as
// ordered JSON so that every field keeps the order the reporters wrote it in; what is rebuilt
// (rules, results, invocation, counts) is written in the reporters' order too.
#include "reports/merge.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "reports/report_common.h"
#include "scanner/base/json.h"

namespace gapscan {

namespace {

using ojson = nlohmann::ordered_json;

std::string text_of(const ojson& j, const char* key) {
  if (!j.is_object()) return {};
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const ojson& member(const ojson& j, const char* key) {
  static const ojson kNull;
  if (!j.is_object()) return kNull;
  const auto it = j.find(key);
  return it != j.end() ? *it : kNull;
}

// Canonical text of a value (object keys sorted, compact) for use as a map key.
std::string canonical(const ojson& j) {
  return nlohmann::json(j).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Appends the items of `from` that `into` does not hold yet (equal by canonical text).
void union_into(ojson& into, const ojson& from) {
  std::set<std::string> have;
  for (const ojson& item : into) have.insert(canonical(item));
  for (const ojson& item : from) {
    if (have.insert(canonical(item)).second) into.push_back(item);
  }
}

// Property bags and statistics: objects merged key by key, arrays unioned, numbers summed;
// for anything else (strings, booleans, mismatched types) the first value stays.
// The sum of two integer statistics: exact while it fits in 64 bits (signed, or unsigned when
// positive), else as a double. The inputs are any reports, so 2^63 + -1 must not overflow.
ojson add_counts(const ojson& a, const ojson& b) {
  auto wide = [](const ojson& j) -> __int128 {
    return j.is_number_unsigned() ? static_cast<__int128>(j.get<std::uint64_t>())
                                  : static_cast<__int128>(j.get<std::int64_t>());
  };
  const __int128 sum = wide(a) + wide(b);  // cannot overflow: both fit in 65 bits
  constexpr auto kMaxUnsigned = static_cast<__int128>(std::numeric_limits<std::uint64_t>::max());
  if (a.is_number_unsigned() && b.is_number_unsigned() && sum <= kMaxUnsigned) {
    return static_cast<std::uint64_t>(sum);
  }
  if (sum >= std::numeric_limits<std::int64_t>::min() &&
      sum <= std::numeric_limits<std::int64_t>::max()) {
    return static_cast<std::int64_t>(sum);
  }
  if (sum >= 0 && sum <= kMaxUnsigned) {
    return static_cast<std::uint64_t>(sum);
  }
  return static_cast<double>(sum);
}

void merge_values(ojson& into, const ojson& from) {
  if (into.is_object() && from.is_object()) {
    for (auto it = from.begin(); it != from.end(); ++it) {
      const auto found = into.find(it.key());
      if (found == into.end()) {
        into[it.key()] = it.value();
      } else {
        merge_values(*found, it.value());
      }
    }
  } else if (into.is_array() && from.is_array()) {
    union_into(into, from);
  } else if (into.is_number_integer() && from.is_number_integer()) {
    into = add_counts(into, from);
  } else if (into.is_number() && from.is_number()) {
    into = into.get<double>() + from.get<double>();
  }
}

// RFC 3339 UTC times as the reporters write them compare as text; empty means unknown.
void keep_earliest(std::string& current, const std::string& candidate) {
  if (!candidate.empty() && (current.empty() || candidate < current)) current = candidate;
}
void keep_latest(std::string& current, const std::string& candidate) {
  if (!candidate.empty() && (current.empty() || candidate > current)) current = candidate;
}

// ---------------------------------------------------------------- SARIF

// Adds `offset` to every artifactLocation.index below `j` (artifacts are concatenated).
void shift_artifact_indexes(ojson& j, std::size_t offset) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.key() == "artifactLocation" && it.value().is_object()) {
        const auto index = it.value().find("index");
        if (index != it.value().end() && index->is_number_integer() &&
            index->get<std::int64_t>() >= 0) {
          *index = index->get<std::uint64_t>() + offset;
        }
      }
      shift_artifact_indexes(it.value(), offset);
    }
  } else if (j.is_array()) {
    for (ojson& item : j) shift_artifact_indexes(item, offset);
  }
}

// GitHub's category: automationDetails.id up to its last '/', or the whole id without one.
std::string run_key(const ojson& run) {
  const std::string tool = text_of(member(member(run, "tool"), "driver"), "name");
  std::string id = text_of(member(run, "automationDetails"), "id");
  if (const auto slash = id.rfind('/'); slash != std::string::npos) id.resize(slash);
  return tool + '\n' + id;
}

bool is_absent(const ojson& result) { return text_of(result, "baselineState") == "absent"; }

const ojson& first_location(const ojson& result) {
  const ojson& locations = member(result, "locations");
  static const ojson kNull;
  return locations.is_array() && !locations.empty() ? locations.front() : kNull;
}

struct MergedResult {
  ojson result;
  std::string rule_id;
};

struct MergedRun {
  ojson run;  // the first run of this tool and category; lists are rebuilt below
  ojson rules = ojson::array();
  std::map<std::string, std::size_t> rule_index;
  ojson artifacts = ojson::array();
  bool has_artifacts = false;
  std::vector<MergedResult> results;
  std::map<std::string, std::size_t> seen;  // dedupe key -> index in results
  bool has_invocation = false;
  ojson invocation_rest = ojson::object();  // the first invocation's other fields
  bool has_success = false;
  bool successful = true;
  std::string start, end;
  ojson notifications = ojson::array();
  ojson properties;
};

void add_run(MergedRun& acc, const ojson& run) {
  const ojson& source_rules = member(member(member(run, "tool"), "driver"), "rules");
  // Source rule index -> rule id, so that a result with only a ruleIndex still finds its rule.
  std::vector<std::string> source_ids;
  if (source_rules.is_array()) {
    for (const ojson& rule : source_rules) {
      const std::string id = text_of(rule, "id");
      source_ids.push_back(id);
      if (id.empty() || acc.rule_index.count(id) != 0) continue;
      acc.rule_index.emplace(id, acc.rules.size());
      acc.rules.push_back(rule);
    }
  }

  const std::size_t offset = acc.artifacts.size();
  if (const ojson& artifacts = member(run, "artifacts"); artifacts.is_array()) {
    acc.has_artifacts = true;
    for (const ojson& a : artifacts) acc.artifacts.push_back(a);
  }

  if (const ojson& results = member(run, "results"); results.is_array()) {
    for (const ojson& source : results) {
      if (!source.is_object()) continue;
      ojson r = source;
      std::string id = text_of(r, "ruleId");
      if (id.empty()) id = text_of(member(r, "rule"), "id");
      if (id.empty()) {
        const ojson& index = member(r, "ruleIndex");
        if (index.is_number_integer() && index.get<std::int64_t>() >= 0 &&
            index.get<std::size_t>() < source_ids.size()) {
          id = source_ids[index.get<std::size_t>()];
        }
      }
      if (const auto it = acc.rule_index.find(id); !id.empty() && it != acc.rule_index.end()) {
        // The index into the merged list: the source index means nothing here any more.
        r["ruleIndex"] = it->second;
        if (r.contains("rule") && r["rule"].is_object() && r["rule"].contains("index")) {
          r["rule"]["index"] = it->second;
        }
      }
      if (offset > 0) shift_artifact_indexes(r, offset);

      const ojson& fingerprints = member(r, "partialFingerprints");
      const std::string uri =
          text_of(member(member(first_location(r), "physicalLocation"), "artifactLocation"), "uri");
      // Fingerprints such as CodeQL's line hash are shared by rules and files; the rule and the
      // location make them unique. Without fingerprints only identical results are duplicates.
      const std::string key = fingerprints.is_object() && !fingerprints.empty()
                                  ? id + '\n' + uri + '\n' + canonical(fingerprints)
                                  : "=" + canonical(r);
      const auto found = acc.seen.find(key);
      if (found == acc.seen.end()) {
        acc.seen.emplace(key, acc.results.size());
        acc.results.push_back({std::move(r), id});
      } else if (is_absent(acc.results[found->second].result) && !is_absent(r)) {
        // A shard that still finds it outranks one whose baseline listed it as gone.
        acc.results[found->second] = {std::move(r), id};
      }
    }
  }

  if (const ojson& invocations = member(run, "invocations"); invocations.is_array()) {
    for (const ojson& inv : invocations) {
      if (!inv.is_object()) continue;
      for (auto it = inv.begin(); it != inv.end(); ++it) {
        const std::string& k = it.key();
        if (k == "executionSuccessful") {
          if (it.value().is_boolean()) {
            acc.has_success = true;
            acc.successful = acc.successful && it.value().get<bool>();
          }
        } else if (k == "startTimeUtc") {
          if (it.value().is_string()) keep_earliest(acc.start, it.value().get<std::string>());
        } else if (k == "endTimeUtc") {
          if (it.value().is_string()) keep_latest(acc.end, it.value().get<std::string>());
        } else if (k == "toolExecutionNotifications") {
          if (!it.value().is_array()) continue;
          for (ojson n : it.value()) {
            if (offset > 0) shift_artifact_indexes(n, offset);
            acc.notifications.push_back(std::move(n));
          }
        } else if (!acc.has_invocation) {
          acc.invocation_rest[k] = it.value();
        }
      }
      acc.has_invocation = true;
    }
  }

  if (const ojson& props = member(run, "properties"); props.is_object()) {
    if (acc.properties.is_null()) {
      acc.properties = props;
    } else {
      merge_values(acc.properties, props);
    }
  }
}

// The reporter's order (check, URL, ...; the "absent" results of a baseline last), with the
// fingerprint and then the whole result as tie-breakers so the order is total.
using ResultKey =
    std::tuple<bool, std::string, std::string, std::string, std::int64_t, std::string, std::string>;

ResultKey result_key(const MergedResult& m) {
  const ojson& loc = first_location(m.result);
  const ojson& physical = member(loc, "physicalLocation");
  const ojson& line = member(member(physical, "region"), "startLine");
  return {is_absent(m.result),
          m.rule_id,
          text_of(member(loc, "message"), "text"),
          text_of(member(physical, "artifactLocation"), "uri"),
          line.is_number_integer() ? line.get<std::int64_t>() : 0,
          canonical(member(m.result, "partialFingerprints")),
          canonical(m.result)};
}

ojson finish_run(MergedRun& acc) {
  ojson run = acc.run;
  if (!run.contains("tool") || !run["tool"].is_object()) run["tool"] = ojson::object();
  if (!run["tool"].contains("driver") || !run["tool"]["driver"].is_object()) {
    run["tool"]["driver"] = ojson::object();
  }
  run["tool"]["driver"]["rules"] = std::move(acc.rules);

  if (acc.has_invocation) {
    ojson inv;
    if (acc.has_success) inv["executionSuccessful"] = acc.successful;
    if (!acc.start.empty()) inv["startTimeUtc"] = acc.start;
    if (!acc.end.empty()) inv["endTimeUtc"] = acc.end;
    if (!acc.notifications.empty()) inv["toolExecutionNotifications"] = acc.notifications;
    for (auto it = acc.invocation_rest.begin(); it != acc.invocation_rest.end(); ++it) {
      inv[it.key()] = it.value();
    }
    run["invocations"] = ojson::array({std::move(inv)});
  }
  if (acc.has_artifacts) run["artifacts"] = std::move(acc.artifacts);

  std::vector<std::pair<ResultKey, std::size_t>> order;
  order.reserve(acc.results.size());
  for (std::size_t i = 0; i < acc.results.size(); ++i) {
    order.emplace_back(result_key(acc.results[i]), i);
  }
  std::sort(order.begin(), order.end());
  ojson results = ojson::array();
  for (const auto& [key, i] : order) results.push_back(std::move(acc.results[i].result));
  run["results"] = std::move(results);
  if (!acc.properties.is_null()) run["properties"] = std::move(acc.properties);
  return run;
}

// ---------------------------------------------------------------- gapscan JSON

using FindingKey =
    std::tuple<std::string, std::string, std::string, std::string, std::string, std::string>;

// The JSON reporter's order: check, url, method, parameter, key (fingerprint breaks ties).
FindingKey finding_key(const ojson& f) {
  return {text_of(f, "check"),     text_of(f, "url"), text_of(f, "method"),
          text_of(f, "parameter"), text_of(f, "key"), text_of(f, "fingerprint")};
}

}  // namespace

std::optional<ReportFormat> detect_report_format(const nlohmann::ordered_json& doc) {
  if (!doc.is_object()) return std::nullopt;
  if (text_of(doc, "format") == "gapscan-report" && member(doc, "findings").is_array()) {
    return ReportFormat::json;
  }
  if (text_of(doc, "version") == "2.1.0" && member(doc, "runs").is_array()) {
    return ReportFormat::sarif;
  }
  return std::nullopt;
}

nlohmann::ordered_json merge_sarif(const std::vector<nlohmann::ordered_json>& logs) {
  std::vector<MergedRun> runs;
  std::map<std::string, std::size_t> by_key;
  for (const ojson& log : logs) {
    const ojson& log_runs = member(log, "runs");
    if (!log_runs.is_array()) continue;
    for (const ojson& run : log_runs) {
      if (!run.is_object()) continue;
      const std::string key = run_key(run);
      auto it = by_key.find(key);
      if (it == by_key.end()) {
        it = by_key.emplace(key, runs.size()).first;
        runs.emplace_back();
        runs.back().run = run;
        runs.back().run["results"] = ojson::array();  // rebuilt; kept for the key order
      }
      add_run(runs[it->second], run);
    }
  }

  ojson out;
  static const ojson kNone;
  const ojson& first = logs.empty() ? kNone : logs.front();
  const std::string schema = text_of(first, "$schema");
  out["$schema"] = schema.empty() ? "https://json.schemastore.org/sarif-2.1.0.json" : schema;
  out["version"] = "2.1.0";
  ojson merged_runs = ojson::array();
  for (MergedRun& r : runs) merged_runs.push_back(finish_run(r));
  out["runs"] = std::move(merged_runs);
  if (first.is_object()) {
    for (auto it = first.begin(); it != first.end(); ++it) {
      if (!out.contains(it.key())) out[it.key()] = it.value();
    }
  }
  return out;
}

nlohmann::ordered_json merge_json(const std::vector<nlohmann::ordered_json>& reports) {
  ojson out;
  out["format"] = "gapscan-report";
  if (reports.empty()) return out;
  const ojson& first = reports.front();
  out["format_version"] = member(first, "format_version");
  out["tool"] = member(first, "tool");

  // scan: earliest start, latest end, completed when all were, lists and numbers merged.
  std::string start, end;
  bool completed = true;
  ojson targets = ojson::array(), options = ojson::object(), statistics;
  std::vector<std::pair<FindingKey, ojson>> findings;
  std::set<std::string> fingerprints;
  ojson notifications = ojson::array();
  std::map<std::pair<std::string, std::string>, std::pair<ojson, std::set<std::string>>> inventory;
  bool has_baseline = false;
  std::map<std::string, ojson> fixed;  // fingerprint -> fixed finding (first kept)
  ojson policy;                        // the first input's policy block, lists rebuilt
  std::vector<std::pair<FindingKey, ojson>> suppressed;
  std::set<std::string> suppressed_fps;
  for (const ojson& doc : reports) {
    const ojson& scan = member(doc, "scan");
    keep_earliest(start, text_of(scan, "start_time"));
    keep_latest(end, text_of(scan, "end_time"));
    const ojson& done = member(scan, "completed");
    completed = completed && (!done.is_boolean() || done.get<bool>());
    if (const ojson& t = member(scan, "targets"); t.is_array()) union_into(targets, t);
    if (const ojson& o = member(scan, "options"); o.is_object()) {
      for (auto it = o.begin(); it != o.end(); ++it) {
        if (!options.contains(it.key())) options[it.key()] = it.value();
      }
    }
    if (const ojson& st = member(scan, "statistics"); st.is_object()) {
      if (statistics.is_null()) {
        statistics = st;
      } else {
        merge_values(statistics, st);
      }
    }
    for (const ojson& f : member(doc, "findings")) {
      if (!f.is_object()) continue;
      const std::string fp = text_of(f, "fingerprint");
      if (!fp.empty() && !fingerprints.insert(fp).second) continue;
      findings.emplace_back(finding_key(f), f);
    }
    if (const ojson& notes = member(doc, "notifications"); notes.is_array()) {
      for (const ojson& n : notes) notifications.push_back(n);
    }
    if (const ojson& inv = member(doc, "inventory"); inv.is_array()) {
      for (const ojson& c : inv) {
        auto& [entry, origins] = inventory[{text_of(c, "name"), text_of(c, "version")}];
        if (entry.is_null()) entry = c;
        for (const ojson& o : member(c, "origins")) {
          if (o.is_string()) origins.insert(o.get<std::string>());
        }
      }
    }
    if (const ojson& p = member(doc, "policy"); p.is_object()) {
      if (policy.is_null()) policy = p;
      for (const ojson& f : member(p, "suppressed_findings")) {
        if (!f.is_object()) continue;
        const std::string fp = text_of(f, "fingerprint");
        if (!fp.empty() && !suppressed_fps.insert(fp).second) continue;
        suppressed.emplace_back(finding_key(f), f);
      }
    }
    if (const ojson& baseline = member(doc, "baseline"); baseline.is_object()) {
      has_baseline = true;
      for (const ojson& f : member(baseline, "fixed_findings")) {
        const std::string fp = text_of(f, "fingerprint");
        if (!fp.empty()) fixed.emplace(fp, f);
      }
    }
  }
  std::stable_sort(findings.begin(), findings.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });

  ojson scan;
  scan["start_time"] = start;
  scan["end_time"] = end;
  scan["completed"] = completed;
  scan["targets"] = std::move(targets);
  scan["options"] = std::move(options);
  scan["statistics"] = statistics.is_null() ? ojson::object() : std::move(statistics);
  out["scan"] = std::move(scan);

  static constexpr std::array<const char*, 5> kSeverities = {"critical", "high", "medium", "low",
                                                             "info"};
  std::map<std::string, std::size_t> counts;
  for (const auto& [key, f] : findings) ++counts[text_of(f, "severity")];
  ojson by_severity;
  for (const char* s : kSeverities) by_severity[s] = counts[s];
  out["summary"] = {{"total", findings.size()}, {"by_severity", std::move(by_severity)}};

  ojson items = ojson::array();
  std::size_t added = 0, unchanged = 0, updated = 0;
  for (auto& [key, f] : findings) {
    const std::string state = text_of(f, "baseline_state");
    added += state == "new";
    unchanged += state == "unchanged";
    updated += state == "updated";
    items.push_back(std::move(f));
  }
  out["findings"] = std::move(items);
  out["notifications"] = std::move(notifications);

  ojson components = ojson::array();
  for (auto& [name_version, entry] : inventory) {
    ojson c = std::move(entry.first);
    ojson origins = ojson::array();
    for (const std::string& o : entry.second) origins.push_back(o);
    c["origins"] = std::move(origins);
    components.push_back(std::move(c));
  }
  out["inventory"] = std::move(components);

  if (!policy.is_null()) {
    std::stable_sort(suppressed.begin(), suppressed.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    ojson list = ojson::array();
    for (auto& [key, f] : suppressed) list.push_back(std::move(f));
    policy["suppressed"] = list.size();
    policy["suppressed_findings"] = std::move(list);
    out["policy"] = std::move(policy);
  }
  if (has_baseline) {
    // Gone means gone from every input: a finding one shard still reports is not fixed.
    std::vector<std::pair<std::tuple<std::string, std::string, std::string>, ojson>> gone;
    for (auto& [fp, f] : fixed) {
      if (fingerprints.count(fp) != 0) continue;
      gone.emplace_back(std::make_tuple(text_of(f, "check"), text_of(f, "url"), fp), f);
    }
    std::sort(gone.begin(), gone.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    ojson gone_json = ojson::array();
    for (auto& [key, f] : gone) gone_json.push_back(std::move(f));
    out["baseline"] = {{"new", added},
                       {"unchanged", unchanged},
                       {"updated", updated},
                       {"fixed", gone_json.size()},
                       {"fixed_findings", std::move(gone_json)}};
  }
  // Blocks this version does not know: the first input's copy.
  for (auto it = first.begin(); it != first.end(); ++it) {
    if (!out.contains(it.key())) out[it.key()] = it.value();
  }
  return out;
}

std::optional<std::string> merge_report_texts(
    const std::vector<std::pair<std::string, std::string>>& inputs, std::string* error) {
  auto fail = [&](std::string message) -> std::optional<std::string> {
    if (error != nullptr) *error = std::move(message);
    return std::nullopt;
  };
  if (inputs.empty()) return fail("merge: no input report");
  std::vector<ojson> docs;
  std::optional<ReportFormat> format;
  std::string first_name;
  for (const auto& [name, text] : inputs) {
    std::string why = "not a JSON document";
    ojson doc = parse_json_bounded<ojson>(text, kMaxJsonDepth, &why).value_or(ojson());
    if (!doc.is_object()) return fail(name + ": " + why);
    const auto f = detect_report_format(doc);
    if (!f) return fail(name + ": neither a gapscan JSON report nor a SARIF 2.1.0 log");
    if (!format) {
      format = f;
      first_name = name;
    } else if (*f != *format) {
      auto kind = [](ReportFormat r) {
        return r == ReportFormat::sarif ? "SARIF" : "gapscan JSON";
      };
      return fail("cannot merge " + std::string(kind(*f)) + " (" + name + ") with " +
                  kind(*format) + " (" + first_name + "): give inputs of one format");
    } else if (*f == ReportFormat::json &&
               member(doc, "format_version") != member(docs.front(), "format_version")) {
      return fail(name + ": format_version differs from " + first_name);
    }
    docs.push_back(std::move(doc));
  }
  return dump_report(*format == ReportFormat::sarif ? merge_sarif(docs) : merge_json(docs));
}

MergeStatus merge_report_files(const std::vector<std::string>& inputs, const std::string& output,
                               std::string* error) {
  std::vector<std::pair<std::string, std::string>> texts;
  for (const std::string& path : inputs) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      if (error != nullptr) *error = path + ": cannot be read";
      return MergeStatus::bad_input;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    texts.emplace_back(path, ss.str());
  }
  try {
    const auto merged = merge_report_texts(texts, error);
    if (!merged) return MergeStatus::bad_input;
    return write_file_atomic(output, *merged, error) ? MergeStatus::ok : MergeStatus::write_failed;
  } catch (const std::exception& e) {
    // A value of an unexpected type deep in an input (nlohmann throws type_error).
    if (error != nullptr) *error = std::string("merge failed: ") + e.what();
    return MergeStatus::bad_input;
  }
}

}  // namespace gapscan
