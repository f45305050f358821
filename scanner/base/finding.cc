#include "scanner/base/finding.h"

#include "scanner/base/text.h"

namespace gapscan {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::info:
      return "info";
    case Severity::low:
      return "low";
    case Severity::medium:
      return "medium";
    case Severity::high:
      return "high";
    case Severity::critical:
      return "critical";
  }
  return "info";
}

std::string_view to_string(Confidence c) {
  switch (c) {
    case Confidence::low:
      return "low";
    case Confidence::medium:
      return "medium";
    case Confidence::high:
      return "high";
  }
  return "medium";
}

std::string_view to_string(CheckKind k) {
  switch (k) {
    case CheckKind::passive:
      return "passive";
    case CheckKind::active:
      return "active";
  }
  return "passive";
}

std::optional<Severity> parse_severity(std::string_view text) {
  const std::string_view t = trim(text);
  for (Severity s :
       {Severity::info, Severity::low, Severity::medium, Severity::high, Severity::critical}) {
    if (iequals(t, to_string(s))) return s;
  }
  return std::nullopt;
}

ExchangeSummary summarize(const Exchange& ex) {
  ExchangeSummary s;
  s.method = ex.request.method;
  s.url = ex.request.url;
  s.request_headers = ex.request.headers;
  s.status = ex.response.status;
  s.response_headers = ex.response.headers;
  s.body_snippet = printable_snippet(ex.response.body, 512);
  return s;
}

}  // namespace gapscan
