// The HTML report is rendered on the server side: every value from the scan goes through
// html_escape (or report_text, then html_escape) and the page script only reads data-*
// attributes and sets textContent and hidden, so no scan data is ever parsed as markup or
// code. The document's Content-Security-Policy allows no network access at all and only the
// exact inline style and script below (by hash), so even a mistake here could not load or
// run anything else.
#include "reports/html_reporter.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <exception>
#include <map>
#include <set>
#include <utility>

#include "reports/report_common.h"
#include "scanner/base/text.h"
#include "scanner/base/url.h"

namespace gapscan {

namespace {

constexpr std::array<Severity, 5> kOrder = {Severity::critical, Severity::high, Severity::medium,
                                            Severity::low, Severity::info};
constexpr std::size_t kMaxHeaderValue = 4096;
constexpr std::size_t kMaxSnippet = 2048;
constexpr std::size_t kMaxBody = 4096;
constexpr std::size_t kMaxAffectedListed = 50;
constexpr int kChartBarWidth = 320;

constexpr std::string_view kStyle = R"css(
:root { --critical: #6a1b9a; --high: #c62828; --medium: #e65100; --low: #9e7c00; --info: #1565c0;
  --border: #d0d7de; --muted: #57606a; --panel: #ffffff; --page: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: #1f2328; line-height: 1.45;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
header, main, footer { max-width: 1100px; margin: 0 auto; padding: 12px 24px; }
header { background: var(--panel); border-bottom: 1px solid var(--border); max-width: none;
  padding: 12px max(24px, calc(50% - 526px)); }
h1 { margin: 8px 0; font-size: 1.6em; }
h2 { margin: 24px 0 8px; font-size: 1.25em; border-bottom: 1px solid var(--border); }
h3 { margin: 0 0 6px; font-size: 1.05em; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.9em; }
pre { white-space: pre-wrap; word-break: break-all; background: #f0f2f4; padding: 6px 8px;
  margin: 4px 0; border-radius: 4px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; word-break: break-all; }
ul.plain { margin: 0; padding-left: 18px; }
.panel { background: var(--panel); border: 1px solid var(--border); border-radius: 6px;
  padding: 12px 16px; margin: 8px 0; }
.summary-grid { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: 3px 10px; border-bottom: 1px solid var(--border);
  vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; color: #fff;
  font-size: 0.8em; font-weight: 600; text-transform: uppercase; vertical-align: middle; }
.badge.state { background: #444c56; }
.badge.sev-critical { background: var(--critical); }
.badge.sev-high { background: var(--high); }
.badge.sev-medium { background: var(--medium); }
.badge.sev-low { background: var(--low); }
.badge.sev-info { background: var(--info); }
svg .bar-critical { fill: var(--critical); }
svg .bar-high { fill: var(--high); }
svg .bar-medium { fill: var(--medium); }
svg .bar-low { fill: var(--low); }
svg .bar-info { fill: var(--info); }
svg text { font-size: 13px; fill: #1f2328; }
#filters fieldset { display: inline-block; border: 1px solid var(--border); border-radius: 6px;
  margin: 0 16px 0 0; }
#filters label { margin-right: 10px; white-space: nowrap; }
.check-group { background: var(--panel); border: 1px solid var(--border); border-radius: 6px;
  padding: 12px 16px; margin: 12px 0; }
.check-group .rule { color: var(--muted); margin: 4px 0; }
.finding { border-top: 1px solid var(--border); padding: 8px 0 4px; }
.finding .where { font-family: ui-monospace, "DejaVu Sans Mono", monospace; word-break: break-all; }
.finding .message { margin: 4px 0; }
.finding .facts { color: var(--muted); font-size: 0.9em; }
.evidence { margin: 4px 0 0 12px; }
.evidence .label { color: var(--muted); font-size: 0.85em; }
details summary { cursor: pointer; color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
footer { color: var(--muted); font-size: 0.85em; }
[hidden] { display: none !important; }
)css";

constexpr std::string_view kScript = R"js(
(function () {
  'use strict';
  var status = document.getElementById('js-status');
  var errors = [];
  function publish() {
    status.setAttribute('data-errors', JSON.stringify(errors));
  }
  window.addEventListener('error', function (e) {
    errors.push(String(e.message || e.type));
    publish();
  });
  document.addEventListener('securitypolicyviolation', function (e) {
    errors.push('blocked by the Content-Security-Policy: ' + e.violatedDirective);
    publish();
  });
  var consoleError = console.error;
  console.error = function () {
    errors.push(Array.prototype.join.call(arguments, ' '));
    publish();
    return consoleError.apply(console, arguments);
  };
  var SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
  function apply() {
    var shown = {};
    SEVERITIES.forEach(function (s) {
      shown[s] = document.getElementById('filter-' + s).checked;
    });
    var origin = document.getElementById('filter-origin').value;
    var counts = {critical: 0, high: 0, medium: 0, low: 0, info: 0};
    var total = 0;
    var findings = document.querySelectorAll('.finding');
    for (var i = 0; i < findings.length; i++) {
      var f = findings[i];
      var sev = f.getAttribute('data-severity');
      var visible = shown[sev] === true &&
          (origin === '' || f.getAttribute('data-origin') === origin);
      f.hidden = !visible;
      if (visible) {
        counts[sev] += 1;
        total += 1;
      }
    }
    var groups = document.querySelectorAll('.check-group');
    for (var j = 0; j < groups.length; j++) {
      groups[j].hidden = groups[j].querySelector('.finding:not([hidden])') === null;
    }
    SEVERITIES.forEach(function (s) {
      document.getElementById('visible-' + s).textContent = String(counts[s]);
    });
    document.getElementById('visible-total').textContent = String(total);
    document.getElementById('no-match').hidden = total !== 0 || findings.length === 0;
    status.setAttribute('data-visible', JSON.stringify(counts));
  }
  function fromHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ''));
    var severity = params.get('severity');
    if (severity !== null) {
      var wanted = severity.split(',');
      SEVERITIES.forEach(function (s) {
        document.getElementById('filter-' + s).checked = wanted.indexOf(s) >= 0;
      });
    }
    var origin = params.get('origin');
    if (origin !== null) {
      var select = document.getElementById('filter-origin');
      for (var k = 0; k < select.options.length; k++) {
        if (select.options[k].value === origin) select.selectedIndex = k;
      }
    }
  }
  try {
    fromHash();
    var controls = document.querySelectorAll('#filters input, #filters select');
    for (var n = 0; n < controls.length; n++) controls[n].addEventListener('change', apply);
    window.addEventListener('hashchange', function () {
      fromHash();
      apply();
    });
    document.getElementById('filters').hidden = false;
    apply();
    // Proves that the inline style passed the Content-Security-Policy too.
    status.setAttribute('data-styled', getComputedStyle(document.body).backgroundColor);
    status.setAttribute('data-ready', '1');
  } catch (e) {
    errors.push(String(e && e.message ? e.message : e));
  }
  publish();
})();
)js";

