// Small string helpers used across the code base: each job has exactly one helper here (ASCII
// case, percent-decoding, base64, markup escaping), so checks and reporters never write their own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gapscan {

// ASCII case only: HTTP names, schemes, hosts and tokens are ASCII, and locale-independent.
constexpr char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}
std::string to_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);
bool icontains(std::string_view haystack, std::string_view needle);
std::string_view trim(std::string_view s);
// Glob match, ASCII case-insensitive: '*' any run, '?' one character ("csp-*",
// "cookie-no-?ecure"), as --checks, --exclude-checks and policy rules use it.
bool glob_match(std::string_view pattern, std::string_view text);
std::vector<std::string_view> split(std::string_view s, char sep);

// The value of a hexadecimal digit, or -1.
int hex_digit_value(char c);
// Decodes %XX escapes (a malformed escape stays as it is); '+' becomes a space when
// `plus_as_space` (form and query encoding).
std::string percent_decode(std::string_view s, bool plus_as_space);

// Base64 (RFC 4648 section 4, padded), by OpenSSL.
std::string base64_encode(std::string_view data);
// Base64url (section 5) without padding, as JSON Web Tokens use it.
std::string base64url_encode(std::string_view data);
// Base64url with optional padding; the standard alphabet's '+' and '/' are accepted too
// (servers mix them up) and decoding stops at the first '='. nullopt on any other character.
std::optional<std::string> base64url_decode(std::string_view text);

// Escapes & < > " and ' (as `apostrophe`: "&#39;" for HTML, "&apos;" for XML) for markup text
// and attribute values.
enum class MarkupClean {
  none,  // other bytes kept as they are (to predict what a server's own escaping echoes)
  xml,   // valid UTF-8; the control characters XML 1.0 forbids are dropped
  html,  // as xml, and DEL dropped too
};
std::string escape_markup(std::string_view text, std::string_view apostrophe, MarkupClean clean);

// Replaces every invalid UTF-8 sequence with U+FFFD so the result is always valid UTF-8.
std::string to_valid_utf8(std::string_view bytes);
// Valid UTF-8, control characters other than \t \n \r shown as \xNN, cut to max_bytes on a
// character boundary with "…" appended when cut. For evidence snippets in reports.
std::string printable_snippet(std::string_view bytes, std::size_t max_bytes);

// The 1-based line number of byte offset `pos` in `text`, and that line's content.
int line_number_at(std::string_view text, std::size_t pos);
std::string_view line_at(std::string_view text, std::size_t pos);

// Text of an HTML fragment without tags, entities &amp; &lt; &gt; &quot; &#39; &nbsp; decoded
// and white space collapsed; what <script> and <style> hold is not text.
std::string strip_tags(std::string_view html);

// SHA-256 of data, lower-case hex.
std::string sha256_hex(std::string_view data);

// The current UTC time formatted with strftime's `format` (at most 63 characters of output).
std::string format_utc_now(const char* format);

// Parses durations like "10s", "500ms", "10m", "1h", "30" (seconds). Returns -1 on error.
std::int64_t parse_duration_ms(std::string_view text);
// Parses sizes like "5MiB", "512k", "1048576". Returns -1 on error.
std::int64_t parse_size_bytes(std::string_view text);

}  // namespace gapscan
