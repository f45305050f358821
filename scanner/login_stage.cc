#include "scanner/login_stage.h"

#include <algorithm>
#include <optional>

#include "scanner/engine_fetcher.h"

namespace gapscan {

namespace {

// The identities of the options; without any, one made of the crawl's static headers (none:
// anonymous).
std::vector<IdentityConfig> identity_configs(const ScanOptions& options) {
  std::vector<IdentityConfig> configs = options.identities;
  if (configs.empty() && !options.crawl.headers.empty()) {
    IdentityConfig c;
    c.headers = options.crawl.headers;
    c.secrets = options.secrets;
    configs.push_back(std::move(c));
  }
  return configs;
}

}  // namespace

LoginStage::LoginStage(ScanContext& scan) : scan_(scan) {
  for (auto& c : identity_configs(scan.options)) {
    sessions_.push_back(
        std::make_shared<Session>(c, scan.secrets, scan.options.max_relogins, &scan.logins));
  }
  any_credentials_ = std::any_of(sessions_.begin(), sessions_.end(),
                                 [](const auto& s) { return !s->anonymous(); });
  const bool has_anonymous =
      std::any_of(sessions_.begin(), sessions_.end(), [](const auto& s) { return s->anonymous(); });
  if (any_credentials_ && !has_anonymous) {
    IdentityConfig anonymous;
    anonymous.name = "anonymous";
    sessions_.push_back(std::make_shared<Session>(anonymous, scan.secrets));
  }
  any_login_ =
      std::any_of(sessions_.begin(), sessions_.end(), [](const auto& s) { return s->has_login(); });
}

void LoginStage::run(const PassiveStage& passive, std::function<void()> then,
                     std::function<void()> failed) {
  if (!any_login_) {
    scan_.io.post(std::move(then));
    return;
  }
  scan_.workers.post([this, &passive, then = std::move(then), failed = std::move(failed)] {
    std::string error;
    for (const auto& session : sessions_) {
      if (!session->has_login()) continue;
      try {
        EngineFetcher fetcher(scan_.io.context(), scan_.engine, scan_.scope, nullptr,
                              scan_.stopping, login_requests_);
        if (std::string why = session->log_in(fetcher, unix_now()); !why.empty()) {
          error = "identity '" + session->name() + "': " + why;
          break;
        }
        // The login's own requests get the passive checks (login form over http, cookies).
        const std::optional<LoginOutcome> first = session->first_login();
        for (Exchange ex : first ? first->exchanges : std::vector<Exchange>{}) {
          if (!ex.ok()) continue;
          ex.initiator = "login";
          passive.inspect(ex);
        }
      } catch (const std::exception& e) {
        // Nothing may escape a pool thread; a login that cannot run has failed.
        error = "identity '" + session->name() + "': " + e.what();
        break;
      }
    }
    scan_.io.post([this, error, then, failed] {
      if (error.empty()) {
        then();
        return;
      }
      // A failed login ends the scan instead of letting it go on silently as an anonymous scan.
      scan_.notes.add("error", "login-failed", "login failed: " + error, "");
      set_error(error);
      scan_.summary.completed = false;
      failed();
    });
  });
}

bool LoginStage::relogin(Session& session, std::uint64_t generation) {
  EngineFetcher fetcher(scan_.io.context(), scan_.engine, scan_.scope, nullptr, scan_.stopping,
                        login_requests_);
  std::string error;
  const std::uint64_t before = session.generation();
  const Session::Relogin r = session.relogin(fetcher, generation, unix_now(), &error);
  const bool ok = r == Session::Relogin::ok;
  if (ok && session.generation() != before) {
    scan_.notes.add("note", "relogin",
                    "the session of identity '" + session.name() +
                        "' was lost during the scan; logged in again",
                    "");
  }
  if (r == Session::Relogin::exhausted) {
    // Pages that keep sending to the login page while logged in (re-authentication steps)
    // are not a lost login: note it once and go on without re-logging in.
    scan_.notes.add("warning", "relogin-limit",
                    "identity '" + session.name() + "': " + error +
                        "; pages answering with the login page were skipped",
                    "");
  }
  if (r == Session::Relogin::failed && !session_lost_noted_.exchange(true)) {
    const std::string why = "identity '" + session.name() +
                            "': the session was lost and logging in again failed: " + error;
    scan_.notes.add("error", "session-lost", why, "");
    set_error(why);
  }
  return ok;
}

ReloginFn LoginStage::relogin_from_io(std::shared_ptr<Session> session) {
  // Never on the io thread itself: the login needs it to send its requests.
  return [this, session](std::uint64_t generation, std::function<void(bool)> done) {
    scan_.workers.post([this, session, generation, done] {
      bool ok = false;
      try {
        ok = relogin(*session, generation);
      } catch (const std::exception& e) {
        scan_.notes.add("error", "session-lost",
                        "identity '" + session->name() + "': logging in again failed: " + e.what(),
                        "");
      }
      scan_.io.post([done, ok] { done(ok); });
    });
  };
}

std::string LoginStage::error() const {
  std::lock_guard lock(error_mu_);
  return error_;
}

void LoginStage::set_error(std::string why) {
  std::lock_guard lock(error_mu_);
  error_ = std::move(why);
}

}  // namespace gapscan
