// Strict-Transport-Security parsing: the input is one header value.
#include <cstddef>
#include <cstdint>

#include "checks/headers/sts_header.h"
#include "test/fuzz/fuzz_input.h"

using namespace gapscan;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const StsHeader sts = parse_sts(fuzz::as_text(data, size));
  (void)sts.valid();
  return 0;
}
