// Helpers shared by the libFuzzer harnesses: the input as text, and splitting it into parts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace gapscan::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// {before, after} the first `sep`; after is empty when there is none.
inline std::pair<std::string_view, std::string_view> split_once(std::string_view s, char sep) {
  const std::size_t at = s.find(sep);
  if (at == std::string_view::npos) return {s, {}};
  return {s.substr(0, at), s.substr(at + 1)};
}

// The parts between `sep`s, at most `max` (the last one keeps the rest).
inline std::vector<std::string_view> split_parts(std::string_view s, char sep, std::size_t max) {
  std::vector<std::string_view> out;
  while (out.size() + 1 < max) {
    const std::size_t at = s.find(sep);
    if (at == std::string_view::npos) break;
    out.push_back(s.substr(0, at));
    s.remove_prefix(at + 1);
  }
  out.push_back(s);
  return out;
}

}  // namespace gapscan::fuzz
