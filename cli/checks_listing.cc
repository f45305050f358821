#include "cli/checks_listing.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "checks/common/registry.h"

namespace gapscan {

std::string checks_listing(bool as_json) {
  if (as_json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& e : all_checks()) {
      const CheckInfo& c = *e.info;
      nlohmann::ordered_json refs = nlohmann::ordered_json::array();
      for (auto r : c.references) refs.push_back(std::string(r));
      list.push_back({{"id", c.id},
                      {"kind", to_string(c.kind)},
                      {"severity", to_string(c.severity)},
                      {"confidence", to_string(c.confidence)},
                      {"cwe", c.cwe},
                      {"title", c.title},
                      {"description", c.description},
                      {"remediation", c.remediation},
                      {"references", refs},
                      {"request_budget", c.request_budget}});
    }
    return list.dump(2) + "\n";
  }
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line, "%-34s %-8s %-9s %-9s %s\n", "ID", "KIND", "SEVERITY", "CWE",
                "TITLE");
  out += line;
  for (const auto& e : all_checks()) {
    const CheckInfo& c = *e.info;
    std::snprintf(line, sizeof line, "%-34.*s %-8.*s %-9.*s CWE-%-5d %.*s\n",
                  static_cast<int>(c.id.size()), c.id.data(),
                  static_cast<int>(to_string(c.kind).size()), to_string(c.kind).data(),
                  static_cast<int>(to_string(c.severity).size()), to_string(c.severity).data(),
                  c.cwe, static_cast<int>(c.title.size()), c.title.data());
    out += line;
  }
  return out;
}

std::string checks_markdown_table() {
  std::string out = "| id | kind | severity | CWE | budget | title |\n|---|---|---|---|---|---|\n";
  for (const auto& e : all_checks()) {
    const CheckInfo& c = *e.info;
    const std::string budget = c.kind == CheckKind::active ? std::to_string(c.request_budget) : "";
    out += "| `" + std::string(c.id) + "` | " + std::string(to_string(c.kind)) + " | " +
           std::string(to_string(c.severity)) + " | [CWE-" + std::to_string(c.cwe) +
           "](https://cwe.mitre.org/data/definitions/" + std::to_string(c.cwe) + ".html) | " +
           budget + " | " + std::string(c.title) + " |\n";
  }
  return out;
}

}  // namespace gapscan
