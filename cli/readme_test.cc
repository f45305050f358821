// The README's check table is generated from the registry; this keeps the two in sync.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "cli/checks_listing.h"

TEST_CASE("README check table matches the registry") {
  std::ifstream in(std::string(GAPSCAN_SOURCE_DIR) + "/README.md");
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string readme = ss.str();
  const std::string begin = "<!-- checks-table:begin -->\n", end = "<!-- checks-table:end -->";
  const auto b = readme.find(begin);
  const auto e = readme.find(end);
  REQUIRE(b != std::string::npos);
  REQUIRE(e != std::string::npos);
  const std::string table = readme.substr(b + begin.size(), e - b - begin.size());
  CHECK_MESSAGE(table == gapscan::checks_markdown_table(),
                "regenerate with: gapscan checks --markdown");
}
