// CycloneDX 1.5 JSON inventory of the components observed at runtime (server software,
// frameworks, JavaScript libraries with versions), built from component-detected findings.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/reporter.h"

namespace gapscan {

// One runtime component: what component-detected reported, merged over pages and origins.
struct ObservedComponent {
  std::string name;
  std::string version;
  std::vector<std::string> sources;  // "header:Server", "script-url", ... (sorted, unique)
  std::vector<std::string> origins;  // where it was seen (sorted, unique, redacted)
};

// The inventory in name/version order.
std::vector<ObservedComponent> observed_components(const std::vector<Finding>& findings);

class SbomReporter final : public BufferedReporter {
 public:
  explicit SbomReporter(std::string path) : BufferedReporter(std::move(path), "SBOM") {}

 private:
  std::string render(const std::vector<Finding>& findings,
                     const ScanSummary& summary) const override;
};

// The whole document. Byte-stable for the same inputs: the serial number is derived from the
// content (a name-based UUID), not random.
nlohmann::ordered_json build_sbom(const std::vector<Finding>& findings, const ScanSummary& summary);

}  // namespace gapscan
