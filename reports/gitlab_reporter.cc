// GitLab DAST report, schema 15.0.7. Model 15 of GitLab's schemas dropped the vulnerability
// fields cve, category, message, confidence and scanner (the scan object carries the scanner,
// the report type is scan.type), so none of them is written: the finding's message goes into
// the description instead. Every header, URL and evidence value is redacted with the same
// functions as the SARIF and JSON reports.
#include "reports/gitlab_reporter.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <exception>
#include <utility>

#include "reports/report_common.h"
#include "scanner/base/text.h"
#include "scanner/base/url.h"

namespace gapscan {

namespace {

using ojson = nlohmann::ordered_json;

// Limits of the 15.x schemas (name, description, solution) and ours for evidence.
constexpr std::size_t kMaxName = 255;
constexpr std::size_t kMaxDescription = 1048576;
constexpr std::size_t kMaxSolution = 7000;
constexpr std::size_t kMaxHeaderValue = 4096;
constexpr std::size_t kMaxSnippet = 2048;
constexpr std::size_t kMaxAffectedListed = 20;
constexpr std::string_view kAnalyzerUrl = "https://github.com/gapscan/gapscan";

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

bool parse_digits(std::string_view s, std::size_t pos, std::size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

bool is_http_url(std::string_view s) {
  return (s.starts_with("https://") && s.size() > 8) || (s.starts_with("http://") && s.size() > 7);
}

// [{name, value}, ...] in the order sent, repeated names kept; GitLab requires a name.
ojson header_list(const HeaderList& headers) {
  ojson out = ojson::array();
  for (const Header& h : redact_headers(headers)) {
    const std::string name = report_text(h.name, kMaxHeaderValue);
    if (name.empty()) continue;
    out.push_back({{"name", name}, {"value", report_text(h.value, kMaxHeaderValue)}});
  }
  return out;
}

std::string evidence_summary(const Finding& f) {
  std::vector<std::string> parts;
  const Evidence& e = f.evidence;
  if (!e.note.empty()) parts.push_back(to_valid_utf8(e.note));
  if (!e.header_name.empty()) {
    const std::string value = e.header_value.empty()
                                  ? std::string()
                                  : redact_headers({{e.header_name, e.header_value}}).front().value;
    // A name alone: the header is missing or empty, the note says which.
    parts.push_back(report_text(e.header_name, kMaxHeaderValue) +
                    (value.empty() ? std::string() : ": " + report_text(value, kMaxHeaderValue)));
  }
  if (!e.snippet.empty()) {
    std::string s = report_text(e.snippet, kMaxSnippet);
    if (e.line > 0) s = "line " + std::to_string(e.line) + ": " + s;
    parts.push_back(std::move(s));
  }
  if (parts.empty()) parts.push_back(to_valid_utf8(f.message));
  std::string out;
  for (const std::string& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += "\n";
    out += p;
  }
  return out;
}

ojson location_json(const Finding& f, const std::string& raw_url) {
  ojson loc;
  std::string hostname;
  std::string path;
  if (const auto u = parse_url(raw_url)) {
    hostname = u->origin();  // scheme, host and port; userinfo is dropped by the parser
    path = redact_url(u->path);
  } else {
    path = redact_url(raw_url);
  }
  loc["hostname"] = to_valid_utf8(hostname);
  loc["method"] = to_valid_utf8(f.method);
  loc["param"] = to_valid_utf8(f.parameter);
  loc["path"] = to_valid_utf8(path);
  return loc;
}

ojson evidence_json(const Finding& f, const std::string& raw_url) {
  ojson ev;
  ev["summary"] = evidence_summary(f);
  const std::string& target = f.exchange.url.empty() ? raw_url : f.exchange.url;
  const std::string method = f.exchange.method.empty() ? f.method : f.exchange.method;
  if (!target.empty() && !method.empty()) {
    ev["request"] = {{"headers", header_list(f.exchange.request_headers)},
                     {"method", to_valid_utf8(method)},
                     {"url", to_valid_utf8(redact_url(target))}};
  }
  if (f.exchange.status > 0) {
    ev["response"] = {{"headers", header_list(f.exchange.response_headers)},
                      {"reason_phrase", http_reason_phrase(f.exchange.status)},
                      {"status_code", f.exchange.status}};
  }
  return ev;
}

std::string description_of(const Finding& f, const CheckInfo* info) {
  std::string out = to_valid_utf8(f.message);
  if (info != nullptr && !info->description.empty()) {
    if (!out.empty()) out += "\n\n";
    out += to_valid_utf8(info->description);
  }
  if (f.per_origin && !f.affected_urls.empty()) {
    const std::size_t total = std::max(f.affected_count, f.affected_urls.size());
    out += "\n\nAffected URLs (" + std::to_string(total) + "):";
    for (std::size_t i = 0; i < f.affected_urls.size() && i < kMaxAffectedListed; ++i) {
      out += "\n- " + to_valid_utf8(redact_url(f.affected_urls[i]));
    }
    if (total > kMaxAffectedListed) out += "\n- ...";
  }
  if (out.empty()) out = to_valid_utf8(f.check_id);
  return cut_text(out, kMaxDescription);
}

ojson vulnerability_json(const Finding& f, const CheckInfo* info) {
  const std::string& raw_url = f.url.empty() ? f.exchange.url : f.url;

  ojson identifiers = ojson::array();
  // The primary identifier (first) is what GitLab tracks a vulnerability by.
  identifiers.push_back({{"type", "gapscan_check_id"},
                         {"name", to_valid_utf8(f.check_id)},
                         {"value", to_valid_utf8(f.check_id)}});
  if (info != nullptr && info->cwe > 0) {
    const std::string n = std::to_string(info->cwe);
    identifiers.push_back({{"type", "cwe"},
                           {"name", "CWE-" + n},
                           {"value", n},
                           {"url", "https://cwe.mitre.org/data/definitions/" + n + ".html"}});
  }
  ojson links = ojson::array();
  if (info != nullptr) {
    for (std::string_view ref : info->references) {
      if (is_http_url(ref)) links.push_back({{"url", to_valid_utf8(ref)}});
    }
  }

  ojson v;
  v["id"] = gitlab_vulnerability_id(effective_fingerprint(f));
  v["name"] = cut_text(
      info != nullptr && !info->title.empty() ? std::string(info->title) : f.check_id, kMaxName);
  v["description"] = description_of(f, info);
  v["severity"] = gitlab_severity(f.severity);
  if (info != nullptr && !info->remediation.empty()) {
    v["solution"] = cut_text(info->remediation, kMaxSolution);
  }
  v["identifiers"] = std::move(identifiers);
  v["links"] = std::move(links);
  v["location"] = location_json(f, raw_url);
  v["evidence"] = evidence_json(f, raw_url);
  return v;
}

// GitLab's message levels: info, warn, fatal. Fatal is what kept the scan from scanning: no
// target answered, or a login (or a lost session's re-login) failed. Every other event of ours
// (timeouts, caps, an interrupt, --max-duration) is a warning: the results stand for what was
// scanned.
std::string_view message_level(const Notification& n) {
  if (n.level == "error" &&
      (n.code == "no-target-reachable" || n.code == "login-failed" || n.code == "session-lost")) {
    return "fatal";
  }
  return n.level == "error" || n.level == "warning" ? "warn" : "info";
}

ojson tool_json(const ScanSummary& summary) {
  const std::string version =
      summary.tool_version.empty() ? "unknown" : to_valid_utf8(summary.tool_version);
  return {{"id", "gapscan"},
          {"name", "gapscan"},
          {"url", kAnalyzerUrl},
          {"vendor", {{"name", "gapscan"}}},
          {"version", version}};
}

}  // namespace

std::string gitlab_time(std::string_view t) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!parse_digits(t, 0, 4, &year) || t.size() < 19 || t[4] != '-' ||
      !parse_digits(t, 5, 2, &month) || t[7] != '-' || !parse_digits(t, 8, 2, &day) ||
      (t[10] != 'T' && t[10] != 't' && t[10] != ' ') || !parse_digits(t, 11, 2, &hour) ||
      t[13] != ':' || !parse_digits(t, 14, 2, &minute) || t[16] != ':' ||
      !parse_digits(t, 17, 2, &second)) {
    return {};
  }
  std::size_t pos = 19;
  if (pos < t.size() && t[pos] == '.') {  // fractions are dropped, not rounded
    ++pos;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') ++pos;
  }
  long offset_s = 0;
  if (pos < t.size()) {
    if (t[pos] == 'Z' || t[pos] == 'z') {
      ++pos;
    } else if (t[pos] == '+' || t[pos] == '-') {
      int oh = 0, om = 0;
      if (!parse_digits(t, pos + 1, 2, &oh) || pos + 3 >= t.size() || t[pos + 3] != ':' ||
          !parse_digits(t, pos + 4, 2, &om)) {
        return {};
      }
      offset_s = (t[pos] == '+' ? 1 : -1) * (oh * 3600L + om * 60L);
      pos += 6;
    }
  }
  if (pos != t.size() || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
      minute > 59 || second > 60) {
    return {};
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  const std::time_t utc = ::timegm(&tm) - offset_s;
  std::tm out{};
  if (::gmtime_r(&utc, &out) == nullptr) return {};
  char buf[80];  // room for any int the compiler can imagine
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", out.tm_year + 1900,
                out.tm_mon + 1, out.tm_mday, out.tm_hour, out.tm_min, out.tm_sec);
  return buf;
}

