#include "checks/disclosure/util.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace gapscan::disclosure {
namespace {

TEST_CASE("disclosure util: NeedleSet finds every needle in order, case rules apply") {
  const NeedleSet set{{"abc", 1}, {"abd", 2}, {"XyZ", 3, true}, {"bc", 4}};
  std::vector<std::pair<std::size_t, int>> hits;
  set.scan("zzabcabd xyz XYZ xYz Xy", [&](std::size_t pos, const NeedleSet::Needle& n) {
    hits.emplace_back(pos, n.id);
    return true;
  });
  const std::vector<std::pair<std::size_t, int>> want = {{2, 1}, {3, 4},  {5, 2},
                                                         {9, 3}, {13, 3}, {17, 3}};
  CHECK(hits == want);
  int count = 0;
  set.scan("abc abc abc", [&](std::size_t, const NeedleSet::Needle&) { return ++count < 2; });
  CHECK(count == 2);
  set.scan("", [&](std::size_t, const NeedleSet::Needle&) { return true; });
  set.scan("a", [&](std::size_t, const NeedleSet::Needle&) { return true; });
}

TEST_CASE("disclosure util: redact_value never shows more than 4+2 characters") {
  CHECK(redact_value("AKIAABCDEFGHIJKLMNXY") == "AKIA\xE2\x80\xA6XY");
  CHECK(redact_value("changeme") ==
        "c\xE2\x80\xA6"
        "e");
  CHECK(redact_value("abc") == "\xE2\x80\xA6");
}

TEST_CASE("disclosure util: line_snippet trims and windows long lines") {
  const std::string body = "first\n   <p>the match</p>  \r\nlast";
  CHECK(line_snippet(body, body.find("match"), body.find("match") + 5) == "<p>the match</p>");
  std::string longline(1000, 'a');
  longline.replace(600, 5, "MATCH");
  const std::string s = line_snippet(longline, 600, 605);
  CHECK(s.find("MATCH") != std::string::npos);
  CHECK(s.size() < 220);
  CHECK(s.starts_with("\xE2\x80\xA6"));
}

TEST_CASE("disclosure util: percent_decode") {
  CHECK(percent_decode("a%20b+c%2", false) == "a b+c%2");
  CHECK(percent_decode("a%20b+c", true) == "a b c");
}

TEST_CASE("disclosure util: RequestEcho recognises the echoed path") {
  const RequestEcho echo(
      "https://example.com/errors/Traceback%20(most%20recent%20call%20last):?x=1");
  const std::string body =
      "<p>The page /errors/Traceback (most recent call last): was not found</p>";
  const std::size_t b = body.find("Traceback");
  CHECK(echo.covers(body, b, b + 34));
  const std::string real = "<pre>Traceback (most recent call last):\n  File \"x.py\"</pre>";
  const std::size_t r = real.find("Traceback");
  CHECK_FALSE(echo.covers(real, r, r + 34));
  const RequestEcho other("https://example.com/missing");
  CHECK_FALSE(other.covers(body, b, b + 34));
  // Without the leading slash, and from the query string.
  const RequestEcho bare("https://example.com/java.lang.NullPointerException");
  const std::string said = "Sorry, java.lang.NullPointerException does not exist";
  CHECK(bare.covers(said, 7, 37));
  const RequestEcho query("https://example.com/s?q=ORA-00933%3A+x");
  const std::string found = "No results for q=ORA-00933: x";
  CHECK(query.covers(found, found.find("ORA"), found.find("ORA") + 10));
}

TEST_CASE("disclosure util: IPv4 parsing and private ranges") {
  std::array<int, 4> o{};
  CHECK(ipv4_at("10.0.0.5:80", 0, &o) == 8);
  CHECK(o == std::array<int, 4>{10, 0, 0, 5});
  CHECK(ipv4_at("10.0.0", 0, &o) == 0);
  CHECK(ipv4_at("10.00.0.1", 0, &o) == 0);
  CHECK(ipv4_at("10.256.0.1", 0, &o) == 0);
  CHECK(is_private_ipv4({172, 16, 0, 1}));
  CHECK(is_private_ipv4({172, 31, 255, 1}));
  CHECK_FALSE(is_private_ipv4({172, 32, 0, 1}));
  CHECK(is_private_ipv4({192, 168, 1, 1}));
  CHECK(is_private_ipv4({169, 254, 169, 254}));
  CHECK_FALSE(is_private_ipv4({8, 8, 8, 8}));
  CHECK(is_ula_ipv6("fd12:3456:789a::1"));
  CHECK_FALSE(is_ula_ipv6("fe80::1"));
  CHECK_FALSE(is_ula_ipv6("fd12"));
}

}  // namespace
}  // namespace gapscan::disclosure
