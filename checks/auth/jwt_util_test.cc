#include "checks/auth/jwt_util.h"

#include <doctest/doctest.h>

#include <vector>

namespace gapscan {

TEST_CASE("jwt util: base64url round trip, lenient decoding, JSON segments") {
  for (const std::string& s :
       std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\xff\x00\xfe", 3)}) {
    CHECK(base64url_decode(base64url_encode(s)) == s);
  }
  CHECK(base64url_encode("\xfb\xff") == "-_8");  // url alphabet, no padding
  CHECK(base64url_decode("-_8") == std::string("\xfb\xff"));
  CHECK(base64url_decode("+/8=") == std::string("\xfb\xff"));  // standard alphabet, padding
  CHECK_FALSE(base64url_decode("ab$c").has_value());
  const auto header = decode_jwt_segment("eyJhbGciOiJIUzI1NiJ9");
  REQUIRE(header.has_value());
  CHECK((*header)["alg"] == "HS256");
  CHECK_FALSE(decode_jwt_segment(base64url_encode("[1,2]")).has_value());  // not an object
  CHECK_FALSE(decode_jwt_segment("%%%").has_value());
}

}  // namespace gapscan
