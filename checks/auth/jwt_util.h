// JSON Web Token parts (jwt-weak, jwt-signature-not-verified); base64url itself is in
// scanner/base/text.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "scanner/base/text.h"

namespace gapscan {

// A character of the base64url alphabet (letters, digits, '-', '_').
bool is_base64url_char(char c);
// A token part holding a JSON object (header or payload), or nullopt.
std::optional<nlohmann::ordered_json> decode_jwt_segment(std::string_view segment);

}  // namespace gapscan
