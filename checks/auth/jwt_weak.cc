// jwt-weak: JSON Web Tokens with alg "none", a guessable HMAC secret, no expiry, or sensitive
// claims, found in cookies, headers, bodies and the request URL. Evidence names the header
// fields and claim names only, never the token.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "checks/auth/jwt_util.h"
#include "checks/common/all_checks.h"
#include "checks/disclosure/util.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kJwtWeak{
    "jwt-weak",
    "Weak JSON Web Token",
    CheckKind::passive,
    347,
    Severity::high,
    Confidence::high,
    "A JSON Web Token issued or exposed by the site is weak: it is unsigned (alg \"none\"), its "
    "HMAC signature verifies with a well-known default or common secret (so anyone can forge "
    "tokens), it has no expiry claim (a stolen token stays valid forever), or its payload "
    "carries sensitive data such as passwords or card numbers (JWT payloads are only encoded, "
    "not encrypted). Severity depends on the problem.",
    "Sign tokens with a strong algorithm and a long random secret or an asymmetric key, reject "
    "alg \"none\" and pin the accepted algorithms when verifying, always set a short \"exp\", "
    "and keep sensitive data out of token payloads (use JWE if it must travel in the token). "
    "Rotate the signing secret if it was guessable.",
    {"https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html",
     "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_"
     "Security_Testing/06-Session_Management_Testing/10-Testing_JSON_Web_Tokens",
     "https://www.rfc-editor.org/rfc/rfc8725", "https://cwe.mitre.org/data/definitions/347.html"},
};

