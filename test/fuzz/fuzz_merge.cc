// `gapscan merge`: the input is up to four reports separated by form feeds ('\f' cannot occur
// in JSON text); a single report is merged with itself.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "reports/merge.h"
#include "test/fuzz/fuzz_input.h"

using namespace gapscan;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parts = fuzz::split_parts(fuzz::as_text(data, size), '\f', 4);
  std::vector<std::pair<std::string, std::string>> inputs;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    inputs.emplace_back("shard" + std::to_string(i) + ".json", std::string(parts[i]));
  }
  if (inputs.size() == 1) inputs.push_back(inputs.front());
  std::string error;
  (void)merge_report_texts(inputs, &error);
  return 0;
}
