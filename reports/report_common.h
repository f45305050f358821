// Helpers shared by the file reporters (SARIF, JSON): ordering, fingerprints, atomic writes.
// Internal to reports/; implemented in reporter.cc.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/common/check.h"
#include "reports/reporter.h"
#include "scanner/base/finding.h"

namespace gapscan {

// The findings in report order: check id, url, method, parameter, key, then every other
// field, so that the same set of findings always gives the same bytes whatever the input order.
std::vector<const Finding*> sorted_findings(const std::vector<Finding>& findings);

// finding.fingerprint when the collector set it; otherwise the first 16 hex chars of
// sha256("check|method|redacted url|parameter|key").
std::string effective_fingerprint(const Finding& finding);

// The CheckInfo of summary.rules with this id, or null.
const CheckInfo* find_rule(const ScanSummary& summary, std::string_view check_id);

// Header values as written in reports: redacted, printable, valid UTF-8.
std::string report_text(std::string_view bytes, std::size_t max_bytes);

// A report document as text: indent 2 (or compact when indent < 0), invalid UTF-8 replaced by
// U+FFFD rather than throwing, and a trailing newline.
std::string dump_report(const nlohmann::ordered_json& doc, int indent = 2);

// Writes content to path + ".tmp" and renames it over path, so a crash never leaves a half
// file. path "-" writes to stdout. Returns false and sets *error on failure; never throws.
bool write_file_atomic(const std::string& path, std::string_view content, std::string* error);
// Why a report cannot be written to `path`, or "" when it can: "-" (standard output), a regular
// file (or a symbolic link to one), or a new file in a writable directory. A directory, a
// device, a FIFO or a dangling link is refused, before the scan, rather than replaced.
std::string report_path_problem(const std::string& path);

}  // namespace gapscan
