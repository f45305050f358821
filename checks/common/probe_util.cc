#include "checks/common/probe_util.h"

#include <algorithm>
#include <cctype>
#include <random>

#include "scanner/base/text.h"

namespace gapscan::probe {
namespace {

constexpr std::size_t kMaxBodyScan = 256 * 1024;

bool is_scheme_char(char c, bool first) {
  const auto u = static_cast<unsigned char>(c);
  if (std::isalpha(u)) return true;
  return !first && (std::isdigit(u) || c == '+' || c == '-' || c == '.');
}

// The host part of an authority ("user@Host:443" -> "host").
std::string host_of_authority(std::string_view authority) {
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  std::string_view host;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    host = close == std::string_view::npos ? authority.substr(1) : authority.substr(1, close - 1);
  } else {
    host = authority.substr(0, authority.find(':'));
  }
  std::string out = to_lower(host);
  while (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

std::string skip_slashes_to_host(std::string_view rest) {
  while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
  return host_of_authority(rest.substr(0, rest.find_first_of("/?#")));
}

bool is_static_asset(const CrawledPage& p) {
  const std::string& mt = p.media_type;
  if (mt.starts_with("image/") || mt.starts_with("font/") || mt.starts_with("audio/") ||
      mt.starts_with("video/") || mt == "text/css" || mt.find("javascript") != std::string::npos) {
    return true;
  }
  const std::string path = to_lower(p.url.substr(0, p.url.find_first_of("?#")));
  for (std::string_view ext : {".css", ".js", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".ico",
                               ".woff", ".woff2", ".ttf", ".pdf", ".zip", ".mp4"}) {
    if (path.ends_with(ext)) return true;
  }
  return false;
}

std::string unescape_js(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == '/' || s[i + 1] == '\\')) {
      out += s[i + 1];
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The string literal starting at body[pos] (a quote), or nullopt.
bool read_literal(std::string_view body, std::size_t pos, std::string& out, std::size_t& end) {
  if (pos >= body.size()) return false;
  const char quote = body[pos];
  if (quote != '"' && quote != '\'' && quote != '`') return false;
  std::size_t i = pos + 1;
  while (i < body.size() && body[i] != quote && body[i] != '\n') {
    if (body[i] == '\\') ++i;
    ++i;
  }
  if (i >= body.size() || body[i] != quote) return false;
  out = unescape_js(body.substr(pos + 1, i - pos - 1));
  end = i + 1;
  return true;
}

std::size_t skip_spaces(std::string_view s, std::size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  return i;
}

}  // namespace

std::string random_hex(std::size_t chars) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < chars; ++i) out += kHex[rng() % 16];
  return out;
}

std::string header_value(const HttpResponse& response, std::string_view name) {
  const std::string* v = find_header(response.headers, name);
  return v == nullptr ? std::string() : std::string(trim(*v));
}

bool is_redirect_status(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

std::string authority_of(const Url& url) {
  const std::string origin = url.origin();
  const auto sep = origin.find("://");
  return sep == std::string::npos ? origin : origin.substr(sep + 3);
}

std::string navigation_host(std::string_view target, std::string_view request_url) {
  std::string s;
  for (char c : trim(target)) {
    if (c == '\t' || c == '\n' || c == '\r') continue;
    s += c == '\\' ? '/' : c;
  }
  const auto base = parse_url(request_url);
  const std::string base_host = base ? base->host : std::string();
  // A scheme: letters up to a ':' that comes before any '/', '?' or '#'.
  std::size_t colon = std::string::npos;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ':') {
      colon = i;
      break;
    }
    if (!is_scheme_char(s[i], i == 0)) break;
  }
  if (colon != std::string::npos && colon > 0) {
    const std::string scheme = to_lower(std::string_view(s).substr(0, colon));
    if (scheme != "http" && scheme != "https") return "";
    const std::string_view rest = std::string_view(s).substr(colon + 1);
    // Same special scheme as the page: "https:x" and "https:/x" are relative references.
    if (base && base->scheme == scheme && !rest.starts_with("//")) return base_host;
    return skip_slashes_to_host(rest);
  }
  if (s.starts_with("//")) return skip_slashes_to_host(s);
  return base_host;
}

