// The members area's state and crypto (auth_pages.cc serves the pages): users, sessions, login
// throttling, CSRF tokens and the API's JSON Web Tokens.
//
// One AuthState per Site (Site::auth_). Site methods are const and the state changes with
// every login, so it lives behind a shared_ptr and every mutating method takes the mutex.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "examples/testbed/options.h"

namespace testbed {

// Failed logins per user name (and listener port) allowed within kThrottleWindow before the
// login surfaces answer 429 (unless login-no-rate-limit).
inline constexpr int kThrottleFailures = 10;
inline constexpr std::chrono::seconds kThrottleWindow{60};
// Lifetime of the API's tokens ("exp" = "iat" + this).
inline constexpr long kTokenLifetimeSeconds = 15 * 60;
// The jwt-weak secret of the API: a dictionary word on gapscan's jwt-weak list.
inline constexpr std::string_view kWeakJwtSecret = "development";

// The pages behind the login (GET). Every logged-in user's, then the admin-only ones.
inline constexpr std::string_view kMemberPages[] = {
    "/app/",        "/app/profile", "/app/orders", "/app/orders/1001", "/app/orders/1002",
    "/app/settings"};
inline constexpr std::string_view kAdminPages[] = {"/app/admin/", "/app/admin/users"};
inline constexpr std::string_view kApiUserPaths[] = {"/api/v2/me", "/api/v2/orders"};
inline constexpr std::string_view kApiAdminPaths[] = {"/api/v2/admin/users"};
inline constexpr std::string_view kBasicPaths[] = {"/basic/", "/basic/report"};
// What access-control-missing serves without credentials, and to role user.
inline constexpr std::string_view kAnonymousLeaks[] = {"/app/orders/1002", "/api/v2/orders"};
inline constexpr std::string_view kUserLeaks[] = {"/app/admin/users"};

struct AuthSession {
  std::string user;
  std::string role;
};

// The claims of an accepted bearer token.
struct TokenClaims {
  std::string sub;
  std::string role;
  std::string jti;  // may be empty when signatures are not verified
};

class AuthState {
 public:
  explicit AuthState(const Options& opt);

  // The user named `name`, or nullptr.
  const AuthUser* FindUser(std::string_view name) const;
  // The user when `password` is theirs (compared in constant time), else nullptr.
  const AuthUser* CheckPassword(std::string_view name, std::string_view password) const;

  // Cookie sessions. NewSessionId: 128 random bits as hex, or with `weak` the next number of a
  // counter (session-cookie-weak).
  std::string NewSessionId(bool weak);
  void AddSession(const std::string& id, const AuthUser& user);
  // The session `id` when it exists, counting one authenticated request: with
  // --session-max-requests N the session is dropped once it has served N requests.
  std::optional<AuthSession> UseSession(std::string_view id);
  bool HasSession(std::string_view id);  // without counting a request
  void DropSession(std::string_view id);

  // Bearer tokens: "iat" now, "exp" after kTokenLifetimeSeconds, a random "jti".
  std::string IssueToken(const AuthUser& user) const;
  // The claims of an acceptable token (signature, alg HS256 and exp checked unless
  // `verify` is false: jwt-signature-not-verified), counting one authenticated request
  // against --session-max-requests.
  std::optional<TokenClaims> UseToken(std::string_view token, bool verify);

  // Login throttling per (listener port, user name): seconds the caller must wait (> 0) when
  // kThrottleFailures failures fell within kThrottleWindow, else 0.
  int ThrottleWait(uint16_t port, std::string_view user);
  void RecordLoginFailure(uint16_t port, std::string_view user);
  void RecordLoginSuccess(uint16_t port, std::string_view user);

  // CSRF token bound to `binding` (the pre-login id or the session id) and its purpose.
  std::string CsrfToken(std::string_view purpose, std::string_view binding) const;
  bool CsrfValid(std::string_view purpose, std::string_view binding, std::string_view token) const;

 private:
  struct SessionEntry {
    AuthSession session;
    int uses = 0;
  };
  // Counts one use of a session or token; false when it is (now) used up.
  bool CountUse(int& uses) const;

  const Options& opt_;
  const std::string jwt_secret_;   // 32 random bytes, or kWeakJwtSecret with jwt-weak
  const std::string csrf_secret_;  // 32 random bytes

  std::mutex mu_;
  std::map<std::string, SessionEntry, std::less<>> sessions_;
  std::deque<std::string> session_order_;  // oldest first, for the size cap
  long next_weak_id_ = 100001;
  std::map<std::string, int, std::less<>> token_uses_;  // by jti (--session-max-requests)
  std::set<std::string, std::less<>> spent_tokens_;     // jti of tokens used up
  std::map<std::pair<uint16_t, std::string>, std::deque<std::chrono::steady_clock::time_point>>
      failures_;
};

// Helpers shared with auth_pages.cc and the tests of the members area.

// RFC 4648 base64 or base64url decoding (padding optional); nullopt on bad input.
std::optional<std::string> Base64Decode(std::string_view in, bool url);
// HMAC-SHA256 of `data` under `key` (raw bytes).
std::string HmacSha256(std::string_view key, std::string_view data);
// Constant-time equality.
bool SafeEquals(std::string_view a, std::string_view b);

// A flat JSON object: string, number, true/false/null members (numbers and literals kept as
// their text); nested objects and arrays are refused. nullopt when `text` is not one.
using FlatJson = std::map<std::string, std::pair<bool, std::string>, std::less<>>;  // is_string
std::optional<FlatJson> ParseFlatJson(std::string_view text);

// The --list-auth document (see README.md).
std::string AuthListJson(const Options& opt);

}  // namespace testbed
