// jwt-signature-not-verified: the site accepts a bearer JWT it did not sign (alg "none", the
// signature stripped or replaced) or one that has expired.
//
// The token is the scan's own: the first identity whose credentials (static headers, or the
// header a JSON login produced) carry a JWT. Probe URLs on this origin: the identity's
// --check-url, else 2xx pages of its crawl (JSON / /api/ first), at most 2. Per URL:
//  1. the real token (our own header, without the scan's credentials): must be 2xx;
//  2. no token: must be 401/403, else the URL does not need the token and proves nothing;
//  3. four forged tokens, one request each: alg "none" with the real payload and no signature;
//     the real header and payload with the signature stripped ("h.p."); a random signature of
//     the real one's length; the payload with exp an hour ago (and iat before it) under the
//     real signature. A forgery is accepted when it is answered 2xx like the real token (body
//     similarity >= 0.8, or the same JSON member names).
// The altered signature is random rather than the real one with bytes flipped: a flipped
// signature would let a reader of the report restore the real token. The forged token is shown
// in the evidence (it is not a credential, it proves the flaw); the expired forgery carries the
// real signature, so it is shown with its signature cut. The real token is never put in a
// finding.
//
// Budget per origin: 2 URLs x 6 requests = 12.
#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "checks/auth/jwt_forge_internal.h"
#include "checks/auth/jwt_util.h"
#include "checks/common/all_checks.h"
#include "checks/common/probe_util.h"
#include "checks/exposure/not_found.h"
#include "scanner/base/json.h"
#include "scanner/base/text.h"
#include "scanner/base/url.h"
#include "scanner/session.h"

namespace gapscan {

const CheckInfo kJwtSignatureNotVerified{
    "jwt-signature-not-verified",
    "JSON Web Token accepted without a valid signature",
    CheckKind::active,
    347,
    Severity::critical,
    Confidence::high,
    "The site accepted a JSON Web Token it did not sign: the scan's own bearer token re-sent "
    "with alg \"none\", with its signature stripped or replaced by random bytes, or with its "
    "expiry moved into the past, was answered like the real token, while a request without any "
    "token was refused. Whoever can write a token's claims (user, role, expiry) then becomes "
    "any user, including administrators, without knowing a password or the signing key. "
    "Severity is critical when an unsigned or wrongly signed token is accepted.",
    "Verify every token's signature with a library that pins the expected algorithm(s) and key "
    "(never trust the token's own \"alg\" header; reject \"none\"), and reject tokens whose "
    "\"exp\" has passed or that carry no signature. Do not decode tokens without verifying "
    "them on any code path that authorizes a request.",
    {"https://cwe.mitre.org/data/definitions/347.html", "https://www.rfc-editor.org/rfc/rfc8725",
     "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_"
     "Security_Testing/06-Session_Management_Testing/10-Testing_JSON_Web_Tokens",
     "https://portswigger.net/web-security/jwt"},
    12,  // request budget per origin
};

namespace {

using Json = nlohmann::ordered_json;
using jwt_forge::forge;
using jwt_forge::Jwt;
using jwt_forge::parse_jwt;
using jwt_forge::Variant;

constexpr std::size_t kMaxUrls = 2;
constexpr int kRequestsPerUrl = 6;
constexpr int kBudget = 12;
constexpr double kSimilar = 0.8;

// Where the identity sends its token: the header, the text before the token ("Bearer ").
struct TokenHeader {
  std::string name;
  std::string prefix;
  std::string token;
  Jwt jwt;
};

std::optional<TokenHeader> find_token(const HeaderList& headers) {
  for (const Header& h : headers) {
    if (iequals(h.name, "Cookie")) continue;  // cookie sessions are other checks' business
    const std::string_view v = trim(h.value);
    const std::size_t sp = v.rfind(' ');
    const std::string_view token = sp == std::string_view::npos ? v : v.substr(sp + 1);
    if (auto jwt = parse_jwt(token)) {
      return TokenHeader{h.name, std::string(v.substr(0, v.size() - token.size())),
                         std::string(token), std::move(*jwt)};
    }
  }
  return std::nullopt;
}

std::set<std::string> json_keys(std::string_view body) {
  std::set<std::string> keys;
  const auto j = parse_json_bounded<Json>(body);
  if (!j || !j->is_object()) return keys;
  for (auto it = j->begin(); it != j->end(); ++it) keys.insert(it.key());
  return keys;
}

bool answered_like(const Exchange& forged, const Exchange& baseline) {
  if (!forged.ok() || forged.response.status < 200 || forged.response.status >= 300) return false;
  const std::string& a = forged.response.body;
  const std::string& b = baseline.response.body;
  if (a == b) return true;
  if (similarity(sketch_body(a, {}), sketch_body(b, {})) >= kSimilar) return true;
  const auto ka = json_keys(a);
  return !ka.empty() && ka == json_keys(b);
}

bool is_2xx(const Exchange& ex) {
  return ex.ok() && ex.response.status >= 200 && ex.response.status < 300;
}

std::string path_of(const std::string& url) {
  const auto u = parse_url(url);
  if (!u) return url;
  return u->path + (u->query.empty() ? "" : "?" + u->query);
}

// Probe URLs for one identity: its check URL on this origin, else its 2xx crawled pages here
// (JSON and /api/ first), never an excluded (logout, destructive) URL.
std::vector<std::string> probe_urls(const ActiveContext& ctx, const IdentityCrawl& id) {
  std::vector<std::string> out;
  auto excluded = [&](const std::string& url) {
    return std::find(ctx.auth->excluded_urls.begin(), ctx.auth->excluded_urls.end(), url) !=
           ctx.auth->excluded_urls.end();
  };
  const std::string& check = id.session->config().check_url;
  if (!check.empty() && origin_of(check) == ctx.origin && !excluded(check)) {
    out.push_back(normalize_url(check));
    return out;
  }
  std::vector<std::pair<int, std::string>> ranked;
  for (const CrawledPage& p : id.pages) {
    if (p.status < 200 || p.status >= 300 || origin_of(p.url) != ctx.origin || excluded(p.url)) {
      continue;
    }
    const std::string& mt = p.media_type;
    if (mt.starts_with("image/") || mt.starts_with("font/") || mt == "text/css" ||
        mt.find("javascript") != std::string::npos) {
      continue;
    }
    const bool api = mt == "application/json" || mt.ends_with("+json") ||
                     p.url.find("/api/") != std::string::npos;
    ranked.emplace_back(api ? 0 : 1, p.url);
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [rank, url] : ranked) {
    if (out.size() >= kMaxUrls) break;
    out.push_back(url);
  }
  return out;
}

class JwtSignatureNotVerified final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    if (ctx.auth == nullptr) return;
    const auto origin = parse_url(ctx.origin);
    if (!origin) return;
    const std::int64_t now = unix_now();
    int sent = 0;
    std::size_t probed = 0;
    for (const IdentityCrawl& id : ctx.auth->identities) {
      if (!id.session || id.session->anonymous()) continue;
      HeaderList creds = id.session->credentials_for(*origin, now);
      if (auto first = id.session->first_login()) {
        for (const Header& h : first->headers) creds.push_back(h);
      }
      const auto token = find_token(creds);
      if (!token) continue;
      for (const std::string& url : probe_urls(ctx, id)) {
        if (probed >= kMaxUrls || sent + kRequestsPerUrl > kBudget) return;
        if (probe(ctx, *token, url, now, sent, sink)) ++probed;
      }
    }
  }

