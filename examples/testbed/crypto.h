// Small OpenSSL helpers for the pages: JWTs (jwt-weak) and SRI hashes (mixed-content page).
#pragma once

#include <string>
#include <string_view>

namespace testbed {

// RFC 4648 base64; `url` selects the URL-safe alphabet without padding (base64url).
std::string Base64(std::string_view bytes, bool url = false);

// A compact JWS: base64url(header).base64url(payload).signature, where the signature is
// HMAC-SHA256 with `hs256_secret`, or empty when `hs256_secret` is empty ("alg":"none").
std::string MakeJwt(std::string_view header_json, std::string_view payload_json,
                    std::string_view hs256_secret);

// Subresource Integrity value "sha384-<base64>" of `body`.
std::string SriSha384(std::string_view body);

}  // namespace testbed
