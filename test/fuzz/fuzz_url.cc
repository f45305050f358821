// URL parsing, resolution and normalization: the input is "<base>\n<reference>"; both are also
// parsed and normalized on their own.
#include <cstddef>
#include <cstdint>
#include <string>

#include "scanner/base/url.h"
#include "test/fuzz/fuzz_input.h"

using namespace gapscan;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in = fuzz::as_text(data, size);
  const auto [base_text, ref] = fuzz::split_once(in, '\n');
  (void)normalize_url(in);
  (void)origin_of(ref);
  if (const auto u = parse_url(ref)) (void)u->directory();
  if (const auto base = parse_url(base_text)) {
    (void)base->origin();
    (void)base->to_string();
    if (const auto r = resolve_url(*base, ref)) {
      (void)r->to_string();
      (void)r->directory();
      (void)normalize_url(r->to_string());
    }
  }
  return 0;
}
