#pragma once

#include <cstddef>
#include <string>

namespace testbed {

// A gzip member that inflates to `n` zero bytes (for the gzip-bomb endpoint).
std::string GzipZeros(size_t n);

}  // namespace testbed
