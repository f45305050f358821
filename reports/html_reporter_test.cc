// HTML reporter: escaping of everything that comes from a scan, self-containment (no external
// asset, no link), the stable count hooks, grouping, baseline section and determinism.
#include "reports/html_reporter.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <regex>
#include <string>

#include "test/reports/report_test_fixture.h"

namespace gapscan {
namespace {

using testfix::golden_findings;
using testfix::golden_summary;

std::size_t count(const std::string& haystack, std::string_view needle) {
  std::size_t n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

// A finding whose every field tries to break out of the markup.
Finding hostile_finding() {
  Finding f;
  f.check_id = "xss-<b>\"'&";
  f.severity = Severity::high;
  f.url = "http://127.0.0.1:8080/q?x=\"><script>alert(2)</script>&y='";
  f.method = "GET";
  f.parameter = "x\"onmouseover='alert(3)'";
  f.message = "Reflected <img src=x onerror=alert(4)> & \"quoted\" 'single'";
  f.evidence.header_name = "X-Echo";
  f.evidence.header_value = "</code><script>alert(5)</script>";
  f.evidence.snippet = "<script>alert(1)</script> \" ' &";
  f.evidence.note = "note </style><style>body{display:none}</style>";
  f.exchange.method = "GET";
  f.exchange.url = f.url;
  f.exchange.status = 200;
  f.exchange.response_headers = {{"X-Echo", "<svg onload=alert(6)>"}};
  f.exchange.body_snippet = "<html><script>alert(7)</script></html>";
  return f;
}

ScanSummary hostile_summary() {
  ScanSummary s = golden_summary();
  s.targets.push_back("http://127.0.0.1:8080/<script>alert(8)</script>");
  s.tool_version = "1.0<script>alert(9)</script>";
  s.notifications.push_back(
      {"warning", "odd<script>", "<script>alert(10)</script>", "http://127.0.0.1:8080/'\"", 1});
  return s;
}

TEST_CASE("html: everything from the scan is escaped") {
  auto findings = golden_findings();
  findings.push_back(hostile_finding());
  const std::string html = render_html(findings, hostile_summary());
  // The only script element is the report's own.
  CHECK(count(html, "<script") == 1);
  CHECK(count(html, "</script>") == 1);
  CHECK(count(html, "<style") == 1);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &quot; &#39; &amp;") != std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("<svg onload") == std::string::npos);
  CHECK(html.find("&lt;svg onload=alert(6)&gt;") != std::string::npos);
  CHECK(html.find("onerror=alert(4)&gt; &amp; &quot;quoted&quot; &#39;single&#39;") !=
        std::string::npos);
  CHECK(html.find("data-check=\"xss-&lt;b&gt;&quot;&#39;&amp;\"") != std::string::npos);
  CHECK(html.find("x&quot;onmouseover=&#39;alert(3)&#39;") != std::string::npos);
  CHECK(html.find("</style><style>") == std::string::npos);
  CHECK(html.find("1.0&lt;script&gt;alert(9)&lt;/script&gt;") != std::string::npos);
  // No attribute can be closed early: every quote inside a value is escaped, so each element
  // has only the attributes we wrote.
  CHECK(html.find("onmouseover='") == std::string::npos);
  const std::regex handler(R"(<[a-zA-Z][^>]*\son[a-z]+\s*=)", std::regex::icase);
  CHECK_FALSE(std::regex_search(html, handler));
}

TEST_CASE("html: self-contained, no link leaves the file") {
  auto findings = golden_findings();
  findings.push_back(hostile_finding());
  const std::string html = render_html(findings, hostile_summary());
  CHECK(html.starts_with("<!DOCTYPE html>\n"));
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("<iframe") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  CHECK(html.find("url(") == std::string::npos);
  // Scan data never holds a raw '<' or '>', so this only sees the tags we wrote.
  const std::regex attr(R"(<[a-zA-Z][^>]*\s(src|href|action|srcset|xlink:href|formaction)\s*=)",
                        std::regex::icase);
  CHECK_FALSE(std::regex_search(html, attr));
  CHECK(html.find("default-src 'none'") != std::string::npos);
  const std::regex hashes(
      "style-src 'sha256-[A-Za-z0-9+/]{43}='; script-src "
      "'sha256-[A-Za-z0-9+/]{43}='");
  CHECK(std::regex_search(html, hashes));
  // References and CWE appear as text.
  CHECK(html.find("<code>https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP</code>") !=
        std::string::npos);
  CHECK(html.find("CWE-693") != std::string::npos);
}

TEST_CASE("html: counts, filters and groups") {
  const std::string html = render_html(golden_findings(), golden_summary());
  CHECK(html.find("<span id=\"count-critical\" data-count=\"1\">1</span>") != std::string::npos);
  CHECK(html.find("<span id=\"count-high\" data-count=\"2\">2</span>") != std::string::npos);
  CHECK(html.find("<span id=\"count-medium\" data-count=\"2\">2</span>") != std::string::npos);
  CHECK(html.find("<span id=\"count-low\" data-count=\"1\">1</span>") != std::string::npos);
  CHECK(html.find("<span id=\"count-info\" data-count=\"0\">0</span>") != std::string::npos);
  CHECK(html.find("<span id=\"count-total\" data-count=\"6\">6</span>") != std::string::npos);
  for (const char* s : {"critical", "high", "medium", "low", "info", "total"}) {
    CAPTURE(s);
    CHECK(count(html, std::string("id=\"visible-") + s + "\"") == 1);
  }
  CHECK(count(html, "class=\"finding ") == 6);
  CHECK(count(html, "class=\"check-group\"") == 5);
  CHECK(count(html, "data-severity=\"high\"") == 2);
  for (const char* s : {"critical", "high", "medium", "low", "info"}) {
    CAPTURE(s);
    CHECK(count(html, std::string("<input type=\"checkbox\" id=\"filter-") + s + "\"") == 1);
    CHECK(count(html, std::string("<rect id=\"bar-") + s + "\"") == 1);
  }
  CHECK(html.find("<option value=\"http://127.0.0.1:8080\">") != std::string::npos);
  CHECK(html.find("<option value=\"http://[::1]:8080\">") != std::string::npos);
  CHECK(html.find("<option value=\"https://example.com\">") != std::string::npos);
  CHECK(html.find("data-origin=\"http://[::1]:8080\"") != std::string::npos);
  // Most severe group first: the critical unlisted check, then sqli-error (high).
  const auto zz = html.find("data-check=\"zz-unlisted\"");
  const auto sqli = html.find("data-check=\"sqli-error\"");
  const auto csp = html.find("data-check=\"csp-missing\"");
  CHECK(zz < sqli);
  CHECK(sqli < csp);
  CHECK(html.find("Use parameterized queries.") != std::string::npos);
  CHECK(html.find("<code class=\"request-line\">GET http://127.0.0.1:8080/item?id=1%27</code>") !=
        std::string::npos);
  CHECK(html.find("<code class=\"status\">500</code>") != std::string::npos);
  CHECK(html.find("snippet (line 42)") != std::string::npos);
  // Header, statistics and notifications.
  CHECK(html.find("<li>https://example.com/</li>") != std::string::npos);
  CHECK(html.find("<dd id=\"tool-version\">0.0.0-test</dd>") != std::string::npos);
  CHECK(html.find("<dd id=\"start-time\">2026-01-02T03:04:05Z</dd>") != std::string::npos);
  CHECK(html.find("id=\"stat-requests\">120<") != std::string::npos);
  CHECK(count(html, "<tr class=\"notification\">") == 2);
  CHECK(html.find("id=\"baseline\"") == std::string::npos);
  CHECK(html.find("data-ready=\"0\"") != std::string::npos);
}

TEST_CASE("html: no secret reaches the report") {
  const std::string html = render_html(golden_findings(), golden_summary());
  CHECK(html.find("SECRET") == std::string::npos);
  CHECK(html.find("Authorization: Bearer &lt;redacted&gt;") != std::string::npos);
  CHECK(html.find("/reset?token=&lt;redacted&gt;&amp;x=1") != std::string::npos);
}

TEST_CASE("html: baseline section with new and fixed findings") {
  auto findings = golden_findings();
  for (auto& f : findings) f.baseline_state = "unchanged";
  findings[0].baseline_state = "new";
  auto summary = golden_summary();
  summary.has_baseline = true;
  summary.fixed.push_back(
      {"ffee", "xss-reflected", "http://127.0.0.1:8080/old?q=<x>", Severity::high, "Gone <now>"});
  const std::string html = render_html(findings, summary);
  CHECK(html.find("<span id=\"baseline-new\">1</span> new") != std::string::npos);
  CHECK(html.find("<span id=\"baseline-unchanged\">5</span> unchanged") != std::string::npos);
  CHECK(html.find("<span id=\"baseline-fixed\">1</span> fixed") != std::string::npos);
  CHECK(html.find("<code>xss-reflected</code>") != std::string::npos);
  CHECK(html.find("Gone &lt;now&gt;") != std::string::npos);
  CHECK(count(html, "<span class=\"badge state\">new</span>") == 1);
}

TEST_CASE("html: same findings in any order give the same bytes") {
  auto findings = golden_findings();
  const std::string expected = render_html(findings, golden_summary());
  std::mt19937 rng(11);
  for (int i = 0; i < 5; ++i) {
    std::shuffle(findings.begin(), findings.end(), rng);
    CHECK(render_html(findings, golden_summary()) == expected);
  }
  const std::string empty = render_html({}, golden_summary());
  CHECK(empty.find("No findings.") != std::string::npos);
  CHECK(empty.find("<span id=\"count-total\" data-count=\"0\">0</span>") != std::string::npos);
}

TEST_CASE("html: html_escape") {
  CHECK(html_escape("a<b>&\"'c") == "a&lt;b&gt;&amp;&quot;&#39;c");
  CHECK(html_escape("tab\tnl\nnul\x01\x7f") == "tab\tnl\nnul");
  CHECK(html_escape("\xff") == "\xEF\xBF\xBD");
}

TEST_CASE("html: reporter writes the file") {
  testfix::TempFile file("report.html");
  HtmlReporter reporter(file.str());
  for (const Finding& f : golden_findings()) reporter.add(f);
  std::string error;
  REQUIRE(reporter.finish(golden_summary(), &error));
  CHECK(testfix::read_file_text(file.path()) == render_html(golden_findings(), golden_summary()));
}

}  // namespace
}  // namespace gapscan
