#include "scanner/base/text.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <ctime>

namespace gapscan {

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when invalid (RFC 3629: no
// overlongs, no surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    const unsigned char min = k == 1 ? lo : 0x80;
    const unsigned char max = k == 1 ? hi : 0xBF;
    if (b < min || b > max) return 0;
  }
  return len;
}
}  // namespace

int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s, bool plus_as_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_digit_value(s[i + 1]) >= 0 &&
        hex_digit_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit_value(s[i + 1]) * 16 + hex_digit_value(s[i + 2]));
      i += 2;
    } else if (plus_as_space && s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string base64_encode(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');  // EVP_EncodeBlock adds a NUL
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(data.data()),
                                static_cast<int>(data.size()));
  out.resize(static_cast<std::size_t>(std::max(n, 0)));
  return out;
}

std::string base64url_encode(std::string_view data) {
  std::string out = base64_encode(data);
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  std::string std_alphabet;
  std_alphabet.reserve(text.size() + 3);
  for (char c : text) {
    if (c == '=') break;
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (plain || c == '+' || c == '/') {
      std_alphabet += c;
    } else if (c == '-') {
      std_alphabet += '+';
    } else if (c == '_') {
      std_alphabet += '/';
    } else {
      return std::nullopt;
    }
  }
  // A last lone character carries fewer than 8 bits: no byte, as in a bit-by-bit decoder.
  if (std_alphabet.size() % 4 == 1) std_alphabet.pop_back();
  const std::size_t padding = (4 - std_alphabet.size() % 4) % 4;
  std_alphabet.append(padding, '=');
  std::string out(std_alphabet.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(std_alphabet.data()),
                                static_cast<int>(std_alphabet.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the bytes the padding stands for.
  out.resize(static_cast<std::size_t>(n) - padding);
  return out;
}

std::string escape_markup(std::string_view text, std::string_view apostrophe, MarkupClean clean) {
  const std::string valid = clean == MarkupClean::none ? std::string(text) : to_valid_utf8(text);
  std::string out;
  out.reserve(valid.size());
  for (char c : valid) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += apostrophe;
        break;
      default:
        if (clean != MarkupClean::none) {
          // XML 1.0 allows only tab, newline and carriage return below 0x20.
          if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
          if (clean == MarkupClean::html && u == 0x7F) continue;
        }
        out += c;
    }
  }
  return out;
}

// Iterative matcher with single-star backtracking: linear in practice, no recursion.
// Case-insensitive because ids are lower-case and users type either.
bool glob_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0;
  std::size_t star = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() &&
        (pattern[p] == '?' || ascii_lower(pattern[p]) == ascii_lower(text[t]))) {
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

std::string format_utc_now(const char* format) {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  const std::size_t n = std::strftime(buf, sizeof buf, format, &tm);
  return std::string(buf, n);
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool icontains(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return ascii_lower(a) == ascii_lower(b); });
  return it != haystack.end();
}

std::string_view trim(std::string_view s) {
  const char* ws = " \t\r\n\f\v";
  const auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      parts.push_back(s.substr(start));
      return parts;
    }
    parts.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

