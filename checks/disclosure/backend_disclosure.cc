// backend-disclosure: headers naming the backend or internal proxy hosts behind the site.
#include <array>

#include "checks/common/all_checks.h"
#include "checks/disclosure/util.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kBackendDisclosure{
    "backend-disclosure",
    "Backend or internal host name disclosed in headers",
    CheckKind::passive,
    200,
    Severity::low,
    Confidence::medium,
    "A response header names the backend server or an internal proxy hop: X-Backend-Server or "
    "X-Server-Name, or X-Upstream, X-Served-By or Via carrying an internal host (a private or "
    "loopback address, a name under .internal, .local, .lan, .corp or .localdomain, or a "
    "single-label host name). Internal names map the infrastructure behind the load balancer "
    "and help an attacker aim SSRF or lateral movement.",
    "Strip these headers at the edge (proxy_hide_header / more_clear_headers in nginx, "
    "\"Header unset\" in Apache, a response-header rule at the CDN or load balancer) and "
    "configure proxies to use a pseudonym in Via (\"via_pseudonym\", \"ProxyVia Off\").",
    {"https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_"
     "Security_Testing/01-Information_Gathering/10-Map_Application_Architecture",
     "https://www.rfc-editor.org/rfc/rfc9110#name-via",
     "https://cwe.mitre.org/data/definitions/200.html"},
};

namespace {

using disclosure::is_alnum;
using disclosure::is_alpha;
using disclosure::npos;

// Via "received-by" pseudonyms of well-known proxies and CDNs: product names, not hosts.
constexpr std::array<std::string_view, 24> kPseudonyms = {
    "varnish",       "vegur",       "google",     "squid",   "nginx",    "apache",
    "haproxy",       "envoy",       "caddy",      "traefik", "kong",     "akamai",
    "fastly",        "cloudflare",  "cloudfront", "proxy",   "gateway",  "router",
    "heroku-router", "istio-envoy", "sucuri",     "zscaler", "bluecoat", "http-proxy"};

bool ends_with_label(std::string_view host, std::string_view suffix) {
  return host.size() > suffix.size() && host.ends_with(suffix);
}

// Whether one host token (port and brackets allowed) names an internal host.
bool is_internal_host(std::string_view token) {
  std::string host = to_lower(trim(token));
  if (host.starts_with("unix:")) return true;  // nginx $upstream_addr for a socket
  if (!host.empty() && host.front() == '[') {
    const std::size_t close = host.find(']');
    if (close == npos) return false;
    const std::string v6 = host.substr(1, close - 1);
    return v6 == "::1" || disclosure::is_ula_ipv6(v6);
  }
  if (const std::size_t colon = host.find(':'); colon != npos) {
    if (host.find(':', colon + 1) != npos) return host == "::1" || disclosure::is_ula_ipv6(host);
    host.resize(colon);
  }
  while (!host.empty() && host.back() == '.') host.pop_back();
  if (host.empty()) return false;
  std::array<int, 4> o{};
  if (disclosure::parse_ipv4(host, &o)) return disclosure::is_private_ipv4(o) || o[0] == 127;
  if (host == "localhost") return true;
  for (std::string_view suffix : {".internal", ".local", ".lan", ".corp", ".localdomain",
                                  ".intranet", ".home.arpa", ".localhost", ".intra"}) {
    if (ends_with_label(host, suffix)) return true;
  }
  // A single-label name ("app-01", "web3") that is not a product pseudonym.
  bool has_alpha = false;
  for (char c : host) {
    if (!is_alnum(c) && c != '-' && c != '_') return false;
    has_alpha = has_alpha || is_alpha(c);
  }
  if (!has_alpha) return false;
  if (host.starts_with("cache-")) return false;  // Fastly POP node names ("cache-fra19140-FRA")
  for (std::string_view p : kPseudonyms) {
    if (host == p) return false;
  }
  return true;
}

// The first internal host among a comma-separated list of host tokens; for Via, the
// received-by part of each hop ("1.1 proxy-3.corp:8080 (squid/5.7)").
std::string internal_host_in(std::string_view value, bool via) {
  for (std::string_view part : split(value, ',')) {
    part = trim(part);
    if (via) {
      const std::size_t sp = part.find_first_of(" \t");
      if (sp == npos) continue;
      part = trim(part.substr(sp + 1));
      part = part.substr(0, part.find_first_of(" \t("));
    } else {
      part = part.substr(0, part.find_first_of(" \t;("));
    }
    if (!part.empty() && is_internal_host(part)) return std::string(part);
  }
  return {};
}

struct Rule {
  std::string_view header;
  bool always;  // the header names a backend whatever its value
  bool via;
};

constexpr Rule kRules[] = {
    {"X-Backend-Server", true, false}, {"X-Server-Name", true, false}, {"X-Upstream", false, false},
    {"X-Served-By", false, false},     {"Via", false, true},
};

class BackendDisclosure final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    if (ex.response.status <= 0) return;
    for (const Rule& rule : kRules) {
      for (const std::string* header : find_headers(ex.response.headers, rule.header)) {
        const std::string_view value = trim(*header);
        if (value.empty()) continue;
        const std::string internal = internal_host_in(value, rule.via);
        if (!rule.always && internal.empty()) continue;
        Finding f = make_finding(kBackendDisclosure, ex);
        f.per_origin = true;
        f.key = std::string(rule.header);
        f.evidence.header_name = std::string(rule.header);
        f.evidence.header_value = *header;
        const std::string shown = printable_snippet(internal.empty() ? value : internal, 120);
        if (internal.empty()) {
          f.evidence.note = std::string(rule.header) + " names the backend \"" + shown + "\"";
          f.message =
              std::string(rule.header) + " header names the backend server \"" + shown + "\"";
        } else {
          f.evidence.note = std::string(rule.header) + " names the internal host \"" + shown + "\"";
          f.message =
              std::string(rule.header) + " header discloses the internal host \"" + shown + "\"";
        }
        sink.report(std::move(f));
        break;  // one finding per header name
      }
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_backend_disclosure() {
  return std::make_unique<BackendDisclosure>();
}

}  // namespace gapscan
