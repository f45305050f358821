// Test helpers for the cookie/auth/transport checks: run a passive check on a literal response
// with request headers, settings and (for HTML) the parsed document, as the engine does.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "checks/common/check.h"
#include "scanner/base/html.h"
#include "scanner/base/http.h"
#include "scanner/base/url.h"
#include "test/checks/test_sink.h"

namespace gapscan::pageutil::testing {

inline std::vector<Finding> run_exchange(const PassiveCheck& check, const Exchange& ex,
                                         const CheckSettings* settings = nullptr) {
  const bool html = is_html(ex.response) && !ex.response.body.empty();
  HtmlDocument doc;
  if (html) {
    if (const auto url = parse_url(ex.request.url)) doc = parse_html(ex.response.body, *url);
  }
  gapscan::testing::VectorSink sink;
  check.inspect(PassiveContext{ex, html ? &doc : nullptr, settings}, sink);
  return std::move(sink.findings);
}

// GET `url` answered with the literal `raw` response, sent with `request_headers`.
inline std::vector<Finding> run_raw(const PassiveCheck& check, std::string_view url,
                                    std::string_view raw, HeaderList request_headers = {},
                                    const CheckSettings* settings = nullptr) {
  Exchange ex = make_exchange(url, raw);
  ex.request.headers = std::move(request_headers);
  return run_exchange(check, ex, settings);
}

}  // namespace gapscan::pageutil::testing