std::string to_valid_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  std::size_t i = 0;
  while (i < bytes.size()) {
    const std::size_t len = utf8_sequence_length(bytes, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
    } else {
      out.append(bytes.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::string printable_snippet(std::string_view bytes, std::size_t max_bytes) {
  std::string out;
  std::size_t i = 0;
  bool cut = false;
  while (i < bytes.size()) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    std::string piece;
    std::size_t consumed = 1;
    if (c < 0x20 || c == 0x7F) {
      if (c == '\t' || c == '\n' || c == '\r') {
        piece = static_cast<char>(c);
      } else {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02X", c);
        piece = buf;
      }
    } else {
      const std::size_t len = utf8_sequence_length(bytes, i);
      if (len == 0) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02X", c);
        piece = buf;
      } else {
        piece = std::string(bytes.substr(i, len));
        consumed = len;
      }
    }
    if (out.size() + piece.size() > max_bytes) {
      cut = true;
      break;
    }
    out += piece;
    i += consumed;
  }
  if (cut) out += "\xE2\x80\xA6";  // …
  return out;
}

int line_number_at(std::string_view text, std::size_t pos) {
  pos = std::min(pos, text.size());
  return 1 +
         static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n'));
}

std::string_view line_at(std::string_view text, std::size_t pos) {
  if (pos > text.size()) return {};
  const auto before = text.rfind('\n', pos == 0 ? 0 : pos - 1);
  const std::size_t start = (before == std::string_view::npos || (pos == 0)) ? 0 : before + 1;
  auto end = text.find('\n', pos);
  if (end == std::string_view::npos) end = text.size();
  auto line = text.substr(start, end - start);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::string strip_tags(std::string_view html) {
  static constexpr std::pair<std::string_view, std::string_view> kEntities[] = {
      {"&nbsp;", " "},  {"&lt;", "<"},  {"&gt;", ">"},
      {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
  std::string out;
  auto put = [&out](std::string_view piece) {
    for (char c : piece) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        if (!out.empty() && out.back() != ' ') out += ' ';
      } else {
        out += c;
      }
    }
  };
  std::size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '<') {
      // <script> and <style> hold code, not text: skip to their end tag.
      const std::string_view rest = html.substr(i + 1);
      std::string_view skip_to;
      if (istarts_with(rest, "script")) skip_to = "/script";
      if (istarts_with(rest, "style")) skip_to = "/style";
      std::size_t end = html.find('>', i);
      if (!skip_to.empty() && end != std::string_view::npos) {
        std::size_t close = html.find('<', end);
        while (close != std::string_view::npos && !istarts_with(html.substr(close + 1), skip_to)) {
          close = html.find('<', close + 1);
        }
        end = close == std::string_view::npos ? close : html.find('>', close);
      }
      put(" ");
      if (end == std::string_view::npos) break;
      i = end + 1;
    } else if (c == '&') {
      bool decoded = false;
      for (const auto& [from, to] : kEntities) {
        if (html.substr(i, from.size()) == from) {
          put(to);
          i += from.size();
          decoded = true;
          break;
        }
      }
      if (!decoded) put(html.substr(i++, 1));
    } else {
      put(html.substr(i++, 1));
    }
  }
  return std::string(trim(out));
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xF];
  }
  return out;
}

namespace {
// Splits "10m" into 10 and "m"; returns false when the number part is missing or invalid.
bool split_number_unit(std::string_view text, double* number, std::string* unit) {
  text = trim(text);
  std::size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
    ++i;
  if (i == 0) return false;
  const std::string num(text.substr(0, i));
  char* end = nullptr;
  *number = std::strtod(num.c_str(), &end);
  if (end == nullptr || *end != '\0' || *number < 0) return false;
  *unit = to_lower(trim(text.substr(i)));
  return true;
}
}  // namespace

std::int64_t parse_duration_ms(std::string_view text) {
  double n = 0;
  std::string unit;
  if (!split_number_unit(text, &n, &unit)) return -1;
  double factor = 0;
  if (unit.empty() || unit == "s")
    factor = 1000;
  else if (unit == "ms")
    factor = 1;
  else if (unit == "m" || unit == "min")
    factor = 60'000;
  else if (unit == "h")
    factor = 3'600'000;
  else if (unit == "d")
    factor = 86'400'000;
  else
    return -1;
  return static_cast<std::int64_t>(n * factor);
}

std::int64_t parse_size_bytes(std::string_view text) {
  double n = 0;
  std::string unit;
  if (!split_number_unit(text, &n, &unit)) return -1;
  double factor = 0;
  if (unit.empty() || unit == "b")
    factor = 1;
  else if (unit == "k" || unit == "kb" || unit == "kib")
    factor = 1024;
  else if (unit == "m" || unit == "mb" || unit == "mib")
    factor = 1024.0 * 1024;
  else if (unit == "g" || unit == "gb" || unit == "gib")
    factor = 1024.0 * 1024 * 1024;
  else
    return -1;
  return static_cast<std::int64_t>(n * factor);
}

}  // namespace gapscan
