#include "checks/registry.h"

#include <iterator>

#include "checks/all_checks.h"

namespace gapscan {
namespace {

// Registry order is alphabetical by id; registry_test.cc keeps it that way.
const CheckEntry kChecks[] = {
    {&kClickjackingProtectionMissing, &make_clickjacking_protection_missing, nullptr},
    {&kCookieNoHttponly, &make_cookie_no_httponly, nullptr},
    {&kCookieNoSamesite, &make_cookie_no_samesite, nullptr},
    {&kCookieNoSecure, &make_cookie_no_secure, nullptr},
    {&kCspMissing, &make_csp_missing, nullptr},
    {&kDirectoryListing, &make_directory_listing, nullptr},
    {&kHstsMissing, &make_hsts_missing, nullptr},
    {&kSecurityTxtMissing, nullptr, &make_security_txt_missing},
    {&kServerVersionDisclosure, &make_server_version_disclosure, nullptr},
    {&kXContentTypeOptionsMissing, &make_x_content_type_options_missing, nullptr},
};

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::span<const CheckEntry> all_checks() { return {std::begin(kChecks), std::end(kChecks)}; }

const CheckInfo* find_check(std::string_view id) {
  for (const CheckEntry& e : kChecks) {
    if (e.info->id == id) return e.info;
  }
  return nullptr;
}

// Iterative matcher with single-star backtracking: linear in practice, no recursion.
// Case-insensitive because ids are lower-case and users type either.
bool glob_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0;
  std::size_t star = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || lower(pattern[p]) == lower(text[t]))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_t = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::vector<const CheckEntry*> select_checks(const std::vector<std::string>& include,
                                             const std::vector<std::string>& exclude) {
  auto matches_any = [](const std::vector<std::string>& globs, std::string_view id) {
    for (const std::string& g : globs) {
      if (glob_match(g, id)) return true;
    }
    return false;
  };
  std::vector<const CheckEntry*> out;
  for (const CheckEntry& e : kChecks) {
    if (!include.empty() && !matches_any(include, e.info->id)) continue;
    if (matches_any(exclude, e.info->id)) continue;
    out.push_back(&e);
  }
  return out;
}

}  // namespace gapscan
