// URL parsing on libcurl's URL API, plus the normalization curl does not do itself (case of
// host, percent-encoding, default ports, browser-style cleanup of references).
#include "scanner/base/url.h"

#include <curl/curl.h>

#include <cstdlib>
#include <memory>

#include "scanner/base/text.h"

namespace gapscan {
namespace {

struct CurlUrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using CurlUrlPtr = std::unique_ptr<CURLU, CurlUrlDeleter>;

struct CurlStrDeleter {
  void operator()(char* s) const { curl_free(s); }
};
using CurlStr = std::unique_ptr<char, CurlStrDeleter>;

// Spaces are allowed so that sloppy hrefs ("a b.html") still resolve; we percent-encode them
// ourselves afterwards, identically for absolute and relative references.
constexpr unsigned kSetFlags = CURLU_ALLOW_SPACE;

bool get_part(CURLU* u, CURLUPart part, unsigned flags, std::string& out) {
  char* raw = nullptr;
  const CURLUcode rc = curl_url_get(u, part, &raw, flags);
  // Freed whatever the result: libcurl can report an error (a failed punycode conversion of a
  // non-ASCII host) and still leave the part allocated.
  CurlStr holder(raw);
  if (rc != CURLUE_OK || raw == nullptr) return false;
  out = raw;
  return true;
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_unreserved(unsigned char c) {
  return is_alpha(static_cast<char>(c)) || is_digit(static_cast<char>(c)) || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

// RFC 3986 gen-delims and sub-delims: meaningful in paths and queries, so never re-encoded
// nor decoded (decoding %2F or %26 would change what the server sees).
bool is_reserved(unsigned char c) {
  switch (c) {
    case ':':
    case '/':
    case '?':
    case '#':
    case '[':
    case ']':
    case '@':
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
      return true;
    default:
      return false;
  }
}

void append_pct(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '%';
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
}

// Canonical percent-encoding of a path or query: %XX of unreserved characters decoded, other
// %xx upper-cased, characters not allowed by RFC 3986 (space, controls, "<>\^`{|}, non-ASCII
// bytes) encoded. A stray "%" not followed by two hex digits is kept as is, like browsers do;
// an escape whose decoded hex digit would turn such a stray "%" into a new escape stays encoded
// ("%2%44" is not "%2D"), so that normalising twice changes nothing.
std::string normalize_encoding(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c == '%' && i + 2 < in.size() && hex_digit_value(in[i + 1]) >= 0 &&
        hex_digit_value(in[i + 2]) >= 0) {
      const auto v =
          static_cast<unsigned char>(hex_digit_value(in[i + 1]) * 16 + hex_digit_value(in[i + 2]));
      const bool after_stray =
          (!out.empty() && out.back() == '%') ||
          (out.size() >= 2 && out[out.size() - 2] == '%' && hex_digit_value(out.back()) >= 0);
      if (is_unreserved(v) && !(after_stray && hex_digit_value(static_cast<char>(v)) >= 0)) {
        out += static_cast<char>(v);
      } else {
        append_pct(out, v);
      }
      i += 2;
    } else if (c == '%' || is_unreserved(c) || is_reserved(c)) {
      out += static_cast<char>(c);
    } else {
      append_pct(out, c);
    }
  }
  return out;
}

// RFC 3986 section 5.2.4. curl already does this on set, but decoding %2E afterwards can
// reveal new dot segments ("/a/%2E%2E/b"), which browsers treat as "..", so run it again.
std::string remove_dot_segments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.remove_prefix(3);
    } else if (in.starts_with("./")) {
      in.remove_prefix(2);
    } else if (in.starts_with("/./")) {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../") || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      const auto slash = out.rfind('/');
      out.erase(slash == std::string::npos ? 0 : slash);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      const auto next = in.find('/', 1);
      const auto seg = in.substr(0, next);
      out += seg;
      in.remove_prefix(seg.size());
    }
  }
  return out;
}

// Browser-style cleanup of an href: surrounding whitespace and controls stripped, tabs and
// newlines inside removed (so "java\nscript:" is still recognised as javascript:), the fragment
// dropped, backslashes before the query treated as slashes, remaining controls encoded.
std::string clean_reference(std::string_view ref) {
  while (!ref.empty() && static_cast<unsigned char>(ref.front()) <= 0x20) ref.remove_prefix(1);
  while (!ref.empty() && static_cast<unsigned char>(ref.back()) <= 0x20) ref.remove_suffix(1);
  std::string out;
  out.reserve(ref.size());
  bool in_query = false;
  for (const char ch : ref) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\t' || c == '\n' || c == '\r') continue;
    if (c == '#') break;
    if (c == '?') in_query = true;
    if (c == '\\' && !in_query) {
      out += '/';
    } else if (c < 0x20 || c == 0x7F) {
      append_pct(out, c);
    } else {
      out += ch;
    }
  }
  return out;
}

// Length of a leading "scheme:" (without the colon), or 0 when the reference has none.
std::size_t scheme_length(std::string_view ref) {
  if (ref.empty() || !is_alpha(ref[0])) return 0;
  for (std::size_t i = 1; i < ref.size(); ++i) {
    const char c = ref[i];
    if (c == ':') return i;
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return 0;
  }
  return 0;
}

bool is_http_scheme(std::string_view s) { return s == "http" || s == "https"; }

std::string_view strip_leading_slashes(std::string_view s) {
  while (!s.empty() && s.front() == '/') s.remove_prefix(1);
  return s;
}

