// secret-in-response: private keys, cloud/API tokens and credential assignments in responses.
// Evidence is always redacted (first 4 and last 2 characters at most) and the exchange's body
// snippet is cleared, so a report never repeats the secret.
#include <algorithm>
#include <optional>
#include <set>
#include <string>

#include "checks/common/all_checks.h"
#include "checks/disclosure/util.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kSecretInResponse{
    "secret-in-response",
    "Secret or credential exposed in a response",
    CheckKind::passive,
    200,
    Severity::high,
    Confidence::medium,
    "The response contains what looks like a live secret: a private key, an AWS access key id "
    "or secret access key, a GitHub, Slack or Stripe token, a Google API key, or a password, "
    "API key or secret assigned in a script, JSON document or configuration file. Anyone who "
    "can load this URL can use the credential. Each distinct secret is one finding per origin, "
    "listing the URLs that expose it.",
    "Remove the secret from the response, revoke and rotate it (assume it is compromised), and "
    "keep credentials server side: in environment variables or a secrets manager, never in "
    "client-side code, static files, API payloads or files under the document root.",
    {"https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_"
     "Security_Testing/01-Information_Gathering/05-Review_Web_Page_Content_for_Information_"
     "Leakage",
     "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html",
     "https://cwe.mitre.org/data/definitions/200.html"},
};

