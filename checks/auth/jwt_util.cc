#include "checks/auth/jwt_util.h"
#include "scanner/base/json.h"

namespace gapscan {

bool is_base64url_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

std::optional<nlohmann::ordered_json> decode_jwt_segment(std::string_view segment) {
  const auto raw = base64url_decode(segment);
  if (!raw) return std::nullopt;
  auto j = parse_json_bounded<nlohmann::ordered_json>(*raw);
  if (!j || !j->is_object()) return std::nullopt;
  return j;
}

}  // namespace gapscan