int default_port(std::string_view scheme) { return scheme == "https" ? 443 : 80; }

bool is_ascii(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Reads the parts we keep out of a parsed handle. Userinfo, fragment and IPv6 zone id are
// deliberately dropped: we never want credentials in URLs we crawl or report.
std::optional<Url> extract(CURLU* u) {
  Url url;
  std::string scheme, host, port, path, query;
  if (!get_part(u, CURLUPART_SCHEME, 0, scheme)) return std::nullopt;
  url.scheme = to_lower(scheme);
  if (!is_http_scheme(url.scheme)) return std::nullopt;

  if (!get_part(u, CURLUPART_HOST, 0, host) || host.empty()) return std::nullopt;
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return std::nullopt;
    host = host.substr(1, host.size() - 2);
  } else if (!is_ascii(host)) {
#ifdef CURLU_PUNYCODE
    // IDN hosts become punycode when curl can convert them; otherwise the UTF-8 form is kept
    // and curl converts it when connecting.
    std::string puny;
    if (get_part(u, CURLUPART_HOST, CURLU_PUNYCODE, puny) && !puny.empty()) host = puny;
#endif
  }
  url.host = to_lower(host);

  if (!get_part(u, CURLUPART_PORT, CURLU_DEFAULT_PORT, port)) return std::nullopt;
  char* end = nullptr;
  const long p = std::strtol(port.c_str(), &end, 10);
  if (end == port.c_str() || *end != '\0' || p <= 0 || p > 65535) return std::nullopt;
  url.port = static_cast<int>(p);

  if (!get_part(u, CURLUPART_PATH, 0, path)) path.assign(1, '/');
  url.path = remove_dot_segments(normalize_encoding(path));
  if (url.path.empty() || url.path.front() != '/') url.path.insert(url.path.begin(), '/');

  if (get_part(u, CURLUPART_QUERY, 0, query)) url.query = normalize_encoding(query);
  return url;
}

std::optional<Url> parse_absolute(const std::string& absolute) {
  CurlUrlPtr u(curl_url());
  if (!u) return std::nullopt;
  if (curl_url_set(u.get(), CURLUPART_URL, absolute.c_str(), kSetFlags) != CURLUE_OK) {
    return std::nullopt;
  }
  return extract(u.get());
}

// "http:" followed by anything: browsers ignore any number of slashes after a special scheme.
std::optional<Url> parse_with_scheme(std::string_view scheme, std::string_view rest) {
  rest = strip_leading_slashes(rest);
  if (rest.empty()) return std::nullopt;
  std::string absolute(scheme);
  absolute += "://";
  absolute += rest;
  return parse_absolute(absolute);
}

// Strings are built with += throughout: GCC 12 at -O3 reports false -Wrestrict errors for
// `"literal" + std::string` (GCC bug 105329).
void append_host(std::string& out, const std::string& host) {
  const bool ipv6 = host.find(':') != std::string::npos;
  if (ipv6) out += '[';
  out += host;
  if (ipv6) out += ']';
}

}  // namespace

std::string Url::origin() const {
  std::string out = scheme;
  out += "://";
  append_host(out, host);
  if (port != 0 && port != default_port(scheme)) {
    out += ':';
    out += std::to_string(port);
  }
  return out;
}

std::string Url::to_string() const {
  std::string out = origin();
  out += path.empty() ? "/" : path;
  if (!query.empty()) {
    out += '?';
    out += query;
  }
  return out;
}

std::string Url::directory() const {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return "/";
  return path.substr(0, slash + 1);
}

std::optional<Url> parse_url(std::string_view text) {
  const std::string ref = clean_reference(text);
  const std::size_t n = scheme_length(ref);
  if (n == 0) return std::nullopt;
  const std::string scheme = to_lower(std::string_view(ref).substr(0, n));
  if (!is_http_scheme(scheme)) return std::nullopt;
  return parse_with_scheme(scheme, std::string_view(ref).substr(n + 1));
}

std::optional<Url> resolve_url(const Url& base, std::string_view ref_text) {
  std::string ref = clean_reference(ref_text);
  if (ref.empty()) return base;  // "" and "#frag" refer to the document itself

  if (const std::size_t n = scheme_length(ref); n > 0) {
    const std::string scheme = to_lower(std::string_view(ref).substr(0, n));
    if (!is_http_scheme(scheme)) return std::nullopt;  // javascript:, mailto:, data:, ...
    std::string_view rest = std::string_view(ref).substr(n + 1);
    // Per the URL standard, "http:foo" against an http base is relative, while against an
    // https base (or with "//") it is absolute.
    if (scheme != base.scheme || rest.starts_with("//")) return parse_with_scheme(scheme, rest);
    ref = std::string(rest);
    if (ref.empty()) return base;
  }
  if (ref.starts_with("//")) return parse_with_scheme(base.scheme, ref);

  CurlUrlPtr u(curl_url());
  if (!u) return std::nullopt;
  if (curl_url_set(u.get(), CURLUPART_URL, base.to_string().c_str(), kSetFlags) != CURLUE_OK ||
      curl_url_set(u.get(), CURLUPART_URL, ref.c_str(), kSetFlags) != CURLUE_OK) {
    return std::nullopt;
  }
  return extract(u.get());
}

std::string normalize_url(std::string_view text) {
  const auto url = parse_url(text);
  return url ? url->to_string() : std::string();
}

std::string origin_of(std::string_view url) {
  const auto parsed = parse_url(url);
  return parsed ? parsed->origin() : std::string();
}

}  // namespace gapscan
