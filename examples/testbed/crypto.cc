#include "examples/testbed/crypto.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace testbed {

std::string Base64(std::string_view bytes, bool url) {
  static constexpr char kStd[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  static constexpr char kUrl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const char* abc = url ? kUrl : kStd;
  std::string out;
  size_t i = 0;
  auto byte = [&](size_t k) { return static_cast<unsigned char>(bytes[k]); };
  for (; i + 3 <= bytes.size(); i += 3) {
    unsigned v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    for (int s = 18; s >= 0; s -= 6) out += abc[(v >> s) & 63];
  }
  if (size_t rest = bytes.size() - i; rest > 0) {
    unsigned v = byte(i) << 16;
    if (rest == 2) v |= byte(i + 1) << 8;
    out += abc[(v >> 18) & 63];
    out += abc[(v >> 12) & 63];
    if (rest == 2) out += abc[(v >> 6) & 63];
    if (!url) out += rest == 2 ? "=" : "==";
  }
  return out;
}

std::string MakeJwt(std::string_view header_json, std::string_view payload_json,
                    std::string_view hs256_secret) {
  std::string signing_input = Base64(header_json, true) + "." + Base64(payload_json, true);
  std::string sig;
  if (!hs256_secret.empty()) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (HMAC(EVP_sha256(), hs256_secret.data(), static_cast<int>(hs256_secret.size()),
             reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(),
             mac, &len) == nullptr)
      throw std::runtime_error("HMAC-SHA256 failed");
    sig = Base64(std::string_view(reinterpret_cast<const char*>(mac), len), true);
  }
  return signing_input + "." + sig;
}

std::string SriSha384(std::string_view body) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(body.data(), body.size(), md, &len, EVP_sha384(), nullptr) != 1)
    throw std::runtime_error("SHA-384 failed");
  return "sha384-" + Base64(std::string_view(reinterpret_cast<const char*>(md), len));
}

}  // namespace testbed
