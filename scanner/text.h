// Small string helpers used across the code base.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gapscan {

std::string to_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);
bool icontains(std::string_view haystack, std::string_view needle);
std::string_view trim(std::string_view s);
std::vector<std::string_view> split(std::string_view s, char sep);

// Replaces every invalid UTF-8 sequence with U+FFFD so the result is always valid UTF-8.
std::string to_valid_utf8(std::string_view bytes);
// Valid UTF-8, control characters other than \t \n \r shown as \xNN, cut to max_bytes on a
// character boundary with "…" appended when cut. For evidence snippets in reports.
std::string printable_snippet(std::string_view bytes, std::size_t max_bytes);

// The 1-based line number of byte offset `pos` in `text`, and that line's content.
int line_number_at(std::string_view text, std::size_t pos);
std::string_view line_at(std::string_view text, std::size_t pos);

// SHA-256 of data, lower-case hex.
std::string sha256_hex(std::string_view data);

// Parses durations like "10s", "500ms", "10m", "1h", "30" (seconds). Returns -1 on error.
std::int64_t parse_duration_ms(std::string_view text);
// Parses sizes like "5MiB", "512k", "1048576". Returns -1 on error.
std::int64_t parse_size_bytes(std::string_view text);

}  // namespace gapscan
