// JSON Web Tokens: the input is a token, parsed and forged as jwt-signature-not-verified does,
// then a response carrying it in a Set-Cookie header and in its body, inspected by jwt-weak
// (token finding, HMAC secret guessing, claims, redaction).
#include <cstddef>
#include <cstdint>
#include <string>

#include "checks/auth/jwt_forge_internal.h"
#include "checks/auth/jwt_util.h"
#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"
#include "test/fuzz/fuzz_input.h"

using namespace gapscan;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in = fuzz::as_text(data, size);
  if (const auto jwt = jwt_forge::parse_jwt(in)) (void)jwt_forge::forge(*jwt, 1700000000);
  (void)decode_jwt_segment(in);

  static const auto check = make_jwt_weak();
  Exchange ex;
  ex.request.url = "https://api.example.com/v1/session";
  ex.response.status = 200;
  ex.response.headers = {{"Content-Type", "application/json"},
                         {"Set-Cookie", "token=" + std::string(in) + "; Path=/; HttpOnly"}};
  ex.response.body = R"({"access_token":")" + std::string(in) + "\"}";
  testing::VectorSink sink;
  check->inspect(PassiveContext{ex, nullptr}, sink);
  return 0;
}
