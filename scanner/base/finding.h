// What a check reports: the finding model shared by checks and reporters.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/http.h"

namespace gapscan {

enum class Severity { info = 0, low = 1, medium = 2, high = 3, critical = 4 };
enum class Confidence { low = 0, medium = 1, high = 2 };
enum class CheckKind { passive, active };

std::string_view to_string(Severity s);
std::string_view to_string(Confidence c);
std::string_view to_string(CheckKind k);
std::optional<Severity> parse_severity(std::string_view text);

// The proof attached to a finding. Reporters redact secrets before writing.
struct Evidence {
  std::string header_name;  // set when the evidence is a response header
  std::string header_value;
  std::string snippet;  // body snippet or other matched text
  int line = 0;         // 1-based line of the snippet in the body; 0 when not a body match
  std::string note;     // short explanation, e.g. "no Content-Security-Policy header"
};

// Summary of the exchange that proves a finding.
struct ExchangeSummary {
  std::string method;
  std::string url;
  HeaderList request_headers;
  long status = 0;
  HeaderList response_headers;
  std::string body_snippet;  // first bytes of the body, printable
};

struct Finding {
  std::string check_id;
  Severity severity = Severity::info;
  Confidence confidence = Confidence::medium;
  std::string url;
  std::string method = "GET";
  std::string parameter;
  std::string message;  // specific, human-readable; the rule title comes from the registry
  Evidence evidence;
  ExchangeSummary exchange;
  // Site-wide condition: reported once per origin (and key) with sample URLs.
  bool per_origin = false;
  std::string key;  // distinguishes several findings of one check on one URL/origin
  std::vector<std::string> affected_urls;  // filled by the collector: sorted samples
  std::size_t affected_count = 1;
  std::string fingerprint;  // filled by the collector: stable across runs
  // With --baseline: "new", "unchanged" or "updated" (same fingerprint, other severity).
  std::string baseline_state;
  // Set by the policy file (--config): "fail" (any severity fails the run), "warn" (never
  // fails it) or empty (the --fail-on threshold decides).
  std::string policy_action;
  std::optional<Severity> original_severity;  // when a policy rule overrode the severity
  // Checks that prove a flaw by contrast (access-control-missing: the privileged request and
  // the unprivileged one) keep the other request of the pair here; `comparison_label` says
  // what it is ("as identity admin", "before logout", ...).
  std::optional<ExchangeSummary> comparison;
  std::string comparison_label;
};

// Builds the exchange summary (first 512 body bytes) from a full exchange.
ExchangeSummary summarize(const Exchange& ex);

class FindingSink {
 public:
  virtual ~FindingSink() = default;
  virtual void report(Finding finding) = 0;
};

}  // namespace gapscan
