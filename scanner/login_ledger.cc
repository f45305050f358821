#include "scanner/login_ledger.h"

#include <algorithm>

#include "scanner/base/text.h"
#include "scanner/base/url.h"

namespace gapscan {

LoginLedger::LoginLedger(int limit, OnRefused on_refused)
    : limit_(std::max(0, limit)), on_refused_(std::move(on_refused)) {}

std::string LoginLedger::host_of(std::string_view url) {
  if (const auto u = parse_url(url)) return u->host;
  return to_lower(url);
}

LoginLedger::Key LoginLedger::key(std::string_view url, std::string_view account) {
  return {host_of(url), to_lower(account)};
}

void LoginLedger::protect(std::string_view url, std::string_view account) {
  std::lock_guard lock(mu_);
  protected_.insert(key(url, account));
}

bool LoginLedger::reserve(std::string_view who, std::string_view url, std::string_view account,
                          int n) {
  return reserve(who, url, account, n, false);
}

bool LoginLedger::reserve_real(std::string_view who, std::string_view url,
                               std::string_view account) {
  return reserve(who, url, account, 1, true);
}

bool LoginLedger::reserve(std::string_view who, std::string_view url, std::string_view account,
                          int n, bool real) {
  if (n <= 0) return true;
  Key k = key(url, account);
  int before = 0;
  bool kept = false;  // refused only to keep the identity's last attempt
  {
    std::unique_lock lock(mu_);
    const int room = real || protected_.count(k) == 0 ? limit_ : limit_ - 1;
    for (;;) {
      int& c = counts_[k];
      int& pending = pending_real_[k];
      if (c + pending + n <= room) {
        (real ? pending : c) += n;
        return true;
      }
      if (pending == 0 || c + n > room) {
        kept = c + n <= limit_;
        before = c;
        break;
      }
      changed_.wait(lock);  // a real-password login is under way: its outcome decides
    }
  }
  if (on_refused_) {
    const std::string attempts = n == 1 ? "a login attempt" : std::to_string(n) + " login attempts";
    on_refused_(std::string(url),
                std::string(who) + ": " + attempts + " for account '" + std::string(account) +
                    "' on host " + k.first + " not sent: the lockout limit held (" +
                    std::to_string(before) + " failed or possibly failed logins already, at most " +
                    std::to_string(limit_) +
                    " per account per host per scan across all checks, --max-failed-logins" +
                    (kept ? "; the last one is kept for the identity's own login" : "") + ")");
  }
  return false;
}

void LoginLedger::release(std::string_view url, std::string_view account, int n) {
  {
    std::lock_guard lock(mu_);
    auto it = counts_.find(key(url, account));
    if (it == counts_.end()) return;
    it->second = std::max(0, it->second - n);
  }
  changed_.notify_all();
}

void LoginLedger::release_real(std::string_view url, std::string_view account) {
  {
    std::lock_guard lock(mu_);
    auto it = pending_real_.find(key(url, account));
    if (it == pending_real_.end()) return;
    it->second = std::max(0, it->second - 1);
  }
  changed_.notify_all();
}

void LoginLedger::record_failure(std::string_view url, std::string_view account) {
  record_opted_in(url, account, 1);
}

void LoginLedger::record_opted_in(std::string_view url, std::string_view account, int n) {
  if (n <= 0) return;
  {
    std::lock_guard lock(mu_);
    counts_[key(url, account)] += n;
  }
  changed_.notify_all();
}

int LoginLedger::count(std::string_view url, std::string_view account) const {
  std::lock_guard lock(mu_);
  auto it = counts_.find(key(url, account));
  return it == counts_.end() ? 0 : it->second;
}

int LoginLedger::max_count() const {
  std::lock_guard lock(mu_);
  int m = 0;
  for (const auto& [k, c] : counts_) m = std::max(m, c);
  return m;
}

}  // namespace gapscan
