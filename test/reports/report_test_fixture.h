// Test-only fixture shared by the reporter tests: a fixed scan whose reports are compared
// byte for byte with test/golden/. Every secret value contains "SECRET" so tests can assert
// that none of them reaches a report.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "reports/reporter.h"

#ifndef GAPSCAN_SOURCE_DIR
#error "GAPSCAN_SOURCE_DIR must be defined for the unit tests"
#endif

namespace gapscan::testfix {

// A string literal with embedded NUL bytes, all of it.
template <std::size_t N>
std::string bytes(const char (&literal)[N]) {
  return std::string(literal, N - 1);
}

inline const CheckInfo& csp_info() {
  static const CheckInfo info{
      "csp-missing",
      "Content-Security-Policy header missing",
      CheckKind::passive,
      693,
      Severity::medium,
      Confidence::high,
      "The response sets no Content-Security-Policy header, so the browser applies no "
      "restriction on where scripts may be loaded from.",
      "Send a Content-Security-Policy header with at least default-src and script-src.",
      {"https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP",
       "https://owasp.org/www-project-secure-headers/"}};
  return info;
}

inline const CheckInfo& hsts_info() {
  static const CheckInfo info{"hsts-missing",
                              "Strict-Transport-Security header missing",
                              CheckKind::passive,
                              319,
                              Severity::medium,
                              Confidence::high,
                              "HTTPS responses lack Strict-Transport-Security.",
                              "Send Strict-Transport-Security: max-age=31536000.",
                              {"https://datatracker.ietf.org/doc/html/rfc6797"}};
  return info;
}

inline const CheckInfo& cookie_info() {
  static const CheckInfo info{"cookie-no-httponly",
                              "Cookie without HttpOnly",
                              CheckKind::passive,
                              1004,
                              Severity::low,
                              Confidence::high,
                              "A cookie is set without the HttpOnly attribute.",
                              "Add HttpOnly to session cookies.",
                              {}};
  return info;
}

inline const CheckInfo& sqli_info() {
  static const CheckInfo info{"sqli-error",
                              "SQL injection (error based)",
                              CheckKind::active,
                              89,
                              Severity::high,
                              Confidence::medium,
                              "A quote in a parameter makes the application return a database "
                              "error message.",
                              "Use parameterized queries.",
                              {"https://owasp.org/www-community/attacks/SQL_Injection"}};
  return info;
}

// A check that ran and found nothing: its rule must still be listed.
inline const CheckInfo& banner_info() {
  static const CheckInfo info{"server-banner",
                              "Server version disclosed",
                              CheckKind::passive,
                              200,
                              Severity::info,
                              Confidence::low,
                              "The Server header reveals the software version.",
                              "Remove version numbers from the Server header.",
                              {}};
  return info;
}

inline ScanSummary golden_summary() {
  ScanSummary s;
  s.tool_version = "0.0.0-test";
  s.start_time = "2026-01-02T03:04:05Z";
  s.end_time = "2026-01-02T03:05:00Z";
  s.targets = {"https://user:SECRETPASS@example.com/", "http://127.0.0.1:8080/"};
  s.options = {{"concurrency", "32"},
               {"header", "Authorization: Bearer SECRETOPT\nX-Trace: 1"},
               {"proxy", "http://proxyuser:SECRETPROXY@proxy.local:3128"}};
  s.statistics.requests = 120;
  s.statistics.pages = 40;
  s.statistics.errors = 2;
  s.statistics.bytes_received = 123456;
  s.statistics.duration_s = 55.5;
  s.statistics.probe_requests = {{"sqli-error", 30}};
  s.notifications = {
      {"warning", "body-truncated", "Response body truncated at 5 MiB",
       "https://example.com/big?session=SECRETNOTE", 3},
      {"error", "timeout", "Request timed out", "", 1},
  };
  s.rules = {&csp_info(), &hsts_info(), &cookie_info(), &sqli_info(), &banner_info()};
  s.completed = true;
  return s;
}

inline std::vector<Finding> golden_findings() {
  std::vector<Finding> out;

  // Per-origin finding with sample URLs, one of them carrying a token and userinfo.
  Finding hsts;
  hsts.check_id = "hsts-missing";
  hsts.severity = Severity::medium;
  hsts.confidence = Confidence::high;
  hsts.url = "https://example.com/";
  hsts.message = "No Strict-Transport-Security header on HTTPS responses";
  hsts.evidence.note = "no Strict-Transport-Security header";
  hsts.exchange.method = "GET";
  hsts.exchange.url = "https://example.com/";
  hsts.exchange.status = 200;
  hsts.exchange.response_headers = {{"Content-Type", "text/html"}};
  hsts.per_origin = true;
  hsts.affected_urls = {"https://example.com/", "https://example.com/about",
                        "https://bob:SECRETUSER@example.com/reset?token=SECRETTOKEN&x=1"};
  hsts.affected_count = 57;
  hsts.fingerprint = "a1b2c3d4e5f60718";
  out.push_back(hsts);

  // Invalid UTF-8 and NUL bytes in a header value, the evidence and the body snippet; a
  // secret query parameter; no collector fingerprint (the reporter computes one).
  Finding csp;
  csp.check_id = "csp-missing";
  csp.severity = Severity::medium;
  csp.confidence = Confidence::high;
  csp.url = "https://example.com/search?q=caf%C3%A9&api_key=SECRETKEY";
  csp.message = "No Content-Security-Policy header";
  csp.evidence.header_name = "X-Weird";
  csp.evidence.header_value = bytes("ab\0c\xff(d");
  csp.evidence.snippet = bytes("<p>\0\xC3(caf\xC3\xA9</p>");
  csp.evidence.note = "no Content-Security-Policy header";
  csp.exchange.method = "GET";
  csp.exchange.url = csp.url;
  csp.exchange.request_headers = {{"User-Agent", "gapscan/0.0.0-test"}};
  csp.exchange.status = 200;
  csp.exchange.response_headers = {{"Content-Type", "text/html; charset=utf-8"},
                                   {"X-Weird", bytes("ab\0c\xff(d")}};
  csp.exchange.body_snippet = bytes("<html>\0\xC3(body\xff</html>");
  out.push_back(csp);

  // Credentials everywhere: Authorization, Cookie, Set-Cookie, a jsessionid path parameter;
  // IPv6 host with a port.
  Finding cookie;
  cookie.check_id = "cookie-no-httponly";
  cookie.severity = Severity::low;
  cookie.confidence = Confidence::high;
  cookie.url = "http://[::1]:8080/login;jsessionid=SECRETJSESSION?next=/home";
  cookie.message = "Cookie SESSIONID is set without HttpOnly";
  cookie.key = "SESSIONID";
  cookie.evidence.header_name = "Set-Cookie";
  cookie.evidence.header_value = "SESSIONID=SECRETSESSION; Path=/; Secure";
  cookie.exchange.method = "POST";
  cookie.exchange.url = cookie.url;
  cookie.exchange.request_headers = {{"Authorization", "Bearer SECRETBEARER"},
                                     {"Cookie", "sid=SECRETSID; theme=dark"},
                                     {"X-Api-Key", "SECRETAPIKEY"}};
  cookie.exchange.status = 302;
  cookie.exchange.response_headers = {
      {"Set-Cookie", "SESSIONID=SECRETSESSION; Path=/; Secure"},
      {"Set-Cookie", "theme=SECRETTHEME; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly"},
      {"Location", "/home?code=SECRETCODE"}};
  cookie.method = "POST";
  out.push_back(cookie);

  // An active finding with a body line; a second finding of the same check on another URL.
  Finding sqli;
  sqli.check_id = "sqli-error";
  sqli.severity = Severity::high;
  sqli.confidence = Confidence::medium;
  sqli.url = "http://127.0.0.1:8080/item?id=1%27";
  sqli.method = "GET";
  sqli.parameter = "id";
  sqli.message = "Parameter id returns a MySQL error when given a quote";
  sqli.evidence.snippet = "You have an error in your SQL syntax";
  sqli.evidence.line = 42;
  sqli.exchange.method = "GET";
  sqli.exchange.url = sqli.url;
  sqli.exchange.status = 500;
  sqli.exchange.body_snippet = "<h1>Error</h1>";
  sqli.fingerprint = "00112233aabbccdd";
  out.push_back(sqli);

  Finding sqli2 = sqli;
  sqli2.url = "http://127.0.0.1:8080/cart?item=2%27";
  sqli2.exchange.url = sqli2.url;
  sqli2.parameter = "item";
  sqli2.message = "Parameter item returns a MySQL error when given a quote";
  sqli2.fingerprint = "44556677eeff0011";
  out.push_back(sqli2);

  // A check missing from summary.rules (its rule is appended), on a path full of characters
  // that must be percent-encoded in the artifact URI; no response received.
  Finding orphan;
  orphan.check_id = "zz-unlisted";
  orphan.severity = Severity::critical;
  orphan.confidence = Confidence::low;
  orphan.url = "http://127.0.0.1:8080/a b/\"q\"/<x>/caf\xC3\xA9/100%/it's/../x";
  orphan.message = "Something odd";
  out.push_back(orphan);

  return out;
}

inline std::string read_file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_file_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// Compares with the golden file, or rewrites it when GAPSCAN_UPDATE_GOLDEN=1. On a mismatch
// reports the first differing line rather than two whole documents.
inline void check_golden(const std::string& relative, const std::string& actual) {
  const std::filesystem::path path = std::filesystem::path(GAPSCAN_SOURCE_DIR) / relative;
  const char* update = std::getenv("GAPSCAN_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::filesystem::create_directories(path.parent_path());
    write_file_text(path, actual);
    MESSAGE("rewrote " << path.string());
  }
  REQUIRE_MESSAGE(std::filesystem::exists(path),
                  path.string() << " missing; run with GAPSCAN_UPDATE_GOLDEN=1");
  const std::string expected = read_file_text(path);
  if (expected == actual) return;
  std::istringstream a(actual), e(expected);
  std::string la, le;
  int line = 0;
  while (true) {
    ++line;
    const bool ha = static_cast<bool>(std::getline(a, la));
    const bool he = static_cast<bool>(std::getline(e, le));
    if (!ha && !he) break;
    if (ha != he || la != le) {
      FAIL_CHECK(relative << " differs at line " << line << "\n  expected: " << le
                          << "\n  actual:   " << la
                          << "\n(rerun with GAPSCAN_UPDATE_GOLDEN=1 if the change is intended)");
      return;
    }
  }
  FAIL_CHECK(relative << " differs (line endings?)");
}

// A file in the temp directory, removed when the object goes away.
class TempFile {
 public:
  explicit TempFile(const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              ("gapscan-test-" + std::to_string(::getpid()) + "-" + name)) {}
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
    std::filesystem::remove(path_.string() + ".tmp", ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

// Runs test/tools/sarif_lint.py on the files; returns its exit status (-1 when it did not run).
inline int run_sarif_lint(const std::vector<std::string>& files) {
  std::string cmd = "/usr/bin/python3 '" GAPSCAN_SOURCE_DIR "/test/tools/sarif_lint.py'";
  for (const std::string& f : files) cmd += " '" + f + "'";
  const int rc = std::system(cmd.c_str());
  if (rc == -1 || !WIFEXITED(rc)) return -1;
  return WEXITSTATUS(rc);
}

}  // namespace gapscan::testfix
