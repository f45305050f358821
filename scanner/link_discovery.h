// What a crawled response yields for the crawl: its HTML parsed once (for the passive checks
// and for discovery), then the links and their parent directories, GET forms with sample
// values (POST forms only with --submit-forms), robots.txt paths and sitemap entries.
#pragma once

#include <string>
#include <vector>

#include "scanner/base/html.h"
#include "scanner/base/http.h"
#include "scanner/finding_collector.h"
#include "scanner/scan_options.h"

namespace gapscan {

// A request the crawler should consider.
struct Discovered {
  Discovered(std::string url, std::string initiator, std::string method = "GET",
             std::string body = "")
      : url(std::move(url)),
        initiator(std::move(initiator)),
        method(std::move(method)),
        body(std::move(body)) {}
  std::string url;        // absolute
  std::string initiator;  // "link", "form", "robots", "sitemap", "sitemap-index", "directory"
  std::string method;
  std::string body;  // for POST forms
};

// A response as the crawl read it.
struct ParsedPage {
  bool is_html = false;  // an HTML response with a body
  HtmlDocument doc;      // its document (charset converted to UTF-8, capped)
  const HtmlDocument* html() const { return is_html ? &doc : nullptr; }
};

// Parses an HTML response within --max-parse-bytes; notes a body that is not valid UTF-8 and
// a page cut at the cap. Any thread.
ParsedPage parse_page(const Exchange& ex, const CrawlOptions& options, NotificationLog& notes);

// What to crawl next from this response, by how it was reached (ex.initiator): robots.txt
// paths and sitemaps, a sitemap's entries, an HTML page's links, directories and forms.
// Any thread.
std::vector<Discovered> discover_links(const Exchange& ex, const ParsedPage& page,
                                       const CrawlOptions& options);

}  // namespace gapscan
