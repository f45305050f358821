// Regular expressions from the user (--include, --exclude, --auth-exclude, --logged-in-regex,
// --logged-out-regex, policy suppressions), applied to URLs and to whole response bodies. RE2:
// matching is linear in the text and never recurses, so a pattern like '<html>.*sign in' on a
// 5 MB one-line body cannot overflow the stack (libstdc++'s std::regex did), and a pattern
// nested 5,000 deep is an error, not a crash. RE2 syntax: Perl/ECMAScript-like without
// backreferences and lookaround.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace gapscan {

class Pattern {
 public:
  Pattern() = default;  // matches nothing; ok() is false
  // Compiles `pattern` byte-wise (Latin-1: invalid UTF-8 in a body is just bytes), optionally
  // ignoring ASCII case. Never throws; see ok() and error().
  explicit Pattern(std::string_view pattern, bool ignore_case = false);

  bool ok() const { return re_ != nullptr; }
  const std::string& error() const { return error_; }  // why it did not compile
  // Whether the pattern matches somewhere in `text` (like std::regex_search). False when !ok().
  // Any thread.
  bool search(std::string_view text) const;

 private:
  std::shared_ptr<const re2::RE2> re_;  // shared: copies are cheap; RE2 matching is thread-safe
  std::string error_;
};

// Why `pattern` is not a usable regular expression, or "" when it is.
std::string pattern_problem(std::string_view pattern, bool ignore_case = false);

}  // namespace gapscan