namespace {

using disclosure::is_digit;
using disclosure::npos;

// Default, sample and common HMAC secrets (framework defaults, README and jwt.io samples).
constexpr std::string_view kSecrets[] = {
    "secret",
    "password",
    "123456",
    "changeme",
    "your-256-bit-secret",
    "your-384-bit-secret",
    "your-512-bit-secret",
    "jwt_secret",
    "jwt-secret",
    "jwtsecret",
    "JWT_SECRET",
    "jwt",
    "supersecret",
    "super-secret",
    "supersecretkey",
    "key",
    "test",
    "admin",
    "default",
    "qwerty",
    "secretkey",
    "secret_key",
    "secret-key",
    "SECRET_KEY",
    "mysecret",
    "my_secret",
    "my-secret",
    "mysecretkey",
    "my-secret-key",
    "my_secret_key",
    "shhhhh",
    "shhhhhhared-secret",
    "keyboard cat",
    "s3cr3t",
    "s3cret",
    "secret123",
    "Secret",
    "SECRET",
    "pass",
    "password123",
    "12345678",
    "123456789",
    "1234567890",
    "abc123",
    "letmein",
    "development",
    "dev",
    "devsecret",
    "example",
    "sample",
    "hello",
    "private",
    "privatekey",
    "token",
    "auth",
    "authsecret",
    "app_secret",
    "change_me",
    "change-me",
    "changeit",
    "notasecret",
    "topsecret",
    "secretsecret",
    "qwertyuiopasdfghjklzxcvbnm123456",
    "super-secret-jwt-token-with-at-least-32-characters-long",
    "ThisIsMySecretKey",
};

constexpr std::size_t kMaxTokenLength = 16384;
constexpr std::size_t kMaxTokensPerResponse = 16;

struct TokenSpan {
  std::size_t begin;
  std::size_t end;
};

// JWS compact tokens in `text`: "eyJ<header>.<payload>.<signature>" standing alone.
std::vector<TokenSpan> find_tokens(std::string_view text, std::size_t max) {
  std::vector<TokenSpan> out;
  for (std::size_t pos = disclosure::find_lit(text, "eyJ"); pos != npos && out.size() < max;
       pos = disclosure::find_lit(text, "eyJ", pos + 1)) {
    if (pos > 0 && (is_base64url_char(text[pos - 1]) || text[pos - 1] == '.')) continue;
    std::size_t i = pos;
    std::size_t dots[2] = {0, 0};
    int parts = 0;
    while (i < text.size() && i - pos < kMaxTokenLength) {
      if (is_base64url_char(text[i])) {
        ++i;
      } else if (text[i] == '.' && parts < 2) {
        dots[parts++] = i;
        ++i;
      } else {
        break;
      }
    }
    if (parts != 2 || dots[0] == pos || dots[1] == dots[0] + 1) continue;
    if (i < text.size() && (text[i] == '.' || is_base64url_char(text[i])))
      continue;                                          // JWE / too long
    if (text.substr(dots[0] + 1, 3) != "eyJ") continue;  // JSON payload
    out.push_back({pos, i});
    pos = i - 1;
  }
  return out;
}

// The built-in secret the HS256/384/512 signature verifies with, if any.
std::optional<std::string_view> weak_secret(std::string_view alg, std::string_view signing_input,
                                            std::string_view signature_b64) {
  const EVP_MD* md = nullptr;
  if (alg == "HS256") md = EVP_sha256();
  if (alg == "HS384") md = EVP_sha384();
  if (alg == "HS512") md = EVP_sha512();
  if (md == nullptr || signature_b64.empty()) return std::nullopt;
  const auto signature = base64url_decode(signature_b64);
  if (!signature || signature->size() != static_cast<std::size_t>(EVP_MD_get_size(md))) {
    return std::nullopt;
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  for (std::string_view secret : kSecrets) {
    unsigned int len = 0;
    if (HMAC(md, secret.data(), static_cast<int>(secret.size()),
             reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(),
             mac, &len) == nullptr) {
      return std::nullopt;
    }
    if (len == signature->size() && std::memcmp(mac, signature->data(), len) == 0) return secret;
  }
  return std::nullopt;
}

bool luhn_card(std::string_view digits) {
  if (digits.size() < 13 || digits.size() > 19) return false;
  int sum = 0;
  bool twice = false;
  for (std::size_t i = digits.size(); i-- > 0;) {
    int d = digits[i] - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

bool card_like(const nlohmann::ordered_json& v) {
  std::string digits;
  if (v.is_string()) {
    for (char c : v.get<std::string>()) {
      if (is_digit(c)) {
        digits += c;
      } else if (c != ' ' && c != '-') {
        return false;
      }
    }
  } else if (v.is_number_unsigned()) {
    digits = v.dump();
  } else {
    return false;
  }
  return luhn_card(digits);
}

bool sensitive_name(std::string_view name) {
  const std::string n = to_lower(name);
  for (std::string_view s :
       {"password", "passwd", "pwd", "pass", "secret", "client_secret", "ssn",
        "social_security_number", "credit_card", "creditcard", "card_number", "cardnumber",
        "cc_number", "ccnumber", "cvv", "cvc", "private_key", "api_key", "apikey"}) {
    if (n == s) return true;
  }
  return n.find("password") != npos;
}

// Names of sensitive claims, top level and one level down ("user.password").
std::vector<std::string> sensitive_claims(const nlohmann::ordered_json& payload) {
  std::vector<std::string> out;
  for (auto it = payload.begin(); it != payload.end() && out.size() < 10; ++it) {
    if (sensitive_name(it.key()) || card_like(it.value())) out.push_back(it.key());
    if (it.value().is_object()) {
      for (auto in = it.value().begin(); in != it.value().end() && out.size() < 10; ++in) {
        if (sensitive_name(in.key()) || card_like(in.value())) {
          out.push_back(it.key() + "." + in.key());
        }
      }
    }
  }
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

// Replaces every token in `text` by its redacted form.
std::string redact_tokens(std::string_view text) {
  std::string out;
  std::size_t last = 0;
  for (const TokenSpan& t : find_tokens(text, 64)) {
    out.append(text.substr(last, t.begin - last));
    out += disclosure::redact_value(text.substr(t.begin, t.end - t.begin));
    last = t.end;
  }
  out.append(text.substr(last));
  return out;
}

// The line around a token (80 bytes either side at most), every token redacted.
std::string token_snippet(std::string_view text, const TokenSpan& t) {
  std::size_t ls = t.begin == 0 ? npos : text.rfind('\n', t.begin - 1);
  ls = ls == npos ? 0 : ls + 1;
  std::size_t le = text.find('\n', t.end);
  if (le == npos) le = text.size();
  const std::size_t ws = std::max(ls, t.begin > 80 ? t.begin - 80 : std::size_t{0});
  const std::size_t we = std::min(le, t.end + 80);
  std::string out = ws > ls ? "\xE2\x80\xA6" : "";
  out += redact_tokens(text.substr(ws, t.begin - ws));
  out += disclosure::redact_value(text.substr(t.begin, t.end - t.begin));
  out += redact_tokens(text.substr(t.end, we - t.end));
  if (we < le) out += "\xE2\x80\xA6";
  return printable_snippet(trim(out), 400);
}

struct Location {
  std::string_view kind;  // "cookie", "header", "body", "url"
  std::string header;     // header name for cookie/header locations
};

struct Problem {
  std::string_view id;
  Severity severity;
  std::string message;
  std::string note;
};

class JwtWeak final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    const HttpResponse& res = ex.response;
    if (res.status <= 0) return;
    std::set<std::string> keys;  // problem + location, reported once per response
    std::set<std::string_view> tokens_seen;
    std::size_t tokens = 0;

    auto analyze = [&](std::string_view text, const Location& loc, bool is_body) {
      for (const TokenSpan& t : find_tokens(text, kMaxTokensPerResponse)) {
        if (tokens >= kMaxTokensPerResponse) return;
        const std::string_view token = text.substr(t.begin, t.end - t.begin);
        if (!tokens_seen.insert(token).second) continue;
        ++tokens;
        report_token(ex, text, t, loc, is_body, keys, sink);
      }
    };

    for (const Header& h : res.headers) {
      if (h.value.find("eyJ") == npos) continue;
      const bool cookie = iequals(h.name, "Set-Cookie");
      analyze(h.value, Location{cookie ? "cookie" : "header", h.name}, false);
    }
    const disclosure::BodyKind kind = disclosure::body_kind(res);
    if (kind != disclosure::BodyKind::binary && kind != disclosure::BodyKind::css) {
      analyze(disclosure::scan_body(res), Location{"body", {}}, true);
    }
    analyze(ex.request.url, Location{"url", {}}, false);
  }

 private:
  static void report_token(const Exchange& ex, std::string_view text, const TokenSpan& t,
                           const Location& loc, bool is_body, std::set<std::string>& keys,
                           FindingSink& sink) {
    const std::string_view token = text.substr(t.begin, t.end - t.begin);
    const std::size_t d1 = token.find('.');
    const std::size_t d2 = token.find('.', d1 + 1);
    const auto header = decode_jwt_segment(token.substr(0, d1));
    if (!header) return;
    const auto alg_it = header->find("alg");
    if (alg_it == header->end() || !alg_it->is_string()) return;
    const auto payload = decode_jwt_segment(token.substr(d1 + 1, d2 - d1 - 1));
    if (!payload) return;
    const std::string alg = alg_it->get<std::string>();
    std::string typ;
    if (const auto typ_it = header->find("typ"); typ_it != header->end() && typ_it->is_string()) {
      typ = typ_it->get<std::string>();
    }
    std::vector<std::string> claim_names;
    for (auto it = payload->begin(); it != payload->end() && claim_names.size() < 20; ++it) {
      claim_names.push_back(it.key());
    }
    const std::string header_desc = "alg=" + printable_snippet(alg, 32) +
                                    (typ.empty() ? "" : ", typ=" + printable_snippet(typ, 32));
    const std::string claims_desc =
        printable_snippet(claim_names.empty() ? "(none)" : join(claim_names), 200);
    const std::string where = loc.kind == "body"  ? std::string("the response body")
                              : loc.kind == "url" ? std::string("the request URL")
                                                  : "the " + loc.header + " header";

    std::vector<Problem> problems;
    if (iequals(alg, "none")) {
      problems.push_back({"alg-none", Severity::high,
                          "A JWT in " + where + " is unsigned (alg \"none\")",
                          "unsigned token (alg none)"});
    }
    if (const auto secret = weak_secret(alg, token.substr(0, d2), token.substr(d2 + 1))) {
      problems.push_back(
          {"weak-secret", Severity::high,
           "A JWT in " + where + " is signed with the guessable secret \"" + std::string(*secret) +
               "\"",
           alg + " signature verifies with the built-in secret \"" + std::string(*secret) + "\""});
    }
    if (payload->find("exp") == payload->end()) {
      problems.push_back({"no-exp", Severity::low,
                          "A JWT in " + where + " has no expiry (exp) claim", "no exp claim"});
    }
    if (const auto sensitive = sensitive_claims(*payload); !sensitive.empty()) {
      const std::string names = printable_snippet(join(sensitive), 200);
      problems.push_back({"sensitive-claims", Severity::info,
                          "A JWT in " + where + " carries sensitive claims: " + names,
                          "sensitive claims: " + names});
    }
    for (const Problem& p : problems) {
      const std::string key = std::string(p.id) + ":" + std::string(loc.kind);
      if (!keys.insert(key).second) continue;
      Finding f = make_finding(kJwtWeak, ex);
      f.severity = p.severity;
      f.key = key;
      // The weakness is the issuer's: the same problem in every page or link that carries a
      // token is one finding per origin (and place: cookie, header, body, URL).
      f.per_origin = true;
      f.message = p.message;
      f.evidence.note = p.note + "; header: " + header_desc + "; claims: " + claims_desc;
      if (!loc.header.empty()) {
        f.evidence.header_name = loc.header;
        f.evidence.header_value = printable_snippet(redact_tokens(text), 300);
      } else if (is_body) {
        f.evidence.line = line_number_at(text, t.begin);
        f.evidence.snippet = token_snippet(text, t);
      }
      // The summary may quote the token too.
      f.exchange.body_snippet = redact_tokens(f.exchange.body_snippet);
      for (Header& h : f.exchange.response_headers) {
        if (h.value.find("eyJ") != npos) h.value = redact_tokens(h.value);
      }
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_jwt_weak() { return std::make_unique<JwtWeak>(); }

}  // namespace gapscan
