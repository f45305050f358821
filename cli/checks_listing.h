// `gapscan checks`: the registry as a table or JSON; also generates the README's check table.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gapscan {

std::string checks_listing(bool as_json);
// `gapscan checks ID...`: each matching check in full (ids or globs: "csp-*"), as text or JSON;
// nullopt when a pattern matches no check (the caller reports it, exit 2).
// `text` as lines of at most `width` columns (words kept whole), each starting with `indent`
// and ending with a new line. Check descriptions, and scan --help's option texts.
std::string wrap_words(std::string_view text, std::size_t width, std::string_view indent);

struct CheckDetails {
  std::string text;   // what to print
  std::string error;  // non-empty: the pattern that matched nothing, with a suggestion
};
CheckDetails check_details(const std::vector<std::string>& patterns, bool as_json);
// Markdown table of every check (id, kind, severity, CWE, title) for the README.
std::string checks_markdown_table();

}  // namespace gapscan
