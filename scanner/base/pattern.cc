#include "scanner/base/pattern.h"

#include <re2/re2.h>

namespace gapscan {

Pattern::Pattern(std::string_view pattern, bool ignore_case) {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingLatin1);
  options.set_case_sensitive(!ignore_case);
  options.set_log_errors(false);
  auto re = std::make_shared<const RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (re->ok()) {
    re_ = std::move(re);
  } else {
    error_ = re->error();
  }
}

bool Pattern::search(std::string_view text) const {
  return re_ != nullptr && RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re_);
}

std::string pattern_problem(std::string_view pattern, bool ignore_case) {
  Pattern p(pattern, ignore_case);
  return p.ok() ? std::string() : p.error();
}

}  // namespace gapscan
