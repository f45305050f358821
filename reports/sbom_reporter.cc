#include "reports/sbom_reporter.h"

#include <map>
#include <set>
#include <utility>

#include "reports/report_common.h"
#include "scanner/base/text.h"
#include "scanner/base/url.h"

namespace gapscan {
namespace {

using ojson = nlohmann::ordered_json;

// The source in component-detected's message: "Detected nginx 1.22.1 (header:Server)".
std::string source_of(const Finding& f) {
  if (!f.evidence.header_name.empty()) return "header:" + f.evidence.header_name;
  const auto open = f.message.rfind('(');
  const auto close = f.message.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open) return "";
  return f.message.substr(open + 1, close - open - 1);
}

// CycloneDX component type from where it was seen: a Server header names an application,
// X-Powered-By and generator tags name frameworks, script URLs and banners name libraries.
std::string type_of(const ObservedComponent& c) {
  for (const auto& s : c.sources) {
    if (s == "header:Server") return "application";
  }
  for (const auto& s : c.sources) {
    if (s == "script-url" || s == "js-banner") return "library";
  }
  return "framework";
}

bool is_javascript(const ObservedComponent& c) {
  for (const auto& s : c.sources) {
    if (s == "script-url" || s == "js-banner") return true;
  }
  return false;
}

// Package URL for npm packages (JavaScript libraries are reported under npm-style names).
std::string npm_purl(const ObservedComponent& c) {
  std::string name;
  for (char ch : to_lower(c.name)) {
    const bool ok =
        (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_';
    name += ok ? ch : '-';
  }
  std::string version;
  for (char ch : c.version) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                    (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_' || ch == '+';
    version += ok ? ch : '-';
  }
  return "pkg:npm/" + name + "@" + version;
}

// A name-based UUID (RFC 4122 layout, version 5-style bits) from SHA-256 of the content.
std::string content_uuid(const std::string& content) {
  std::string hex = sha256_hex(content).substr(0, 32);
  hex[12] = '5';
  const char variant[] = "89ab";
  hex[16] = variant[std::stoi(hex.substr(16, 1), nullptr, 16) % 4];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

}  // namespace

std::vector<ObservedComponent> observed_components(const std::vector<Finding>& findings) {
  std::map<std::pair<std::string, std::string>,
           std::pair<std::set<std::string>, std::set<std::string>>>
      merged;
  for (const Finding& f : findings) {
    if (f.check_id != "component-detected") continue;
    const auto at = f.key.rfind('@');
    if (at == std::string::npos || at == 0 || at + 1 == f.key.size()) continue;
    auto& [sources, origins] = merged[{f.key.substr(0, at), f.key.substr(at + 1)}];
    if (std::string s = source_of(f); !s.empty()) sources.insert(s);
    origins.insert(redact_url(origin_of(f.url)));
  }
  std::vector<ObservedComponent> out;
  for (const auto& [id, where] : merged) {
    out.push_back({id.first,
                   id.second,
                   {where.first.begin(), where.first.end()},
                   {where.second.begin(), where.second.end()}});
  }
  return out;
}

std::string SbomReporter::render(const std::vector<Finding>& findings,
                                 const ScanSummary& summary) const {
  return dump_report(build_sbom(findings, summary));
}

nlohmann::ordered_json build_sbom(const std::vector<Finding>& findings,
                                  const ScanSummary& summary) {
  ojson components = ojson::array();
  for (const ObservedComponent& c : observed_components(findings)) {
    ojson comp;
    comp["type"] = type_of(c);
    comp["bom-ref"] = to_valid_utf8(c.name + "@" + c.version);
    comp["name"] = to_valid_utf8(c.name);
    comp["version"] = to_valid_utf8(c.version);
    if (is_javascript(c)) comp["purl"] = npm_purl(c);
    ojson props = ojson::array();
    for (const auto& s : c.sources) {
      props.push_back({{"name", "gapscan:observed-in"}, {"value", to_valid_utf8(s)}});
    }
    for (const auto& o : c.origins) {
      props.push_back({{"name", "gapscan:origin"}, {"value", to_valid_utf8(o)}});
    }
    comp["properties"] = std::move(props);
    components.push_back(std::move(comp));
  }
  ojson targets = ojson::array();
  for (const auto& t : summary.targets) targets.push_back(to_valid_utf8(redact_url(t)));

  ojson doc;
  doc["bomFormat"] = "CycloneDX";
  doc["specVersion"] = "1.5";
  doc["serialNumber"] = "";  // filled below, from the rest of the document
  doc["version"] = 1;
  doc["metadata"] = {
      {"timestamp", to_valid_utf8(summary.start_time)},
      {"tools",
       {{"components", ojson::array({{{"type", "application"},
                                      {"name", "gapscan"},
                                      {"version", to_valid_utf8(summary.tool_version)}}})}}},
      {"properties", ojson::array({{{"name", "gapscan:note"},
                                    {"value",
                                     "components observed at runtime by a DAST scan of "
                                     "the targets; versions as the servers announce "
                                     "them"}}})}};
  for (const auto& t : targets) {
    doc["metadata"]["properties"].push_back({{"name", "gapscan:target"}, {"value", t}});
  }
  doc["components"] = std::move(components);
  doc["serialNumber"] = "urn:uuid:" + content_uuid(dump_report(doc, -1));
  return doc;
}

}  // namespace gapscan
