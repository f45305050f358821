// cleartext-http-auth: HTTP authentication (Basic, Digest, NTLM, Negotiate) over plain HTTP.
#include <algorithm>
#include <string>
#include <vector>

#include "checks/common/all_checks.h"
#include "checks/common/page_util.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kCleartextHttpAuth{
    "cleartext-http-auth",
    "HTTP authentication over plain HTTP",
    CheckKind::passive,
    319,
    Severity::high,
    Confidence::high,
    "The server asks for HTTP authentication (WWW-Authenticate) over plain HTTP. With Basic "
    "the browser sends the user name and password merely base64-encoded on every request, "
    "readable by anyone on the network path (high severity). Digest, NTLM and Negotiate do not "
    "send the password itself but expose crackable or relayable exchanges and leave the "
    "session unprotected (medium severity).",
    "Serve authenticated areas over HTTPS only, redirect HTTP to HTTPS before any "
    "authentication challenge, and send Strict-Transport-Security.",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/Authentication#security_of_basic_"
     "authentication",
     "https://www.rfc-editor.org/rfc/rfc7617#section-4",
     "https://cwe.mitre.org/data/definitions/319.html"},
};

namespace {

bool is_token_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// The auth schemes of a WWW-Authenticate value (RFC 9110 §11.6.1): comma-separated items
// (commas inside quoted strings do not count) where an item starting with a token that is
// not followed by '=' opens a challenge; "name=value" items are auth-params.
std::vector<std::string_view> challenge_schemes(std::string_view value) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  bool quoted = false;
  for (std::size_t i = 0; i <= value.size(); ++i) {
    if (i < value.size()) {
      const char c = value[i];
      if (quoted && c == '\\' && i + 1 < value.size()) {
        ++i;
        continue;
      }
      if (c == '"') quoted = !quoted;
      if (quoted || c != ',') continue;
    }
    const std::string_view item = trim(value.substr(start, i - start));
    start = i + 1;
    std::size_t end = 0;
    while (end < item.size() && is_token_char(item[end])) ++end;
    if (end == 0) continue;
    std::size_t next = end;
    while (next < item.size() && (item[next] == ' ' || item[next] == '\t')) ++next;
    if (next < item.size() && item[next] == '=') continue;  // an auth-param
    out.push_back(item.substr(0, end));
  }
  return out;
}

class CleartextHttpAuth final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    if (!pageutil::is_http_url(ex.request.url)) return;
    std::vector<std::string> seen;
    for (const std::string* header : find_headers(ex.response.headers, "WWW-Authenticate")) {
      for (std::string_view scheme : challenge_schemes(*header)) {
        static constexpr std::string_view kSchemes[] = {"Basic", "Digest", "NTLM", "Negotiate"};
        std::string_view name;
        for (std::string_view s : kSchemes) {
          if (iequals(scheme, s)) name = s;
        }
        if (name.empty()) continue;
        if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
        seen.emplace_back(name);
        Finding f = make_finding(kCleartextHttpAuth, ex);
        f.per_origin = true;
        f.key = std::string(name);
        f.severity = name == "Basic" ? Severity::high : Severity::medium;
        f.evidence.header_name = "WWW-Authenticate";
        f.evidence.header_value = *header;
        f.evidence.note = std::string(name) + " authentication offered over plain HTTP";
        f.message = std::string(name) + " HTTP authentication is requested over plain HTTP" +
                    (name == "Basic" ? "; credentials are sent in cleartext" : "");
        sink.report(std::move(f));
      }
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_cleartext_http_auth() {
  return std::make_unique<CleartextHttpAuth>();
}

}  // namespace gapscan
