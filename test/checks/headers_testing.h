// Test helper for the transport and browser hardening checks: run a passive check on a
// literal response, parsing HTML bodies as the engine does (so <meta> tags are seen).
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "checks/common/check.h"
#include "scanner/base/html.h"
#include "scanner/base/http.h"
#include "scanner/base/url.h"
#include "test/checks/test_sink.h"

namespace gapscan::headers_testing {

inline std::vector<Finding> run(const PassiveCheck& check, std::string_view url,
                                std::string_view raw) {
  const Exchange ex = make_exchange(url, raw);
  const bool html = is_html(ex.response) && !ex.response.body.empty();
  HtmlDocument doc;
  if (html) {
    if (const auto u = parse_url(url)) {
      doc = parse_html(html_to_utf8(ex.response.body, content_type_charset(ex.response)), *u);
    }
  }
  gapscan::testing::VectorSink sink;
  check.inspect(PassiveContext{ex, html ? &doc : nullptr}, sink);
  return std::move(sink.findings);
}

}  // namespace gapscan::headers_testing
