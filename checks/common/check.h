// The check interface: passive checks inspect exchanges, active checks send probes.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/finding.h"
#include "scanner/base/html.h"
#include "scanner/base/http.h"
#include "scanner/base/policy.h"

namespace gapscan {

// Static description of a check; one per check file, listed in the registry table.
struct CheckInfo {
  std::string_view id;  // stable kebab-case id, e.g. "csp-missing"
  std::string_view title;
  CheckKind kind;
  int cwe;
  Severity severity;  // default severity
  Confidence confidence;
  std::string_view description;
  std::string_view remediation;
  std::vector<std::string_view> references;
  // Active checks: the most requests the check may send per origin (calibration requests of
  // the shared soft-404 oracle are counted apart). The scan refuses requests beyond it.
  int request_budget = 0;
};

// Scan-wide tunables that some checks read (set from the command line).
struct CheckSettings {
  // cookie-long-lived-session: a session cookie living longer than this is reported.
  // 12 hours: ASVS 4.0 3.3.2 (L2) re-authenticates after 12 hours; a day-long session id is
  // reported.
  std::int64_t session_cookie_max_lifetime_s = 12 * 3600;
  // tls-cert-expiring: certificates expiring within this many days are reported.
  int tls_expiring_days = 30;
  // http-methods-unsafe: may PUT (then DELETE) a random file to prove uploads (--unsafe-methods).
  bool unsafe_methods = false;
  // default-credentials: may try vendor default logins (off with --no-credential-probes).
  bool credential_probes = true;
  // exposed-backup: crawled pages whose backup copies (~, .bak, ...) are probed, at most.
  int max_backup_pages = 10;
  // policy-violation: the policy file's intended state (null: nothing to verify).
  std::shared_ptr<const IntendedState> intended_state;
  // Checks that stress a login (login-no-rate-limit) run only with --intrusive.
  bool intrusive = false;
  // login-no-rate-limit: failed logins sent in the burst (--login-burst).
  int login_burst = 20;
  // user-enumeration: a user name that exists (--known-user; default: the login's user).
  std::string known_user;
};

// What a passive check sees: one exchange and, for HTML responses, the parsed document.
struct PassiveContext {
  const Exchange& exchange;
  const HtmlDocument* html;                 // null when the response is not HTML
  const CheckSettings* settings = nullptr;  // null in unit tests: defaults apply
};

// The settings in force for a passive check (defaults when the context carries none).
const CheckSettings& settings_of(const PassiveContext& ctx);

class PassiveCheck {
 public:
  virtual ~PassiveCheck() = default;
  // Called from worker threads: must not keep mutable state.
  virtual void inspect(const PassiveContext& ctx, FindingSink& sink) const = 0;
};

// How active checks send their own requests. The real one goes through the engine (scope,
// rate limit and connection caps apply); tests use fakes.
class Fetcher {
 public:
  virtual ~Fetcher() = default;
  // Blocking; returns the exchange (with error set on transport failure or refusal).
  virtual Exchange fetch(const HttpRequest& request) = 0;
  // Sends all requests concurrently (within the engine's caps); results in input order.
  virtual std::vector<Exchange> fetch_all(const std::vector<HttpRequest>& requests) = 0;
};

class NotFoundOracle;  // checks/exposure/not_found.h: the shared soft-404 calibration
class TlsPostures;     // checks/tls/tls_probe.h: the scan's TLS postures, one per host:port
class Session;         // scanner/session.h: one identity (credentials, login, cookie jar)
class LoginLedger;     // scanner/login_ledger.h: failed logins per (host, account), scan-wide

// What the crawl saw at one URL (active checks pick their probe targets from these).
struct CrawledPage {
  std::string url;
  long status = 0;
  std::string media_type;        // "text/html", lower-case, no parameters
  std::string www_authenticate;  // first WWW-Authenticate header, if any
  std::string location;          // Location header of a redirect, as sent
  std::string initiator = {};    // how the crawl came to it: "seed", "link", "robots", ...
};

// One identity's crawl of an origin (authenticated scans).
struct IdentityCrawl {
  std::shared_ptr<Session> session;  // its credentials and login; anonymous() for the
                                     // comparison crawl without credentials
  std::vector<CrawledPage> pages;    // what this identity's crawl reached here, sorted by URL
};

// What the scan knows about its identities, for the checks a login enables.
struct AuthContext {
  // Primary identity first (the crawl active checks use; the fetcher sends its credentials),
  // then the other identities of the policy file, then the anonymous comparison crawl.
  std::vector<IdentityCrawl> identities;
  // URLs of this origin the crawls did not request because they look like logout or
  // destructive actions (--auth-exclude); e.g. the logout link.
  std::vector<std::string> excluded_urls;
};

// What an active check is given for one origin.
struct ActiveContext {
  std::string origin;                     // "https://example.com"
  std::vector<std::string> crawled_urls;  // in-scope URLs of this origin the crawl reached
  Fetcher& fetcher;
  const CheckSettings* settings = nullptr;  // null in unit tests: defaults apply
  // Scan-wide soft-404 calibration; null in unit tests (path probes then calibrate privately).
  NotFoundOracle* not_found = nullptr;
  // The scan's TLS postures (tls-* checks, policy-violation); null: TLS is not probed.
  TlsPostures* tls = nullptr;
  std::vector<CrawledPage> pages = {};         // the crawl's view of this origin, sorted by URL
  std::vector<std::string> scan_origins = {};  // every target origin the scan reached, sorted
  // Identities and their crawls; null when the scan has no credentials (anonymous scan).
  const AuthContext* auth = nullptr;
  // The scan's ledger of login attempts that may fail: a check reserves each such attempt (a
  // guessed or deliberately wrong password) there before sending it, and skips it when the
  // ledger refuses. Null in unit tests (no scan-wide limit).
  LoginLedger* logins = nullptr;
  // Records a scan notification (not a finding); may be empty in unit tests.
  std::function<void(const std::string& code, const std::string& message, const std::string& url)>
      notify = {};
  // Records that the check had nothing to test on this origin and why; may be empty.
  std::function<void(const std::string& why)> not_applicable = {};
};

// The check has nothing to test on this origin (no https, no login, no policy): the JUnit
// report lists it as skipped with `why`, not as a passed test.
void mark_not_applicable(const ActiveContext& ctx, const std::string& why);

// The settings in force for an active check (defaults when the context carries none).
const CheckSettings& settings_of(const ActiveContext& ctx);

class ActiveCheck {
 public:
  virtual ~ActiveCheck() = default;
  // Runs once per origin on a worker thread; may block on the fetcher.
  virtual void run(const ActiveContext& ctx, FindingSink& sink) const = 0;
  // The request budget per origin under these settings; `declared` is CheckInfo's (the
  // budget at default settings). Checks whose work scales with a setting override this.
  virtual int request_budget(const CheckSettings& /*settings*/, int declared) const {
    return declared;
  }
};

// Helper for checks: a finding pre-filled from the check's info and the exchange.
Finding make_finding(const CheckInfo& info, const Exchange& ex);

}  // namespace gapscan
