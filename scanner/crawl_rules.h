// Pure crawling rules, kept apart from the I/O so they can be unit-tested: robots.txt and
// sitemap parsing, crawl-trap patterns, form filling, parent directories.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/html.h"

namespace gapscan {

struct RobotsTxt {
  std::vector<std::string> paths;     // Allow/Disallow paths (wildcards cut), harvested as seeds
  std::vector<std::string> sitemaps;  // absolute or relative Sitemap: URLs
};
RobotsTxt parse_robots(std::string_view text);

struct Sitemap {
  bool is_index = false;  // <sitemapindex>: locs are further sitemaps
  std::vector<std::string> locs;
};
Sitemap parse_sitemap(std::string_view xml, std::size_t max_locs);

// The shape of a path for crawl-trap guards: runs of digits and long hex/id-like segments are
// folded, so /item/1, /item/2 ... share one pattern.
std::string path_pattern(std::string_view path);

// "/a/b/c.html" -> {"/a/b/", "/a/"}; the root is not included.
std::vector<std::string> parent_directories(std::string_view path);

// application/x-www-form-urlencoded body or query for a form, with harmless sample values for
// empty fields. File inputs and unnamed fields are left out.
std::string form_encode(const HtmlForm& form);

std::string url_encode_component(std::string_view s);

}  // namespace gapscan
