#include "scanner/base/text.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <utility>

using namespace gapscan;

TEST_CASE("to_valid_utf8 keeps valid text and replaces every invalid byte") {
  CHECK(to_valid_utf8("plain") == "plain");
  CHECK(to_valid_utf8("caf\xC3\xA9") == "caf\xC3\xA9");
  CHECK(to_valid_utf8("\xC3\x28") == "\xEF\xBF\xBD(");
  CHECK(to_valid_utf8("\xFF\xFE") == "\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(to_valid_utf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  CHECK(to_valid_utf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong
  CHECK(to_valid_utf8(std::string("a\0b", 3)) == std::string("a\0b", 3));
  CHECK(to_valid_utf8("\xF0\x9F\x98\x80") == "\xF0\x9F\x98\x80");
  CHECK(to_valid_utf8("\xE2\x82") == "\xEF\xBF\xBD\xEF\xBF\xBD");  // truncated sequence
}

TEST_CASE("printable_snippet escapes control bytes and cuts on a character boundary") {
  CHECK(printable_snippet(std::string("a\0b", 3), 100) == "a\\x00b");
  CHECK(printable_snippet("\xFF", 100) == "\\xFF");
  CHECK(printable_snippet("line1\nline2", 100) == "line1\nline2");
  CHECK(printable_snippet("\xC3\xA9\xC3\xA9", 3) == "\xC3\xA9\xE2\x80\xA6");
}

TEST_CASE("line helpers") {
  const std::string text = "one\r\ntwo\nthree";
  CHECK(line_number_at(text, 0) == 1);
  CHECK(line_number_at(text, text.find("two")) == 2);
  CHECK(line_number_at(text, text.find("three")) == 3);
  CHECK(line_at(text, text.find("two") + 1) == "two");
  CHECK(line_at(text, 1) == "one");
  CHECK(line_at(text, text.find("three")) == "three");
}

TEST_CASE("case-insensitive helpers and trim/split") {
  CHECK(iequals("Content-Type", "content-type"));
  CHECK_FALSE(iequals("abc", "abcd"));
  CHECK(istarts_with("Bearer x", "bearer"));
  CHECK(icontains("Hello World", "WORLD"));
  CHECK_FALSE(icontains("Hello", "xyz"));
  CHECK(trim("  a b \t\r\n") == "a b");
  CHECK(trim("   ").empty());
  CHECK(split("a,b,,c", ',').size() == 4);
}

TEST_CASE("durations and sizes") {
  CHECK(parse_duration_ms("10s") == 10000);
  CHECK(parse_duration_ms("500ms") == 500);
  CHECK(parse_duration_ms("10m") == 600000);
  CHECK(parse_duration_ms("1h") == 3600000);
  CHECK(parse_duration_ms("7d") == 7 * 86400000LL);
  CHECK(parse_duration_ms("30") == 30000);
  CHECK(parse_duration_ms("1.5s") == 1500);
  CHECK(parse_duration_ms("soon") == -1);
  CHECK(parse_duration_ms("10x") == -1);
  CHECK(parse_size_bytes("5MiB") == 5 * 1024 * 1024);
  CHECK(parse_size_bytes("512k") == 512 * 1024);
  CHECK(parse_size_bytes("100") == 100);
  CHECK(parse_size_bytes("lots") == -1);
}

TEST_CASE("sha256_hex") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("ASCII case helpers leave other bytes alone") {
  CHECK(ascii_lower('Q') == 'q');
  CHECK(ascii_lower('q') == 'q');
  CHECK(ascii_lower('@') == '@');
  CHECK(ascii_lower('[') == '[');
  CHECK(to_lower("Content-TYPE \xC3\x89") == "content-type \xC3\x89");  // no locale, no UTF-8
}

TEST_CASE("percent_decode") {
  CHECK(percent_decode("a%20b%2fc", false) == "a b/c");
  CHECK(percent_decode("a+b%2B", false) == "a+b+");
  CHECK(percent_decode("a+b%2B", true) == "a b+");
  CHECK(percent_decode("%zz%4", false) == "%zz%4");  // malformed escapes stay
  CHECK(percent_decode("%00", false) == std::string(1, '\0'));
  CHECK(hex_digit_value('f') == 15);
  CHECK(hex_digit_value('G') == -1);
}

TEST_CASE("base64 (RFC 4648 test vectors) and base64url") {
  const std::pair<std::string_view, std::string_view> vectors[] = {{"", ""},
                                                                   {"f", "Zg=="},
                                                                   {"fo", "Zm8="},
                                                                   {"foo", "Zm9v"},
                                                                   {"foob", "Zm9vYg=="},
                                                                   {"fooba", "Zm9vYmE="},
                                                                   {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    CAPTURE(plain);
    CHECK(base64_encode(plain) == encoded);
    CHECK(base64url_decode(encoded) == std::string(plain));
  }
  CHECK(base64url_encode("\xfb\xff\xbf") == "-_-_");
  CHECK(base64url_decode("-_-_") == std::string("\xfb\xff\xbf"));
  CHECK(base64url_decode("Zm9vYg") == std::string("foob"));  // padding optional
  CHECK(base64url_decode("Zm9vY") == std::string("foo"));    // a lone last character: no byte
  CHECK(base64url_decode("Zm9v=garbage") == std::string("foo"));
  CHECK_FALSE(base64url_decode("Zm9 v").has_value());
}

TEST_CASE("escape_markup: one escaper, three cleaning modes") {
  CHECK(escape_markup("<a href=\"x\">'&'</a>", "&#39;", MarkupClean::none) ==
        "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  // none keeps bytes as a server's own escaping would echo them.
  CHECK(escape_markup("a\x01\x7f\xff", "'", MarkupClean::none) == "a\x01\x7f\xff");
  CHECK(escape_markup("a\x01\t\x7f\xff", "&apos;", MarkupClean::xml) == "a\t\x7f\xEF\xBF\xBD");
  CHECK(escape_markup("a\x01\t\x7f\xff", "&#39;", MarkupClean::html) == "a\t\xEF\xBF\xBD");
}

TEST_CASE("format_utc_now: one helper for the scan's timestamps and the policy's today") {
  const std::string day = format_utc_now("%Y-%m-%d");
  REQUIRE(day.size() == 10);
  CHECK(day[4] == '-');
  CHECK(day[7] == '-');
  const std::string stamp = format_utc_now("%Y-%m-%dT%H:%M:%SZ");
  CHECK(stamp.size() == 20);
  CHECK(stamp.ends_with("Z"));
}

TEST_CASE("strip_tags: the text a reader sees, without code, in linear time") {
  CHECK(strip_tags("<h1>Apache &amp; <b>Co</b></h1>\n x") == "Apache & Co x");
  CHECK(strip_tags("<head><script>var a = '<b>';</script><STYLE>p{}</STYLE></head>Log in") ==
        "Log in");
  CHECK(strip_tags("a <script>never closed") == "a");
  CHECK(strip_tags("&amp;lt; &bogus; <") == "&lt; &bogus;");
  // Many entities and many unclosed script tags stay linear (a 4 MiB page must not take long).
  const std::string many = std::string(1 << 20, '&') + std::string(1 << 20, '<');
  CHECK(strip_tags(many).size() == std::size_t{1} << 20);
}
