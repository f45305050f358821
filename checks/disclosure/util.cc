#include "checks/disclosure/util.h"

#include <arpa/inet.h>

#include <cstring>

#include "scanner/base/text.h"
#include "scanner/base/url.h"

namespace gapscan::disclosure {

std::string_view scan_body(const HttpResponse& response) {
  std::string_view body = response.body;
  return body.substr(0, std::min(body.size(), kMaxScanBytes));
}

BodyKind body_kind(const HttpResponse& response) {
  const std::string type = media_type(response);
  if (type.empty()) return BodyKind::unknown;
  if (type == "text/html" || type == "application/xhtml+xml") return BodyKind::html;
  if (type.find("javascript") != npos || type.find("ecmascript") != npos) {
    return BodyKind::javascript;
  }
  if (type == "application/json" || type.ends_with("+json") || type == "text/json" ||
      type == "application/x-ndjson") {
    return BodyKind::json;
  }
  if (type == "text/css") return BodyKind::css;
  if (type.ends_with("/xml") || type.ends_with("+xml")) return BodyKind::xml;
  if (type.starts_with("text/")) return BodyKind::text;
  if (type.starts_with("image/") || type.starts_with("audio/") || type.starts_with("video/") ||
      type.starts_with("font/") || type == "application/pdf" || type == "application/zip" ||
      type == "application/gzip" || type == "application/x-gzip" || type == "application/wasm" ||
      type == "application/x-font-woff" || type == "application/vnd.ms-fontobject" ||
      type == "application/x-7z-compressed" || type == "application/x-tar" ||
      type == "application/x-bzip2") {
    return BodyKind::binary;
  }
  return BodyKind::unknown;
}

std::size_t find_lit(std::string_view hay, std::string_view needle, std::size_t from) {
  if (from > hay.size()) return npos;
  if (needle.empty()) return from;
  const void* p = ::memmem(hay.data() + from, hay.size() - from, needle.data(), needle.size());
  return p == nullptr ? npos : static_cast<std::size_t>(static_cast<const char*>(p) - hay.data());
}

std::size_t digits_at(std::string_view s, std::size_t pos) {
  std::size_t i = pos;
  while (i < s.size() && is_digit(s[i])) ++i;
  return i - pos;
}

NeedleSet::NeedleSet(std::initializer_list<Needle> needles) : needles_(needles) {
  for (std::size_t n = 0; n < needles_.size(); ++n) {
    const Needle& nd = needles_[n];
    if (nd.text.size() < 2) continue;
    const auto a = static_cast<unsigned char>(nd.text[0]);
    const auto b = static_cast<unsigned char>(nd.text[1]);
    auto variants = [&](unsigned char c) {
      std::vector<unsigned char> v{c};
      if (nd.icase && is_alpha(static_cast<char>(c)))
        v.push_back(static_cast<unsigned char>(c ^ 0x20));
      return v;
    };
    for (unsigned char x : variants(a)) {
      for (unsigned char y : variants(b)) {
        const unsigned key = (static_cast<unsigned>(x) << 8) | y;
        bits_[key >> 6] |= std::uint64_t{1} << (key & 63);
        index_.emplace_back(key, n);
      }
    }
  }
  std::stable_sort(index_.begin(), index_.end(), KeyLess{});
}

bool NeedleSet::matches_at(std::string_view text, std::size_t pos, const Needle& nd) {
  if (pos + nd.text.size() > text.size()) return false;
  if (!nd.icase) return std::memcmp(text.data() + pos, nd.text.data(), nd.text.size()) == 0;
  for (std::size_t k = 0; k < nd.text.size(); ++k) {
    if (ascii_lower(text[pos + k]) != ascii_lower(nd.text[k])) return false;
  }
  return true;
}

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::string line_snippet(std::string_view body, std::size_t begin, std::size_t end,
                         std::size_t max_bytes) {
  begin = std::min(begin, body.size());
  end = std::clamp(end, begin, body.size());
  std::size_t ls = begin == 0 ? npos : body.rfind('\n', begin - 1);
  ls = ls == npos ? 0 : ls + 1;
  std::size_t le = body.find('\n', end);
  if (le == npos) le = body.size();
  while (ls < begin && is_space(body[ls])) ++ls;
  while (le > end && is_space(body[le - 1])) --le;
  if (le - ls <= max_bytes) return printable_snippet(body.substr(ls, le - ls), max_bytes + 8);
  // Long line: a window that starts a little before the match.
  std::size_t ws = begin > ls + 60 ? begin - 60 : ls;
  if (end > ws + max_bytes) ws = begin;
  std::size_t we = std::min(le, ws + max_bytes);
  while (ws > ls && ws < body.size() && is_continuation(body[ws])) --ws;
  while (we < le && is_continuation(body[we])) --we;
  std::string out;
  if (ws > ls) out += "\xE2\x80\xA6";
  out += printable_snippet(body.substr(ws, we - ws), max_bytes + 8);
  if (we < le) out += "\xE2\x80\xA6";
  return out;
}

std::string redact_value(std::string_view secret) {
  const std::string ellipsis = "\xE2\x80\xA6";
  if (secret.size() >= 12) {
    return std::string(secret.substr(0, 4)) + ellipsis +
           std::string(secret.substr(secret.size() - 2));
  }
  if (secret.size() >= 6) return std::string(1, secret.front()) + ellipsis + secret.back();
  return ellipsis;
}

namespace {}  // namespace

RequestEcho::RequestEcho(std::string_view request_url) {
  std::string_view target = request_url;
  if (const std::size_t scheme = target.find("://"); scheme != npos) {
    const std::size_t slash = target.find_first_of("/?", scheme + 3);
    target = slash == npos ? std::string_view() : target.substr(slash);
  }
  target = target.substr(0, target.find('#'));
  const std::size_t qm = target.find('?');
  const std::string_view path = target.substr(0, qm);
  const std::string_view query = qm == npos ? std::string_view() : target.substr(qm + 1);
  std::vector<std::string> v;
  v.emplace_back(target);
  const std::string decoded_path = percent_decode(path, false);
  const std::string decoded_query = percent_decode(query, true);
  v.push_back(decoded_path + (qm == npos ? "" : "?" + decoded_query));
  v.push_back(percent_decode(target, false));
  v.push_back(decoded_path);
  v.push_back(decoded_path.starts_with("/") ? decoded_path.substr(1) : decoded_path);
  v.push_back(decoded_query);
  // Search pages echo single query values ("No results for ...").
  for (std::string_view pair : split(query, '&')) {
    const std::size_t eq = pair.find('=');
    if (eq != npos) v.push_back(percent_decode(pair.substr(eq + 1), true));
  }
  // Twice-encoded paths are decoded by some frameworks before they echo them.
  v.push_back(percent_decode(decoded_path, false));
  for (const char* apos : {"&#39;", "&#x27;", "'"}) {
    v.push_back(escape_markup(v[1], apos, MarkupClean::none));
    v.push_back(escape_markup(decoded_path, apos, MarkupClean::none));
    v.push_back(escape_markup(decoded_query, apos, MarkupClean::none));
  }
  for (std::string& s : v) {
    if (s.size() < 4) continue;
    if (std::find(variants_.begin(), variants_.end(), s) == variants_.end()) {
      variants_.push_back(std::move(s));
    }
  }
}

bool RequestEcho::covers(std::string_view body, std::size_t begin, std::size_t end) const {
  if (end <= begin || end > body.size()) return false;
  const std::size_t len = end - begin;
  for (const std::string& v : variants_) {
    if (v.size() < len) continue;
    // An occurrence of v starting in [end - |v|, begin] contains [begin, end).
    const std::size_t from = end > v.size() ? end - v.size() : 0;
    const std::size_t to = std::min(body.size(), begin + v.size());
    if (find_lit(body.substr(0, to), v, from) != npos) return true;
  }
  return false;
}

std::size_t ipv4_at(std::string_view s, std::size_t pos, std::array<int, 4>* octets) {
  std::size_t i = pos;
  for (int k = 0; k < 4; ++k) {
    if (k > 0) {
      if (i >= s.size() || s[i] != '.') return 0;
      ++i;
    }
    const std::size_t n = digits_at(s, i);
    if (n == 0 || n > 3) return 0;
    if (n > 1 && s[i] == '0') return 0;
    int value = 0;
    for (std::size_t d = 0; d < n; ++d) value = value * 10 + (s[i + d] - '0');
    if (value > 255) return 0;
    if (octets != nullptr) (*octets)[static_cast<std::size_t>(k)] = value;
    i += n;
  }
  return i - pos;
}

bool is_private_ipv4(const std::array<int, 4>& o) {
  return o[0] == 10 || (o[0] == 172 && o[1] >= 16 && o[1] <= 31) || (o[0] == 192 && o[1] == 168) ||
         (o[0] == 169 && o[1] == 254);
}

bool parse_ipv4(std::string_view s, std::array<int, 4>* octets) {
  return !s.empty() && ipv4_at(s, 0, octets) == s.size();
}

bool is_ula_ipv6(std::string_view s) {
  if (s.size() < 3 || s.size() > 45) return false;
  const std::string text(s);
  unsigned char buf[16];
  if (inet_pton(AF_INET6, text.c_str(), buf) != 1) return false;
  return buf[0] == 0xfd;
}

std::string url_host(std::string_view url) {
  const auto u = parse_url(url);
  return u ? u->host : std::string();
}

}  // namespace gapscan::disclosure
