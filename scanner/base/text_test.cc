#include "scanner/base/text.h"

#include <doctest/doctest.h>

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