namespace {

using disclosure::BodyKind;
using disclosure::is_alnum;
using disclosure::is_alpha;
using disclosure::is_digit;
using disclosure::npos;
using Needle = disclosure::NeedleSet::Needle;

enum Kind {
  kPrivateKey,
  kAwsKeyId,
  kAwsSecret,
  kGithubToken,
  kSlackToken,
  kStripeKey,
  kGoogleApiKey,
  kPassword,
  kApiKey,
  kSecret,
  kKindCount
};

struct KindInfo {
  std::string_view key;
  std::string_view label;
  Severity severity;
  Confidence confidence;
};

// Google API keys in pages are often browser keys restricted by referrer: medium, not high.
constexpr KindInfo kKinds[kKindCount] = {
    {"private-key", "private key", Severity::high, Confidence::high},
    {"aws-access-key-id", "AWS access key id", Severity::high, Confidence::high},
    {"aws-secret-access-key", "AWS secret access key", Severity::high, Confidence::high},
    {"github-token", "GitHub token", Severity::high, Confidence::high},
    {"slack-token", "Slack token", Severity::high, Confidence::high},
    {"stripe-secret-key", "Stripe live secret key", Severity::high, Confidence::high},
    {"google-api-key", "Google API key", Severity::medium, Confidence::high},
    {"password-assignment", "password", Severity::high, Confidence::medium},
    {"api-key-assignment", "API key", Severity::high, Confidence::medium},
    {"secret-assignment", "secret", Severity::high, Confidence::medium},
};

enum Id {
  kBegin,
  kAkia,
  kAsia,
  kGhp,
  kGho,
  kGhs,
  kGhu,
  kGhr,
  kGithubPat,
  kXox,
  kSkLive,
  kRkLive,
  kAiza,
  kWordPassword,
  kWordPasswd,
  kWordSecret,
  kWordApiKey,
  kWordApikey,
  kWordApiDashKey,
};

const disclosure::NeedleSet& token_needles() {
  static const disclosure::NeedleSet set{
      {"AKIA", kAkia}, {"ASIA", kAsia},       {"ghp_", kGhp},        {"gho_", kGho},
      {"ghs_", kGhs},  {"ghu_", kGhu},        {"ghr_", kGhr},        {"github_pat_", kGithubPat},
      {"xox", kXox},   {"sk_live_", kSkLive}, {"rk_live_", kRkLive}, {"AIza", kAiza},
  };
  return set;
}

const disclosure::NeedleSet& body_needles() {
  static const disclosure::NeedleSet set{
      {"-----BEGIN ", kBegin},
      {"AKIA", kAkia},
      {"ASIA", kAsia},
      {"ghp_", kGhp},
      {"gho_", kGho},
      {"ghs_", kGhs},
      {"ghu_", kGhu},
      {"ghr_", kGhr},
      {"github_pat_", kGithubPat},
      {"xox", kXox},
      {"sk_live_", kSkLive},
      {"rk_live_", kRkLive},
      {"AIza", kAiza},
      {"password", kWordPassword, true},
      {"passwd", kWordPasswd, true},
      {"secret", kWordSecret, true},
      {"api_key", kWordApiKey, true},
      {"apikey", kWordApikey, true},
      {"api-key", kWordApiDashKey, true},
  };
  return set;
}

struct Hit {
  Kind kind;
  std::size_t pos;    // where the match starts (for the line number)
  std::size_t begin;  // the secret's span, replaced in every snippet
  std::size_t end;
  std::string shown;  // the redacted form
  std::string name;   // assignment name ("db_password"), empty for tokens
};

// Run of characters of a class from pos (at most max).
template <typename Pred>
std::size_t run(std::string_view s, std::size_t pos, std::size_t max, Pred pred) {
  std::size_t i = pos;
  while (i < s.size() && i - pos < max && pred(s[i])) ++i;
  return i - pos;
}

bool is_upper_or_digit(char c) { return is_digit(c) || (c >= 'A' && c <= 'Z'); }
bool is_b64url(char c) { return is_alnum(c) || c == '_' || c == '-'; }
bool is_token_char(char c) { return is_alnum(c) || c == '_'; }

// Example/placeholder material in a token body.
bool placeholder_token(std::string_view body) {
  if (body.empty()) return true;
  if (std::all_of(body.begin(), body.end(), [&](char c) { return c == body.front(); })) {
    return true;
  }
  const std::string l = to_lower(body);
  for (std::string_view p : {"example", "xxxxx", "00000000", "your", "sample", "dummy", "fake"}) {
    if (l.find(p) != npos) return true;
  }
  return false;
}

// A token match at pos, or nullopt. The token must stand alone (no word character before or
// after it).
std::optional<Hit> token_at(std::string_view s, std::size_t pos, int id, std::size_t len) {
  if (pos > 0 && (is_alnum(s[pos - 1]) || (id != kAiza && s[pos - 1] == '_'))) {
    return std::nullopt;
  }
  Kind kind = kAwsKeyId;
  std::size_t n = 0;
  switch (id) {
    case kAkia:
    case kAsia:
      n = run(s, pos + len, 17, is_upper_or_digit);
      if (n != 16) return std::nullopt;
      kind = kAwsKeyId;
      break;
    case kGhp:
    case kGho:
    case kGhs:
    case kGhu:
    case kGhr:
      n = run(s, pos + len, 256, is_alnum);
      if (n < 30 || n >= 256) return std::nullopt;
      kind = kGithubToken;
      break;
    case kGithubPat:
      n = run(s, pos + len, 256, is_token_char);
      if (n < 22 || n >= 256) return std::nullopt;
      kind = kGithubToken;
      break;
    case kXox: {
      // xoxb- xoxa- xoxp- xoxr- xoxs- followed by digits and dashes (real tokens have digits).
      if (pos + 4 >= s.size() || s.substr(pos + 3, 1).find_first_of("baprs") == npos ||
          s[pos + 4] != '-') {
        return std::nullopt;
      }
      len = 5;
      n = run(s, pos + len, 256, [](char c) { return is_alnum(c) || c == '-'; });
      const std::string_view rest = s.substr(pos + len, n);
      if (n < 15 || n >= 256 || rest.find_first_of("0123456789") == npos) return std::nullopt;
      kind = kSlackToken;
      break;
    }
    case kSkLive:
    case kRkLive:
      n = run(s, pos + len, 256, is_alnum);
      if (n < 20 || n >= 256) return std::nullopt;
      kind = kStripeKey;
      break;
    case kAiza:
      n = run(s, pos + len, 36, is_b64url);
      if (n != 35) return std::nullopt;
      kind = kGoogleApiKey;
      break;
    default:
      return std::nullopt;
  }
  const std::size_t end = pos + len + n;
  if (end < s.size() && (is_alnum(s[end]) || (id == kAiza && is_b64url(s[end])))) {
    return std::nullopt;
  }
  if (placeholder_token(s.substr(pos + len, n))) return std::nullopt;
  const std::string_view value = s.substr(pos, end - pos);
  return Hit{kind, pos, pos, end, disclosure::redact_value(value), {}};
}

// A PEM private key block at pos ("-----BEGIN "), with at least 64 characters of key data.
// JSON-escaped line breaks ("\n") are allowed, as in cloud service-account files.
std::optional<Hit> private_key_at(std::string_view s, std::size_t pos) {
  const std::size_t label_start = pos + 11;
  const std::size_t dashes =
      disclosure::find_lit(s.substr(0, std::min(s.size(), label_start + 40)), "-----", label_start);
  if (dashes == npos) return std::nullopt;
  const std::string_view label = s.substr(label_start, dashes - label_start);
  bool known = false;
  for (std::string_view l :
       {"RSA PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "DSA PRIVATE KEY",
        "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "PGP PRIVATE KEY BLOCK"}) {
    known = known || label == l;
  }
  if (!known) return std::nullopt;
  std::size_t i = dashes + 5;
  const std::size_t cap = std::min(s.size(), i + 16384);
  std::size_t begin = npos, end = npos;
  std::string data;
  while (i < cap) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
    } else if (c == '\\' && i + 1 < cap && (s[i + 1] == 'n' || s[i + 1] == 'r')) {
      i += 2;
    } else if (is_alnum(c) || c == '+' || c == '/' || c == '=') {
      // A header line ("Proc-Type: 4,ENCRYPTED", "Version: ...") is skipped, not key data.
      const std::size_t word = run(s, i, 64, [](char x) { return is_alnum(x) || x == '-'; });
      if (data.empty() && i + word < cap && s[i + word] == ':') {
        while (i < cap && s[i] != '\n' && !(s[i] == '\\' && i + 1 < cap && s[i + 1] == 'n')) ++i;
        continue;
      }
      if (begin == npos) begin = i;
      data += c;
      ++i;
      end = i;
    } else {
      break;
    }
  }
  if (data.size() < 64 || begin == npos) return std::nullopt;
  return Hit{kPrivateKey, pos, begin, end, disclosure::redact_value(data), std::string(label)};
}

