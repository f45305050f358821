#include "scanner/base/pattern.h"

#include <doctest/doctest.h>

#include <string>

using namespace gapscan;

TEST_CASE("Pattern: search semantics, case, bytes") {
  CHECK(Pattern("ign").search("please sign in"));  // found anywhere, like regex_search
  CHECK_FALSE(Pattern("sign in").search("please Sign In"));
  CHECK(Pattern("sign in", true).search("please Sign In"));
  CHECK(Pattern("^/admin/").search("/admin/x"));
  CHECK_FALSE(Pattern("^/admin/").search("/x/admin/"));
  CHECK(Pattern("a.c").search("xxabcxx"));
  CHECK_FALSE(Pattern("a.c").search("a\nc"));                   // '.' does not match a newline
  CHECK(Pattern("caf\xC3\xA9").search("un caf\xC3\xA9 \xFF"));  // bytes, invalid UTF-8 fine
  CHECK_FALSE(Pattern().search("anything"));
}

TEST_CASE("Pattern: bad patterns are errors, deep ones no crash" * doctest::timeout(20)) {
  CHECK(pattern_problem("(unclosed").find("missing )") != std::string::npos);
  CHECK_FALSE(pattern_problem("a(?=b)").empty());  // lookaround: not RE2
  CHECK(pattern_problem("/(log[-_]?out|sign[-_]?out)([/?#.;]|$)").empty());
  // Found by fuzzing: "(" x 5,000 then ")" x 5,000 overflowed std::regex's stack. RE2 parses
  // it without recursion: nested empty groups, which match anywhere.
  const std::string nested = std::string(5000, '(') + std::string(5000, ')');
  CHECK(pattern_problem(nested).empty());
  CHECK(Pattern(nested).search("abc"));
  CHECK_FALSE(pattern_problem(std::string(5000, '(')).empty());
}

TEST_CASE("Pattern: linear on a huge one-line body" * doctest::timeout(20)) {
  // libstdc++'s std::regex overflowed the stack (exit 139) on this with a 1 MB body.
  const Pattern p("<html>.*sign in");
  REQUIRE(p.ok());
  std::string body = "<html>" + std::string(5 * 1024 * 1024, 'x');
  CHECK_FALSE(p.search(body));
  body += "sign in";
  CHECK(p.search(body));
}