std::string esc(std::string_view text) { return html_escape(text); }

// Evidence bytes: printable (controls as \xNN), valid UTF-8, then escaped.
std::string esc_bytes(std::string_view bytes, std::size_t max_bytes) {
  return html_escape(report_text(bytes, max_bytes));
}

std::string sev_name(Severity s) { return std::string(to_string(s)); }

std::string badge(Severity s) {
  const std::string n = sev_name(s);
  return "<span class=\"badge sev-" + n + "\">" + n + "</span>";
}

// The CSP source expression of an inline block: 'sha256-<base64 of the digest>'.
std::string csp_hash(std::string_view content) {
  const std::string hex = sha256_hex(content);
  std::string raw;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    raw += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return "'sha256-" + base64_encode(raw) + "'";
}

std::string origin_key(const Finding& f) {
  const std::string& url = f.url.empty() ? f.exchange.url : f.url;
  const std::string o = origin_of(url);
  return o.empty() ? std::string("(unknown)") : o;
}

std::string format_double(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string header_lines(const HeaderList& headers) {
  std::string out;
  for (const Header& h : redact_headers(headers)) {
    out +=
        report_text(h.name, kMaxHeaderValue) + ": " + report_text(h.value, kMaxHeaderValue) + "\n";
  }
  return out;
}

std::string render_evidence(const Finding& f, const std::string& raw_url) {
  std::string out = "<div class=\"evidence\">\n";
  const std::string& target = f.exchange.url.empty() ? raw_url : f.exchange.url;
  const std::string method = f.exchange.method.empty() ? f.method : f.exchange.method;
  if (!target.empty()) {
    out += "<div><span class=\"label\">request</span> <code class=\"request-line\">" + esc(method) +
           " " + esc(redact_url(target)) + "</code></div>\n";
  }
  if (f.exchange.status > 0) {
    out += "<div><span class=\"label\">status</span> <code class=\"status\">" +
           std::to_string(f.exchange.status) + "</code></div>\n";
  }
  const Evidence& e = f.evidence;
  if (!e.header_name.empty()) {
    const std::string value = e.header_value.empty()
                                  ? std::string()
                                  : redact_headers({{e.header_name, e.header_value}}).front().value;
    out += "<div><span class=\"label\">header</span> <code class=\"header\">" +
           esc_bytes(e.header_name, kMaxHeaderValue) +
           (value.empty() ? std::string() : ": " + esc_bytes(value, kMaxHeaderValue)) +
           "</code></div>\n";
  }
  if (!e.snippet.empty()) {
    out += "<div><span class=\"label\">snippet" +
           (e.line > 0 ? std::string(" (line ") + std::to_string(e.line) + ")" : std::string()) +
           "</span><pre class=\"snippet\">" + esc_bytes(e.snippet, kMaxSnippet) + "</pre></div>\n";
  }
  if (!e.note.empty()) out += "<div class=\"note\">" + esc(e.note) + "</div>\n";
  const bool exchange = !f.exchange.request_headers.empty() ||
                        !f.exchange.response_headers.empty() || !f.exchange.body_snippet.empty();
  if (exchange) {
    out += "<details><summary>exchange</summary>\n";
    if (!f.exchange.request_headers.empty()) {
      out += "<div class=\"label\">request headers</div><pre>" +
             esc(header_lines(f.exchange.request_headers)) + "</pre>\n";
    }
    if (!f.exchange.response_headers.empty()) {
      out += "<div class=\"label\">response headers</div><pre>" +
             esc(header_lines(f.exchange.response_headers)) + "</pre>\n";
    }
    if (!f.exchange.body_snippet.empty()) {
      out += "<div class=\"label\">response body (start)</div><pre>" +
             esc_bytes(f.exchange.body_snippet, kMaxBody) + "</pre>\n";
    }
    out += "</details>\n";
  }
  out += "</div>\n";
  return out;
}

std::string render_finding(const Finding& f) {
  const std::string& raw_url = f.url.empty() ? f.exchange.url : f.url;
  const std::string sev = sev_name(f.severity);
  std::string out = "<article class=\"finding sev-" + sev + "\" data-severity=\"" + sev +
                    "\" data-origin=\"" + esc(origin_key(f)) + "\" data-fingerprint=\"" +
                    esc(effective_fingerprint(f)) + "\">\n";
  out += "<div>" + badge(f.severity);
  if (!f.baseline_state.empty()) {
    out += " <span class=\"badge state\">" + esc(f.baseline_state) + "</span>";
  }
  out += " <span class=\"where\">" + esc(redact_url(raw_url)) + "</span></div>\n";
  if (!f.message.empty()) out += "<p class=\"message\">" + esc(f.message) + "</p>\n";
  std::string facts = "method " + esc(f.method);
  if (!f.parameter.empty()) facts += " · parameter <code>" + esc(f.parameter) + "</code>";
  facts += " · confidence " + std::string(to_string(f.confidence));
  if (f.original_severity) {
    facts += " · severity set by policy (was " + sev_name(*f.original_severity) + ")";
  }
  facts += " · fingerprint <code>" + esc(effective_fingerprint(f)) + "</code>";
  out += "<div class=\"facts\">" + facts + "</div>\n";
  out += render_evidence(f, raw_url);
  if (f.per_origin && !f.affected_urls.empty()) {
    const std::size_t total = std::max(f.affected_count, f.affected_urls.size());
    out += "<details><summary>affected URLs (" + std::to_string(total) +
           ")</summary><ul class=\"plain\">\n";
    for (std::size_t i = 0; i < f.affected_urls.size() && i < kMaxAffectedListed; ++i) {
      out += "<li>" + esc(redact_url(f.affected_urls[i])) + "</li>\n";
    }
    if (total > std::min(f.affected_urls.size(), kMaxAffectedListed)) out += "<li>…</li>\n";
    out += "</ul></details>\n";
  }
  out += "</article>\n";
  return out;
}

std::string render_chart(const std::array<std::size_t, 5>& counts) {
  std::size_t max = 0;
  for (std::size_t c : counts) max = std::max(max, c);
  const int row = 26;
  std::string out =
      "<svg id=\"severity-chart\" role=\"img\" aria-label=\"findings by severity\" "
      "width=\"" +
      std::to_string(90 + kChartBarWidth + 50) + "\" height=\"" + std::to_string(row * 5 + 4) +
      "\">\n";
  int y = 2;
  for (Severity s : kOrder) {
    const std::size_t c = counts[static_cast<std::size_t>(s)];
    int width = max == 0 ? 0 : static_cast<int>((c * kChartBarWidth + max / 2) / max);
    if (c > 0 && width < 2) width = 2;
    const std::string n = sev_name(s);
    out += "<text x=\"0\" y=\"" + std::to_string(y + 15) + "\">" + n + "</text>";
    out += "<rect id=\"bar-" + n + "\" class=\"bar-" + n + "\" data-count=\"" + std::to_string(c) +
           "\" x=\"80\" y=\"" + std::to_string(y) + "\" width=\"" + std::to_string(width) +
           "\" height=\"20\" rx=\"3\"></rect>";
    out += "<text x=\"" + std::to_string(86 + width) + "\" y=\"" + std::to_string(y + 15) + "\">" +
           std::to_string(c) + "</text>\n";
    y += row;
  }
  out += "</svg>\n";
  return out;
}

struct Group {
  std::string check;
  Severity top = Severity::info;
  std::vector<const Finding*> findings;
};

}  // namespace

