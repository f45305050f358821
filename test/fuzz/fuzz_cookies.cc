// Set-Cookie parsing: the input is one Set-Cookie value, then each of its lines as a header of
// one response (the first line also as its Date), as the cookie checks read them.
#include <cstddef>
#include <cstdint>
#include <string>

#include "scanner/base/cookies.h"
#include "scanner/base/http.h"
#include "test/fuzz/fuzz_input.h"

using namespace gapscan;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in = fuzz::as_text(data, size);
  if (const auto c = parse_set_cookie(in)) {
    (void)c->is_deletion(1700000000);
    (void)looks_like_session_cookie(c->name, c->value);
  }
  (void)parse_cookie_date(in);
  HttpResponse response;
  response.status = 200;
  const auto lines = fuzz::split_parts(in, '\n', 64);
  response.headers.push_back({"Date", std::string(lines.front())});
  for (std::string_view line : lines) response.headers.push_back({"Set-Cookie", std::string(line)});
  (void)response_time(response);
  for (const ResponseCookie& rc : response_cookies(response, 1700000000)) {
    (void)looks_like_session_cookie(rc.cookie.name, rc.cookie.value);
    (void)shannon_entropy(rc.cookie.value);
  }
  return 0;
}
