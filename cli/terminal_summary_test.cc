#include "cli/terminal_summary.h"

#include <doctest/doctest.h>

#include <vector>

namespace gapscan {
namespace {

TEST_CASE("terminal summary: finding URLs are redacted like the reports") {
  Finding f;
  f.check_id = "sensitive-data-in-url";
  f.severity = Severity::medium;
  f.url = "https://a.test/cb?access_token=tok-1234567890&page=2";
  ScanSummary summary;
  summary.completed = true;
  const std::string text = terminal_summary({f}, summary, false);
  CHECK(text.find("tok-1234567890") == std::string::npos);
  CHECK(text.find("https://a.test/cb?access_token=") != std::string::npos);
  CHECK(text.find("page=2") != std::string::npos);
}

}  // namespace
}  // namespace gapscan
