#include "reports/baseline.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "reports/markdown_reporter.h"
#include "reports/report_common.h"
#include "reports/sarif_reporter.h"
#include "scanner/base/json.h"
#include "scanner/base/text.h"

namespace gapscan {
namespace {

using json = nlohmann::json;

std::string text_of(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Severity severity_from_score(double score) {
  if (score >= 9.0) return Severity::critical;
  if (score >= 7.0) return Severity::high;
  if (score >= 4.0) return Severity::medium;
  // gapscan writes info as 0.1 (GitHub wants (0, 10]; older reports wrote 0.0) and low as 3.0.
  if (score >= 1.0) return Severity::low;
  return Severity::info;
}

bool from_gapscan_json(const json& doc, std::vector<ReportedFinding>& out) {
  const auto findings = doc.find("findings");
  if (findings == doc.end() || !findings->is_array()) return false;
  for (const json& f : *findings) {
    if (!f.is_object()) continue;
    ReportedFinding r;
    r.fingerprint = text_of(f, "fingerprint");
    r.check = text_of(f, "check");
    r.url = text_of(f, "url");
    r.message = text_of(f, "message");
    if (const auto ev = f.find("evidence"); ev != f.end() && ev->is_object()) {
      if (const auto line = ev->find("line"); line != ev->end() && line->is_number_integer()) {
        r.line = line->get<int>();
      }
    }
    r.severity = parse_severity(text_of(f, "severity")).value_or(Severity::info);
    if (const auto n = f.find("affected_count"); n != f.end() && n->is_number_unsigned()) {
      r.affected = n->get<std::size_t>();
    }
    if (!r.fingerprint.empty()) out.push_back(std::move(r));
  }
  return true;
}

bool from_sarif(const json& doc, std::vector<ReportedFinding>& out) {
  const auto runs = doc.find("runs");
  if (runs == doc.end() || !runs->is_array()) return false;
  for (const json& run : *runs) {
    const auto results = run.find("results");
    if (!run.is_object() || results == run.end() || !results->is_array()) continue;
    for (const json& res : *results) {
      if (!res.is_object()) continue;
      // A baseline's fixed findings ("absent") and passes are not findings of this report.
      if (text_of(res, "baselineState") == "absent" || text_of(res, "kind") == "pass") continue;
      ReportedFinding r;
      const auto pf = res.find("partialFingerprints");
      if (pf != res.end() && pf->is_object()) {
        r.fingerprint = text_of(*pf, "primaryLocationLineHash");
        if (const auto colon = r.fingerprint.rfind(':'); colon != std::string::npos) {
          r.fingerprint.resize(colon);
        }
      }
      r.check = check_id_of_rule(text_of(res, "ruleId"));  // "<check>/<severity>" variants
      if (const auto msg = res.find("message"); msg != res.end() && msg->is_object()) {
        r.message = text_of(*msg, "text");
      }
      // The finding's URL is the location's message (the JSON report's "url"); webRequest
      // holds the request that proved it, which may be another URL.
      if (const auto locs = res.find("locations");
          locs != res.end() && locs->is_array() && !locs->empty() && locs->front().is_object()) {
        const json& loc = locs->front();
        if (const auto msg = loc.find("message"); msg != loc.end() && msg->is_object()) {
          r.url = text_of(*msg, "text");
        }
        const auto phys = loc.find("physicalLocation");
        if (phys != loc.end() && phys->is_object()) {
          const auto region = phys->find("region");
          if (region != phys->end() && region->is_object()) {
            const auto line = region->find("startLine");
            if (line != region->end() && line->is_number_integer()) r.line = line->get<int>();
          }
        }
      }
      if (const auto req = res.find("webRequest");
          r.url.empty() && req != res.end() && req->is_object()) {
        r.url = text_of(*req, "target");
      }
      if (const auto props = res.find("properties"); props != res.end() && props->is_object()) {
        if (const auto n = props->find("affected_count");
            n != props->end() && n->is_number_unsigned()) {
          r.affected = n->get<std::size_t>();
        }
        const std::string score = text_of(*props, "security-severity");
        try {
          if (!score.empty()) r.severity = severity_from_score(std::stod(score));
        } catch (const std::exception&) {
          // Not a number: keep info.
        }
      }
      if (!r.fingerprint.empty()) out.push_back(std::move(r));
    }
  }
  return true;
}

bool report_order(const ReportedFinding& a, const ReportedFinding& b) {
  return std::tie(a.check, a.url, a.fingerprint) < std::tie(b.check, b.url, b.fingerprint);
}

std::string line_of(char mark, const ReportedFinding& f) {
  std::string out = std::string(1, mark) + " [" + std::string(to_string(f.severity)) + "] " +
                    f.check + " " + f.url;
  if (!f.message.empty()) out += ": " + f.message;
  return to_valid_utf8(out) + "  (" + f.fingerprint + ")\n";
}

}  // namespace

std::optional<std::vector<ReportedFinding>> parse_report_findings(std::string_view text,
                                                                  const std::string& name,
                                                                  std::string* error) {
  std::string why = "not a JSON document";
  const json doc = parse_json_bounded<json>(text, kMaxJsonDepth, &why).value_or(json());
  if (!doc.is_object()) {
    if (error != nullptr) *error = name + ": " + why;
    return std::nullopt;
  }
  std::vector<ReportedFinding> out;
  if (text_of(doc, "format") == "gapscan-report") {
    if (from_gapscan_json(doc, out)) return out;
  } else if (text_of(doc, "version") == "2.1.0" && from_sarif(doc, out)) {
    return out;
  }
  if (error != nullptr) *error = name + ": neither a gapscan JSON report nor a SARIF 2.1.0 log";
  return std::nullopt;
}

std::optional<std::vector<ReportedFinding>> load_report_findings(const std::string& path,
                                                                 std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (error != nullptr) *error = path + ": cannot be read";
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_report_findings(ss.str(), path, error);
}

ReportDiff diff_reports(const std::vector<ReportedFinding>& old_findings,
                        const std::vector<ReportedFinding>& new_findings) {
  std::map<std::string, const ReportedFinding*> before, after;
  for (const auto& f : old_findings) before.emplace(f.fingerprint, &f);
  for (const auto& f : new_findings) after.emplace(f.fingerprint, &f);
  ReportDiff d;
  for (const auto& [fp, f] : after) {
    (before.count(fp) != 0 ? d.unchanged : d.added).push_back(*f);
  }
  for (const auto& [fp, f] : before) {
    if (after.count(fp) == 0) d.fixed.push_back(*f);
  }
  for (auto* list : {&d.added, &d.fixed, &d.unchanged}) {
    std::sort(list->begin(), list->end(), report_order);
  }
  return d;
}

std::vector<ReportedFinding> apply_baseline(std::vector<Finding>& findings,
                                            const std::vector<ReportedFinding>& baseline) {
  std::map<std::string, const ReportedFinding*> before;
  for (const auto& f : baseline) before.emplace(f.fingerprint, &f);
  std::map<std::string, bool> seen;
  for (Finding& f : findings) {
    const std::string fp = effective_fingerprint(f);
    const auto it = before.find(fp);
    if (it == before.end()) {
      f.baseline_state = "new";
    } else {
      f.baseline_state = it->second->severity == f.severity ? "unchanged" : "updated";
      seen[fp] = true;
    }
  }
  std::vector<ReportedFinding> fixed;
  for (const auto& [fp, f] : before) {
    if (seen.count(fp) == 0) fixed.push_back(*f);
  }
  std::sort(fixed.begin(), fixed.end(), report_order);
  return fixed;
}

namespace {

// Most severe first; ties in the report order (check, url, fingerprint).
std::vector<ReportedFinding> by_severity(std::vector<ReportedFinding> list) {
  std::stable_sort(list.begin(), list.end(),
                   [](const auto& a, const auto& b) { return a.severity > b.severity; });
  return list;
}

nlohmann::ordered_json finding_json(const ReportedFinding& f) {
  return {{"severity", to_string(f.severity)},
          {"check", to_valid_utf8(f.check)},
          {"url", to_valid_utf8(f.url)},
          {"message", to_valid_utf8(f.message)},
          {"fingerprint", f.fingerprint}};
}

}  // namespace

std::size_t new_at_or_above(const ReportDiff& d, Severity level) {
  std::size_t n = 0;
  for (const auto& f : d.added) n += f.severity >= level;
  return n;
}

std::string render_diff(const ReportDiff& d, DiffFormat format) {
  const auto added = by_severity(d.added);
  const auto fixed = by_severity(d.fixed);
  if (format == DiffFormat::json) {
    nlohmann::ordered_json doc;
    doc["counts"] = {
        {"new", added.size()}, {"fixed", fixed.size()}, {"unchanged", d.unchanged.size()}};
    doc["new"] = nlohmann::ordered_json::array();
    for (const auto& f : added) doc["new"].push_back(finding_json(f));
    doc["fixed"] = nlohmann::ordered_json::array();
    for (const auto& f : fixed) doc["fixed"].push_back(finding_json(f));
    return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  if (format == DiffFormat::markdown) {
    std::string out = "### gapscan: " + std::to_string(added.size()) + " new, " +
                      std::to_string(fixed.size()) + " fixed, " +
                      std::to_string(d.unchanged.size()) + " unchanged\n";
    if (added.empty() && fixed.empty()) return out;
    out += "\n| | severity | check | URL | message |\n|---|---|---|---|---|\n";
    auto rows = [&out](const std::vector<ReportedFinding>& list, const char* mark) {
      for (const auto& f : list) {
        out += std::string("| ") + mark + " | " + std::string(to_string(f.severity)) + " | `" +
               markdown_cell(f.check, 80) + "` | " + markdown_cell(f.url, 200) + " | " +
               markdown_cell(f.message, 200) + " |\n";
      }
    };
    rows(added, "new");
    rows(fixed, "fixed");
    return out;
  }
  std::string out = "new " + std::to_string(added.size()) + ", fixed " +
                    std::to_string(fixed.size()) + ", unchanged " +
                    std::to_string(d.unchanged.size()) + "\n";
  for (const auto& f : added) out += line_of('+', f);
  for (const auto& f : fixed) out += line_of('-', f);
  return out;
}

}  // namespace gapscan
