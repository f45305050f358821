#include "cli/checks_listing.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "checks/common/registry.h"
#include "cli/config_file.h"

namespace gapscan {

std::string wrap_words(std::string_view text, std::size_t width, std::string_view indent) {
  std::string out, line;
  for (std::string_view word : split(text, ' ')) {
    if (word.empty()) continue;
    if (!line.empty() && indent.size() + line.size() + 1 + word.size() > width) {
      out += std::string(indent) + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + std::string(word);
  }
  if (!line.empty()) out += std::string(indent) + line + "\n";
  return out;
}

namespace {

nlohmann::ordered_json check_json(const CheckInfo& c) {
  nlohmann::ordered_json refs = nlohmann::ordered_json::array();
  for (auto r : c.references) refs.push_back(std::string(r));
  return {{"id", c.id},
          {"kind", to_string(c.kind)},
          {"severity", to_string(c.severity)},
          {"confidence", to_string(c.confidence)},
          {"cwe", c.cwe},
          {"title", c.title},
          {"description", c.description},
          {"remediation", c.remediation},
          {"references", refs},
          {"request_budget", c.request_budget}};
}

std::string check_text(const CheckInfo& c) {
  std::string out = std::string(c.id) + ": " + std::string(c.title) + "\n";
  out += "  " + std::string(to_string(c.kind)) + " check, severity " +
         std::string(to_string(c.severity)) + ", confidence " +
         std::string(to_string(c.confidence)) + ", CWE-" + std::to_string(c.cwe);
  if (c.kind == CheckKind::active) {
    out += ", at most " + std::to_string(c.request_budget) + " requests per origin";
  }
  out += "\n\nWhat it finds\n" + wrap_words(c.description, 80, "  ");
  out += "\nHow to fix it\n" + wrap_words(c.remediation, 80, "  ");
  if (!c.references.empty()) {
    out += "\nReferences\n";
    for (auto r : c.references) out += "  " + std::string(r) + "\n";
  }
  return out;
}

}  // namespace

CheckDetails check_details(const std::vector<std::string>& patterns, bool as_json) {
  CheckDetails out;
  std::vector<const CheckInfo*> shown;
  for (const std::string& pattern : patterns) {
    const auto matched = select_checks({pattern}, {});
    if (matched.empty()) {
      std::vector<std::string> ids;
      for (const auto& e : all_checks()) ids.emplace_back(e.info->id);
      out.error = "no check matches '" + pattern + "'" + suggestion(pattern, ids) +
                  "; 'gapscan checks' lists them all";
      return out;
    }
    for (const CheckEntry* e : matched) {
      if (std::find(shown.begin(), shown.end(), e->info) == shown.end()) shown.push_back(e->info);
    }
  }
  if (as_json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const CheckInfo* c : shown) list.push_back(check_json(*c));
    out.text = list.dump(2) + "\n";
    return out;
  }
  for (std::size_t i = 0; i < shown.size(); ++i) {
    out.text += (i == 0 ? "" : "\n") + check_text(*shown[i]);
  }
  return out;
}

std::string checks_listing(bool as_json) {
  if (as_json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& e : all_checks()) list.push_back(check_json(*e.info));
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
