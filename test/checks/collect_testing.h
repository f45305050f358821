// Test helper: run a passive check over several literal responses and merge its findings as
// the scan does (FindingCollector), to test one finding per problem and its affected count.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "checks/common/check.h"
#include "scanner/base/html.h"
#include "scanner/base/http.h"
#include "scanner/base/url.h"
#include "scanner/finding_collector.h"

namespace gapscan::collect_testing {

struct Page {
  std::string url;
  std::string raw;  // the whole HTTP response
};

// HTML bodies are parsed as the engine parses them (scripts, forms, links are seen).
inline std::vector<Finding> collect(const PassiveCheck& check, const std::vector<Page>& pages) {
  FindingCollector collector;
  for (const Page& p : pages) {
    const Exchange ex = make_exchange(p.url, p.raw);
    const bool html = is_html(ex.response);
    HtmlDocument doc;
    if (html && !ex.response.body.empty()) {
      if (const auto u = parse_url(p.url)) {
        doc = parse_html(html_to_utf8(ex.response.body, content_type_charset(ex.response)), *u);
      }
    }
    check.inspect(PassiveContext{ex, html ? &doc : nullptr}, collector);
  }
  return collector.results();
}

}  // namespace gapscan::collect_testing
