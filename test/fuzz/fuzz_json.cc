// The bounded JSON reader (server bodies, reports given to merge/diff/--baseline): the input is
// a JSON text; a parsed document is copied, compared and dumped, which recurse.
#include <cstddef>
#include <cstdint>
#include <string>

#include "scanner/base/json.h"
#include "test/fuzz/fuzz_input.h"

using namespace gapscan;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in = fuzz::as_text(data, size);
  (void)json_nesting_depth(in);
  std::string error;
  if (const auto doc = parse_json_bounded<nlohmann::ordered_json>(in, kMaxJsonDepth, &error)) {
    const nlohmann::ordered_json copy = *doc;
    (void)(copy == *doc);
    (void)doc->dump();
  }
  if (const auto doc = parse_json_bounded(in)) (void)doc->dump(2);
  return 0;
}
