#include "checks/exposure/exposure_signatures.h"

#include <algorithm>
#include <cctype>

#include "scanner/base/text.h"

namespace gapscan::exposure {
namespace {

constexpr std::size_t npos = std::string_view::npos;
constexpr std::size_t kMaxLine = 4096;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
}

// Name tokens: camelCase split, lower-cased, any non-alphanumeric character a separator.
std::vector<std::string> name_tokens(std::string_view name) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    const bool upper = std::isupper(static_cast<unsigned char>(c)) != 0;
    if (upper && i > 0 && std::islower(static_cast<unsigned char>(name[i - 1])) && !cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
    cur += ascii_lower(c);
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

bool contains(std::string_view s, std::string_view needle) { return s.find(needle) != npos; }

// The last run of name characters in a key region ("$db['default']['password']" ->
// "password", "export DB_PASSWORD" -> "DB_PASSWORD").
std::string last_name(std::string_view key) {
  std::size_t end = key.size();
  while (end > 0 && !is_name_char(key[end - 1])) --end;
  std::size_t begin = end;
  while (begin > 0 && (is_name_char(key[begin - 1]) || key[begin - 1] == '/' ||
                       key[begin - 1] == ':' || key[begin - 1] == '@')) {
    --begin;
  }
  // Keep only the part after a "/" or ":" ("//registry.npmjs.org/:_authToken" -> "_authToken").
  std::string_view name = key.substr(begin, end - begin);
  if (auto cut = name.find_last_of("/:@"); cut != npos) name.remove_prefix(cut + 1);
  return std::string(name);
}

// Replaces s[begin, end) by its masked form when it is a value worth hiding.
bool mask_range(std::string& s, std::size_t begin, std::size_t end, const std::string& name,
                MaskedLine& out) {
  if (begin >= end || end > s.size()) return false;
  const std::string value = s.substr(begin, end - begin);
  // Masked already, or no secret at all (shown as is: "${DB_PASSWORD}" tells the reader
  // where the real value lives).
  if (contains(value, "****") || is_placeholder(value)) return false;
  out.secret = true;
  if (out.name.empty()) out.name = name;
  s.replace(begin, end - begin, mask_value(value));
  return true;
}

// End of the quoted string opening at s[pos] (the closing quote), or npos.
std::size_t closing_quote(std::string_view s, std::size_t pos) {
  const char q = s[pos];
  for (std::size_t i = pos + 1; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
      continue;
    }
    if (s[i] == q) return i;
  }
  return npos;
}

std::size_t skip_space(std::string_view s, std::size_t i) {
  while (i < s.size() && is_space(s[i])) ++i;
  return i;
}

// define('NAME', 'value') (PHP).
bool mask_define(std::string& s, MaskedLine& out) {
  const std::string lower = to_lower(s);
  const std::size_t d = lower.find("define(");
  if (d == npos) return false;
  std::size_t i = skip_space(s, d + 7);
  if (i >= s.size() || (s[i] != '\'' && s[i] != '"')) return false;
  const std::size_t name_end = closing_quote(s, i);
  if (name_end == npos) return false;
  const std::string name = s.substr(i + 1, name_end - i - 1);
  i = skip_space(s, name_end + 1);
  if (i >= s.size() || s[i] != ',') return true;
  i = skip_space(s, i + 1);
  if (i >= s.size() || (s[i] != '\'' && s[i] != '"')) return true;
  const std::size_t value_end = closing_quote(s, i);
  if (value_end == npos) return true;
  if (is_secret_name(name)) mask_range(s, i + 1, value_end, name, out);
  return true;
}

// Every "key": "value" pair of a JSON text (pretty or minified).
bool mask_json_pairs(std::string& s, MaskedLine& out) {
  bool any = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '"') continue;
    const std::size_t key_end = closing_quote(s, i);
    if (key_end == npos) break;
    std::size_t j = skip_space(s, key_end + 1);
    if (j >= s.size() || s[j] != ':') {
      i = key_end;
      continue;
    }
    any = true;
    const std::string key = s.substr(i + 1, key_end - i - 1);
    j = skip_space(s, j + 1);
    if (j < s.size() && s[j] == '"') {
      const std::size_t value_end = closing_quote(s, j);
      if (value_end == npos) break;
      if (is_secret_name(key)) {
        const std::size_t before = s.size();
        mask_range(s, j + 1, value_end, key, out);
        i = value_end - (before - s.size());
        continue;
      }
      i = value_end;
      continue;
    }
    i = key_end;
  }
  return any;
}

