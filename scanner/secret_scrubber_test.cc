#include "scanner/secret_scrubber.h"

#include <doctest/doctest.h>

#include <algorithm>

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

}  // namespace
}  // namespace gapscan
