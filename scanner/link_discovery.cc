#include "scanner/link_discovery.h"

#include "scanner/base/text.h"
#include "scanner/base/url.h"
#include "scanner/crawl_rules.h"

namespace gapscan {

ParsedPage parse_page(const Exchange& ex, const CrawlOptions& options, NotificationLog& notes) {
  ParsedPage page;
  const auto& resp = ex.response;
  page.is_html = is_html(resp) && !resp.body.empty();
  if (!page.is_html) return page;
  const std::string charset = content_type_charset(resp);
  if ((charset.empty() || charset == "utf-8" || charset == "utf8") &&
      to_valid_utf8(resp.body).size() != resp.body.size()) {
    notes.add("note", "invalid-utf8",
              "the HTML body is not valid UTF-8; invalid bytes were replaced", ex.request.url);
  }
  if (const auto url = parse_url(ex.request.url)) {
    page.doc = parse_html(html_to_utf8(resp.body, charset), *url,
                          static_cast<std::size_t>(options.max_parse_bytes));
    if (page.doc.truncated) {
      notes.add("note", "html-parse-cap",
                "only the first " + std::to_string(options.max_parse_bytes) +
                    " bytes of the page were parsed",
                ex.request.url);
    }
  }
  return page;
}

std::vector<Discovered> discover_links(const Exchange& ex, const ParsedPage& page,
                                       const CrawlOptions& options, const StateSafety& safety,
                                       NotificationLog& notes, const Scope* scope) {
  std::vector<Discovered> found;
  const auto& resp = ex.response;
  const std::string media = media_type(resp);
  if (ex.initiator == "robots" && resp.status == 200) {
    const RobotsTxt robots = parse_robots(resp.body);
    for (const auto& p : robots.paths) found.push_back({p, "robots"});
    for (const auto& s : robots.sitemaps) found.push_back({s, "sitemap"});
    return found;
  }
  if ((ex.initiator == "sitemap" || ex.initiator == "sitemap-index") && resp.status == 200 &&
      media.find("xml") != std::string::npos) {
    const Sitemap map = parse_sitemap(resp.body, static_cast<std::size_t>(options.max_pages));
    for (const auto& loc : map.locs) {
      found.push_back(
          {loc, map.is_index && ex.initiator == "sitemap" ? "sitemap-index" : "sitemap"});
    }
    // A sitemap listed by an index is fetched with the "sitemap-index" initiator so that
    // indexes cannot nest without bound.
    if (map.is_index && ex.initiator == "sitemap-index") found.clear();
    return found;
  }
  if (!page.is_html) return found;
  for (const auto& link : page.doc.links) {
    found.push_back({link.url, "link"});
    found.back().text = link.text;
    if (const auto u = parse_url(link.url)) {
      for (const auto& dir : parent_directories(u->path))
        found.push_back({u->origin() + dir, "directory"});
    }
  }
  for (const auto& form : page.doc.forms) {
    const auto action = parse_url(form.action);
    if (!action || (form.method != "GET" && !options.submit_forms)) continue;
    if (const std::string why = safety.form_refusal(form); !why.empty()) {
      if (scope != nullptr && !scope->allows(*action)) continue;
      notes.add("note", "form-not-submitted",
                form.method + " form not submitted: " + why +
                    " (--submit-form REGEX allows it by its action URL)",
                action->to_string());
      continue;
    }
    const std::string data = form_encode(form);
    if (form.method == "GET") {
      Url target = *action;
      target.query = data;
      found.push_back({target.to_string(), "form"});
    } else {
      found.push_back({form.action, "form", "POST", data});
    }
    found.back().judged = true;
  }
  return found;
}

}  // namespace gapscan
