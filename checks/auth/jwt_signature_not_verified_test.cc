#include <doctest/doctest.h>

#include "checks/auth/jwt_util.h"
#include "checks/common/all_checks.h"
#include "scanner/base/text.h"
#include "scanner/session.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::VectorSink;

// The token parts as a JWT carries them (base64url without padding; the encoder is checked
// against RFC 4648's vectors in text_test.cc).
std::string b64url(std::string_view s) { return base64url_encode(s); }

const std::string kHeader = b64url(R"({"alg":"HS256","typ":"JWT"})");
const std::string kPayload =
    b64url(R"({"sub":"alice","role":"user","iat":1700000000,"exp":4100000000,"jti":"j1"})");
const std::string kSignature = b64url("0123456789abcdef0123456789abcdef");  // 32 bytes
const std::string kToken = kHeader + "." + kPayload + "." + kSignature;
const std::string kNoneHeader = b64url(R"({"alg":"none","typ":"JWT"})");

constexpr const char* kMe =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n"
    "{\"sub\":\"alice\",\"role\":\"user\"}";
constexpr const char* kNoToken =
    "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm=\"api\"\r\nContent-Type: "
    "application/json\r\n\r\n{\"error\":\"unauthorized\"}";
constexpr const char* kBadToken =
    "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer error=\"invalid_token\"\r\n"
    "Content-Type: application/json\r\n\r\n{\"error\":\"invalid token\"}";

// A bearer API at /api/*: `accepts` decides which presented tokens are good.
std::function<std::optional<std::string>(const HttpRequest&)> api(
    std::function<bool(const std::string&)> accepts, bool open = false) {
  return [accepts, open](const HttpRequest& req) -> std::optional<std::string> {
    if (req.url.find("/api/") == std::string::npos) return std::nullopt;
    const std::string* auth = find_header(req.headers, "Authorization");
    if (auth == nullptr) return std::string(open ? kMe : kNoToken);
    if (!auth->starts_with("Bearer ")) return std::string(kBadToken);
    return std::string(accepts(auth->substr(7)) ? kMe : kBadToken);
  };
}

bool verifies(const std::string& t) { return t == kToken; }
bool any_jwt(const std::string& t) { return t.starts_with("eyJ") && t.find('.') != t.npos; }

struct Setup {
  SecretSet secrets;
  AuthContext auth;
  std::shared_ptr<Session> session;
};

// An identity with a static bearer header and a check URL.
void static_identity(Setup& s, const std::string& check_url = "https://example.com/api/me",
                     std::vector<CrawledPage> pages = {}) {
  IdentityConfig cfg;
  cfg.name = "api";
  cfg.headers = {{"Authorization", "Bearer " + kToken}};
  cfg.check_url = check_url;
  s.session = std::make_shared<Session>(cfg, s.secrets);
  s.auth.identities.push_back({s.session, std::move(pages)});
  s.auth.identities.push_back({std::make_shared<Session>(IdentityConfig{}, s.secrets), {}});
}

std::vector<Finding> run(FakeFetcher& fetcher, const AuthContext* auth) {
  ActiveContext ctx{"https://example.com", {}, fetcher};
  ctx.auth = auth;
  VectorSink sink;
  make_jwt_signature_not_verified()->run(ctx, sink);
  return std::move(sink.findings);
}

// No text of the finding holds the real token (nor its signature).
void check_no_real_token(const Finding& f) {
  std::vector<std::string> texts = {f.message, f.evidence.snippet, f.evidence.note,
                                    f.exchange.body_snippet};
  for (const Header& h : f.exchange.request_headers) texts.push_back(h.value);
  if (f.comparison) {
    for (const Header& h : f.comparison->request_headers) texts.push_back(h.value);
  }
  for (const std::string& t : texts) {
    CAPTURE(t);
    CHECK(t.find(kToken) == std::string::npos);
    CHECK(t.find(kSignature) == std::string::npos);
  }
}

