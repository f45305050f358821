// `gapscan checks`: the registry as a table or JSON; also generates the README's check table.
#pragma once

#include <string>

namespace gapscan {

std::string checks_listing(bool as_json);
// Markdown table of every check (id, kind, severity, CWE, title) for the README.
std::string checks_markdown_table();

}  // namespace gapscan
