// jwt-signature-not-verified's token parsing and forging (jwt_forge.cc): declared apart so
// that the fuzz harness (test/fuzz/fuzz_jwt.cc) can reach them. Only that check uses them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace gapscan::jwt_forge {

// A signed JWS in compact form: three base64url parts, a JSON header with "alg", a JSON
// payload.
struct Jwt {
  std::string header, payload, signature;  // the encoded parts
  nlohmann::ordered_json payload_json;
};

// The token's parts, or nullopt when it is not a signed JWS with a JSON header and payload.
std::optional<Jwt> parse_jwt(std::string_view token);

struct Variant {
  std::string_view name;  // for the note
  std::string token;
  std::string shown;  // what the evidence shows (the expired one without the real signature)
  bool signature_flaw;
};

// The four forgeries of `t` at Unix time `now`: alg "none", signature stripped, signature
// replaced by random bytes, expired under the real signature.
std::vector<Variant> forge(const Jwt& t, std::int64_t now);

}  // namespace gapscan::jwt_forge
