// Base64url as JSON Web Tokens use it (jwt-weak, jwt-signature-not-verified).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace gapscan {

// RFC 4648 section 5, padding optional; standard-alphabet '+' and '/' accepted too (servers
// mix them up). nullopt on any other character.
std::optional<std::string> base64url_decode(std::string_view in);
// A character of the base64url alphabet (letters, digits, '-', '_').
bool is_base64url_char(char c);
// Without padding.
std::string base64url_encode(std::string_view in);
// A token part holding a JSON object (header or payload), or nullopt.
std::optional<nlohmann::ordered_json> decode_jwt_segment(std::string_view segment);

}  // namespace gapscan