// ---- generic assignments: password = "...", "api_key": "...", secret: '...' ----

bool is_key_char(char c) { return is_alnum(c) || c == '_' || c == '-' || c == '.'; }

constexpr std::string_view kSuffixes[] = {"password",          "passwd",        "secret",
                                          "api_key",           "apikey",        "api-key",
                                          "secret_key",        "secretkey",     "secret-key",
                                          "secret_access_key", "client_secret", "secret_key_base"};

// Whether a tag is open at pos (the last '<' before it is after the last '>'): an attribute.
bool inside_tag(std::string_view s, std::size_t pos) {
  const std::size_t floor = pos > 1024 ? pos - 1024 : 0;
  const std::string_view w = s.substr(floor, pos - floor);
  const std::size_t lt = w.rfind('<');
  const std::size_t gt = w.rfind('>');
  return lt != npos && (gt == npos || gt < lt);
}

bool placeholder_value(std::string_view v, std::string_view name) {
  if (v.size() < 4 || v.size() > 256) return true;
  for (char c : v) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F) return true;  // prose, labels in other scripts
  }
  if (std::all_of(v.begin(), v.end(), [&](char c) { return c == v.front(); })) return true;
  const std::string l = to_lower(v);
  for (std::string_view p : {"${", "{{", "{%", "<%", "#{", "%(", "%s", "process.env", "env(",
                             "os.environ", "getenv", "config(", "settings."}) {
    if (l.starts_with(p)) return true;
  }
  const char first = v.front();
  if (first == '<' || first == '[' || first == '(' || first == '{' || first == '#' ||
      first == '/' || first == '@' || first == ':') {
    return true;
  }
  if (l.starts_with("http://") || l.starts_with("https://")) return true;
  // "$DB_PASSWORD", "$(cat ...)": a reference, not a value.
  if (first == '$' && std::all_of(v.begin() + 1, v.end(), [](char c) {
        return disclosure::is_ident(c) || c == '{' || c == '}' || c == '(' || c == ')';
      })) {
    return true;
  }
  for (std::string_view p : {"your", "example", "placeholder", "redacted", "xxx", "***", "dummy",
                             "replace_me", "replaceme", "<", "required|", "|min:"}) {
    if (l.find(p) != npos) return true;
  }
  for (std::string_view w : {"true",
                             "false",
                             "null",
                             "nil",
                             "none",
                             "undefined",
                             "required",
                             "optional",
                             "string",
                             "text",
                             "hidden",
                             "new-password",
                             "current-password",
                             "one-time-code",
                             "off",
                             "on",
                             "yes",
                             "no",
                             "password",
                             "passwd",
                             "secret",
                             "api_key",
                             "apikey",
                             "api-key",
                             "function",
                             "object",
                             "number",
                             "boolean",
                             "empty",
                             "n/a",
                             "tbd",
                             "todo",
                             "fixme",
                             "invalid",
                             "secret_key",
                             "client_secret"}) {
    if (l == w) return true;
  }
  if (l == name) return true;
  // A capitalised word is a label ("Password", "Passwort", "Secret"), not a credential.
  if (v.size() > 1 && v[0] >= 'A' && v[0] <= 'Z' &&
      std::all_of(v.begin() + 1, v.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
    return true;
  }
  // A dotted lower-case path ("auth.password", "form.fields.secret"): an i18n key or a lookup.
  if (l.find('.') != npos && std::all_of(v.begin(), v.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || c == '_' || c == '.' || c == '-';
      })) {
    return true;
  }
  return false;
}

