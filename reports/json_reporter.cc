// gapscan's native JSON report: every field always present (stable shape for jq and scripts),
// same ordering and redaction as the SARIF output.
#include "reports/json_reporter.h"

#include "checks/common/registry.h"
#include "scanner/base/url.h"

#include <map>
#include <set>

#include <algorithm>
#include <array>
#include <exception>
#include <map>
#include <set>
#include <utility>

#include "reports/report_common.h"
#include "reports/sbom_reporter.h"
#include "scanner/base/text.h"
#include "scanner/base/url.h"

namespace gapscan {

namespace {

using ojson = nlohmann::ordered_json;

constexpr std::size_t kMaxHeaderValue = 4096;
constexpr std::size_t kMaxSnippet = 2048;
constexpr std::size_t kMaxBody = 4096;

// Headers as [[name, value], ...]: keeps order and repeated names (Set-Cookie) as sent.
ojson header_pairs(const HeaderList& headers) {
  ojson out = ojson::array();
  for (const Header& h : redact_headers(headers)) {
    out.push_back(ojson::array(
        {report_text(h.name, kMaxHeaderValue), report_text(h.value, kMaxHeaderValue)}));
  }
  return out;
}

// Options are free text from the CLI; a header option ("Name: value" per line) or a proxy URL
// with userinfo may carry credentials.
std::string redact_option(const std::string& key, const std::string& value) {
  if (is_secret_header(key)) return "<redacted>";
  std::string out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = value.find('\n', start);
    std::string line = value.substr(start, end == std::string::npos ? end : end - start);
    const std::size_t colon = line.find(':');
    if (line.find("://") != std::string::npos) {
      line = redact_url(line);
    } else if (colon != std::string::npos && colon > 0 && is_secret_header(line.substr(0, colon))) {
      std::string v = line.substr(colon + 1);
      const HeaderList r = redact_headers({{line.substr(0, colon), v}});
      line = line.substr(0, colon) + ": " + r.front().value;
    }
    out += line;
    if (end == std::string::npos) break;
    out += '\n';
    start = end + 1;
  }
  return out;
}

}  // namespace

nlohmann::ordered_json finding_to_json(const Finding& f, const CheckInfo* info) {
  const std::string& raw_url = f.url.empty() ? f.exchange.url : f.url;

  ojson evidence;
  evidence["header_name"] = report_text(f.evidence.header_name, kMaxHeaderValue);
  evidence["header_value"] =
      f.evidence.header_value.empty()
          ? std::string()
          : report_text(
                redact_headers({{f.evidence.header_name, f.evidence.header_value}}).front().value,
                kMaxHeaderValue);
  evidence["snippet"] = report_text(f.evidence.snippet, kMaxSnippet);
  evidence["line"] = f.evidence.line;
  evidence["note"] = to_valid_utf8(f.evidence.note);

  ojson request;
  request["method"] = to_valid_utf8(f.exchange.method.empty() ? f.method : f.exchange.method);
  request["url"] = to_valid_utf8(redact_url(f.exchange.url.empty() ? raw_url : f.exchange.url));
  request["headers"] = header_pairs(f.exchange.request_headers);

  ojson response;
  response["status"] = f.exchange.status;
  response["headers"] = header_pairs(f.exchange.response_headers);
  response["body_snippet"] = report_text(f.exchange.body_snippet, kMaxBody);

  ojson out;
  out["check"] = to_valid_utf8(f.check_id);
  out["title"] = info != nullptr ? to_valid_utf8(info->title) : to_valid_utf8(f.check_id);
  out["severity"] = to_string(f.severity);
  out["confidence"] = to_string(f.confidence);
  out["cwe"] = info != nullptr ? info->cwe : 0;
  out["url"] = to_valid_utf8(redact_url(raw_url));
  out["method"] = to_valid_utf8(f.method);
  out["parameter"] = to_valid_utf8(f.parameter);
  out["key"] = to_valid_utf8(f.key);
  out["message"] = to_valid_utf8(f.message);
  out["evidence"] = std::move(evidence);
  out["request"] = std::move(request);
  out["response"] = std::move(response);
  if (f.comparison) {
    // The other request of the evidence pair (e.g. the privileged one, or the one before).
    const ExchangeSummary& c = *f.comparison;
    ojson pair;
    pair["label"] = to_valid_utf8(f.comparison_label);
    ojson creq;
    creq["method"] = to_valid_utf8(c.method);
    creq["url"] = to_valid_utf8(redact_url(c.url));
    creq["headers"] = header_pairs(c.request_headers);
    ojson cresp;
    cresp["status"] = c.status;
    cresp["headers"] = header_pairs(c.response_headers);
    cresp["body_snippet"] = report_text(c.body_snippet, kMaxBody);
    pair["request"] = std::move(creq);
    pair["response"] = std::move(cresp);
    out["comparison"] = std::move(pair);
  }
  out["fingerprint"] = to_valid_utf8(effective_fingerprint(f));
  if (!f.baseline_state.empty()) out["baseline_state"] = f.baseline_state;
  if (!f.policy_action.empty()) out["policy_action"] = f.policy_action;
  if (f.original_severity) out["original_severity"] = to_string(*f.original_severity);
  if (f.per_origin) {
    ojson urls = ojson::array();
    for (const std::string& u : f.affected_urls) urls.push_back(to_valid_utf8(redact_url(u)));
    out["affected_urls"] = std::move(urls);
    out["affected_count"] = std::max(f.affected_count, f.affected_urls.size());
  }
  return out;
}

