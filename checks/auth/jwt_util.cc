#include "checks/auth/jwt_util.h"

namespace gapscan {

bool is_base64url_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

std::optional<nlohmann::ordered_json> decode_jwt_segment(std::string_view segment) {
  const auto raw = base64url_decode(segment);
  if (!raw) return std::nullopt;
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(*raw, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

}  // namespace gapscan
