// component-detected: server software, frameworks and JavaScript libraries with versions
// (an inventory for vulnerability lookups, reported once per origin and component).
#include "checks/common/all_checks.h"
#include "checks/disclosure/component_inventory.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kComponentDetected{
    "component-detected",
    "Software component with version detected",
    CheckKind::passive,
    1104,
    Severity::info,
    Confidence::medium,
    "The site reveals a software component together with its version: server software and "
    "frameworks in the Server, X-Powered-By, X-AspNet-Version or X-Generator headers, a CMS in "
    "the generator meta tag, or a JavaScript/CSS library in a script URL (\"jquery-3.5.1.min.js\", "
    "\"bootstrap@4.6.0\", \"/ajax/libs/angular.js/1.8.2/\") or the banner comment of a script "
    "(\"/*! jQuery v3.5.1\"). This is an inventory entry: check each version against known "
    "vulnerabilities and end-of-life dates.",
    "Keep an inventory of third-party components and update them regularly; replace versions "
    "with known vulnerabilities or that are out of support, and avoid advertising versions in "
    "headers and meta tags.",
    {"https://owasp.org/Top10/A06_2021-Vulnerable_and_Outdated_Components/",
     "https://cheatsheetseries.owasp.org/cheatsheets/Vulnerable_Dependency_Management_Cheat_"
     "Sheet.html",
     "https://cwe.mitre.org/data/definitions/1104.html"},
};

namespace {

class ComponentDetected final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    if (ex.response.status <= 0) return;
    for (const Component& c : detect_components(ex, ctx.html)) {
      Finding f = make_finding(kComponentDetected, ex);
      f.per_origin = true;
      f.key = c.name + "@" + c.version;
      f.parameter.clear();
      f.evidence.note = c.name + " " + c.version;
      if (c.source.starts_with("header:")) {
        f.evidence.header_name = c.source.substr(7);
        f.evidence.header_value = c.evidence;
      } else {
        f.evidence.snippet = printable_snippet(c.evidence, 300);
      }
      f.message = "Detected " + c.name + " " + c.version + " (" + c.source + ")";
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_component_detected() {
  return std::make_unique<ComponentDetected>();
}

}  // namespace gapscan