TEST_CASE("jwt-signature-not-verified: an API that verifies nothing is critical") {
  Setup s;
  static_identity(s);
  FakeFetcher fetcher;
  fetcher.handler = api(any_jwt);
  const auto findings = run(fetcher, &s.auth);
  REQUIRE(fetcher.requests.size() == 6);
  for (const HttpRequest& r : fetcher.requests) {
    CHECK(r.without_credentials);
    CHECK(r.url == "https://example.com/api/me");
  }
  CHECK(*find_header(fetcher.requests[0].headers, "Authorization") == "Bearer " + kToken);
  CHECK(find_header(fetcher.requests[1].headers, "Authorization") == nullptr);
  CHECK(*find_header(fetcher.requests[2].headers, "Authorization") ==
        "Bearer " + kNoneHeader + "." + kPayload + ".");
  CHECK(*find_header(fetcher.requests[3].headers, "Authorization") ==
        "Bearer " + kHeader + "." + kPayload + ".");
  const std::string altered = *find_header(fetcher.requests[4].headers, "Authorization");
  CHECK(altered.starts_with("Bearer " + kHeader + "." + kPayload + "."));
  CHECK(altered.size() == std::string("Bearer " + kToken).size());
  CHECK(altered != "Bearer " + kToken);
  const std::string expired = *find_header(fetcher.requests[5].headers, "Authorization");
  CHECK(expired.starts_with("Bearer " + kHeader + "."));
  CHECK(expired.ends_with("." + kSignature));
  CHECK(expired.find(kPayload) == std::string::npos);

  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "jwt-signature-not-verified");
  CHECK(f.severity == Severity::critical);
  CHECK(f.url == "https://example.com/api/me");
  CHECK(f.evidence.snippet == "Authorization: Bearer " + kNoneHeader + "." + kPayload + ".");
  CHECK(
      f.evidence.note.starts_with("accepted: alg \"none\"; signature stripped; signature "
                                  "replaced by random bytes; expired"));
  CHECK(f.evidence.note.find("rejected") == std::string::npos);
  CHECK(f.exchange.status == 200);
  REQUIRE(f.comparison.has_value());
  CHECK(f.comparison->status == 401);
  CHECK(f.comparison_label == "without a token");
  check_no_real_token(f);
}

TEST_CASE("jwt-signature-not-verified: a verifying API is not reported") {
  Setup s;
  static_identity(s);
  FakeFetcher fetcher;
  fetcher.handler = api(verifies);
  CHECK(run(fetcher, &s.auth).empty());
  CHECK(fetcher.requests.size() == 6);
}

TEST_CASE("jwt-signature-not-verified: only alg none accepted") {
  Setup s;
  static_identity(s);
  FakeFetcher fetcher;
  fetcher.handler =
      api([](const std::string& t) { return verifies(t) || t.starts_with(kNoneHeader); });
  const auto findings = run(fetcher, &s.auth);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::critical);
  CHECK(findings[0].evidence.note.starts_with(
      "accepted: alg \"none\"; rejected: signature stripped"));
}

TEST_CASE(
    "jwt-signature-not-verified: a tampered expired token alone is high, its signature hidden") {
  // Checks that the signature is one it issued, not that it covers this payload or expiry.
  Setup s;
  static_identity(s);
  FakeFetcher fetcher;
  fetcher.handler = api([](const std::string& t) { return t.ends_with("." + kSignature); });
  const auto findings = run(fetcher, &s.auth);
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.severity == Severity::high);
  CHECK(f.evidence.note.starts_with("accepted: expired"));
  CHECK(f.evidence.snippet.ends_with(".<original signature>"));
  check_no_real_token(f);
}

TEST_CASE("jwt-signature-not-verified: a URL open without a token proves nothing") {
  Setup s;
  static_identity(s);
  FakeFetcher fetcher;
  fetcher.handler = api(any_jwt, /*open=*/true);
  CHECK(run(fetcher, &s.auth).empty());
  CHECK(fetcher.requests.size() == 2);
}

TEST_CASE("jwt-signature-not-verified: a token the URL refuses is no baseline") {
  Setup s;
  static_identity(s);
  FakeFetcher fetcher;
  fetcher.handler = api([](const std::string&) { return false; });
  CHECK(run(fetcher, &s.auth).empty());
  CHECK(fetcher.requests.size() == 1);
}

