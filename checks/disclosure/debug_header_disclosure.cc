// debug-header-disclosure: debugging/profiler headers left enabled in production.
#include "checks/common/all_checks.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kDebugHeaderDisclosure{
    "debug-header-disclosure",
    "Debug or profiler header in responses",
    CheckKind::passive,
    215,
    Severity::medium,
    Confidence::high,
    "The response carries a header that only debugging tools emit: X-Debug-Token or "
    "X-Debug-Token-Link (the Symfony web profiler), X-ChromeLogger-Data or X-ChromePhp-Data "
    "(server-side logs shipped to the browser) or X-Debug-Info. Debug mode exposes internals "
    "such as logs, queries, configuration and sometimes credentials, and the profiler pages "
    "they link to are often reachable by anyone.",
    "Turn debug mode off in production (APP_ENV=prod and APP_DEBUG=0 in Symfony, remove the "
    "web profiler bundle, disable ChromeLogger/ChromePhp handlers) and strip debug headers at "
    "the edge.",
    {"https://symfony.com/doc/current/profiler.html",
     "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_"
     "Security_Testing/02-Configuration_and_Deployment_Management_Testing/"
     "02-Test_Application_Platform_Configuration",
     "https://cwe.mitre.org/data/definitions/215.html"},
};

namespace {

struct DebugHeader {
  std::string_view name;
  std::string_view what;
};

constexpr DebugHeader kHeaders[] = {
    {"X-Debug-Token", "the Symfony profiler token"},
    {"X-Debug-Token-Link", "a link to the Symfony profiler"},
    {"X-ChromeLogger-Data", "server-side log data (ChromeLogger)"},
    {"X-ChromePhp-Data", "server-side log data (ChromePhp)"},
    {"X-Debug-Info", "debugging information"},
};

class DebugHeaderDisclosure final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    if (ex.response.status <= 0) return;
    for (const DebugHeader& h : kHeaders) {
      const std::string* value = find_header(ex.response.headers, h.name);
      if (value == nullptr) continue;
      Finding f = make_finding(kDebugHeaderDisclosure, ex);
      f.per_origin = true;
      f.key = std::string(h.name);
      f.evidence.header_name = std::string(h.name);
      f.evidence.header_value = printable_snippet(*value, 200);
      f.evidence.note = std::string(h.name) + " header present";
      f.message = "The " + std::string(h.name) + " header exposes " + std::string(h.what) +
                  ": debug mode appears to be enabled";
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_debug_header_disclosure() {
  return std::make_unique<DebugHeaderDisclosure>();
}

}  // namespace gapscan