std::string html_escape(std::string_view text) {
  return escape_markup(text, "&#39;", MarkupClean::html);
}

std::string render_html(const std::vector<Finding>& findings, const ScanSummary& summary) {
  const std::vector<const Finding*> sorted = sorted_findings(findings);
  std::array<std::size_t, 5> counts{};
  for (const Finding* f : sorted) ++counts[static_cast<std::size_t>(f->severity) % counts.size()];

  std::string targets_text;
  std::string targets_list;
  for (const std::string& t : summary.targets) {
    const std::string r = redact_url(t);
    targets_text += (targets_text.empty() ? "" : ", ") + r;
    targets_list += "<li>" + esc(r) + "</li>";
  }

  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src " +
         csp_hash(kStyle) + "; script-src " + csp_hash(kScript) +
         "; img-src data:; base-uri 'none'; form-action 'none'\">\n";
  out += "<meta name=\"referrer\" content=\"no-referrer\">\n";
  out += "<meta name=\"generator\" content=\"gapscan " + esc(summary.tool_version) + "\">\n";
  out += "<title>gapscan report" + (targets_text.empty() ? "" : ": " + esc(targets_text)) +
         "</title>\n";
  out += "<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";

  // Header: what was scanned, by what, when.
  out += "<header>\n<h1>gapscan report</h1>\n<dl class=\"meta\">\n";
  out += "<dt>Targets</dt><dd><ul class=\"plain\" id=\"targets\">" + targets_list + "</ul></dd>\n";
  out += "<dt>gapscan version</dt><dd id=\"tool-version\">" + esc(summary.tool_version) + "</dd>\n";
  out += "<dt>Started</dt><dd id=\"start-time\">" + esc(summary.start_time) + "</dd>\n";
  out += "<dt>Finished</dt><dd id=\"end-time\">" + esc(summary.end_time) + "</dd>\n";
  out +=
      "<dt>Duration</dt><dd>" + format_double("%.1f s", summary.statistics.duration_s) + "</dd>\n";
  out += "<dt>Scan</dt><dd id=\"scan-status\">" +
         std::string(summary.completed ? "completed" : "incomplete (stopped early)") + "</dd>\n";
  out += "</dl>\n</header>\n<main>\n";

  // Summary: counts and chart.
  out += "<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"summary-grid\">\n";
  out +=
      "<table class=\"counts\">\n<thead><tr><th>severity</th><th class=\"num\">findings</th>"
      "<th class=\"num\">shown</th></tr></thead>\n<tbody>\n";
  for (Severity s : kOrder) {
    const std::string n = sev_name(s);
    const std::string c = std::to_string(counts[static_cast<std::size_t>(s)]);
    out += "<tr><td>" + badge(s) + "</td><td class=\"num\"><span id=\"count-" + n +
           "\" data-count=\"" + c + "\">" + c +
           "</span></td><td class=\"num\"><span id=\"visible-" + n + "\">" + c +
           "</span></td></tr>\n";
  }
  const std::string total = std::to_string(sorted.size());
  out += "<tr><th>total</th><td class=\"num\"><span id=\"count-total\" data-count=\"" + total +
         "\">" + total + "</span></td><td class=\"num\"><span id=\"visible-total\">" + total +
         "</span></td></tr>\n</tbody>\n</table>\n";
  out += render_chart(counts);
  out += "</div>\n</section>\n";

  // Filters: shown by the script (without it they could not work, and everything is shown).
  std::set<std::string> origins;
  for (const Finding* f : sorted) origins.insert(origin_key(*f));
  out += "<section id=\"filters\" class=\"panel\" hidden>\n<fieldset><legend>Severity</legend>";
  for (Severity s : kOrder) {
    const std::string n = sev_name(s);
    out += "<label><input type=\"checkbox\" id=\"filter-" + n + "\" value=\"" + n + "\" checked> " +
           n + "</label>";
  }
  out +=
      "</fieldset>\n<label>Origin <select id=\"filter-origin\"><option value=\"\">all origins"
      "</option>";
  for (const std::string& o : origins) {
    out += "<option value=\"" + esc(o) + "\">" + esc(o) + "</option>";
  }
  out += "</select></label>\n</section>\n";

  // Baseline comparison.
  if (summary.has_baseline) {
    std::size_t added = 0, unchanged = 0, updated = 0;
    for (const Finding* f : sorted) {
      added += f->baseline_state == "new";
      unchanged += f->baseline_state == "unchanged";
      updated += f->baseline_state == "updated";
    }
    out += "<section id=\"baseline\">\n<h2>Compared with the baseline</h2>\n<p>";
    out += "<span id=\"baseline-new\">" + std::to_string(added) + "</span> new, ";
    out += "<span id=\"baseline-updated\">" + std::to_string(updated) + "</span> updated, ";
    out += "<span id=\"baseline-unchanged\">" + std::to_string(unchanged) + "</span> unchanged, ";
    out += "<span id=\"baseline-fixed\">" + std::to_string(summary.fixed.size()) +
           "</span> fixed.</p>\n";
    if (!summary.fixed.empty()) {
      out +=
          "<table id=\"fixed\">\n<thead><tr><th>severity</th><th>check</th><th>where</th>"
          "<th>finding</th></tr></thead>\n<tbody>\n";
      for (const ReportedFinding& r : summary.fixed) {
        out += "<tr><td>" + badge(r.severity) + "</td><td><code>" + esc(r.check) +
               "</code></td><td>" + esc(redact_url(r.url)) + "</td><td>" + esc(r.message) +
               "</td></tr>\n";
      }
      out += "</tbody>\n</table>\n";
    }
    out += "</section>\n";
  }

  // Findings grouped by check, most severe group first.
  std::map<std::string, Group> by_check;
  for (const Finding* f : sorted) {
    Group& g = by_check[f->check_id];
    g.check = f->check_id;
    g.top = std::max(g.top, f->severity);
    g.findings.push_back(f);
  }
  std::vector<Group*> groups;
  for (auto& [id, g] : by_check) {
    std::stable_sort(g.findings.begin(), g.findings.end(),
                     [](const Finding* a, const Finding* b) { return a->severity > b->severity; });
    groups.push_back(&g);
  }
  std::stable_sort(groups.begin(), groups.end(),
                   [](const Group* a, const Group* b) { return a->top > b->top; });

  out += "<section id=\"findings\">\n<h2>Findings</h2>\n";
  if (groups.empty()) out += "<p class=\"empty\">No findings.</p>\n";
  out += "<p id=\"no-match\" class=\"empty\" hidden>No finding matches the filters.</p>\n";
  for (const Group* g : groups) {
    const CheckInfo* info = find_rule(summary, g->check);
    const std::string title = info != nullptr ? std::string(info->title) : g->check;
    out += "<section class=\"check-group\" data-check=\"" + esc(g->check) + "\">\n<h3>" +
           badge(g->top) + " " + esc(title) + " <code>" + esc(g->check) + "</code>";
    if (info != nullptr && info->cwe > 0) {
      out += " <span class=\"cwe\">CWE-" + std::to_string(info->cwe) + "</span>";
    }
    out +=
        " <span class=\"group-count\">(" + std::to_string(g->findings.size()) + ")</span></h3>\n";
    if (info != nullptr) {
      if (!info->description.empty()) {
        out += "<p class=\"rule description\">" + esc(info->description) + "</p>\n";
      }
      if (!info->remediation.empty()) {
        out += "<p class=\"rule remediation\"><strong>Remediation:</strong> " +
               esc(info->remediation) + "</p>\n";
      }
      if (!info->references.empty()) {
        // Plain text on purpose: the report makes no request and links to nothing.
        out += "<p class=\"rule references\">References: ";
        bool first = true;
        for (std::string_view ref : info->references) {
          out += (first ? "" : ", ") + std::string("<code>") + esc(ref) + "</code>";
          first = false;
        }
        out += "</p>\n";
      }
    }
    for (const Finding* f : g->findings) out += render_finding(*f);
    out += "</section>\n";
  }
  out += "</section>\n";

  // Statistics and scan events.
  const ScanStatistics& st = summary.statistics;
  out += "<section id=\"statistics\">\n<h2>Statistics</h2>\n<table>\n<tbody>\n";
  out += "<tr><th>requests</th><td class=\"num\" id=\"stat-requests\">" +
         std::to_string(st.requests) + "</td></tr>\n";
  out += "<tr><th>pages</th><td class=\"num\" id=\"stat-pages\">" + std::to_string(st.pages) +
         "</td></tr>\n";
  out += "<tr><th>transport errors</th><td class=\"num\" id=\"stat-errors\">" +
         std::to_string(st.errors) + "</td></tr>\n";
  out += "<tr><th>bytes received</th><td class=\"num\" id=\"stat-bytes\">" +
         std::to_string(st.bytes_received) + "</td></tr>\n";
  out += "<tr><th>duration</th><td class=\"num\">" + format_double("%.1f s", st.duration_s) +
         "</td></tr>\n";
  for (const auto& [check, n] : st.probe_requests) {
    out += "<tr><th>probe requests <code>" + esc(check) + "</code></th><td class=\"num\">" +
           std::to_string(n) + "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n</section>\n";

  out += "<section id=\"notifications\">\n<h2>Scan notifications</h2>\n";
  if (summary.notifications.empty()) {
    out += "<p class=\"empty\">None.</p>\n";
  } else {
    out +=
        "<table>\n<thead><tr><th>level</th><th>code</th><th>message</th><th>URL</th>"
        "<th class=\"num\">count</th></tr></thead>\n<tbody>\n";
    for (const Notification& n : summary.notifications) {
      out += "<tr class=\"notification\"><td>" + esc(n.level) + "</td><td><code>" + esc(n.code) +
             "</code></td><td>" + esc(n.message) + "</td><td>" + esc(redact_url(n.url)) +
             "</td><td class=\"num\">" + std::to_string(n.count) + "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  out += "</section>\n</main>\n";
  out += "<footer>Generated by gapscan " + esc(summary.tool_version) +
         ". This file loads nothing from the network.</footer>\n";
  out += "<div id=\"js-status\" hidden data-ready=\"0\" data-errors=\"[]\"></div>\n";
  out += "<script>" + std::string(kScript) + "</script>\n</body>\n</html>\n";
  return out;
}

std::string HtmlReporter::render(const std::vector<Finding>& findings,
                                 const ScanSummary& summary) const {
  return render_html(findings, summary);
}

}  // namespace gapscan