std::string gitlab_vulnerability_id(std::string_view fingerprint) {
  std::string h = sha256_hex("gapscan-gitlab-vulnerability|" + std::string(fingerprint));
  // Version 8 (custom) and the RFC 9562 variant bits, so that UUID parsers accept it.
  const int nibble = h[16] >= 'a' ? h[16] - 'a' + 10 : h[16] - '0';
  h[12] = '8';
  h[16] = "89ab"[nibble & 3];
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20, 12);
}

std::string_view gitlab_severity(Severity severity) {
  switch (severity) {
    case Severity::critical:
      return "Critical";
    case Severity::high:
      return "High";
    case Severity::medium:
      return "Medium";
    case Severity::low:
      return "Low";
    case Severity::info:
      return "Info";
  }
  return "Unknown";
}

std::string_view http_reason_phrase(long status) {
  struct Reason {
    long status;
    std::string_view phrase;
  };
  static constexpr Reason kReasons[] = {
      {100, "Continue"},
      {101, "Switching Protocols"},
      {200, "OK"},
      {201, "Created"},
      {202, "Accepted"},
      {203, "Non-Authoritative Information"},
      {204, "No Content"},
      {205, "Reset Content"},
      {206, "Partial Content"},
      {300, "Multiple Choices"},
      {301, "Moved Permanently"},
      {302, "Found"},
      {303, "See Other"},
      {304, "Not Modified"},
      {307, "Temporary Redirect"},
      {308, "Permanent Redirect"},
      {400, "Bad Request"},
      {401, "Unauthorized"},
      {402, "Payment Required"},
      {403, "Forbidden"},
      {404, "Not Found"},
      {405, "Method Not Allowed"},
      {406, "Not Acceptable"},
      {407, "Proxy Authentication Required"},
      {408, "Request Timeout"},
      {409, "Conflict"},
      {410, "Gone"},
      {411, "Length Required"},
      {412, "Precondition Failed"},
      {413, "Content Too Large"},
      {414, "URI Too Long"},
      {415, "Unsupported Media Type"},
      {416, "Range Not Satisfiable"},
      {417, "Expectation Failed"},
      {418, "I'm a teapot"},
      {421, "Misdirected Request"},
      {422, "Unprocessable Content"},
      {425, "Too Early"},
      {426, "Upgrade Required"},
      {428, "Precondition Required"},
      {429, "Too Many Requests"},
      {431, "Request Header Fields Too Large"},
      {451, "Unavailable For Legal Reasons"},
      {500, "Internal Server Error"},
      {501, "Not Implemented"},
      {502, "Bad Gateway"},
      {503, "Service Unavailable"},
      {504, "Gateway Timeout"},
      {505, "HTTP Version Not Supported"},
  };
  for (const Reason& r : kReasons) {
    if (r.status == status) return r.phrase;
  }
  return "";
}

