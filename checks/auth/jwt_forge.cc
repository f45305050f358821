// Parsing a JWS and forging the variants jwt-signature-not-verified sends.
#include "checks/auth/jwt_forge_internal.h"

#include <algorithm>
#include <random>

#include "checks/auth/jwt_util.h"
#include "scanner/base/text.h"

namespace gapscan::jwt_forge {

std::optional<Jwt> parse_jwt(std::string_view token) {
  const std::size_t d1 = token.find('.');
  if (d1 == std::string_view::npos) return std::nullopt;
  const std::size_t d2 = token.find('.', d1 + 1);
  if (d2 == std::string_view::npos || token.find('.', d2 + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  Jwt t{std::string(token.substr(0, d1)),
        std::string(token.substr(d1 + 1, d2 - d1 - 1)),
        std::string(token.substr(d2 + 1)),
        {}};
  if (t.header.empty() || t.payload.empty() || t.signature.empty()) return std::nullopt;
  for (const std::string* part : {&t.header, &t.payload, &t.signature}) {
    if (!std::all_of(part->begin(), part->end(), is_base64url_char)) return std::nullopt;
  }
  const auto header = decode_jwt_segment(t.header);
  if (!header || !header->contains("alg")) return std::nullopt;
  auto payload = decode_jwt_segment(t.payload);
  if (!payload) return std::nullopt;
  t.payload_json = std::move(*payload);
  return t;
}

namespace {

std::string random_bytes(std::size_t n) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += static_cast<char>(rng() & 0xFF);
  return out;
}

}  // namespace

std::vector<Variant> forge(const Jwt& t, std::int64_t now) {
  std::vector<Variant> out;
  const std::string none_header = base64url_encode(R"({"alg":"none","typ":"JWT"})");
  std::string token = none_header + "." + t.payload + ".";
  out.push_back({"alg \"none\"", token, token, true});
  token = t.header + "." + t.payload + ".";
  out.push_back({"signature stripped", token, token, true});
  const std::size_t sig_len = std::max<std::size_t>(base64url_decode(t.signature)->size(), 16);
  token = t.header + "." + t.payload + "." + base64url_encode(random_bytes(sig_len));
  out.push_back({"signature replaced by random bytes", token, token, true});
  nlohmann::ordered_json payload = t.payload_json;
  std::int64_t lifetime = 900;
  if (payload.contains("exp") && payload.contains("iat") && payload["exp"].is_number() &&
      payload["iat"].is_number()) {
    // As doubles: the claims are the server's, and may be 1e300 or INT64_MIN (no UB here).
    const double l = payload["exp"].get<double>() - payload["iat"].get<double>();
    if (l > 0 && l < 366 * 24 * 3600) lifetime = static_cast<std::int64_t>(l);
  }
  payload["exp"] = now - 3600;
  payload["iat"] = now - 3600 - lifetime;
  if (payload.contains("nbf")) payload["nbf"] = now - 3600 - lifetime;
  const std::string expired_payload = base64url_encode(payload.dump());
  out.push_back({"expired (exp an hour ago, original signature)",
                 t.header + "." + expired_payload + "." + t.signature,
                 t.header + "." + expired_payload + ".<original signature>", false});
  return out;
}

}  // namespace gapscan::jwt_forge
