// What a crawled response yields for the crawl: its HTML parsed once (for the passive checks
// and for discovery), then the links (with their text) and their parent directories, GET forms
// with sample values (POST forms only with --submit-forms; neither when state_safety.h refuses
// them), robots.txt paths and sitemap entries.
#pragma once

#include <string>
#include <vector>

#include "scanner/base/html.h"
#include "scanner/base/http.h"
#include "scanner/finding_collector.h"
#include "scanner/scan_options.h"
#include "scanner/scope.h"
#include "scanner/state_safety.h"

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
  std::string body;     // for POST forms
  std::string text;     // a link's text (HtmlLink::text), judged with the URL
  bool judged = false;  // a form StateSafety::form_refusal let through: the default URL
                        // rules do not apply again (--submit-form may have included it)
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
// paths and sitemaps, a sitemap's entries, an HTML page's links, directories and forms. Forms
// that `safety` refuses are left out, each with a form-not-submitted note when `scope` (if
// given) allows its action: a form that posts to another site was never going to be sent.
// Any thread.
std::vector<Discovered> discover_links(const Exchange& ex, const ParsedPage& page,
                                       const CrawlOptions& options, const StateSafety& safety,
                                       NotificationLog& notes, const Scope* scope = nullptr);

}  // namespace gapscan
