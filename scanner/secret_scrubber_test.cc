#include "scanner/secret_scrubber.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace gapscan {
namespace {

TEST_CASE("secret scrubber: collects the values of secret headers only") {
  const auto secrets = secrets_of({{"Authorization", "Bearer tok-123456"},
                                   {"Cookie", "sid=abcdef123; theme=dark"},
                                   {"X-Trace", "not-a-secret"}});
  CHECK(std::find(secrets.begin(), secrets.end(), "Bearer tok-123456") != secrets.end());
  CHECK(std::find(secrets.begin(), secrets.end(), "tok-123456") != secrets.end());
  CHECK(std::find(secrets.begin(), secrets.end(), "abcdef123") != secrets.end());
  CHECK(std::find(secrets.begin(), secrets.end(), "dark") == secrets.end());  // too short
  CHECK(std::find(secrets.begin(), secrets.end(), "not-a-secret") == secrets.end());
}

TEST_CASE("secret scrubber: an echoed credential disappears from every text field") {
  const auto secrets = secrets_of({{"Authorization", "Bearer tok-123456"}});
  Finding f;
  f.message = "TRACE echoes Authorization: Bearer tok-123456";
  f.evidence.snippet = "Authorization: Bearer tok-123456";
  f.exchange.body_snippet = "TRACE / HTTP/1.1\r\nAuthorization: Bearer tok-123456\r\n";
  f.exchange.request_headers = {{"Authorization", "Bearer tok-123456"}};
  f.evidence.note = "token tok-123456 seen";
  scrub_finding(f, secrets);
  CHECK(f.message == "TRACE echoes Authorization: <redacted>");
  CHECK(f.evidence.snippet == "Authorization: <redacted>");
  CHECK(f.exchange.body_snippet.find("tok-123456") == std::string::npos);
  CHECK(f.exchange.request_headers[0].value == "<redacted>");
  CHECK(f.evidence.note == "token <redacted> seen");
}

TEST_CASE("secret set: longest secret wins at each position") {
  SecretSet set({"abcdef12", "abcdef12gh34", "zz"});  // "zz" is too short to be a secret
  Finding f;
  f.message = "x abcdef12gh34 y abcdef12 zz";
  set.scrub(f);
  CHECK(f.message == "x <redacted> y <redacted> zz");
  CHECK(set.snapshot() == std::vector<std::string>{"abcdef12gh34", "abcdef12"});
}

TEST_CASE("secret set: thousands of rotated session cookies stay cheap" * doctest::timeout(20)) {
  // An app that rotates its session cookie on every answer adds a secret per answer: adding
  // sorted the whole list and every finding copied it and searched each value (quadratic).
  SecretSet set;
  auto cookie = [](int i) {
    std::string v = "sess-" + std::to_string(i);
    v.resize(32, 'x');
    return v;
  };
  for (int i = 0; i < 20000; ++i) set.add(cookie(i));
  std::size_t leaked = 0;
  for (int i = 0; i < 2000; ++i) {
    Finding f;
    f.exchange.body_snippet = std::string(1000, '.') + cookie(i * 7) + std::string(1000, '.');
    f.exchange.request_headers = {{"Cookie", "sid=" + cookie(i * 3)}};
    set.scrub(f);
    if (f.exchange.body_snippet.find("sess-") != std::string::npos) ++leaked;
    if (f.exchange.request_headers[0].value != "sid=<redacted>") ++leaked;
  }
  CHECK(leaked == 0);
}

}  // namespace
}  // namespace gapscan