bool config_like(BodyKind k) {
  return k == BodyKind::text || k == BodyKind::unknown || k == BodyKind::xml;
}

// An assignment whose name contains the keyword at pos (length len).
std::optional<Hit> assignment_at(std::string_view s, std::size_t pos, std::size_t len,
                                 BodyKind body_kind) {
  std::size_t ib = pos;
  while (ib > 0 && pos - ib < 64 && is_key_char(s[ib - 1])) --ib;
  std::size_t ie = pos + len;
  while (ie < s.size() && ie - pos < 64 && is_key_char(s[ie])) ++ie;
  const std::string name = to_lower(s.substr(ib, ie - ib));
  bool suffix_ok = false;
  for (std::string_view suf : kSuffixes) suffix_ok = suffix_ok || name.ends_with(suf);
  if (!suffix_ok) return std::nullopt;
  if (body_kind == BodyKind::html && inside_tag(s, ib)) return std::nullopt;

  std::size_t i = ie;
  std::size_t value_begin = npos, value_end = npos;
  const char before = ib > 0 ? s[ib - 1] : '\n';
  // XML element: <password>value</password>
  if (before == '<' && i < s.size() && s[i] == '>' && config_like(body_kind) &&
      body_kind != BodyKind::text) {
    value_begin = i + 1;
    value_end = s.find('<', value_begin);
    if (value_end == npos || value_end - value_begin > 256) return std::nullopt;
  } else {
    bool quoted_key = false;
    if (before == '"' || before == '\'') {
      if (i >= s.size() || s[i] != before) return std::nullopt;
      ++i;
      quoted_key = true;
      if (i < s.size() && s[i] == ']') ++i;  // $config['password'] = ...
    }
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i >= s.size()) return std::nullopt;
    const char op = s[i];
    if (op == '=') {
      if (i + 1 < s.size() && s[i + 1] == '=') return std::nullopt;  // comparison
      i += (i + 1 < s.size() && s[i + 1] == '>') ? 2 : 1;            // "=>"
    } else if (op == ':') {
      if (i + 1 < s.size() && s[i + 1] == ':') return std::nullopt;
      i += (i + 1 < s.size() && s[i + 1] == '=') ? 2 : 1;  // ":="
    } else {
      return std::nullopt;
    }
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i >= s.size()) return std::nullopt;
    const char q = s[i];
    if (q == '"' || q == '\'' || q == '`') {
      value_begin = i + 1;
      std::size_t j = value_begin;
      while (j < s.size() && j - value_begin <= 256 && s[j] != q && s[j] != '\n') {
        j += s[j] == '\\' ? 2 : 1;
      }
      if (j >= s.size() || s[j] != q) return std::nullopt;
      value_end = j;
    } else {
      // Unquoted values only in configuration-like files, for a key that starts its line
      // ("DB_PASSWORD=x", "  password: x", "export API_KEY=x") or a query-string pair, and
      // with nothing but a comment after the value: prose ("password: must be...") is not.
      if (!config_like(body_kind) || quoted_key) return std::nullopt;
      std::size_t k = ib;
      while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t')) --k;
      if (k >= 7 && s.substr(k - 7, 7) == "export ") {
        k -= 7;
        while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t')) --k;
      }
      if (k >= 2 && s.substr(k - 2, 2) == "- ") k -= 2;
      const bool line_start = k == 0 || s[k - 1] == '\n';
      const bool query_pair = op == '=' && (before == '&' || before == '?');
      if (!line_start && !query_pair) return std::nullopt;
      value_begin = i;
      std::size_t j = i;
      while (j < s.size() && j - i <= 256 && s[j] != ' ' && s[j] != '\t' && s[j] != '\r' &&
             s[j] != '\n' && s[j] != '&' && s[j] != '"' && s[j] != '\'' && s[j] != '<') {
        ++j;
      }
      value_end = j;
      while (j < s.size() && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r')) ++j;
      if (j < s.size() && s[j] != '\n' && s[j] != '#' && s[j] != ';' && s[j] != '&') {
        return std::nullopt;
      }
    }
  }
  const std::string_view value = s.substr(value_begin, value_end - value_begin);
  std::string short_name = name;
  if (const std::size_t dot = short_name.rfind('.'); dot != npos) short_name.erase(0, dot + 1);
  if (placeholder_value(value, short_name)) return std::nullopt;
  Kind kind = kSecret;
  if (name.ends_with("password") || name.ends_with("passwd")) {
    kind = kPassword;
  } else if (name.ends_with("secret_access_key")) {
    kind =
        value.size() == 40 &&
                std::all_of(value.begin(), value.end(),
                            [](char c) { return is_alnum(c) || c == '/' || c == '+' || c == '='; })
            ? kAwsSecret
            : kSecret;
  } else if (name.ends_with("api_key") || name.ends_with("apikey") || name.ends_with("api-key")) {
    kind = kApiKey;
  }
  return Hit{kind,
             ib,
             value_begin,
             value_end,
             disclosure::redact_value(value),
             std::string(s.substr(ib, ie - ib))};
}

