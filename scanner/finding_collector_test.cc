#include "scanner/finding_collector.h"

#include <doctest/doctest.h>

using namespace gapscan;

namespace {
Finding site_wide(const std::string& url) {
  Finding f;
  f.check_id = "csp-missing";
  f.url = url;
  f.per_origin = true;
  return f;
}
}  // namespace

TEST_CASE("per-origin findings merge into one per origin with an exact count") {
  FindingCollector c;
  c.report(site_wide("http://a.test/z"));
  c.report(site_wide("http://a.test/b"));
  c.report(site_wide("http://a.test/b"));
  c.report(site_wide("https://a.test/b"));
  const auto r = c.results();
  REQUIRE(r.size() == 2);
  CHECK(r[0].url == "http://a.test/b");  // representative: the smallest URL
  CHECK(r[0].affected_count == 2);
  CHECK(r[0].affected_urls == std::vector<std::string>{"http://a.test/b", "http://a.test/z"});
  CHECK(r[1].affected_count == 1);
}

TEST_CASE("results and fingerprints do not depend on arrival order") {
  FindingCollector a, b;
  for (const char* u : {"http://a.test/1", "http://a.test/2", "http://a.test/3"})
    a.report(site_wide(u));
  for (const char* u : {"http://a.test/3", "http://a.test/1", "http://a.test/2"})
    b.report(site_wide(u));
  const auto ra = a.results(), rb = b.results();
  REQUIRE(ra.size() == 1);
  CHECK(ra[0].url == rb[0].url);
  CHECK(ra[0].fingerprint == rb[0].fingerprint);
  CHECK(ra[0].affected_urls == rb[0].affected_urls);
}

TEST_CASE("fingerprints ignore query values but not parameter names or keys") {
  Finding f;
  f.check_id = "x";
  f.url = "http://a.test/p?sid=123&b=1";
  Finding g = f;
  g.url = "http://a.test/p?b=2&sid=999";
  CHECK(finding_fingerprint(f) == finding_fingerprint(g));
  g.url = "http://a.test/p?other=1";
  CHECK(finding_fingerprint(f) != finding_fingerprint(g));
  g = f;
  g.key = "cookie2";
  CHECK(finding_fingerprint(f) != finding_fingerprint(g));
}

TEST_CASE("the new-finding hook fires once per distinct finding") {
  int calls = 0;
  FindingCollector c([&](const Finding&) { ++calls; });
  c.report(site_wide("http://a.test/1"));
  c.report(site_wide("http://a.test/2"));
  Finding page;
  page.check_id = "directory-listing";
  page.url = "http://a.test/files/";
  c.report(page);
  c.report(page);
  CHECK(calls == 2);
  CHECK(c.size() == 2);
}

TEST_CASE("notifications are counted, not repeated, and capped") {
  NotificationLog log;
  log.add("error", "timeout", "timed out", "http://a.test/x");
  log.add("error", "timeout", "timed out", "http://a.test/x");
  log.add("warning", "body-truncated", "cut", "http://a.test/y");
  const auto n = log.sorted();
  REQUIRE(n.size() == 2);
  CHECK(n[1].code == "timeout");
  CHECK(n[1].count == 2);
  CHECK(log.count("timeout") == 2);
  NotificationLog big;
  for (std::size_t i = 0; i < NotificationLog::kMaxDistinct + 5; ++i)
    big.add("note", "n", "m", std::to_string(i));
  const auto s = big.sorted();
  CHECK(s.size() == NotificationLog::kMaxDistinct + 1);
  CHECK(s.back().code == "notifications-capped");
}
