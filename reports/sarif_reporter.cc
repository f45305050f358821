// SARIF 2.1.0 writer. GitHub rejects a whole upload for one bad artifact URI or rule index,
// so every location uses a scheme-less relative URI and rule indexes come from one map.
#include "reports/sarif_reporter.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <map>
#include <utility>

#include "reports/report_common.h"
#include "scanner/base/text.h"

namespace gapscan {

namespace {

using ojson = nlohmann::ordered_json;

constexpr std::size_t kMaxDescription = 1024;  // GitHub's limit for short/full descriptions
constexpr std::size_t kMaxRuleName = 255;
constexpr std::size_t kMaxRelatedLocations = 20;
constexpr std::size_t kMaxHeaderValue = 4096;
constexpr std::size_t kMaxSnippet = 2048;
constexpr std::size_t kMaxBody = 4096;  // the exchange keeps 512 raw bytes; escapes grow it

// Valid UTF-8 cut to at most max_bytes on a character boundary, "…" marking the cut.
std::string cut_text(std::string_view text, std::size_t max_bytes) {
  std::string s = to_valid_utf8(text);
  if (s.size() <= max_bytes) return s;
  std::size_t end = max_bytes - 3;  // room for "…"
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  s.resize(end);
  s += "\xE2\x80\xA6";
  return s;
}

bool is_unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Percent-encodes everything but unreserved characters, valid %XX escapes and, when
// keep_path_delims, the RFC 3986 path characters other than the quote.
std::string encode_uri_part(std::string_view s, bool keep_path_delims) {
  static constexpr std::string_view kPathChars = "/!$&()*+,;=:@";
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (is_unreserved(c) ||
        (keep_path_delims && kPathChars.find(static_cast<char>(c)) != std::string_view::npos)) {
      out += static_cast<char>(c);
    } else if (c == '%' && i + 2 < s.size() && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
      out += '%';
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string_view problem_severity(Severity s) {
  switch (s) {
    case Severity::critical:
    case Severity::high:
      return "error";
    case Severity::medium:
    case Severity::low:
      return "warning";
    case Severity::info:
      return "recommendation";
  }
  return "warning";
}

std::string cwe_url(int cwe) {
  return "https://cwe.mitre.org/data/definitions/" + std::to_string(cwe) + ".html";
}

struct RuleSource {
  std::string id;     // the check id, or "<check>/<severity>" for a severity variant
  std::string check;  // the check id
  std::string title;
  std::string description;
  std::string remediation;
  std::vector<std::string> references;
  int cwe = 0;
  Severity severity = Severity::info;
  Confidence confidence = Confidence::medium;
};

ojson rule_json(const RuleSource& r) {
  std::string title = r.title.empty() ? r.check : r.title;
  const std::string description = r.description.empty() ? title : r.description;

  // help: plain text for consumers without markdown, markdown for GitHub's rule pane.
  std::string text = description;
  std::string markdown = description;
  if (!r.remediation.empty()) {
    text += "\n\nRemediation: " + r.remediation;
    markdown += "\n\n**Remediation:** " + r.remediation;
  }
  if (!r.references.empty() || r.cwe > 0) {
    text += "\n\nReferences:";
    markdown += "\n\n**References:**\n";
    for (const std::string& ref : r.references) {
      text += "\n- " + ref;
      markdown += "\n- <" + ref + ">";
    }
    if (r.cwe > 0) {
      const std::string cwe = "CWE-" + std::to_string(r.cwe);
      text += "\n- " + cwe + ": " + cwe_url(r.cwe);
      markdown += "\n- [" + cwe + "](" + cwe_url(r.cwe) + ")";
    }
  }

  ojson tags = ojson::array({"security"});
  if (r.cwe > 0) tags.push_back("external/cwe/cwe-" + std::to_string(r.cwe));

  ojson rule;
  rule["id"] = to_valid_utf8(r.id);
  rule["name"] = cut_text(sarif_rule_name(r.id), kMaxRuleName);
  if (r.id != r.check) title += " (" + std::string(to_string(r.severity)) + ")";
  rule["shortDescription"] = {{"text", cut_text(title, kMaxDescription)}};
  rule["fullDescription"] = {{"text", cut_text(description, kMaxDescription)}};
  rule["help"] = {{"text", to_valid_utf8(text)}, {"markdown", to_valid_utf8(markdown)}};
  rule["defaultConfiguration"] = {{"level", sarif_level(r.severity)}};
  rule["properties"] = {{"tags", std::move(tags)},
                        {"precision", to_string(r.confidence)},
                        {"security-severity", sarif_security_severity(r.severity)},
                        {"problem.severity", problem_severity(r.severity)}};
  return rule;
}

RuleSource from_info(const CheckInfo& info) {
  RuleSource r;
  r.id = std::string(info.id);
  r.check = r.id;
  r.title = std::string(info.title);
  r.description = std::string(info.description);
  r.remediation = std::string(info.remediation);
  for (std::string_view ref : info.references) r.references.emplace_back(ref);
  r.cwe = info.cwe;
  r.severity = info.severity;
  r.confidence = info.confidence;
  return r;
}

// A finding from a check missing in summary.rules still needs a rule: GitHub rejects a
// result whose ruleId is undefined.
RuleSource from_finding(const Finding& f) {
  RuleSource r;
  r.id = f.check_id;
  r.check = r.id;
  r.severity = f.severity;
  r.confidence = f.confidence;
  return r;
}

// A finding of the baseline that this scan no longer reports (--baseline).
RuleSource from_reported(const ReportedFinding& f) {
  RuleSource r;
  r.id = f.check;
  r.check = r.id;
  r.severity = f.severity;
  return r;
}

ojson physical_location(const std::string& redacted_url, int line) {
  return {{"artifactLocation", {{"uri", sarif_artifact_uri(redacted_url)}}},
          {"region", {{"startLine", line > 0 ? line : 1}}}};
}

// Header list as a SARIF object (name -> value); repeated names are joined, Set-Cookie with
// newlines because its values contain commas (Expires).
ojson headers_object(const HeaderList& headers) {
  ojson out = ojson::object();
  std::vector<std::pair<std::string, std::string>> merged;  // first spelling, joined value
  std::map<std::string, std::size_t> index;
  for (const Header& h : redact_headers(headers)) {
    const std::string name = report_text(h.name, kMaxHeaderValue);
    const std::string value = report_text(h.value, kMaxHeaderValue);
    const std::string key = to_lower(name);
    auto it = index.find(key);
    if (it == index.end()) {
      index.emplace(key, merged.size());
      merged.emplace_back(name, value);
    } else {
      merged[it->second].second += (key == "set-cookie" ? "\n" : ", ") + value;
    }
  }
  for (auto& [name, value] : merged) out[name] = std::move(value);
  return out;
}

ojson evidence_object(const Evidence& e) {
  ojson out = ojson::object();
  if (!e.header_name.empty()) out["header_name"] = report_text(e.header_name, kMaxHeaderValue);
  if (!e.header_value.empty()) {
    const HeaderList redacted = redact_headers({{e.header_name, e.header_value}});
    out["header_value"] = report_text(redacted.front().value, kMaxHeaderValue);
  }
  if (!e.snippet.empty()) out["snippet"] = report_text(e.snippet, kMaxSnippet);
  if (e.line > 0) out["line"] = e.line;
  if (!e.note.empty()) out["note"] = to_valid_utf8(e.note);
  return out;
}

std::size_t affected_total(const Finding& f) {
  return std::max(f.affected_count, f.affected_urls.size());
}

ojson result_json(const Finding& f, std::size_t rule_index, const RuleSource& rule) {
  const std::string& raw_url = f.url.empty() ? f.exchange.url : f.url;
  const std::string url = to_valid_utf8(redact_url(raw_url));

  std::string text = f.message.empty() ? (rule.title.empty() ? f.check_id : rule.title) : f.message;
  text = to_valid_utf8(text) + " at " + url;
  if (f.per_origin) {
    const std::size_t n = affected_total(f);
    text += " (" + std::to_string(n) + (n == 1 ? " URL affected)" : " URLs affected)");
  }

  ojson location;
  location["physicalLocation"] = physical_location(url, f.evidence.line);
  location["message"] = {{"text", url}};

  ojson result;
  result["ruleId"] = to_valid_utf8(rule.id);
  result["ruleIndex"] = rule_index;
  result["level"] = sarif_level(f.severity);
  result["kind"] = "fail";
  result["message"] = {{"text", text}};
  result["locations"] = ojson::array({std::move(location)});

  if (f.per_origin && !f.affected_urls.empty()) {
    ojson related = ojson::array();
    for (std::size_t i = 0; i < f.affected_urls.size() && i < kMaxRelatedLocations; ++i) {
      const std::string sample = to_valid_utf8(redact_url(f.affected_urls[i]));
      related.push_back({{"id", i + 1},
                         {"physicalLocation", physical_location(sample, 0)},
                         {"message", {{"text", sample}}}});
    }
    result["relatedLocations"] = std::move(related);
  }

  if (!f.baseline_state.empty()) result["baselineState"] = f.baseline_state;
  result["partialFingerprints"] = {
      {"primaryLocationLineHash", to_valid_utf8(effective_fingerprint(f)) + ":1"}};

  const std::string& target = f.exchange.url.empty() ? f.url : f.exchange.url;
  if (!target.empty()) {
    ojson request;
    request["protocol"] = "http";
    request["version"] = "1.1";
    request["target"] = to_valid_utf8(redact_url(target));
    request["method"] = to_valid_utf8(f.exchange.method.empty() ? f.method : f.exchange.method);
    if (!f.exchange.request_headers.empty()) {
      request["headers"] = headers_object(f.exchange.request_headers);
    }
    result["webRequest"] = std::move(request);
  }
  if (f.exchange.status > 0) {
    ojson response;
    response["protocol"] = "http";
    response["version"] = "1.1";
    response["statusCode"] = f.exchange.status;
    if (!f.exchange.response_headers.empty()) {
      response["headers"] = headers_object(f.exchange.response_headers);
    }
    if (!f.exchange.body_snippet.empty()) {
      response["body"] = {{"text", report_text(f.exchange.body_snippet, kMaxBody)}};
    }
    result["webResponse"] = std::move(response);
  }

  ojson props;
  props["security-severity"] = sarif_security_severity(rule.severity);
  props["confidence"] = to_string(f.confidence);
  if (!f.policy_action.empty()) props["policy"] = f.policy_action;
  if (f.original_severity) props["originalSeverity"] = to_string(*f.original_severity);
  ojson evidence = evidence_object(f.evidence);
  if (!evidence.empty()) props["evidence"] = std::move(evidence);
  if (f.comparison) {
    const ExchangeSummary& c = *f.comparison;
    ojson pair;
    pair["label"] = to_valid_utf8(f.comparison_label);
    pair["method"] = to_valid_utf8(c.method);
    pair["target"] = to_valid_utf8(redact_url(c.url));
    if (!c.request_headers.empty()) pair["requestHeaders"] = headers_object(c.request_headers);
    pair["statusCode"] = c.status;
    if (!c.body_snippet.empty()) pair["body"] = report_text(c.body_snippet, kMaxBody);
    props["comparison"] = std::move(pair);
  }
  if (f.per_origin) {
    ojson urls = ojson::array();
    for (const std::string& u : f.affected_urls) urls.push_back(to_valid_utf8(redact_url(u)));
    props["affected_urls"] = std::move(urls);
    props["affected_count"] = affected_total(f);
  }
  result["properties"] = std::move(props);
  return result;
}

// A fixed finding of the baseline as a SARIF result with baselineState "absent".
//
// GitHub code scanning turns every result of an upload into an alert: it ignores kind
// ("pass" results show as open alerts), baselineState and suppressions, and it identifies an
// alert by tool, category, ruleId, location and partialFingerprints. So the result keeps the
// baseline result's identity exactly (same ruleId, artifact URI and line, fingerprint): on
// GitHub it maps onto the alert the baseline's upload already opened instead of opening a
// fresh one. The price: that alert stays open while absent results carry it, and GitHub
// closes it at the first upload without it (README, "Baselines"). kind "pass" with level "none"
// (SARIF 2.1.0 3.27.9-10: level must be "none" when kind is not "fail") tells spec-following
// consumers that it is no problem any more; DefectDojo, for one, imports only kind "fail".
ojson absent_result_json(const ReportedFinding& f, std::size_t rule_index, const RuleSource& rule) {
  const std::string url = to_valid_utf8(redact_url(f.url));
  std::string text =
      to_valid_utf8(f.message.empty() ? (rule.title.empty() ? f.check : rule.title) : f.message);
  // A message read back from SARIF is already the whole text; one from JSON is not.
  if (!url.empty() && text.find(url) == std::string::npos) {
    text += " at " + url;
    if (f.affected > 0) {
      text += " (" + std::to_string(f.affected) +
              (f.affected == 1 ? " URL affected)" : " URLs affected)");
    }
  }

  ojson location;
  location["physicalLocation"] = physical_location(url, f.line);
  location["message"] = {{"text", url}};

  ojson result;
  result["ruleId"] = to_valid_utf8(rule.id);
  result["ruleIndex"] = rule_index;
  result["level"] = "none";
  result["kind"] = "pass";
  result["message"] = {{"text", text}};
  result["locations"] = ojson::array({std::move(location)});
  result["baselineState"] = "absent";
  result["partialFingerprints"] = {
      {"primaryLocationLineHash", to_valid_utf8(f.fingerprint) + ":1"}};
  result["properties"] = {{"security-severity", sarif_security_severity(rule.severity)}};
  return result;
}

std::string_view notification_level(const std::string& level) {
  if (level == "error" || level == "warning" || level == "note" || level == "none") return level;
  return "note";
}

ojson notification_json(const Notification& n) {
  const std::string url = to_valid_utf8(redact_url(n.url));
  std::string text = to_valid_utf8(n.message.empty() ? n.code : n.message);
  if (!url.empty()) text += " at " + url;
  ojson out;
  out["level"] = notification_level(n.level);
  out["message"] = {{"text", text}};
  if (!n.code.empty()) out["descriptor"] = {{"id", to_valid_utf8(n.code)}};
  if (!url.empty()) {
    ojson location;
    location["physicalLocation"] = physical_location(url, 0);
    location["message"] = {{"text", url}};
    out["locations"] = ojson::array({std::move(location)});
  }
  out["properties"] = {{"count", n.count}};
  return out;
}

}  // namespace

std::string_view sarif_level(Severity severity) {
  switch (severity) {
    case Severity::critical:
    case Severity::high:
      return "error";
    case Severity::medium:
    case Severity::low:
      return "warning";
    case Severity::info:
      return "note";
  }
  return "warning";
}

std::string_view sarif_security_severity(Severity severity) {
  switch (severity) {
    case Severity::critical:
      return "9.5";
    case Severity::high:
      return "8.0";
    case Severity::medium:
      return "5.5";
    case Severity::low:
      return "3.0";
    case Severity::info:
      return "0.1";  // GitHub accepts (0, 10] only; it has no info bucket and shows this as low
  }
  return "0.1";
}

std::string sarif_rule_id(std::string_view check_id, Severity severity, Severity default_severity) {
  std::string id(check_id);
  if (severity != default_severity) id += "/" + std::string(to_string(severity));
  return id;
}

std::string check_id_of_rule(std::string_view rule_id) {
  const std::size_t slash = rule_id.rfind('/');
  if (slash != std::string_view::npos) {
    const std::string_view suffix = rule_id.substr(slash + 1);
    for (Severity s :
         {Severity::info, Severity::low, Severity::medium, Severity::high, Severity::critical}) {
      if (suffix == to_string(s)) return std::string(rule_id.substr(0, slash));
    }
  }
  return std::string(rule_id);
}

std::string sarif_rule_name(std::string_view check_id) {
  std::string out;
  bool upper_next = true;
  for (char c : check_id) {
    const auto uc = static_cast<unsigned char>(c);
    if (!((uc >= 'a' && uc <= 'z') || (uc >= 'A' && uc <= 'Z') || (uc >= '0' && uc <= '9'))) {
      upper_next = true;  // '-', '_', '.', ' ' and anything else separate words
      continue;
    }
    if (upper_next && uc >= 'a' && uc <= 'z') c = static_cast<char>(uc - 'a' + 'A');
    out += c;
    upper_next = false;
  }
  return out.empty() ? std::string("Rule") : out;
}

std::string sarif_artifact_uri(std::string_view url) {
  if (const std::size_t hash = url.find('#'); hash != std::string_view::npos) {
    url = url.substr(0, hash);
  }
  if (const std::size_t qm = url.find('?'); qm != std::string_view::npos) {
    url = url.substr(0, qm);
  }
  std::string scheme;
  std::string_view rest = url;
  if (const std::size_t sep = url.find("://"); sep != std::string_view::npos) {
    scheme = to_lower(url.substr(0, sep));
    rest = url.substr(sep + 3);
  }
  std::size_t auth_end = rest.find('/');
  if (auth_end == std::string_view::npos) auth_end = rest.size();
  std::string_view authority = scheme.empty() ? std::string_view() : rest.substr(0, auth_end);
  std::string_view path = scheme.empty() ? rest : rest.substr(auth_end);
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }

  std::string host;
  std::string port;
  if (!authority.empty() && authority.front() == '[') {  // [IPv6]:port
    const std::size_t close = authority.find(']');
    host = std::string(
        authority.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
    if (close != std::string_view::npos && close + 1 < authority.size() &&
        authority[close + 1] == ':') {
      port = std::string(authority.substr(close + 2));
    }
  } else if (const std::size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = std::string(authority.substr(0, colon));
    port = std::string(authority.substr(colon + 1));
  } else {
    host = std::string(authority);
  }
  if (port.empty()) {
    if (scheme == "https" || scheme == "wss") {
      port = "443";
    } else if (scheme == "http" || scheme == "ws") {
      port = "80";
    } else {
      port = "0";
    }
  }
  host = to_lower(host);
  std::replace(host.begin(), host.end(), ':', '-');  // a ':' would read as a URI scheme
  if (host.empty()) host = "unknown";

  std::string out = "dast/" + encode_uri_part(host + "_" + port, false);
  if (path.empty() || path.front() != '/') out += '/';
  // Dot segments would climb out of "dast/" once a consumer normalizes the URI.
  const std::string encoded = encode_uri_part(path, true);
  std::size_t start = 0;
  while (true) {
    const std::size_t end = encoded.find('/', start);
    const std::string segment = encoded.substr(start, end == std::string::npos ? end : end - start);
    out += segment == "." ? "%2E" : segment == ".." ? "%2E%2E" : segment;
    if (end == std::string::npos) break;
    out += '/';
    start = end + 1;
  }
  return out;
}

nlohmann::ordered_json build_sarif(const std::vector<Finding>& findings,
                                   const ScanSummary& summary) {
  const std::vector<const Finding*> sorted = sorted_findings(findings);

  // Rules first, all of them, so every ruleIndex below is looked up after its rule exists.
  // GitHub takes a result's security-severity from its rule, so a finding whose severity
  // differs from its check's (a policy override, an escalated exposure) gets a rule of its own:
  // "<check>/<severity>", a copy of the check's rule at that severity.
  std::vector<RuleSource> rules;
  std::map<std::string, std::size_t> rule_index;
  auto add_rule = [&](RuleSource r) {
    if (rule_index.count(r.id) != 0) return;
    rule_index.emplace(r.id, rules.size());
    rules.push_back(std::move(r));
  };
  auto rule_for = [&](RuleSource base, Severity severity) -> std::size_t {
    const auto it = rule_index.find(base.check);
    if (it == rule_index.end()) {
      base.severity = severity;
      add_rule(std::move(base));
      return rules.size() - 1;
    }
    if (rules[it->second].severity == severity) return it->second;
    RuleSource variant = rules[it->second];
    variant.id = sarif_rule_id(variant.check, severity, variant.severity);
    variant.severity = severity;
    const std::string id = variant.id;
    add_rule(std::move(variant));
    return rule_index.at(id);
  };
  for (const CheckInfo* info : summary.rules) {
    if (info != nullptr) add_rule(from_info(*info));
  }
  std::vector<std::size_t> result_rules;
  result_rules.reserve(sorted.size());
  for (const Finding* f : sorted) result_rules.push_back(rule_for(from_finding(*f), f->severity));
  std::vector<std::size_t> fixed_rules;
  for (const ReportedFinding& f : summary.fixed) {
    fixed_rules.push_back(f.check.empty() ? 0 : rule_for(from_reported(f), f.severity));
  }

  ojson rules_json = ojson::array();
  for (const RuleSource& r : rules) rules_json.push_back(rule_json(r));

  ojson driver;
  driver["name"] = "gapscan";
  if (!summary.tool_version.empty()) {
    driver["semanticVersion"] = to_valid_utf8(summary.tool_version);
    driver["version"] = to_valid_utf8(summary.tool_version);
  }
  driver["informationUri"] = "https://github.com/gapscan/gapscan";
  driver["rules"] = std::move(rules_json);

  ojson invocation;
  invocation["executionSuccessful"] = summary.completed;
  if (!summary.start_time.empty()) invocation["startTimeUtc"] = to_valid_utf8(summary.start_time);
  if (!summary.end_time.empty()) invocation["endTimeUtc"] = to_valid_utf8(summary.end_time);
  // An empty notification list is left out rather than written as [].
  if (!summary.notifications.empty()) {
    ojson notes = ojson::array();
    for (const Notification& n : summary.notifications) notes.push_back(notification_json(n));
    invocation["toolExecutionNotifications"] = std::move(notes);
  }

  ojson results = ojson::array();
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const std::size_t index = result_rules[i];
    results.push_back(result_json(*sorted[i], index, rules[index]));
  }
  // The baseline's findings that are gone, after the live ones (summary.fixed is sorted).
  for (std::size_t i = 0; i < summary.fixed.size(); ++i) {
    const ReportedFinding& f = summary.fixed[i];
    if (f.check.empty()) continue;  // no rule to point at; the JSON report still lists it
    const std::size_t index = fixed_rules[i];
    results.push_back(absent_result_json(f, index, rules[index]));
  }

  const ScanStatistics& st = summary.statistics;
  ojson probes = ojson::object();
  for (const auto& [check, count] : st.probe_requests) probes[to_valid_utf8(check)] = count;
  ojson targets = ojson::array();
  for (const std::string& t : summary.targets) targets.push_back(to_valid_utf8(redact_url(t)));

  ojson run;
  run["tool"] = {{"driver", std::move(driver)}};
  run["invocations"] = ojson::array({std::move(invocation)});
  run["results"] = std::move(results);
  run["properties"] = {{"targets", std::move(targets)},
                       {"statistics",
                        {{"requests", st.requests},
                         {"pages", st.pages},
                         {"errors", st.errors},
                         {"bytes_received", st.bytes_received},
                         {"duration_s", st.duration_s},
                         {"probe_requests", std::move(probes)}}}};

  ojson log;
  log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  log["version"] = "2.1.0";
  log["runs"] = ojson::array({std::move(run)});
  return log;
}

std::string render_sarif(const std::vector<Finding>& findings, const ScanSummary& summary) {
  return dump_report(build_sarif(findings, summary));
}

std::string SarifReporter::render(const std::vector<Finding>& findings,
                                  const ScanSummary& summary) const {
  return render_sarif(findings, summary);
}

}  // namespace gapscan
