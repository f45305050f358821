#include "reports/sbom_reporter.h"

#include <doctest/doctest.h>

#include "reports/report_common.h"

namespace gapscan {
namespace {

Finding component(std::string url, std::string name, std::string version, std::string source) {
  Finding f;
  f.check_id = "component-detected";
  f.url = std::move(url);
  f.key = name + "@" + version;
  if (source.starts_with("header:")) f.evidence.header_name = source.substr(7);
  f.message = "Detected " + name + " " + version + " (" + source + ")";
  return f;
}

ScanSummary summary() {
  ScanSummary s;
  s.tool_version = "0.0.0-test";
  s.start_time = "2026-01-02T03:04:05Z";
  s.targets = {"https://user:SECRET@example.com/"};
  return s;
}

TEST_CASE("sbom: CycloneDX 1.5 document from component findings") {
  const std::vector<Finding> findings = {
      component("https://example.com/", "nginx", "1.22.1", "header:Server"),
      component("https://example.com/app", "jquery", "3.5.1", "script-url"),
      component("http://127.0.0.1:8080/", "jquery", "3.5.1", "js-banner"),
      component("https://example.com/", "PHP", "8.1.2", "header:X-Powered-By"),
  };
  Finding other;
  other.check_id = "csp-missing";
  std::vector<Finding> all = findings;
  all.push_back(other);
  const auto doc = build_sbom(all, summary());
  CHECK(doc["bomFormat"] == "CycloneDX");
  CHECK(doc["specVersion"] == "1.5");
  CHECK(doc["version"] == 1);
  const std::string serial = doc["serialNumber"];
  CHECK(serial.starts_with("urn:uuid:"));
  CHECK(serial.size() == 9 + 36);
  CHECK(serial[9 + 14] == '5');
  REQUIRE(doc["components"].size() == 3);
  // Sorted by name (byte order: upper case first).
  CHECK(doc["components"][0]["name"] == "PHP");
  CHECK(doc["components"][0]["type"] == "framework");
  CHECK(doc["components"][1]["name"] == "jquery");
  CHECK(doc["components"][1]["type"] == "library");
  CHECK(doc["components"][1]["purl"] == "pkg:npm/jquery@3.5.1");
  CHECK(doc["components"][1]["properties"].size() == 4);  // 2 sources, 2 origins
  CHECK(doc["components"][2]["type"] == "application");
  CHECK_FALSE(doc["components"][2].contains("purl"));
  CHECK(dump_report(doc).find("SECRET") == std::string::npos);
  // Byte-stable: the same inputs give the same document, serial number included.
  CHECK(dump_report(build_sbom(all, summary())) == dump_report(doc));
}

TEST_CASE("sbom: no components is still a valid, empty inventory") {
  const auto doc = build_sbom({}, summary());
  CHECK(doc["components"].is_array());
  CHECK(doc["components"].empty());
}

}  // namespace
}  // namespace gapscan