 private:
  static HttpRequest request(const std::string& url, const TokenHeader* t,
                             const std::string* token) {
    HttpRequest req;
    req.url = url;
    req.without_credentials = true;
    if (t != nullptr) req.headers.push_back({t->name, t->prefix + *token});
    req.carries_credentials = t != nullptr;  // the identity's token, or one made from it
    return req;
  }

  // Probes one URL; true when the forged tokens were sent.
  static bool probe(const ActiveContext& ctx, const TokenHeader& t, const std::string& url,
                    std::int64_t now, int& sent, FindingSink& sink) {
    ++sent;
    const Exchange baseline = ctx.fetcher.fetch(request(url, &t, &t.token));
    if (!is_2xx(baseline)) return false;  // the token does not open this URL
    ++sent;
    const Exchange anonymous = ctx.fetcher.fetch(request(url, nullptr, nullptr));
    if (!anonymous.ok() || (anonymous.response.status != 401 && anonymous.response.status != 403)) {
      return false;  // open without a token (or cannot tell): forgeries prove nothing here
    }
    const std::vector<Variant> variants = forge(t.jwt, now);
    std::vector<HttpRequest> requests;
    for (const Variant& v : variants) requests.push_back(request(url, &t, &v.token));
    sent += static_cast<int>(requests.size());
    const std::vector<Exchange> answers = ctx.fetcher.fetch_all(requests);
    std::vector<std::size_t> accepted;
    for (std::size_t i = 0; i < answers.size() && i < variants.size(); ++i) {
      if (answered_like(answers[i], baseline)) accepted.push_back(i);
    }
    if (accepted.empty()) return true;
    report(t, variants, answers, accepted, baseline, anonymous, sink);
    return true;
  }

  static void report(const TokenHeader& t, const std::vector<Variant>& variants,
                     const std::vector<Exchange>& answers, const std::vector<std::size_t>& accepted,
                     const Exchange& baseline, const Exchange& anonymous, FindingSink& sink) {
    const std::size_t shown = accepted.front();  // the most telling forgery (list order)
    const bool signature_flaw = std::any_of(accepted.begin(), accepted.end(), [&](std::size_t i) {
      return variants[i].signature_flaw;
    });
    std::string names, rejected;
    for (std::size_t i = 0; i < variants.size(); ++i) {
      const bool ok = std::find(accepted.begin(), accepted.end(), i) != accepted.end();
      std::string& list = ok ? names : rejected;
      list += (list.empty() ? "" : "; ") + std::string(variants[i].name);
    }
    Finding f = make_finding(kJwtSignatureNotVerified, answers[shown]);
    // The expired forgery carries the real signature: the summary shows it cut, like the
    // evidence (reporters redact Authorization anyway; a custom header they may not).
    for (Header& h : f.exchange.request_headers) {
      if (iequals(h.name, t.name)) h.value = t.prefix + variants[shown].shown;
    }
    f.severity = signature_flaw ? Severity::critical : Severity::high;
    f.message = "GET " + path_of(answers[shown].request.url) + " accepts a forged JWT in the " +
                t.name + " header (" + names + ")";
    f.evidence.snippet = t.name + ": " + t.prefix + variants[shown].shown;
    f.evidence.note = "accepted: " + names + (rejected.empty() ? "" : "; rejected: " + rejected) +
                      ". The real token got HTTP " + std::to_string(baseline.response.status) +
                      ", no token HTTP " + std::to_string(anonymous.response.status) +
                      ", the forged one HTTP " + std::to_string(answers[shown].response.status) +
                      " with the same content";
    f.comparison = summarize(anonymous);
    f.comparison_label = "without a token";
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_jwt_signature_not_verified() {
  return std::make_unique<JwtSignatureNotVerified>();
}

}  // namespace gapscan
