// private-ip-disclosure: RFC 1918 / link-local / unique-local addresses in headers or bodies.
#include <array>
#include <set>

#include "checks/common/all_checks.h"
#include "checks/disclosure/util.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kPrivateIpDisclosure{
    "private-ip-disclosure",
    "Private IP address disclosed",
    CheckKind::passive,
    200,
    Severity::low,
    Confidence::medium,
    "A response header or body contains a private network address (10.0.0.0/8, "
    "172.16.0.0/12, 192.168.0.0/16, link-local 169.254.0.0/16, or IPv6 unique-local fd00::/8). "
    "Internal addresses reveal the network layout behind the site and help an attacker aim "
    "server-side request forgery or pivot after a first compromise.",
    "Remove internal addresses from responses: configure proxies and application servers not to "
    "echo backend addresses in headers (Via, X-Backend-Server, Location), and keep them out of "
    "error pages, comments, scripts and API payloads.",
    {"https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_"
     "Security_Testing/01-Information_Gathering/05-Review_Web_Page_Content_for_Information_"
     "Leakage",
     "https://www.rfc-editor.org/rfc/rfc1918", "https://cwe.mitre.org/data/definitions/200.html"},
};

namespace {

using disclosure::is_alnum;
using disclosure::is_alpha;
using disclosure::is_digit;
using disclosure::is_hex;
using disclosure::npos;

constexpr std::size_t kMaxPerResponse = 20;

struct Match {
  std::string ip;
  std::size_t pos = 0;
  std::size_t len = 0;
};

// The word before pos, lower-case ("version", "v"), skipping one run of spaces.
std::string word_before(std::string_view s, std::size_t pos) {
  std::size_t e = pos;
  while (e > 0 && pos - e < 3 && (s[e - 1] == ' ' || s[e - 1] == ':' || s[e - 1] == '=')) --e;
  std::size_t b = e;
  while (b > 0 && e - b < 12 && is_alpha(s[b - 1])) --b;
  return to_lower(s.substr(b, e - b));
}

// An IPv4 candidate at s[pos] ('1' at a token start); len set when it is a private host
// address standing as a whole token.
std::size_t private_v4_at(std::string_view s, std::size_t pos) {
  if (pos > 0) {
    const char p = s[pos - 1];
    if (is_alnum(p) || p == '.' || p == '_' || p == '-' || p == '+') return 0;
  }
  std::array<int, 4> o{};
  const std::size_t len = disclosure::ipv4_at(s, pos, &o);
  if (len == 0 || !disclosure::is_private_ipv4(o)) return 0;
  const std::size_t e = pos + len;
  if (e < s.size()) {
    const char n = s[e];
    if (is_alnum(n) || n == '_') return 0;
    // 10.1.2.3.4, 10.0.0.1-beta, 10.0.0.0/8 (a range, not a host)
    if ((n == '.' || n == '-' || n == '/') && e + 1 < s.size() && is_alnum(s[e + 1])) return 0;
  }
  if (o[3] == 0 || o[3] == 255) return 0;  // network / broadcast
  const std::string before = word_before(s, pos);
  if (before == "version" || before == "ver" || before == "v" || before == "release" ||
      before == "build" || before == "rev") {
    return 0;
  }
  return len;
}

// An fd00::/8 candidate at s[pos] ("fd" at a token start).
std::size_t ula_v6_at(std::string_view s, std::size_t pos, std::string* out) {
  if (pos > 0) {
    const char p = s[pos - 1];
    if (is_alnum(p) || p == ':' || p == '_' || p == '-' || p == '.' || p == '#') return 0;
  }
  std::size_t e = pos;
  while (e < s.size() && e - pos < 45 && (is_hex(s[e]) || s[e] == ':' || s[e] == '.')) ++e;
  if (e < s.size() && (is_alnum(s[e]) || s[e] == '_')) return 0;
  while (e > pos && s[e - 1] == '.') --e;
  std::string_view cand = s.substr(pos, e - pos);
  // "fdxx:" as the first group, and at least three groups or a "::".
  const std::size_t colon = cand.find(':');
  if (colon == npos || colon > 4 || colon < 3) return 0;
  std::size_t colons = 0;
  for (char c : cand) colons += c == ':' ? 1 : 0;
  if (colons < 2) return 0;
  if (!disclosure::is_ula_ipv6(cand)) return 0;
  *out = to_lower(cand);
  return cand.size();
}

void find_ips(std::string_view s, std::vector<Match>* out, std::set<std::string>* seen) {
  const std::size_t n = s.size();
  for (std::size_t i = 0; i + 1 < n && out->size() < kMaxPerResponse; ++i) {
    const char c = s[i];
    if (c == '1') {
      if (const std::size_t len = private_v4_at(s, i)) {
        std::string ip(s.substr(i, len));
        if (seen->insert(ip).second) out->push_back({ip, i, len});
        i += len - 1;
      }
    } else if ((c == 'f' || c == 'F') && (s[i + 1] == 'd' || s[i + 1] == 'D')) {
      std::string ip;
      if (const std::size_t len = ula_v6_at(s, i, &ip)) {
        if (seen->insert(ip).second) out->push_back({ip, i, len});
        i += len - 1;
      }
    }
  }
}

class PrivateIpDisclosure final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    const HttpResponse& res = ex.response;
    if (res.status <= 0) return;
    // The target's own address is not a disclosure. Computed lazily: most responses have no
    // candidate at all.
    std::string own_host;
    bool own_host_known = false;
    auto own = [&]() -> const std::string& {
      if (!own_host_known) {
        own_host = disclosure::url_host(ex.request.url);
        own_host_known = true;
      }
      return own_host;
    };
    std::set<std::string> seen;
    for (const Header& h : res.headers) {
      std::vector<Match> matches;
      find_ips(h.value, &matches, &seen);
      for (const Match& m : matches) {
        if (m.ip == own()) continue;
        Finding f = make_finding(kPrivateIpDisclosure, ex);
        f.per_origin = true;
        f.key = m.ip;
        f.evidence.header_name = h.name;
        f.evidence.header_value = printable_snippet(h.value, 300);
        f.evidence.note = "private address " + m.ip + " in the " + h.name + " header";
        f.message = "The " + h.name + " header discloses the private IP address " + m.ip;
        sink.report(std::move(f));
      }
    }
    if (!disclosure::is_textual(disclosure::body_kind(res))) return;
    const std::string_view body = disclosure::scan_body(res);
    std::vector<Match> matches;
    find_ips(body, &matches, &seen);
    for (const Match& m : matches) {
      if (m.ip == own()) continue;
      Finding f = make_finding(kPrivateIpDisclosure, ex);
      f.per_origin = true;
      f.key = m.ip;
      f.evidence.line = line_number_at(body, m.pos);
      f.evidence.snippet = disclosure::line_snippet(body, m.pos, m.pos + m.len);
      f.evidence.note = "private address " + m.ip + " in the body";
      f.message = "The response body discloses the private IP address " + m.ip;
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_private_ip_disclosure() {
  return std::make_unique<PrivateIpDisclosure>();
}

}  // namespace gapscan