// ---- scanning and evidence ----

constexpr std::size_t kMaxHits = 256;
constexpr int kMaxValidations = 4096;

void scan_text(std::string_view s, const disclosure::NeedleSet& set, BodyKind body_kind,
               std::vector<Hit>* hits) {
  int validations = 0;
  std::size_t skip_until = 0;  // matches inside an accepted secret are not secrets again
  set.scan(s, [&](std::size_t pos, const Needle& nd) {
    if (pos < skip_until) return true;
    if (++validations > kMaxValidations || hits->size() >= kMaxHits) return false;
    std::optional<Hit> h;
    if (nd.id == kBegin) {
      h = private_key_at(s, pos);
    } else if (nd.id >= kWordPassword) {
      h = assignment_at(s, pos, nd.text.size(), body_kind);
      // A recognisable token assigned to the name is reported as that token.
      if (h) {
        const std::string_view value = s.substr(h->begin, h->end - h->begin);
        token_needles().scan(value, [&](std::size_t p, const Needle& t) {
          auto token = token_at(value, p, t.id, t.text.size());
          if (!token) return true;
          token->pos = h->pos;
          token->begin += h->begin;
          token->end += h->begin;
          token->name = h->name;
          h = std::move(token);
          return false;
        });
      }
    } else {
      h = token_at(s, pos, nd.id, nd.text.size());
    }
    if (!h) return true;
    // An assignment's value may itself be a token found earlier: keep the first one.
    for (const Hit& other : *hits) {
      if (other.begin < h->end && h->begin < other.end) return true;
    }
    skip_until = std::max(skip_until, h->end);
    hits->push_back(std::move(*h));
    return true;
  });
}

// `text` with every secret span replaced by its redacted form, over [from, to).
std::string redacted_range(std::string_view text, std::size_t from, std::size_t to,
                           const std::vector<Hit>& hits) {
  std::string out;
  std::size_t i = from;
  while (i < to) {
    const Hit* inside = nullptr;
    for (const Hit& h : hits) {
      if (h.begin <= i && i < h.end) {
        inside = &h;
        break;
      }
    }
    if (inside != nullptr) {
      out += inside->shown;
      i = inside->end;
      continue;
    }
    out += text[i];
    ++i;
  }
  return out;
}

// The evidence line around [begin, end) (at most ~200 bytes), secrets redacted.
std::string redacted_snippet(std::string_view s, std::size_t begin, std::size_t end,
                             const std::vector<Hit>& hits) {
  std::size_t ls = begin == 0 ? npos : s.rfind('\n', begin - 1);
  ls = ls == npos ? 0 : ls + 1;
  std::size_t le = s.find('\n', end);
  if (le == npos) le = s.size();
  while (ls < begin && (s[ls] == ' ' || s[ls] == '\t')) ++ls;
  while (le > end && (s[le - 1] == ' ' || s[le - 1] == '\t' || s[le - 1] == '\r')) --le;
  std::size_t ws = ls, we = le;
  if (le - ls > 200) {
    ws = begin > ls + 60 ? begin - 60 : ls;
    we = std::min(le, std::max(ws + 200, std::min(le, end)));
  }
  std::string out;
  if (ws > ls) out += "\xE2\x80\xA6";
  out += printable_snippet(redacted_range(s, ws, we, hits), 400);
  if (we < le) out += "\xE2\x80\xA6";
  return out;
}