std::vector<BodyRedirect> body_redirects(std::string_view body) {
  std::vector<BodyRedirect> out;
  body = body.substr(0, std::min(body.size(), kMaxBodyScan));
  const std::string lower = to_lower(body);

  // Meta refresh.
  for (std::size_t pos = 0; (pos = lower.find("<meta", pos)) != std::string::npos; pos += 5) {
    const std::size_t end = lower.find('>', pos);
    if (end == std::string::npos) break;
    const std::string_view tag = std::string_view(lower).substr(pos, end - pos + 1);
    if (tag.find("http-equiv") == std::string_view::npos ||
        tag.find("refresh") == std::string_view::npos) {
      continue;
    }
    const auto content = tag.find("content");
    if (content == std::string_view::npos) continue;
    std::size_t v = skip_spaces(lower, pos + content + 7);
    if (v >= lower.size() || lower[v] != '=') continue;
    v = skip_spaces(lower, v + 1);
    char quote = 0;
    if (v < lower.size() && (lower[v] == '"' || lower[v] == '\'')) quote = lower[v++];
    std::size_t stop = v;
    while (stop < end &&
           (quote != 0 ? lower[stop] != quote : lower[stop] != ' ' && lower[stop] != '>')) {
      ++stop;
    }
    const std::string target = refresh_target(body.substr(v, stop - v));
    if (!target.empty()) {
      out.push_back({target, printable_snippet(body.substr(pos, end - pos + 1), 300)});
    }
  }

  // JavaScript navigations: ...location[.href] = "x", location.replace("x"), .assign("x").
  for (std::size_t pos = 0; (pos = lower.find("location", pos)) != std::string::npos; pos += 8) {
    if (pos > 0) {
      const auto prev = static_cast<unsigned char>(lower[pos - 1]);
      if (std::isalnum(prev) || prev == '_' || prev == '$') continue;  // "redirectLocation"
    }
    std::size_t i = pos + 8;
    std::string target;
    std::size_t end = 0;
    bool found = false;
    if (lower.compare(i, 5, ".href") == 0) i += 5;
    std::size_t j = skip_spaces(lower, i);
    if (j < lower.size() && lower[j] == '=' && (j + 1 >= lower.size() || lower[j + 1] != '=')) {
      found = read_literal(body, skip_spaces(lower, j + 1), target, end);
    } else if (lower.compare(i, 8, ".replace") == 0 || lower.compare(i, 7, ".assign") == 0) {
      j = skip_spaces(lower, i + (lower[i + 1] == 'r' ? 8 : 7));
      if (j < lower.size() && lower[j] == '(') {
        found = read_literal(body, skip_spaces(lower, j + 1), target, end);
      }
    }
    if (!found) continue;
    // The statement from the start of its line (or a few bytes before "location").
    std::size_t from = lower.rfind('\n', pos);
    from = from == std::string::npos ? 0 : from + 1;
    if (pos - from > 80) from = pos - 80;
    // ... to the end of the statement's line (a few bytes at most).
    std::size_t stop = lower.find('\n', end);
    stop = std::min(stop == std::string::npos ? lower.size() : stop, end + 40);
    out.push_back({target, printable_snippet(trim(body.substr(from, stop - from)), 300)});
  }
  return out;
}

std::string refresh_target(std::string_view value) {
  const std::string lower = to_lower(value);
  const auto url = lower.find("url");
  if (url == std::string::npos) return "";
  std::size_t i = skip_spaces(lower, url + 3);
  if (i >= lower.size() || lower[i] != '=') return "";
  std::string_view t = trim(value.substr(i + 1));
  if (!t.empty() && (t.front() == '"' || t.front() == '\'')) {
    const char q = t.front();
    t.remove_prefix(1);
    t = t.substr(0, t.find(q));
  }
  return std::string(trim(t));
}

std::vector<std::string> pages_for_header_probes(const ActiveContext& ctx, std::size_t max) {
  const auto origin = parse_url(ctx.origin);
  if (!origin || max == 0) return {};
  const std::string root = origin->origin() + "/";
  std::vector<std::pair<int, std::string>> ranked;  // (rank, url)
  auto rank_of = [&](const std::string& url, const std::string& media_type) {
    const auto u = parse_url(url);
    if (!u) return 3;
    if (media_type.find("json") != std::string::npos ||
        u->path.find("/api/") != std::string::npos || u->path.ends_with("/api")) {
      return 0;
    }
    if (u->path == "/" && u->query.empty()) return 1;
    return 2;
  };
  if (!ctx.pages.empty()) {
    for (const CrawledPage& p : ctx.pages) {
      if (p.status < 200 || p.status >= 300 || is_static_asset(p)) continue;
      ranked.emplace_back(rank_of(p.url, p.media_type), p.url);
    }
  } else {
    for (const std::string& url : ctx.crawled_urls) {
      CrawledPage p;
      p.url = url;
      if (is_static_asset(p)) continue;
      ranked.emplace_back(rank_of(url, ""), url);
    }
  }
  ranked.emplace_back(1, root);
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (const auto& [rank, url] : ranked) {
    if (origin_of(url) != origin->origin()) continue;
    if (std::find(out.begin(), out.end(), url) != out.end()) continue;
    out.push_back(url);
    if (out.size() >= max) break;
  }
  return out;
}

std::vector<QueryParam> split_query(std::string_view query) {
  std::vector<QueryParam> out;
  for (std::string_view part : split(query, '&')) {
    if (part.empty()) continue;
    const auto eq = part.find('=');
    QueryParam p;
    p.name = std::string(part.substr(0, eq));
    p.has_equals = eq != std::string_view::npos;
    if (p.has_equals) p.value = std::string(part.substr(eq + 1));
    out.push_back(std::move(p));
  }
  return out;
}

std::string join_query(const std::vector<QueryParam>& params) {
  std::string out;
  for (const QueryParam& p : params) {
    if (!out.empty()) out += '&';
    out += p.name;
    if (p.has_equals) out += '=' + p.value;
  }
  return out;
}

std::string encode_component(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string short_text(std::string_view s, std::size_t max) {
  return printable_snippet(trim(s), max);
}

}  // namespace gapscan::probe