TEST_CASE("jwt-signature-not-verified: JSON login token, crawled API pages of this origin") {
  SecretSet secrets;
  IdentityConfig cfg;
  cfg.name = "api";
  cfg.login = LoginConfig{};
  cfg.login->kind = LoginConfig::Kind::json;
  cfg.login->url = "https://example.com/api/login";
  cfg.login->username = "alice";
  cfg.login->password = "pw-secret-123";
  auto session = std::make_shared<Session>(cfg, secrets);
  FakeFetcher login;
  login.responses["https://example.com/api/login"] =
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"token\":\"" + kToken + "\"}";
  REQUIRE(session->log_in(login, unix_now()).empty());

  AuthContext auth;
  auth.excluded_urls = {"https://example.com/api/logout"};
  auth.identities.push_back(
      {session,
       {{"https://example.com/", 200, "text/html", "", ""},
        {"https://example.com/api/logout", 200, "application/json", "", ""},
        {"https://example.com/api/me", 200, "application/json", "", ""},
        {"https://example.com/api/missing", 404, "application/json", "", ""},
        {"https://example.com/api/orders", 200, "application/json", "", ""},
        {"https://example.com/api/profile", 200, "application/json", "", ""},
        {"https://other.example.com/api/x", 200, "application/json", "", ""}}});
  FakeFetcher fetcher;
  fetcher.handler = api(any_jwt);
  const auto findings = run(fetcher, &auth);
  CHECK(fetcher.requests.size() == 12);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].url == "https://example.com/api/me");
  CHECK(findings[1].url == "https://example.com/api/orders");
  for (const Finding& f : findings) check_no_real_token(f);
}

TEST_CASE("jwt-signature-not-verified: ctx.auth null -> no requests") {
  FakeFetcher fetcher;
  fetcher.handler = api(any_jwt);
  CHECK(run(fetcher, nullptr).empty());
  CHECK(fetcher.requests.empty());
}

TEST_CASE("jwt-signature-not-verified: identities without a JWT send nothing") {
  SecretSet secrets;
  IdentityConfig opaque;
  opaque.headers = {{"Authorization", "Bearer abcdefabcdefabcdef"}, {"Cookie", "sid=" + kToken}};
  opaque.check_url = "https://example.com/api/me";
  AuthContext auth;
  auth.identities.push_back({std::make_shared<Session>(opaque, secrets), {}});
  auth.identities.push_back({std::make_shared<Session>(IdentityConfig{}, secrets), {}});
  FakeFetcher fetcher;
  fetcher.handler = api(any_jwt);
  CHECK(run(fetcher, &auth).empty());
  CHECK(fetcher.requests.empty());
}

TEST_CASE("jwt-signature-not-verified: a check URL elsewhere falls back to the crawl") {
  Setup s;
  static_identity(s, "https://other.example.com/api/me",
                  {{"https://example.com/api/orders", 200, "application/json", "", ""}});
  FakeFetcher fetcher;
  fetcher.handler = api(any_jwt);
  const auto findings = run(fetcher, &s.auth);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].url == "https://example.com/api/orders");
  CHECK(fetcher.requests.size() == 6);
}

TEST_CASE("jwt-signature-not-verified: hostile claims and nesting neither crash nor overflow") {
  // Found by fuzzing: exp 1e300 (float to int64) and INT64_MIN (exp - iat overflowed) were
  // undefined behaviour; a payload nested ~7,000 deep overflowed the stack when copied.
  const std::string deep = "{\"a\":" + std::string(7000, '[') + std::string(7000, ']') + "}";
  for (const std::string& payload :
       {std::string(R"({"sub":"alice","exp":1e300,"iat":1})"),
        std::string(R"({"sub":"alice","exp":-9223372036854775808,"iat":1})"),
        std::string(R"({"sub":"alice","exp":9223372036854775807,"iat":-9223372036854775808})"),
        deep}) {
    CAPTURE(payload.substr(0, 60));
    const std::string token = kHeader + "." + b64url(payload) + "." + kSignature;
    SecretSet secrets;
    IdentityConfig cfg;
    cfg.name = "api";
    cfg.headers = {{"Authorization", "Bearer " + token}};
    cfg.check_url = "https://example.com/api/me";
    AuthContext auth;
    auth.identities.push_back({std::make_shared<Session>(cfg, secrets), {}});
    FakeFetcher fetcher;
    fetcher.handler = api(any_jwt);
    const auto findings = run(fetcher, &auth);
    if (payload == deep) {
      CHECK(fetcher.requests.empty());  // not taken for a JWT: nothing to forge from
      continue;
    }
    REQUIRE(fetcher.requests.size() == 6);
    // The expired forgery falls back to a 15-minute lifetime for claims it cannot use.
    const std::string expired = *find_header(fetcher.requests[5].headers, "Authorization");
    const std::string part = expired.substr(expired.find('.') + 1);
    const auto claims = decode_jwt_segment(part.substr(0, part.find('.')));
    REQUIRE(claims.has_value());
    CHECK((*claims)["exp"].get<std::int64_t>() - (*claims)["iat"].get<std::int64_t>() == 900);
    CHECK(findings.size() == 1);
  }
}

}  // namespace
}  // namespace gapscan
