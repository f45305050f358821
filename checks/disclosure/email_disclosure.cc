// email-disclosure: e-mail addresses in HTML, text, JSON or XML bodies.
#include <cstring>
#include <set>

#include "checks/common/all_checks.h"
#include "checks/disclosure/util.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kEmailDisclosure{
    "email-disclosure",
    "E-mail address disclosed",
    CheckKind::passive,
    200,
    Severity::info,
    Confidence::medium,
    "The response body contains an e-mail address. Published addresses are harvested for spam "
    "and phishing, and addresses of staff or internal accounts found in comments, scripts or "
    "API payloads help social engineering and credential-stuffing attacks.",
    "Check that each address is meant to be public. Remove addresses of individuals and "
    "internal accounts from pages, comments and API responses; publish role addresses or a "
    "contact form instead.",
    {"https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_"
     "Security_Testing/01-Information_Gathering/05-Review_Web_Page_Content_for_Information_"
     "Leakage",
     "https://cwe.mitre.org/data/definitions/200.html"},
};

namespace {

using disclosure::is_alnum;
using disclosure::is_alpha;
using disclosure::npos;

constexpr std::size_t kMaxPerResponse = 20;

bool is_local_char(char c) {
  return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
bool is_domain_char(char c) { return is_alnum(c) || c == '.' || c == '-'; }

// File extensions that make "logo@2x.png" look like an address.
constexpr std::string_view kFileExtensions[] = {
    "png",  "jpg",  "jpeg", "gif",  "svg", "webp", "avif",  "ico", "bmp", "tif", "tiff",
    "css",  "js",   "mjs",  "json", "map", "woff", "woff2", "ttf", "eot", "otf", "mp4",
    "webm", "html", "htm",  "php",  "txt", "xml",  "pdf",   "zip", "gz"};

// Reserved and documentation domains (RFC 2606/6761) are not real addresses.
bool excluded_domain(std::string_view domain) {
  for (std::string_view d : {"example.com", "example.org", "example.net", "example.edu"}) {
    if (domain == d || (domain.size() > d.size() && domain.ends_with(d) &&
                        domain[domain.size() - d.size() - 1] == '.')) {
      return true;
    }
  }
  for (std::string_view tld : {".test", ".invalid", ".example", ".localhost", ".local"}) {
    if (domain.ends_with(tld)) return true;
  }
  return false;
}

// Addresses that are technical identifiers, not mailboxes ("git@github.com:org/repo").
bool excluded_address(std::string_view local, std::string_view domain) {
  if (local == "git" && (domain == "github.com" || domain == "gitlab.com" ||
                         domain == "bitbucket.org" || domain == "ssh.dev.azure.com")) {
    return true;
  }
  return false;
}

struct Address {
  std::string text;  // lower-case
  std::size_t begin = 0;
  std::size_t end = 0;
};

// The address around the '@' at `at`, if any.
bool address_at(std::string_view s, std::size_t at, Address* out) {
  std::size_t b = at;
  while (b > 0 && at - b < 64 && is_local_char(s[b - 1])) --b;
  if (b == at) return false;
  while (b < at && (s[b] == '.' || s[b] == '-' || s[b] == '+')) ++b;  // ".x@" is not a start
  if (b == at || s[at - 1] == '.') return false;
  // URL user info ("https://key@host"), and escapes ("%40" decoded elsewhere) are not mail.
  if (b >= 3 && s.substr(b - 3, 3) == "://") return false;
  if (b > 0 && (s[b - 1] == '/' || s[b - 1] == '@')) return false;
  std::size_t e = at + 1;
  while (e < s.size() && e - at < 254 && is_domain_char(s[e])) ++e;
  while (e > at + 1 && (s[e - 1] == '.' || s[e - 1] == '-')) --e;
  const std::string_view domain_raw = s.substr(at + 1, e - at - 1);
  if (domain_raw.empty() || domain_raw.front() == '.' || domain_raw.front() == '-' ||
      domain_raw.find("..") != npos) {
    return false;
  }
  const std::size_t dot = domain_raw.rfind('.');
  if (dot == npos) return false;
  const std::string_view tld = domain_raw.substr(dot + 1);
  if (tld.size() < 2 || tld.size() > 24) return false;
  for (char c : tld) {
    if (!is_alpha(c)) return false;
  }
  const std::string domain = to_lower(domain_raw);
  const std::string ltld = to_lower(tld);
  for (std::string_view ext : kFileExtensions) {
    if (ltld == ext) return false;
  }
  if (excluded_domain(domain)) return false;
  const std::string local = to_lower(s.substr(b, at - b));
  if (excluded_address(local, domain)) return false;
  out->text = local + "@" + domain;
  out->begin = b;
  out->end = e;
  return true;
}

class EmailDisclosure final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    const HttpResponse& res = ex.response;
    if (res.status <= 0 || res.body.empty()) return;
    const disclosure::BodyKind kind = disclosure::body_kind(res);
    if (kind == disclosure::BodyKind::javascript || kind == disclosure::BodyKind::css ||
        kind == disclosure::BodyKind::binary) {
      return;
    }
    const std::string_view body = disclosure::scan_body(res);
    std::set<std::string> seen;
    std::size_t reported = 0;
    const char* base = body.data();
    std::size_t pos = 0;
    while (pos < body.size() && reported < kMaxPerResponse) {
      const void* hit = std::memchr(base + pos, '@', body.size() - pos);
      if (hit == nullptr) break;
      const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(hit) - base);
      pos = at + 1;
      Address a;
      if (!address_at(body, at, &a) || !seen.insert(a.text).second) continue;
      Finding f = make_finding(kEmailDisclosure, ex);
      f.per_origin = true;
      f.key = a.text;
      f.evidence.line = line_number_at(body, a.begin);
      f.evidence.snippet = disclosure::line_snippet(body, a.begin, a.end);
      f.evidence.note = "e-mail address " + a.text;
      f.message = "The response discloses the e-mail address " + a.text;
      sink.report(std::move(f));
      ++reported;
      pos = a.end;
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_email_disclosure() {
  return std::make_unique<EmailDisclosure>();
}

}  // namespace gapscan
