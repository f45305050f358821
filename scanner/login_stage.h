// Stage: log in. The identities the scan acts as (the primary one first; with any credentials,
// an anonymous comparison identity too), each logged in before any crawl starts. Later, when a
// crawl or a check finds its session gone, the identity is logged in again from here.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "scanner/crawler.h"
#include "scanner/passive_stage.h"
#include "scanner/scan_context.h"
#include "scanner/session.h"

namespace gapscan {

class LoginStage {
 public:
  explicit LoginStage(ScanContext& scan);

  // Primary identity first; empty for an anonymous scan without credentials.
  const std::vector<std::shared_ptr<Session>>& sessions() const { return sessions_; }
  const Session* primary() const { return sessions_.empty() ? nullptr : sessions_.front().get(); }
  bool any_credentials() const { return any_credentials_; }
  bool any_login() const { return any_login_; }

  // Io thread. Logs every identity that has a login in, one after another on a worker; the
  // logins' own exchanges go to `passive`. Then, back on the io thread, `then()`; or, when a
  // login failed, records why (login-failed, exit code 3) and calls `failed()`.
  void run(const PassiveStage& passive, std::function<void()> then, std::function<void()> failed);

  // Worker threads: logs `session` in again after it was lost (blocking). Whether a session is
  // now held.
  bool relogin(Session& session, std::uint64_t generation);
  // For a crawler on the io thread: the same on a worker, `done` called back on the io thread.
  ReloginFn relogin_from_io(std::shared_ptr<Session> session);

  std::uint64_t requests() const { return login_requests_; }
  // Why a login, or a re-login during the scan, failed; "" when none did.
  std::string error() const;

 private:
  void set_error(std::string why);

  ScanContext& scan_;
  std::vector<std::shared_ptr<Session>> sessions_;
  bool any_credentials_ = false;
  bool any_login_ = false;
  std::atomic<std::uint64_t> login_requests_{0};
  std::atomic<bool> session_lost_noted_{false};
  mutable std::mutex error_mu_;
  std::string error_;
};

}  // namespace gapscan
