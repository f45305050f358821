// The scan's ledger of login attempts that may fail, shared by every check and login: at most
// `limit` (kMaxFailedLogins, --max-failed-logins) failed or possibly failed login attempts per
// account per host per scan, so that a scan never locks an account out.
//
// Keyed by (host, account): the host without scheme or port (http and https of one server,
// or two ports of it, usually share one user database) and the account name, lower-cased
// (many applications compare user names without case). A check reserves attempts before it
// sends a login that may fail (a guessed password, a deliberately wrong one, a random user
// name) and releases one only when it proved a success; an attempt whose outcome is unclear
// keeps counting. The identity's own real logins are not reserved: they count only when they
// fail (record_failure). The accounts of the scan's identities are protected: guesses for them
// stop one short of the limit, so that the identity's own logins (a re-login, a session
// check's extra login with the real password) always have the last attempt. Thread-safe.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace gapscan {

// Failed or possibly failed login attempts allowed per account per host per scan (the most
// conservative lockout thresholds in common use lock on the third or fourth failure).
inline constexpr int kMaxFailedLogins = 3;

class LoginLedger {
 public:
  // Told of every refusal (check or login, URL, account, message); the scan records it as a
  // counted notification (lockout-limit-held).
  using OnRefused = std::function<void(const std::string& url, const std::string& message)>;

  explicit LoginLedger(int limit = kMaxFailedLogins, OnRefused on_refused = {});

  int limit() const { return limit_; }

  // Before sending `n` login attempts for `account` at `url` that may fail: reserves them, all
  // or none. False when they would take the account past the limit on that host: then nothing
  // may be sent, and the refusal is reported (`who` names the check).
  bool reserve(std::string_view who, std::string_view url, std::string_view account, int n = 1);
  // The same for a login with the account's real password (a check's extra login as the
  // identity): it may take a protected account's last attempt. It is pending until
  // release_real(); a failure is recorded by the login itself (record_failure).
  bool reserve_real(std::string_view who, std::string_view url, std::string_view account);
  void release_real(std::string_view url, std::string_view account);
  // A reservation that does not fit now but would once the pending real-password logins are
  // through (they usually succeed, and then do not count) waits for them instead of being
  // refused: checks run concurrently, and a refusal would lose the probe for nothing.
  // `account` on the URL's host is an identity's own: guesses leave it one attempt.
  void protect(std::string_view url, std::string_view account);
  // A reserved attempt proved a successful login: it no longer counts.
  void release(std::string_view url, std::string_view account, int n = 1);
  // A login that was not reserved (the identity's own login) failed, or may have: it counts,
  // whatever the limit.
  void record_failure(std::string_view url, std::string_view account);
  // Attempts sent past the limit with the user's explicit opt-in (--intrusive's burst against
  // a user name that does not exist): recorded, never refused.
  void record_opted_in(std::string_view url, std::string_view account, int n = 1);

  // Failed or possibly failed attempts counted for the account on the URL's host.
  int count(std::string_view url, std::string_view account) const;
  // The most any account reached on any host (tests, diagnostics).
  int max_count() const;

  // The ledger's key of a URL: its host, lower-case ("127.0.0.1", "example.com"); the text
  // itself when it is not a URL.
  static std::string host_of(std::string_view url);

 private:
  using Key = std::pair<std::string, std::string>;  // host, account (lower-case)
  static Key key(std::string_view url, std::string_view account);
  bool reserve(std::string_view who, std::string_view url, std::string_view account, int n,
               bool real);

  const int limit_;
  const OnRefused on_refused_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::map<Key, int> counts_;
  std::map<Key, int> pending_real_;
  std::set<Key> protected_;
};

}  // namespace gapscan
