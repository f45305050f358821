#include "checks/headers/sts_header.h"

#include <algorithm>
#include <limits>

#include "scanner/base/text.h"

namespace gapscan {
namespace {

// RFC 9110 tchar.
bool is_tchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

bool is_lws(char c) { return c == ' ' || c == '\t'; }

}  // namespace

StsHeader parse_sts(std::string_view v) {
  StsHeader out;
  std::vector<std::string> names;
  auto problem = [&out](std::string key, std::string detail) {
    for (const auto& p : out.problems) {
      if (p.key == key) return;
    }
    out.problems.push_back({std::move(key), std::move(detail)});
  };
  std::size_t i = 0;
  while (i < v.size()) {
    while (i < v.size() && is_lws(v[i])) ++i;
    if (i >= v.size()) break;
    if (v[i] == ';') {  // empty directive: allowed by the grammar
      ++i;
      continue;
    }
    const std::size_t name_start = i;
    while (i < v.size() && is_tchar(v[i])) ++i;
    if (i == name_start) {
      problem("syntax", "unexpected character '" + printable_snippet(v.substr(i, 1), 4) +
                            "' at offset " + std::to_string(i));
      return out;
    }
    const std::string name = to_lower(v.substr(name_start, i - name_start));
    while (i < v.size() && is_lws(v[i])) ++i;
    bool has_value = false;
    bool quoted = false;
    std::string value;
    if (i < v.size() && v[i] == '=') {
      ++i;
      while (i < v.size() && is_lws(v[i])) ++i;
      has_value = true;
      if (i < v.size() && v[i] == '"') {
        quoted = true;
        ++i;
        bool closed = false;
        while (i < v.size()) {
          if (v[i] == '\\' && i + 1 < v.size()) {
            value += v[i + 1];
            i += 2;
          } else if (v[i] == '"') {
            closed = true;
            ++i;
            break;
          } else {
            value += v[i++];
          }
        }
        if (!closed) {
          problem("syntax", "unterminated quoted-string in the " + name + " directive");
          return out;
        }
      } else {
        const std::size_t value_start = i;
        while (i < v.size() && is_tchar(v[i])) ++i;
        value = std::string(v.substr(value_start, i - value_start));
      }
      while (i < v.size() && is_lws(v[i])) ++i;
    }
    if (i < v.size() && v[i] != ';') {
      problem("syntax", "unexpected character '" + printable_snippet(v.substr(i, 1), 4) +
                            "' after the " + name + " directive");
      return out;
    }
    if (i < v.size()) ++i;  // ';'

    bool duplicate = false;
    for (const std::string& n : names) duplicate = duplicate || n == name;
    if (duplicate) {
      problem("duplicate-directive:" + name, "the " + name + " directive appears more than once");
      continue;
    }
    names.push_back(name);
    if (name == "max-age") {
      out.max_age_text = quoted ? "\"" + value + "\"" : value;
      bool digits = !value.empty();
      for (char c : value) digits = digits && c >= '0' && c <= '9';
      if (!has_value || !digits) {
        problem("invalid-max-age", has_value ? "max-age value \"" +
                                                   printable_snippet(out.max_age_text, 40) +
                                                   "\" is not a number of seconds"
                                             : "max-age has no value");
        continue;
      }
      std::int64_t n = 0;
      constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
      for (char c : value) {
        const int d = c - '0';
        n = n > (kMax - d) / 10 ? kMax : n * 10 + d;
      }
      out.has_max_age = true;
      out.max_age = n;
    } else if (name == "includesubdomains") {
      out.include_subdomains = true;
      if (has_value) {
        problem("includesubdomains-value", "includeSubDomains is a valueless directive");
      }
    } else if (name == "preload") {
      out.preload = true;
    }
  }
  const bool has_max_age_directive =
      std::find(names.begin(), names.end(), "max-age") != names.end();
  if (!has_max_age_directive) problem("missing-max-age", "no max-age directive");
  return out;
}

}  // namespace gapscan
