// The Fetcher the scan gives to logins and active checks: their requests go through the
// engine on the io thread while the calling worker blocks on futures. Scope, the per-check
// request budget, cancellation and the identity's credentials are enforced here, not trusted
// to each check.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <vector>

#include "checks/common/check.h"
#include "scanner/engine.h"
#include "scanner/scope.h"

namespace gapscan {

class Session;
class StateSafety;

class EngineFetcher : public Fetcher {
 public:
  // Logs `session` in again after it was lost (blocking); whether a session is now held.
  using Relogin = std::function<bool(std::uint64_t generation)>;

  // `session` (may be null) supplies the credentials added to requests within scope; a
  // response saying that session is gone triggers `relogin` and one retry. `budget` > 0 caps
  // the requests this fetcher sends (one check on one origin); every request sent is counted
  // in `counter`.
  EngineFetcher(boost::asio::io_context& io, Engine& engine, const Scope& scope,
                const Session* session, const std::atomic<bool>& stopping,
                std::atomic<std::uint64_t>& counter, int budget = 0, Relogin relogin = {});

  // While the session's credentials go with a request, URLs `safety` says change state (log
  // out, delete, reset, ...) are refused: the crawl never requests them, and a probe built from
  // a page's links must not either (an open-redirect probe of MediaWiki's
  // Special:UserLogout?returnto= logged the scan out).
  void set_state_safety(const StateSafety* safety) { safety_ = safety; }

  bool budget_exhausted() const { return budget_hit_; }
  // Requests this fetcher sent (those refused by scope, budget or cancellation not counted).
  std::uint64_t sent() const { return sent_total_; }

  // Worker threads only: they block until the io thread has the answers.
  Exchange fetch(const HttpRequest& request) override;
  std::vector<Exchange> fetch_all(const std::vector<HttpRequest>& requests) override;

 private:
  std::vector<Exchange> send_all(const std::vector<HttpRequest>& requests);

  boost::asio::io_context& io_;
  Engine& engine_;
  const Scope& scope_;
  const Session* session_;
  const std::atomic<bool>& stopping_;
  std::atomic<std::uint64_t>& counter_;
  const int budget_;
  int sent_ = 0;  // budgeted fetchers serve one task on one thread
  // The shared calibration fetcher is used by several workers at once.
  std::atomic<std::uint64_t> sent_total_{0};
  bool budget_hit_ = false;
  Relogin relogin_;
  const StateSafety* safety_ = nullptr;
};

}  // namespace gapscan
