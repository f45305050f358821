#include "scanner/crawl_rules.h"

#include <doctest/doctest.h>

using namespace gapscan;

TEST_CASE("robots.txt paths are harvested, wildcards cut, sitemaps listed") {
  const auto r = parse_robots(
      "User-agent: *\nDisallow: /private/\nDisallow: /tmp/*.bak\nAllow: /public$\n"
      "Disallow: /\n# Disallow: /commented\nSitemap: https://example.com/sm.xml\nDisallow:\n");
  REQUIRE(r.paths.size() == 3);
  CHECK(r.paths[0] == "/private/");
  CHECK(r.paths[1] == "/tmp/");
  CHECK(r.paths[2] == "/public");
  REQUIRE(r.sitemaps.size() == 1);
  CHECK(r.sitemaps[0] == "https://example.com/sm.xml");
}

TEST_CASE("robots.txt paths without a leading slash are read from the root") {
  // Hand-written files often have them; Google's parser adds the slash.
  const auto r =
      parse_robots("User-agent: *\nDisallow: data/\nDisallow: admin\nDisallow: http://x.test/y\n");
  REQUIRE(r.paths.size() == 2);
  CHECK(r.paths[0] == "/data/");
  CHECK(r.paths[1] == "/admin");
}

TEST_CASE("sitemaps and sitemap indexes") {
  const auto s = parse_sitemap(
      "<?xml version=\"1.0\"?><urlset><url><loc> https://a.test/x?a=1&amp;b=2 </loc></url>"
      "<url><loc>https://a.test/y</loc></url></urlset>",
      10);
  CHECK_FALSE(s.is_index);
  REQUIRE(s.locs.size() == 2);
  CHECK(s.locs[0] == "https://a.test/x?a=1&b=2");
  const auto idx =
      parse_sitemap("<sitemapindex><sitemap><loc>/a.xml</loc></sitemap></sitemapindex>", 10);
  CHECK(idx.is_index);
  CHECK(parse_sitemap("<urlset><url><loc>a</loc></url><url><loc>b</loc></url></urlset>", 1)
            .locs.size() == 1);
}

TEST_CASE("path patterns fold numbers and ids") {
  CHECK(path_pattern("/item/12") == path_pattern("/item/13"));
  CHECK(path_pattern("/cal/2024/05") == "/cal/{n}/{n}");
  CHECK(path_pattern("/u/0123456789abcdef0123") == "/u/{id}");
  CHECK(path_pattern("/about.html") == "/about.html");
  CHECK(path_pattern("/") == "/");
}

TEST_CASE("parent directories") {
  const auto dirs = parent_directories("/a/b/c.html");
  REQUIRE(dirs.size() == 2);
  CHECK(dirs[0] == "/a/b/");
  CHECK(dirs[1] == "/a/");
  CHECK(parent_directories("/a/b/") == std::vector<std::string>{"/a/"});
  CHECK(parent_directories("/x.html").empty());
  CHECK(parent_directories("/").empty());
}

TEST_CASE("form encoding fills sensible values and skips files and unnamed fields") {
  HtmlForm form;
  form.inputs = {{"q", "text", "", "", ""},   {"email", "email", "", "", ""},
                 {"n", "number", "", "", ""}, {"csrf", "hidden", "tok en", "", ""},
                 {"", "text", "x", "", ""},   {"upload", "file", "", "", ""},
                 {"go", "submit", "", "", ""}};
  CHECK(form_encode(form) == "q=gapscan&email=gapscan%40example.com&n=1&csrf=tok+en");
}

TEST_CASE("sitemap entities are decoded once, in linear time" * doctest::timeout(10)) {
  const auto s =
      parse_sitemap("<urlset><url><loc>/a?x=1&amp;y=&lt;2&gt;&amp;lt;</loc></url></urlset>", 10);
  REQUIRE(s.locs.size() == 1);
  CHECK(s.locs[0] == "/a?x=1&y=<2>&lt;");  // "&amp;lt;" is "&lt;", not "<"
  // A 1 MiB <loc> of entities took 17 s with a replace-in-place loop.
  std::string big = "<urlset><url><loc>/";
  for (int i = 0; i < 200000; ++i) big += "&amp;";
  big += "</loc></url></urlset>";
  const auto b = parse_sitemap(big, 10);
  REQUIRE(b.locs.size() == 1);
  CHECK(b.locs[0] == "/" + std::string(200000, '&'));
}
