// URL parsing, resolution and normalization on libcurl's URL API (curl_url).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gapscan {

struct Url {
  std::string scheme;  // lower-case "http" or "https"
  std::string host;    // lower-case; IPv6 without brackets
  int port = 0;        // explicit or default port
  std::string path;    // always starts with "/"
  std::string query;   // without "?"; empty when none

  std::string origin() const;     // "https://example.com" or "http://127.0.0.1:8080"
  std::string to_string() const;  // normalized absolute URL, no fragment
  std::string directory() const;  // path up to and including the last "/"
};

// Parses an absolute http(s) URL and normalizes it: lower-case scheme and host, default port
// dropped, fragment dropped, empty path becomes "/", dot segments removed, percent-encoding
// normalized (unreserved characters decoded, hex upper-cased, unsafe characters such as spaces
// encoded). Userinfo and IPv6 zone ids are dropped: we never want credentials in URLs we crawl
// or report. Surrounding whitespace, tabs/newlines and backslashes are handled like browsers
// do. nullopt when not http/https or unparsable.
std::optional<Url> parse_url(std::string_view text);

// Resolves `ref` (possibly relative) against the absolute `base` and normalizes the result.
// nullopt when the result is not http/https (javascript:, mailto:, data:, ...) or unparsable.
std::optional<Url> resolve_url(const Url& base, std::string_view ref);

// Normalized string form, or empty when unparsable.
std::string normalize_url(std::string_view text);

// Origin of an absolute URL string, or empty when unparsable.
std::string origin_of(std::string_view url);

}  // namespace gapscan
