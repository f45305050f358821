// server-version-disclosure: a Server header naming a software version.
#include <optional>

#include "checks/common/all_checks.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kServerVersionDisclosure{
    "server-version-disclosure",
    "Server version disclosed in Server header",
    CheckKind::passive,
    497,
    Severity::low,
    Confidence::high,
    "The Server response header names the server software together with its version "
    "(for example \"nginx/1.22.1\" or \"Apache/2.4.41 (Ubuntu)\"). This lets an attacker look "
    "up known vulnerabilities of that exact version without probing further.",
    "Configure the server to send only the product name, or no Server header at all: "
    "\"server_tokens off\" in nginx, \"ServerTokens Prod\" and \"ServerSignature Off\" in "
    "Apache, \"removeServerHeader\" in IIS. Keep the software patched regardless.",
    {"https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_"
     "Security_Testing/01-Information_Gathering/02-Fingerprint_Web_Server",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Server",
     "https://cwe.mitre.org/data/definitions/497.html"},
};

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_product_char(char c) {
  return is_digit(c) || is_alpha(c) || c == '-' || c == '_' || c == '.' || c == '+';
}
bool is_version_end(char c) {
  return c == ' ' || c == '\t' || c == '(' || c == ')' || c == ';' || c == ',' || c == '[' ||
         c == ']';
}

// Length of a version ("1.22.1", "v2", "10.0") starting at `pos`, or 0. With `dotted`, at
// least one ".digit" is required, so a lone "2" after a space is not taken for a version.
// The version must end at a separator, which keeps opaque ids such as "dcb/7F84" out.
std::size_t version_length(std::string_view s, std::size_t pos, bool dotted) {
  std::size_t i = pos;
  if (i < s.size() && (s[i] == 'v' || s[i] == 'V')) ++i;
  const std::size_t digits_start = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i == digits_start) return 0;
  bool has_dot = false;
  // Later components may carry letters ("9.4.44.v20210927", "1.1.1f", "1.22.1-alpine").
  while (i + 1 < s.size() && s[i] == '.' && (is_digit(s[i + 1]) || is_alpha(s[i + 1]))) {
    if (is_digit(s[i + 1])) has_dot = true;
    ++i;
    while (i < s.size() && (is_digit(s[i]) || is_alpha(s[i]) || s[i] == '-')) ++i;
  }
  if (dotted && !has_dot) return 0;
  if (i < s.size() && !is_version_end(s[i])) return 0;
  return i - pos;
}

// The first "product/version" or bare dotted version in a Server value, if any.
std::optional<std::string> find_version(std::string_view value) {
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '/' && i > 0 && is_product_char(value[i - 1])) {
      std::size_t start = i;
      while (start > 0 && is_product_char(value[start - 1])) --start;
      if (!is_alpha(value[start])) continue;
      if (const std::size_t n = version_length(value, i + 1, false); n > 0) {
        return std::string(value.substr(start, i + 1 + n - start));
      }
    }
    const bool word_start =
        i == 0 || value[i - 1] == ' ' || value[i - 1] == '(' || value[i - 1] == '\t';
    if (word_start && (is_digit(value[i]) || value[i] == 'v' || value[i] == 'V')) {
      if (const std::size_t n = version_length(value, i, true); n > 0) {
        // Include the product word before it, if any ("Apache 2.4"), for the message.
        std::size_t start = i;
        while (start > 0 && value[start - 1] == ' ') --start;
        while (start > 0 && is_product_char(value[start - 1])) --start;
        return std::string(trim(value.substr(start, i + n - start)));
      }
    }
  }
  return std::nullopt;
}

class ServerVersionDisclosure final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override { check(ctx, sink); }

 private:
  static void check(const PassiveContext& ctx, FindingSink& sink) {
    const Exchange& ex = ctx.exchange;
    if (ex.response.status <= 0) return;
    for (const std::string* header : find_headers(ex.response.headers, "Server")) {
      const std::string_view value = trim(*header);
      const auto version = find_version(value);
      if (!version) continue;
      Finding f = make_finding(kServerVersionDisclosure, ex);
      f.per_origin = true;
      f.key = std::string(value);
      f.evidence.header_name = "Server";
      f.evidence.header_value = *header;
      f.evidence.note = "Server header discloses \"" + *version + "\"";
      f.message = "Server header discloses the software version \"" + *version + "\"";
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_server_version_disclosure() {
  return std::make_unique<ServerVersionDisclosure>();
}

}  // namespace gapscan
