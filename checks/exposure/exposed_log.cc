// exposed-log: web server, application and tool logs readable over HTTP.
//
// Budget per origin: 11 GET probes (the paths in kLogPaths) plus soft-404 calibration of 5
// (directory, name class) profiles = 10 requests: 21 at most.
#include <algorithm>
#include <array>
#include <cctype>

#include "checks/common/all_checks.h"
#include "checks/exposure/exposure_signatures.h"
#include "checks/exposure/path_probe.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kExposedLog{
    "exposed-log",
    "Log file exposed",
    CheckKind::active,
    532,
    Severity::medium,
    Confidence::high,
    "A log file can be downloaded from the web root: a web server access or error log, a PHP, "
    "Laravel or Rails application log, or an npm debug log. Logs reveal internal paths, "
    "software versions, client addresses, visited URLs with their parameters (sometimes "
    "session ids or tokens) and the details of errors.",
    "Write logs outside the document root (or deny *.log, error_log and log directories in the "
    "web server) and keep secrets and personal data out of log lines.",
    {"https://owasp.org/Top10/A09_2021-Security_Logging_and_Monitoring_Failures/",
     "https://cwe.mitre.org/data/definitions/532.html"},
    11,  // request budget per origin
};

namespace {

using exposure::text_lines;

constexpr std::string_view kLogPaths[] = {
    "/error.log",           "/access.log",         "/debug.log",
    "/error_log",           "/php_errors.log",     "/npm-debug.log",
    "/logs/error.log",      "/logs/access.log",    "/storage/logs/laravel.log",
    "/log/development.log", "/log/production.log",
};

bool digits(std::string_view s, std::size_t at, std::size_t n) {
  if (at + n > s.size()) return false;
  for (std::size_t i = at; i < at + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

bool letters(std::string_view s, std::size_t at, std::size_t n) {
  if (at + n > s.size()) return false;
  for (std::size_t i = at; i < at + n; ++i) {
    if (!std::isalpha(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

// "2024-01-15 10:20:30" or "2024-01-15T10:20:30" at `at`.
bool iso_datetime(std::string_view s, std::size_t at) {
  return digits(s, at, 4) && s.size() > at + 18 && s[at + 4] == '-' && digits(s, at + 5, 2) &&
         s[at + 7] == '-' && digits(s, at + 8, 2) && (s[at + 10] == ' ' || s[at + 10] == 'T') &&
         digits(s, at + 11, 2) && s[at + 13] == ':' && digits(s, at + 14, 2) && s[at + 16] == ':' &&
         digits(s, at + 17, 2);
}

// "hh:mm:ss" at `at`.
bool clock(std::string_view s, std::size_t at) {
  return digits(s, at, 2) && s.size() > at + 7 && s[at + 2] == ':' && digits(s, at + 3, 2) &&
         s[at + 5] == ':' && digits(s, at + 6, 2);
}

bool http_method(std::string_view w) {
  for (std::string_view m : {"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH", "CONNECT",
                             "TRACE", "PROPFIND"}) {
    if (w == m) return true;
  }
  return false;
}

bool level_word(std::string_view w) {
  for (std::string_view l : {"emerg", "alert", "crit", "error", "warn", "notice", "info", "debug",
                             "warning", "critical", "fatal", "trace", "emergency"}) {
    if (iequals(w, l)) return true;
  }
  return false;
}

// Common/combined log format: host ident user [15/Jan/2024:10:20:30 +0000] "GET / HTTP/1.1"
// 200 ... (optionally after a virtual host field).
bool access_line(std::string_view t) {
  const auto open = t.find(" [");
  if (open == std::string_view::npos || open == 0 || open > 300) return false;
  const std::size_t d = open + 2;
  if (!(digits(t, d, 2) && t.size() > d + 26 && t[d + 2] == '/' && letters(t, d + 3, 3) &&
        t[d + 6] == '/' && digits(t, d + 7, 4) && t[d + 11] == ':' && clock(t, d + 12) &&
        t[d + 20] == ' ' && (t[d + 21] == '+' || t[d + 21] == '-') && digits(t, d + 22, 4) &&
        t[d + 26] == ']')) {
    return false;
  }
  std::string_view rest = t.substr(d + 27);
  if (!rest.starts_with(" \"")) return false;
  rest.remove_prefix(2);
  const auto close = rest.find('"');
  if (close == std::string_view::npos) return false;
  const std::string_view request = rest.substr(0, close);
  const std::string_view method = request.substr(0, request.find(' '));
  if (!http_method(method) && request != "-") return false;
  rest.remove_prefix(close + 1);
  return rest.size() >= 4 && rest[0] == ' ' && digits(rest, 1, 3) &&
         (rest.size() == 4 || rest[4] == ' ');
}

// Apache: [Mon Jan 15 10:20:30.123456 2024] [core:error] [pid 1] ...
bool apache_error_line(std::string_view t) {
  if (!t.starts_with('[') || !letters(t, 1, 3) || t.size() < 30 || t[4] != ' ' ||
      !letters(t, 5, 3)) {
    return false;
  }
  const auto close = t.find(']');
  if (close == std::string_view::npos || close > 40) return false;
  const std::string_view stamp = t.substr(1, close - 1);
  const auto colon = stamp.find(':');
  if (stamp.size() < 20 || colon == std::string_view::npos || colon < 2 ||
      !clock(stamp, colon - 2)) {
    return false;
  }
  if (!digits(stamp, stamp.size() - 4, 4)) return false;
  std::string_view rest = t.substr(close + 1);
  if (!rest.starts_with(" [")) return false;
  const auto level_end = rest.find(']');
  if (level_end == std::string_view::npos) return false;
  std::string_view level = rest.substr(2, level_end - 2);
  if (const auto c = level.find(':'); c != std::string_view::npos) level.remove_prefix(c + 1);
  if (level.starts_with("trace")) level = "trace";
  return level_word(level);
}

// nginx: 2024/01/15 10:20:30 [error] 1234#0: *1 ...
bool nginx_error_line(std::string_view t) {
  if (!(digits(t, 0, 4) && t.size() > 22 && t[4] == '/' && digits(t, 5, 2) && t[7] == '/' &&
        digits(t, 8, 2) && t[10] == ' ' && clock(t, 11) && t.substr(19, 2) == " [")) {
    return false;
  }
  const auto close = t.find(']', 21);
  if (close == std::string_view::npos || !level_word(t.substr(21, close - 21))) return false;
  const std::string_view rest = t.substr(close + 1);
  const auto hash = rest.find('#');
  return hash != std::string_view::npos && hash >= 2 && digits(rest, 1, 1);
}

// PHP: [15-Jan-2024 10:20:30 UTC] PHP Warning:  ...
bool php_error_line(std::string_view t) {
  if (!(t.starts_with('[') && digits(t, 1, 2) && t.size() > 30 && t[3] == '-' && letters(t, 4, 3) &&
        t[7] == '-' && digits(t, 8, 4) && t[12] == ' ' && clock(t, 13))) {
    return false;
  }
  const auto close = t.find(']');
  if (close == std::string_view::npos || close > 40) return false;
  const std::string_view rest = t.substr(close + 1);
  for (std::string_view k :
       {" PHP Warning:", " PHP Notice:", " PHP Fatal error:", " PHP Parse error:",
        " PHP Deprecated:", " PHP Stack trace:", " PHP Catchable fatal error:",
        " PHP Recoverable fatal error:", " PHP  "}) {
    if (rest.starts_with(k)) return true;
  }
  return false;
}

// Laravel (Monolog): [2024-01-15 10:20:30] local.ERROR: ...
bool laravel_line(std::string_view t) {
  if (!t.starts_with('[') || !iso_datetime(t, 1)) return false;
  const auto close = t.find("] ");
  if (close == std::string_view::npos || close > 40) return false;
  const std::string_view rest = t.substr(close + 2);
  const auto dot = rest.find('.');
  const auto colon = rest.find(':');
  if (dot == std::string_view::npos || colon == std::string_view::npos || dot > colon ||
      colon > 40) {
    return false;
  }
  const std::string_view level = rest.substr(dot + 1, colon - dot - 1);
  return level_word(level) && std::all_of(level.begin(), level.end(), [](char c) {
           return std::isupper(static_cast<unsigned char>(c));
         });
}

// Rails: Started GET "/" for 127.0.0.1 at 2024-01-15 10:20:30 +0000, and the logger prefix
// "I, [2024-01-15T10:20:30.123456 #123]  INFO -- :".
bool rails_line(std::string_view t) {
  if (t.starts_with("Started ")) {
    const std::string_view rest = t.substr(8);
    const auto sp = rest.find(' ');
    if (sp == std::string_view::npos || !http_method(rest.substr(0, sp))) return false;
    const auto at = rest.find(" at ");
    return rest.substr(sp).starts_with(" \"") && rest.find("\" for ") != std::string_view::npos &&
           at != std::string_view::npos && iso_datetime(rest, at + 4);
  }
  if (t.starts_with("Processing by ") && t.find('#') != std::string_view::npos) return true;
  if (t.starts_with("Completed ") && digits(t, 10, 3)) return true;
  return t.size() > 5 && std::isupper(static_cast<unsigned char>(t[0])) &&
         t.substr(1, 3) == ", [" && iso_datetime(t, 4);
}

// Timestamped lines with a level: 2024-01-15 10:20:30,123 ERROR app: ... (Python logging,
// logback, log4j, ...).
bool timestamped_level_line(std::string_view t) {
  std::size_t at = 0;
  if (t.starts_with('[')) at = 1;
  if (!iso_datetime(t, at)) return false;
  const std::string_view rest = t.substr(at + 19, 60);
  std::size_t i = 0;
  while (i < rest.size()) {
    while (i < rest.size() && !std::isalpha(static_cast<unsigned char>(rest[i]))) ++i;
    const std::size_t start = i;
    while (i < rest.size() && std::isalpha(static_cast<unsigned char>(rest[i]))) ++i;
    const std::string_view word = rest.substr(start, i - start);
    if (word.size() >= 4 && level_word(word) && std::all_of(word.begin(), word.end(), [](char c) {
          return std::isupper(static_cast<unsigned char>(c));
        })) {
      return true;
    }
  }
  return false;
}

// npm-debug.log: "0 info it worked if it ends with ok", "12 verbose stack Error: ...".
bool npm_line(std::string_view t) {
  std::size_t i = 0;
  while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
  if (i == 0 || i >= t.size() || t[i] != ' ') return false;
  const std::string_view rest = t.substr(i + 1);
  for (std::string_view w :
       {"info ", "verbose ", "silly ", "error ", "warn ", "timing ", "http ", "sill "}) {
    if (rest.starts_with(w)) return true;
  }
  return false;
}

// Lines that belong to a preceding log entry (stack traces, wrapped messages).
bool continuation(std::string_view raw) {
  if (!raw.empty() && (raw[0] == ' ' || raw[0] == '\t')) return true;
  const std::string_view t = trim(raw);
  return t.starts_with('#') || t.starts_with("Stack trace") || t.starts_with("Traceback") ||
         t.starts_with("Caused by") || t.starts_with("at ") || t.starts_with("File \"") ||
         t.starts_with("...") || t.starts_with('}') || t.starts_with('{') || t.starts_with('"') ||
         t.starts_with("[stacktrace]") || t.starts_with('^');
}

struct LogKind {
  std::string_view name;
  bool (*line)(std::string_view);
  int min_lines;
};
constexpr LogKind kKinds[] = {
    {"web server access log", access_line, 2},
    {"Apache error log", apache_error_line, 2},
    {"nginx error log", nginx_error_line, 2},
    {"PHP error log", php_error_line, 2},
    {"Laravel log", laravel_line, 2},
    {"Rails log", rails_line, 2},
    {"application log", timestamped_level_line, 2},
    {"npm debug log", npm_line, 3},
};

std::optional<ProbeProof> log_file(const Exchange& ex) {
  const std::string_view body = ex.response.body;
  if (exposure::html_document(body)) return std::nullopt;
  std::array<int, std::size(kKinds)> counts{};
  std::array<std::vector<std::string_view>, std::size(kKinds)> samples;
  int entries = 0;
  for (std::string_view raw : text_lines(exposure::lead_trimmed(body))) {
    if (trim(raw).empty() || continuation(raw)) continue;
    ++entries;
    const std::string_view t = trim(raw);
    for (std::size_t k = 0; k < std::size(kKinds); ++k) {
      if (!kKinds[k].line(t)) continue;
      ++counts[k];
      if (samples[k].size() < 2) samples[k].push_back(t);
      break;  // the first (most specific) kind that matches
    }
  }
  std::size_t best = 0;
  for (std::size_t k = 1; k < counts.size(); ++k) {
    if (counts[k] > counts[best]) best = k;
  }
  // Mostly log entries: at most two other lines in three.
  if (counts[best] < kKinds[best].min_lines || counts[best] * 3 < entries) return std::nullopt;
  ProbeProof p;
  std::vector<std::string> lines;
  for (std::string_view s : samples[best]) {
    lines.push_back(exposure::clip(exposure::mask_line(s).text, 200));
  }
  p.snippet = exposure::join_lines(lines);
  p.detail = std::string(kKinds[best].name) + ", " + std::to_string(counts[best]) + " entries seen";
  return p;
}

class ExposedLog final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    std::vector<PathProbe> probes;
    for (std::string_view path : kLogPaths)
      probes.push_back(exposure::probe(std::string(path), log_file));
    for (const ProbeHit& hit : run_path_probes(ctx, probes)) {
      const std::string kind = hit.proof.detail.substr(0, hit.proof.detail.find(','));
      Finding f =
          finding_for_hit(kExposedLog, hit, hit.probe->path + " is a publicly readable " + kind);
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_exposed_log() { return std::make_unique<ExposedLog>(); }

}  // namespace gapscan