nlohmann::ordered_json build_gitlab(const std::vector<Finding>& findings,
                                    const ScanSummary& summary) {
  const std::vector<const Finding*> sorted = sorted_findings(findings);

  std::string start = gitlab_time(summary.start_time);
  std::string end = gitlab_time(summary.end_time);
  // Both times are required; a scan that never recorded them still gets a valid report.
  if (start.empty()) start = end.empty() ? "1970-01-01T00:00:00" : end;
  if (end.empty()) end = start;

  ojson messages = ojson::array();
  for (const Notification& n : summary.notifications) {
    std::string text = to_valid_utf8(n.message.empty() ? n.code : n.message);
    if (!n.url.empty()) text += " at " + to_valid_utf8(redact_url(n.url));
    if (n.count > 1) text += " (" + std::to_string(n.count) + " times)";
    if (!n.code.empty()) text = "[" + to_valid_utf8(n.code) + "] " + text;
    if (text.empty()) continue;
    messages.push_back({{"level", message_level(n)}, {"value", std::move(text)}});
  }

  ojson scan;
  scan["analyzer"] = tool_json(summary);
  scan["scanner"] = tool_json(summary);
  scan["type"] = "dast";
  scan["start_time"] = start;
  scan["end_time"] = end;
  scan["status"] = summary.completed ? "success" : "failure";
  scan["messages"] = std::move(messages);
  ojson resources = ojson::array();
  for (const std::string& u : summary.scanned_urls) {
    resources.push_back(
        {{"method", "GET"}, {"type", "url"}, {"url", to_valid_utf8(redact_url(u))}});
  }
  scan["scanned_resources"] = std::move(resources);

  ojson vulnerabilities = ojson::array();
  for (const Finding* f : sorted) {
    vulnerabilities.push_back(vulnerability_json(*f, find_rule(summary, f->check_id)));
  }

  ojson doc;
  doc["version"] = kGitlabSchemaVersion;
  doc["scan"] = std::move(scan);
  doc["vulnerabilities"] = std::move(vulnerabilities);
  return doc;
}

std::string render_gitlab(const std::vector<Finding>& findings, const ScanSummary& summary) {
  return dump_report(build_gitlab(findings, summary));
}

std::string GitlabReporter::render(const std::vector<Finding>& findings,
                                   const ScanSummary& summary) const {
  return render_gitlab(findings, summary);
}

}  // namespace gapscan
