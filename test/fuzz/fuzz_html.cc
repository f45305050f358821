// HTML extraction and link discovery: the input is an HTML response body (charset from its
// <meta>, as when the Content-Type names none), parsed as the crawl parses a page, then
// everything the crawl would follow from it (links, directories, GET and POST forms, judged by
// the state-safety rules).
#include <cstddef>
#include <cstdint>
#include <string>

#include "scanner/base/http.h"
#include "scanner/finding_collector.h"
#include "scanner/link_discovery.h"
#include "scanner/scan_options.h"
#include "test/fuzz/fuzz_input.h"

using namespace gapscan;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Exchange ex;
  ex.request.url = "https://app.example.com/shop/cart/index.html?ref=home";
  ex.initiator = "crawl";
  ex.response.status = 200;
  ex.response.headers = {{"Content-Type", "text/html"}};
  ex.response.body = std::string(fuzz::as_text(data, size));
  CrawlOptions options;
  options.submit_forms = true;
  NotificationLog notes;
  const ParsedPage page = parse_page(ex, options, notes);
  const StateSafety safety(options);
  const auto found = discover_links(ex, page, options, safety, notes);
  (void)found;
  return 0;
}
