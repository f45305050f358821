#include "scanner/engine_fetcher.h"

#include <boost/asio/post.hpp>
#include <future>

#include "scanner/base/url.h"
#include "scanner/session.h"
#include "scanner/state_safety.h"

namespace gapscan {

namespace asio = boost::asio;

EngineFetcher::EngineFetcher(asio::io_context& io, Engine& engine, const Scope& scope,
                             const Session* session, const std::atomic<bool>& stopping,
                             std::atomic<std::uint64_t>& counter, int budget, Relogin relogin)
    : io_(io),
      engine_(engine),
      scope_(scope),
      session_(session),
      stopping_(stopping),
      counter_(counter),
      budget_(budget),
      relogin_(std::move(relogin)) {}

Exchange EngineFetcher::fetch(const HttpRequest& request) { return fetch_all({request}).front(); }

std::vector<Exchange> EngineFetcher::fetch_all(const std::vector<HttpRequest>& requests) {
  const std::uint64_t generation = session_ != nullptr ? session_->generation() : 0;
  std::vector<Exchange> out = send_all(requests);
  if (!relogin_ || session_ == nullptr || !session_->has_login()) return out;
  // Requests answered "logged out" go once more after a re-login (the session expired, or
  // the server ended it, while the check was probing).
  std::vector<std::size_t> lost;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (!requests[i].without_credentials && session_->looks_logged_out(out[i])) lost.push_back(i);
  }
  if (lost.empty() || !relogin_(generation)) return out;
  std::vector<HttpRequest> again;
  for (std::size_t i : lost) again.push_back(requests[i]);
  std::vector<Exchange> retried = send_all(again);
  for (std::size_t k = 0; k < lost.size(); ++k) out[lost[k]] = std::move(retried[k]);
  return out;
}

std::vector<Exchange> EngineFetcher::send_all(const std::vector<HttpRequest>& requests) {
  std::vector<std::promise<Exchange>> promises(requests.size());
  std::vector<std::future<Exchange>> futures;
  for (auto& p : promises) futures.push_back(p.get_future());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    HttpRequest req = requests[i];
    const auto url = parse_url(req.url);
    Exchange refused;
    refused.request = req;
    // A raw path must still start with the exact origin we checked, so that libcurl cannot
    // read a different authority out of it than we did.
    const bool raw_ok = !req.path_as_is || (url && req.url.starts_with(url->origin() + "/"));
    if (!url || !scope_.allows(*url) || !raw_ok) {
      refused.error = "refused: out of scope";
      promises[i].set_value(std::move(refused));
      continue;
    }
    if (req.credentials_in_body && !scope_.may_receive_credentials(*url)) {
      refused.error = "refused: " + url->origin() +
                      " is not a target's origin, and credentials only go to the targets' origins";
      promises[i].set_value(std::move(refused));
      continue;
    }
    if (safety_ != nullptr && session_ != nullptr && session_->has_login() &&
        !req.without_credentials) {
      if (const std::string why = safety_->refusal(*url, ""); !why.empty()) {
        refused.error = "refused: looks like it changes state while logged in (" + why + ")";
        promises[i].set_value(std::move(refused));
        continue;
      }
    }
    if (stopping_) {
      refused.error = "cancelled";
      promises[i].set_value(std::move(refused));
      continue;
    }
    if (budget_ > 0) {  // (the shared calibration fetcher has none: no shared counter)
      if (sent_ >= budget_) {
        budget_hit_ = true;
        refused.error = "refused: request budget exhausted";
        promises[i].set_value(std::move(refused));
        continue;
      }
      ++sent_;
    }
    if (!req.path_as_is) req.url = url->to_string();
    if (session_ != nullptr && !req.without_credentials && scope_.may_receive_credentials(*url)) {
      // A probe that sets a header itself (default-credentials' Authorization) keeps it.
      for (const auto& h : session_->credentials_for(*url, unix_now())) {
        if (!has_header(req.headers, h.name)) {
          req.headers.push_back(h);
          req.carries_credentials = true;
        }
      }
    }
    ++counter_;
    ++sent_total_;
    asio::post(io_, [this, req = std::move(req), p = &promises[i]]() mutable {
      engine_.submit(std::move(req), [p](Exchange ex) { p->set_value(std::move(ex)); });
    });
  }
  std::vector<Exchange> out;
  out.reserve(futures.size());
  for (auto& f : futures) out.push_back(f.get());
  return out;
}

}  // namespace gapscan
