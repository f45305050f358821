// HTTPS posture checks (https-not-enforced, https-downgrade-redirect, http-only-site): the
// helpers they share. They judge the crawl's view of an origin (ActiveContext::pages) and the
// scan's other origins (ActiveContext::scan_origins) and send at most two requests each.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checks/common/check.h"
#include "scanner/base/http.h"
#include "scanner/base/text.h"
#include "scanner/base/url.h"

namespace gapscan::transport {

// The first origin in `origins` with `scheme` on `host` (any port): the "twin" of an origin
// of the other scheme. Origins are compared by host only because http and https of one site
// normally listen on different ports (80/443, or 8080/8443).
inline std::optional<std::string> twin_origin(const std::vector<std::string>& origins,
                                              std::string_view scheme, std::string_view host) {
  for (const std::string& o : origins) {
    const auto u = parse_url(o);
    if (u && u->scheme == scheme && u->host == host) return u->origin();
  }
  return std::nullopt;
}

// A crawled page that delivered content: 2xx (not 204) HTML.
inline bool serves_html(const CrawledPage& p) {
  return p.status >= 200 && p.status < 300 && p.status != 204 && p.media_type == "text/html";
}

// The crawled pages of `ctx` that delivered HTML; "/" first when it is one of them (it is the
// representative URL the findings use), then in URL order.
inline std::vector<const CrawledPage*> served_pages(const ActiveContext& ctx,
                                                    const std::string& origin) {
  std::vector<const CrawledPage*> out;
  const std::string home = origin + "/";
  for (const CrawledPage& p : ctx.pages) {
    if (!serves_html(p)) continue;
    if (p.url == home) {
      out.insert(out.begin(), &p);
    } else {
      out.push_back(&p);
    }
  }
  return out;
}

// Same site for redirect purposes: the same host, or one host a subdomain of the other
// ("example.com" and "www.example.com").
inline bool same_site_host(std::string_view a, std::string_view b) {
  if (a == b) return true;
  auto under = [](std::string_view sub, std::string_view parent) {
    return sub.size() > parent.size() + 1 && sub.ends_with(parent) &&
           sub[sub.size() - parent.size() - 1] == '.';
  };
  return under(a, b) || under(b, a);
}

// A 2xx HTML page whose only job is to send the browser to https ("<meta http-equiv=refresh
// content="0; url=https://...">"): an upgrade in disguise, not content served over http.
inline bool meta_refresh_to_https(std::string_view body) {
  const std::string lower = to_lower(body.substr(0, 16384));
  std::size_t pos = 0;
  while ((pos = lower.find("http-equiv", pos)) != std::string::npos) {
    const std::size_t tag_start = lower.rfind('<', pos);
    const std::size_t tag_end = lower.find('>', pos);
    pos += 10;
    if (tag_start == std::string::npos || tag_end == std::string::npos) continue;
    const std::string_view tag = std::string_view(lower).substr(tag_start, tag_end - tag_start);
    if (tag.find("refresh") == std::string_view::npos) continue;
    const std::size_t url = tag.find("url=");
    if (url == std::string_view::npos) continue;
    std::string_view target = tag.substr(url + 4);
    while (!target.empty() &&
           (target.front() == '\'' || target.front() == '"' || target.front() == ' ')) {
      target.remove_prefix(1);
    }
    if (target.starts_with("https://")) return true;
  }
  return false;
}

// "200 text/html" for evidence notes.
inline std::string status_text(const HttpResponse& r) {
  const std::string mt = media_type(r);
  return std::to_string(r.status) + (mt.empty() ? "" : " " + mt);
}

}  // namespace gapscan::transport