// Attributes of an XML element line: password="x"; <add key="DbPassword" value="x" />.
bool mask_xml(std::string& s, MaskedLine& out) {
  const std::string_view t = trim(s);
  if (!t.starts_with('<')) return false;
  struct Attr {
    std::string name;
    std::size_t begin, end;  // value range in s
  };
  std::vector<Attr> attrs;
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] != '=' || (s[i + 1] != '"' && s[i + 1] != '\'')) continue;
    std::size_t b = i;
    while (b > 0 && is_name_char(s[b - 1])) --b;
    const std::size_t close = closing_quote(s, i + 1);
    if (close == npos) break;
    attrs.push_back({s.substr(b, i - b), i + 2, close});
    i = close;
  }
  std::string context;  // the secret name a key="..." or name="..." attribute gives
  for (const Attr& a : attrs) {
    const std::string n = to_lower(a.name);
    if ((n == "key" || n == "name") && is_secret_name(s.substr(a.begin, a.end - a.begin))) {
      context = s.substr(a.begin, a.end - a.begin);
    }
  }
  // Right to left so that earlier ranges stay valid.
  for (auto it = attrs.rbegin(); it != attrs.rend(); ++it) {
    const std::string n = to_lower(it->name);
    if (n == "key" || n == "name") continue;
    if (is_secret_name(it->name)) {
      mask_range(s, it->begin, it->end, it->name, out);
    } else if (n == "value" && !context.empty()) {
      mask_range(s, it->begin, it->end, context, out);
    }
  }
  // <password>x</password>
  const std::size_t lt = s.find('<');
  const std::size_t gt = s.find('>', lt);
  if (gt != npos && gt > lt + 1 && s[lt + 1] != '/' && s[gt - 1] != '/') {
    const std::string tag = s.substr(lt + 1, gt - lt - 1);
    const std::size_t close = s.find("</" + tag + ">", gt);
    if (close != npos && tag.find(' ') == npos && is_secret_name(tag)) {
      mask_range(s, gt + 1, close, tag, out);
    }
  }
  return true;
}

// KEY=value, key: value, $x = 'value';, key => 'value'.
void mask_assignment(std::string& s, MaskedLine& out) {
  char quote = 0;
  std::size_t sep = npos, value_start = npos;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quote != 0) {
      if (c == '\\') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
      continue;
    }
    if (c == '=') {
      if (i + 1 < s.size() && s[i + 1] == '=') return;  // a comparison, not an assignment
      sep = i;
      value_start = i + 1 < s.size() && s[i + 1] == '>' ? i + 2 : i + 1;
      break;
    }
    if (c == ':' && (i + 1 == s.size() || is_space(s[i + 1]) ||
                     (i > 0 && (s[i - 1] == '"' || s[i - 1] == '\'')))) {
      sep = i;
      value_start = i + 1;
      break;
    }
  }
  if (sep == npos) return;
  const std::string name = last_name(std::string_view(s).substr(0, sep));
  if (!is_secret_name(name)) return;
  std::size_t b = skip_space(s, value_start);
  if (b >= s.size()) return;
  if (s[b] == '"' || s[b] == '\'') {
    const std::size_t close = closing_quote(s, b);
    if (close != npos) mask_range(s, b + 1, close, name, out);
    return;
  }
  std::size_t e = s.size();
  while (e > b && (is_space(s[e - 1]) || s[e - 1] == ';' || s[e - 1] == ',')) --e;
  // An inline comment is no part of the value.
  if (const std::size_t hash = s.find(" #", b); hash != npos && hash < e) e = hash;
  mask_range(s, b, e, name, out);
}

bool segment_boundary(char c) {
  return c == ';' || c == ' ' || c == '"' || c == '\'' || c == '?' || c == '&' || c == '\t' ||
         c == '{' || c == ',';
}

// Server=db;Password=x;  ?password=x&  and  scheme://user:x@host.
void mask_embedded(std::string& s, MaskedLine& out) {
  for (std::string_view field : {"password=", "pwd=", "passwd=", "pass="}) {
    std::size_t from = 0;
    while (true) {
      const std::string lower = to_lower(s);
      const std::size_t p = lower.find(field, from);
      if (p == npos) break;
      from = p + field.size();
      if (p > 0 && !segment_boundary(s[p - 1])) continue;
      std::size_t e = from;
      while (e < s.size() && s[e] != ';' && s[e] != '&' && s[e] != '"' && s[e] != '\'' &&
             !is_space(s[e])) {
        ++e;
      }
      mask_range(s, from, e, std::string(s.substr(p, field.size() - 1)), out);
    }
  }
  std::size_t from = 0;
  while (true) {
    const std::size_t p = s.find("://", from);
    if (p == npos) break;
    from = p + 3;
    std::size_t end = from;
    while (end < s.size() && s[end] != '/' && s[end] != '"' && s[end] != '\'' &&
           !is_space(s[end])) {
      ++end;
    }
    const std::size_t at = s.rfind('@', end == 0 ? 0 : end - 1);
    if (at == npos || at < from) continue;
    const std::size_t colon = s.find(':', from);
    if (colon == npos || colon > at) continue;
    mask_range(s, colon + 1, at, "URL password", out);
  }
}

}  // namespace

