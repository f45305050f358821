// JSON from servers and from files the user names (reports given to merge, diff, --baseline).
// nlohmann's parser is iterative, but copying, comparing and dumping a document recurse: a
// response nested 7,000 levels deep (18 KB) would overflow the stack. Every such document is
// parsed here, with its depth bounded first.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace gapscan {

// Deeper than any document gapscan reads or writes (SARIF nests about a dozen levels).
inline constexpr std::size_t kMaxJsonDepth = 128;

// The deepest nesting of arrays and objects in `text`, counting only brackets outside strings.
// Linear; `text` need not be valid JSON.
std::size_t json_nesting_depth(std::string_view text);

// The parsed document, or nullopt when `text` is not JSON or nests deeper than `max_depth`;
// `error` (when given) then says which. Never throws.
template <typename Json = nlohmann::json>
std::optional<Json> parse_json_bounded(std::string_view text, std::size_t max_depth = kMaxJsonDepth,
                                       std::string* error = nullptr) {
  if (json_nesting_depth(text) > max_depth) {
    if (error != nullptr) *error = "nested deeper than " + std::to_string(max_depth) + " levels";
    return std::nullopt;
  }
  Json doc = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    if (error != nullptr) *error = "not a JSON document";
    return std::nullopt;
  }
  return doc;
}

}  // namespace gapscan
