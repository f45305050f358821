// Sitemap parsing: the input is a sitemap or sitemap index (XML) as a server sends it, read with
// the default --max-pages as the location cap.
#include <cstddef>
#include <cstdint>

#include "scanner/crawl_rules.h"
#include "test/fuzz/fuzz_input.h"

using namespace gapscan;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)parse_sitemap(fuzz::as_text(data, size), 2000);
  return 0;
}
