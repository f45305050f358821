// robots.txt parsing: the input is the file as a server sends it.
#include <cstddef>
#include <cstdint>

#include "scanner/crawl_rules.h"
#include "test/fuzz/fuzz_input.h"

using namespace gapscan;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const RobotsTxt robots = parse_robots(fuzz::as_text(data, size));
  for (const auto& p : robots.paths) (void)path_pattern(p);
  return 0;
}
