// gapscan's own JSON report (format described in docs/json-format.md) and the JSON Lines
// form of one finding for --jsonl streaming.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/reporter.h"

namespace gapscan {

class JsonReporter final : public BufferedReporter {
 public:
  explicit JsonReporter(std::string path)  // "-" writes to stdout
      : BufferedReporter(std::move(path), "JSON") {}

 private:
  std::string render(const std::vector<Finding>& findings,
                     const ScanSummary& summary) const override;
};

// The whole report document ("format": "gapscan-report", "format_version": 1).
nlohmann::ordered_json build_json(const std::vector<Finding>& findings, const ScanSummary& summary);

// build_json dumped as written to disk: indent 2, invalid UTF-8 replaced, trailing newline.
std::string render_json(const std::vector<Finding>& findings, const ScanSummary& summary);

// One finding object as it appears in "findings" (redacted, valid UTF-8). info supplies the
// title and CWE; null means unknown check (title = check id, cwe = 0).
nlohmann::ordered_json finding_to_json(const Finding& finding, const CheckInfo* info);

// The same object as one compact JSON line, terminated by '\n'.
std::string finding_to_jsonl(const Finding& finding, const CheckInfo* info);

}  // namespace gapscan
