// Referrer-Policy: the input is one header value; each of its lines is also a header of its own
// and the content of a <meta name=referrer>, as the referrer-policy checks read them.
#include <cstddef>
#include <cstdint>
#include <string>

#include "checks/headers/referrer_policy.h"
#include "scanner/base/http.h"
#include "test/fuzz/fuzz_input.h"

using namespace gapscan;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in = fuzz::as_text(data, size);
  (void)is_referrer_policy_token(in);
  HttpResponse response;
  response.status = 200;
  response.headers.push_back({"Referrer-Policy", std::string(in)});
  (void)effective_referrer_policy(response, nullptr);
  HtmlDocument doc;
  for (std::string_view line : fuzz::split_parts(in, '\n', 64)) {
    response.headers.push_back({"referrer-policy", std::string(line)});
    doc.metas.push_back({"referrer", std::string(line), false});
  }
  (void)effective_referrer_policy(response, &doc);
  return 0;
}
