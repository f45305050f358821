// One identity the scan acts as: static credential headers and/or a login (form or JSON), with
// its own cookie jar. Thread-safe: the crawler reads credentials on the io thread while checks
// and re-logins run on workers.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "checks/common/check.h"
#include "scanner/base/pattern.h"
#include "scanner/base/url.h"
#include "scanner/cookie_jar.h"
#include "scanner/login_flow.h"
#include "scanner/login_ledger.h"
#include "scanner/secret_scrubber.h"

namespace gapscan {

struct IdentityConfig {
  std::string name = "default";
  HeaderList headers;                // static credential headers (already ${VAR}-expanded)
  std::optional<LoginConfig> login;  // log in before the crawl
  std::string check_url;             // GET after each login: must not look logged out
  std::string logout_url;            // session-not-invalidated; never crawled
  std::vector<std::string> secrets;  // values that are not header values (passwords)
};

class Session {
 public:
  // `ledger` (may be null): where a login of this identity that fails is counted (the scan's
  // limit of failed logins per account and host).
  Session(IdentityConfig config, SecretSet& secrets, int max_relogins = 10,
          LoginLedger* ledger = nullptr);

  const IdentityConfig& config() const { return config_; }
  const std::string& name() const { return config_.name; }
  bool has_login() const { return config_.login.has_value(); }
  // No credentials at all: the anonymous comparison identity.
  bool anonymous() const { return config_.headers.empty() && !config_.login; }

  // Logs in (blocking, through `fetcher`); "" on success, else why not (never a secret).
  std::string log_in(Fetcher& fetcher, std::int64_t now_unix);
  // A response suggested the session is gone: logs in again, unless another caller already did
  // since `generation` (then `ok` at once). `exhausted` once --max-relogins is used up (pages
  // that always send to the login page, not a lost login); `failed` when the login itself
  // fails (`error` says why). Either way no later call logs in again.
  enum class Relogin { ok, exhausted, failed };
  Relogin relogin(Fetcher& fetcher, std::uint64_t generation, std::int64_t now_unix,
                  std::string* error);
  std::uint64_t generation() const;
  int relogins() const;

  // The credential headers for a request to `to`: static headers, the jar's cookies, the token.
  // Callers check that `to` may receive credentials (Scope::may_receive_credentials).
  HeaderList credentials_for(const Url& to, std::int64_t now_unix) const;
  // Keeps the cookies a response to an authenticated request set (sessions that rotate ids).
  // `generation` is the session's generation when that request was sent: an answer to a
  // request of an older session (say its late "sid=; Max-Age=0") must not touch the new one.
  void store_cookies(const Url& from, const HttpResponse& response, std::int64_t now_unix,
                     std::uint64_t generation);
  // Whether the answer to an authenticated request says the session is gone: a redirect to the
  // login page, a 401 without a Basic/Digest challenge, or --logged-out-regex on the body.
  bool looks_logged_out(const Exchange& ex) const;

  // Whether the answer to the check URL says logged in: 2xx, not looks_logged_out, and
  // --logged-in-regex matching when given.
  bool check_answer_ok(const Exchange& ex) const;

  // The first successful login's outcome (exchanges for checks), or nullopt.
  std::optional<LoginOutcome> first_login() const;
  // An independent login into `jar` (checks: fixation, cookie entropy, logout). The requests go
  // without the scan's own credentials; secrets it produces are scrubbed too.
  LoginOutcome fresh_login(Fetcher& fetcher, CookieJar& jar, std::int64_t now_unix) const;

 private:
  LoginOutcome attempt(Fetcher& fetcher, CookieJar& jar, std::int64_t now_unix) const;
  std::string verify(Fetcher& fetcher, const CookieJar& jar, const HeaderList& token,
                     std::int64_t now_unix) const;

  const IdentityConfig config_;
  Pattern logged_in_;   // --logged-in-regex, compiled
  Pattern logged_out_;  // --logged-out-regex, compiled
  SecretSet& secrets_;
  const int max_relogins_;
  LoginLedger* const ledger_;
  mutable std::mutex mu_;  // guards what follows; taken before jar_'s own lock, never after
  CookieJar jar_;          // replaced whole by a login that succeeded, never cleared in between
  HeaderList token_headers_;
  std::optional<LoginOutcome> first_;
  std::uint64_t generation_ = 0;
  int relogins_ = 0;
  bool failed_ = false;
  std::mutex login_mu_;  // one login at a time
};

// Unix time now (seconds).
std::int64_t unix_now();

}  // namespace gapscan