std::string finding_to_jsonl(const Finding& finding, const CheckInfo* info) {
  return dump_report(finding_to_json(finding, info), -1);
}

nlohmann::ordered_json build_json(const std::vector<Finding>& findings,
                                  const ScanSummary& summary) {
  const std::vector<const Finding*> sorted = sorted_findings(findings);

  ojson targets = ojson::array();
  for (const std::string& t : summary.targets) targets.push_back(to_valid_utf8(redact_url(t)));
  ojson options = ojson::object();
  for (const auto& [key, value] : summary.options) {
    options[to_valid_utf8(key)] = to_valid_utf8(redact_option(key, value));
  }
  const ScanStatistics& st = summary.statistics;
  ojson probes = ojson::object();
  for (const auto& [check, count] : st.probe_requests) probes[to_valid_utf8(check)] = count;

  ojson scan;
  scan["start_time"] = to_valid_utf8(summary.start_time);
  scan["end_time"] = to_valid_utf8(summary.end_time);
  scan["completed"] = summary.completed;
  scan["targets"] = std::move(targets);
  scan["options"] = std::move(options);
  scan["statistics"] = {{"requests", st.requests},     {"pages", st.pages},
                        {"errors", st.errors},         {"bytes_received", st.bytes_received},
                        {"duration_s", st.duration_s}, {"probe_requests", std::move(probes)}};

  // Fixed key order, most severe first, zeros included so consumers need no defaults.
  std::array<std::size_t, 5> counts{};
  for (const Finding* f : sorted) ++counts[static_cast<std::size_t>(f->severity) % counts.size()];
  ojson by_severity;
  for (Severity s :
       {Severity::critical, Severity::high, Severity::medium, Severity::low, Severity::info}) {
    by_severity[std::string(to_string(s))] = counts[static_cast<std::size_t>(s)];
  }

  ojson items = ojson::array();
  for (const Finding* f : sorted)
    items.push_back(finding_to_json(*f, find_rule(summary, f->check_id)));

  ojson notes = ojson::array();
  for (const Notification& n : summary.notifications) {
    notes.push_back({{"level", to_valid_utf8(n.level)},
                     {"code", to_valid_utf8(n.code)},
                     {"message", to_valid_utf8(n.message)},
                     {"url", to_valid_utf8(redact_url(n.url))},
                     {"count", n.count}});
  }

  // The component inventory (server software, frameworks, JavaScript libraries seen at
  // runtime), kept as its own list so SBOM tooling need not read findings.
  ojson inventory = ojson::array();
  for (const ObservedComponent& c : observed_components(findings)) {
    ojson where = ojson::array();
    for (const auto& o : c.origins) where.push_back(to_valid_utf8(o));
    inventory.push_back({{"name", to_valid_utf8(c.name)},
                         {"version", to_valid_utf8(c.version)},
                         {"origins", std::move(where)}});
  }

  ojson doc;
  doc["format"] = "gapscan-report";
  doc["format_version"] = 1;
  doc["tool"] = {{"name", "gapscan"}, {"version", to_valid_utf8(summary.tool_version)}};
  doc["scan"] = std::move(scan);
  doc["summary"] = {{"total", sorted.size()}, {"by_severity", std::move(by_severity)}};
  doc["findings"] = std::move(items);
  doc["notifications"] = std::move(notes);
  doc["inventory"] = std::move(inventory);
  if (summary.policy != nullptr) {
    ojson suppressed = ojson::array();
    for (const SuppressedFinding& s : summary.suppressed) {
      ojson item = finding_to_json(s.finding, find_check(s.finding.check_id));
      item["suppression"] = {
          {"reason", to_valid_utf8(s.by->reason)},
          {"expires", s.by->expires.empty() ? ojson(nullptr) : ojson(s.by->expires)},
          {"source", to_valid_utf8(summary.policy->source) + ":" + std::to_string(s.by->line)}};
      suppressed.push_back(std::move(item));
    }
    doc["policy"] = {{"source", to_valid_utf8(summary.policy->source)},
                     {"suppressed", summary.suppressed.size()},
                     {"suppressed_findings", std::move(suppressed)}};
  }
  if (summary.has_baseline) {
    std::size_t added = 0, unchanged = 0, updated = 0;
    for (const Finding* f : sorted) {
      added += f->baseline_state == "new";
      unchanged += f->baseline_state == "unchanged";
      updated += f->baseline_state == "updated";
    }
    ojson gone = ojson::array();
    for (const ReportedFinding& r : summary.fixed) {
      gone.push_back({{"check", to_valid_utf8(r.check)},
                      {"url", to_valid_utf8(redact_url(r.url))},
                      {"severity", to_string(r.severity)},
                      {"message", to_valid_utf8(r.message)},
                      {"fingerprint", to_valid_utf8(r.fingerprint)}});
    }
    doc["baseline"] = {{"new", added},
                       {"unchanged", unchanged},
                       {"updated", updated},
                       {"fixed", summary.fixed.size()},
                       {"fixed_findings", std::move(gone)}};
  }
  return doc;
}

std::string render_json(const std::vector<Finding>& findings, const ScanSummary& summary) {
  return dump_report(build_json(findings, summary));
}

std::string JsonReporter::render(const std::vector<Finding>& findings,
                                 const ScanSummary& summary) const {
  return render_json(findings, summary);
}

}  // namespace gapscan