std::vector<std::string_view> text_lines(std::string_view body, std::size_t max_lines) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < body.size() && out.size() < max_lines) {
    std::size_t nl = body.find('\n', pos);
    if (nl == npos) nl = body.size();
    std::string_view line = body.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line.substr(0, kMaxLine));
    pos = nl + 1;
  }
  return out;
}

std::string_view lead_trimmed(std::string_view body) {
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  std::size_t i = 0;
  while (i < body.size() && is_space(body[i])) ++i;
  return body.substr(i);
}

bool html_document(std::string_view body) {
  const std::string head = to_lower(lead_trimmed(body).substr(0, 2048));
  for (std::string_view start : {"<!doctype html", "<html", "<head", "<body"}) {
    if (head.starts_with(start)) return true;
  }
  return contains(head, "<html") || contains(head, "<body");
}

bool is_secret_name(std::string_view name) {
  const std::vector<std::string> tokens = name_tokens(name);
  if (tokens.empty()) return false;
  static constexpr std::string_view kNotSecretLast[] = {
      "url",      "uri",      "ttl",      "timeout",   "expiry",  "expires", "expire",
      "lifetime", "length",   "min",      "max",       "enabled", "enable",  "file",
      "path",     "type",     "id",       "host",      "port",    "user",    "username",
      "method",   "mode",     "endpoint", "algorithm", "driver",  "header",  "field",
      "provider", "store",    "dir",      "name",      "policy",  "reset",   "confirmation",
      "hint",     "strength", "rounds",   "cost",      "prefix",  "format",  "version"};
  for (std::string_view n : kNotSecretLast) {
    if (tokens.back() == n) return false;
  }
  for (const std::string& t : tokens) {
    if (t == "public") return false;
  }
  for (const std::string& t : tokens) {
    if (contains(t, "password") || contains(t, "passwd") || contains(t, "secret") ||
        contains(t, "token") || t.ends_with("salt") || t == "pwd" || t == "pass" ||
        t == "passphrase" || t == "auth" || t == "credential" || t == "credentials" ||
        t == "apikey" || t == "privatekey" || t == "accesskey") {
      return true;
    }
  }
  return tokens.size() >= 2 && tokens.back() == "key";
}

bool is_placeholder(std::string_view value) {
  std::string v = to_lower(trim(value));
  while (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
    v = v.substr(1, v.size() - 2);
  }
  if (v.empty()) return true;
  if (contains(v, "****")) return true;
  for (std::string_view p : {"${", "%env(", "{{", "<", "$", "env(", "getenv(", "your"}) {
    if (v.starts_with(p)) return true;
  }
  static constexpr std::string_view kPlaceholders[] = {
      "changeme", "change_me", "change-me", "password", "secret",      "null",     "none",
      "nil",      "~",         "todo",      "example",  "placeholder", "redacted", "...",
      "-",        "false",     "true",      "0",        "1",           "xxx"};
  for (std::string_view p : kPlaceholders) {
    if (v == p) return true;
  }
  return std::all_of(v.begin(), v.end(), [&](char c) { return c == v.front(); }) &&
         (v.front() == 'x' || v.front() == '*' || v.front() == '.');
}

std::string mask_value(std::string_view value) {
  if (value.size() >= 8) return std::string(value.substr(0, 2)) + "****";
  return "****";
}

MaskedLine mask_line(std::string_view line) {
  MaskedLine out;
  std::string s(line.substr(0, kMaxLine));
  if (!mask_define(s, out) && !mask_xml(s, out) && !mask_json_pairs(s, out)) {
    mask_assignment(s, out);
  }
  mask_embedded(s, out);
  out.text = std::move(s);
  return out;
}

std::string redact_userinfo(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == npos) return std::string(url);
  const std::size_t start = scheme + 3;
  std::size_t end = url.find_first_of("/?#", start);
  if (end == npos) end = url.size();
  const std::size_t at = url.substr(0, end).rfind('@');
  if (at == npos || at < start) return std::string(url);
  return std::string(url.substr(0, start)) + "***" + std::string(url.substr(at));
}

std::string clip(std::string_view s, std::size_t max) {
  if (s.size() <= max) return std::string(s);
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "...";
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) {
    if (!out.empty()) out += '\n';
    out += l;
  }
  return out;
}

PathProbe probe(std::string path, ContentSignature signature) {
  PathProbe p;
  p.path = std::move(path);
  p.signature = std::move(signature);
  return p;
}

bool empty_body(const HttpResponse& response) { return trim(response.body).empty(); }

}  // namespace gapscan::exposure