std::string describe(const Hit& h) {
  std::string d = std::string(kKinds[h.kind].label);
  if (h.kind == kPrivateKey) {
    d += " (" + h.name + ")";
  } else if (!h.name.empty()) {
    d += " assigned to \"" + printable_snippet(h.name, 64) + "\"";
  }
  return d + " " + h.shown;
}

// The finding key: the kind and a short hash of the secret itself, so one secret repeated on
// every page is one finding and two secrets are two. 8 hex digits tell secrets apart without
// giving a usable check value for guessing a weak password.
std::string secret_key(const Hit& h, std::string_view text) {
  return std::string(kKinds[h.kind].key) + ":" +
         sha256_hex(text.substr(h.begin, h.end - h.begin)).substr(0, 8);
}

// At most this many distinct secrets of one kind are reported per response.
constexpr int kMaxPerKind = 8;

class SecretInResponse final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    const HttpResponse& res = ex.response;
    if (res.status <= 0) return;

    // Headers: tokens only.
    struct HeaderHit {
      std::size_t header;
      Hit hit;
      std::string redacted_value;
    };
    std::vector<HeaderHit> header_hits;
    std::vector<std::string> redacted_headers(res.headers.size());
    for (std::size_t k = 0; k < res.headers.size(); ++k) {
      const std::string& v = res.headers[k].value;
      std::vector<Hit> hits;
      scan_text(v, token_needles(), BodyKind::unknown, &hits);
      if (hits.empty()) continue;
      redacted_headers[k] = redacted_range(v, 0, v.size(), hits);
      for (Hit& h : hits) header_hits.push_back({k, std::move(h), redacted_headers[k]});
    }

    std::vector<Hit> body_hits;
    const BodyKind kind = disclosure::body_kind(res);
    const std::string_view body = disclosure::scan_body(res);
    if (!body.empty() && kind != BodyKind::binary && kind != BodyKind::css) {
      scan_text(body, body_needles(), kind, &body_hits);
    }
    if (header_hits.empty() && body_hits.empty()) return;

    std::set<std::string> reported;
    int per_kind[kKindCount] = {};
    // False when this secret was reported from this response already, or its kind is full.
    auto first_time = [&](const Hit& h, const std::string& key) {
      if (per_kind[h.kind] >= kMaxPerKind || !reported.insert(key).second) return false;
      ++per_kind[h.kind];
      return true;
    };
    auto base_finding = [&]() {
      Finding f = make_finding(kSecretInResponse, ex);
      f.exchange.body_snippet.clear();  // it may hold the secret
      for (std::size_t k = 0; k < f.exchange.response_headers.size() && k < redacted_headers.size();
           ++k) {
        if (!redacted_headers[k].empty())
          f.exchange.response_headers[k].value = redacted_headers[k];
      }
      return f;
    };
    for (const HeaderHit& hh : header_hits) {
      const Hit& h = hh.hit;
      const std::string key = secret_key(h, res.headers[hh.header].value);
      if (!first_time(h, key)) continue;
      Finding f = base_finding();
      f.per_origin = true;
      f.key = key;
      f.severity = kKinds[h.kind].severity;
      f.confidence = kKinds[h.kind].confidence;
      f.evidence.header_name = res.headers[hh.header].name;
      f.evidence.header_value = printable_snippet(hh.redacted_value, 300);
      f.evidence.note = describe(h);
      f.message = "The " + res.headers[hh.header].name + " header exposes a " +
                  std::string(kKinds[h.kind].label) + " (" + h.shown + ")";
      sink.report(std::move(f));
    }
    for (const Hit& h : body_hits) {
      const std::string key = secret_key(h, body);
      if (!first_time(h, key)) continue;
      Finding f = base_finding();
      f.per_origin = true;
      f.key = key;
      f.severity = kKinds[h.kind].severity;
      f.confidence = kKinds[h.kind].confidence;
      f.evidence.line = line_number_at(body, h.pos);
      const std::size_t end = h.kind == kPrivateKey ? h.pos + 11 : std::max(h.pos + 1, h.begin);
      f.evidence.snippet = redacted_snippet(body, h.pos, end, body_hits);
      f.evidence.note = describe(h);
      f.message =
          "The response exposes a " + std::string(kKinds[h.kind].label) + " (" + h.shown + ")";
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_secret_in_response() {
  return std::make_unique<SecretInResponse>();
}

}  // namespace gapscan
