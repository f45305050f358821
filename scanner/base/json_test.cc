#include "scanner/base/json.h"

#include <doctest/doctest.h>

#include <string>

using namespace gapscan;

TEST_CASE("json_nesting_depth counts brackets outside strings only") {
  CHECK(json_nesting_depth("") == 0);
  CHECK(json_nesting_depth("42") == 0);
  CHECK(json_nesting_depth(R"({"a":[1,{"b":[]}]})") == 4);
  CHECK(json_nesting_depth(R"({"a":"[[[[{{{"})") == 1);
  CHECK(json_nesting_depth(R"({"a":"\"[[[["})") == 1);  // an escaped quote does not end it
  CHECK(json_nesting_depth("]]]{") == 1);               // stray closers do not go negative
}

TEST_CASE("parse_json_bounded: documents too deep to copy safely are refused" *
          doctest::timeout(10)) {
  CHECK(parse_json_bounded(R"({"a":[1,2]})")->at("a").size() == 2);
  CHECK_FALSE(parse_json_bounded("{not json").has_value());
  // Found by fuzzing: a JWT payload or a report nested ~7,000 deep overflowed the stack when
  // copied or dumped. 100,000 levels are refused before parsing, in linear time.
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  CHECK_FALSE(parse_json_bounded(deep).has_value());
  const std::string ok = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  const auto doc = parse_json_bounded<nlohmann::ordered_json>(ok);
  REQUIRE(doc.has_value());
  CHECK(doc->dump().size() == ok.size());
}
