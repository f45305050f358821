#include "scanner/finding_collector.h"

#include <algorithm>
#include <tuple>

#include "scanner/base/text.h"
#include "scanner/base/url.h"

namespace gapscan {

namespace {
// Findings carry URLs the crawler already normalized, so plain string splitting is enough here
// (this runs for every report of every passive check: no URL parser on the hot path).
std::string origin_prefix(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return origin_of(url);
  return url.substr(0, url.find('/', scheme_end + 3));
}

// The URL reduced to what identifies an endpoint: query values (session ids, nonces, cache
// busters) are dropped, parameter names kept in sorted order.
std::string endpoint_of(const std::string& url) {
  const auto cut = url.find_first_of("?#");
  std::string out = url.substr(0, cut);
  if (cut == std::string::npos || url[cut] == '#') return out;
  auto query = std::string_view(url).substr(cut + 1);
  query = query.substr(0, query.find('#'));
  if (query.empty()) return out;
  std::vector<std::string> names;
  for (auto part : split(query, '&')) names.emplace_back(part.substr(0, part.find('=')));
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  out += '?';
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += '&';
    out += names[i];
  }
  return out;
}

std::string entry_key(const Finding& f) {
  if (f.per_origin) return f.check_id + '\x1f' + origin_prefix(f.url) + '\x1f' + f.key;
  return f.check_id + '\x1f' + f.method + '\x1f' + endpoint_of(f.url) + '\x1f' + f.parameter +
         '\x1f' + f.key;
}
}  // namespace

std::string finding_fingerprint(const Finding& f) {
  const std::string where = f.per_origin ? origin_prefix(f.url) : endpoint_of(f.url);
  return sha256_hex(f.check_id + '\n' + (f.per_origin ? "" : f.method) + '\n' + where + '\n' +
                    f.parameter + '\n' + f.key)
      .substr(0, 32);
}

void FindingCollector::report(Finding finding) {
  std::lock_guard lock(mu_);
  const std::string key = entry_key(finding);
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    finding.fingerprint = finding_fingerprint(finding);
    Entry entry{finding, {finding.url}};
    auto [pos, inserted] = entries_.emplace(key, std::move(entry));
    (void)inserted;
    if (hook_) hook_(pos->second.finding);
    return;
  }
  Entry& e = it->second;
  e.urls.insert(finding.url);
  // The representative is the smallest URL, so the report does not depend on crawl order.
  if (finding.url < e.finding.url) {
    finding.fingerprint = e.finding.fingerprint;
    e.finding = std::move(finding);
  }
}

std::size_t FindingCollector::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

std::vector<Finding> FindingCollector::results() const {
  std::lock_guard lock(mu_);
  std::vector<Finding> out;
  out.reserve(entries_.size());
  for (const auto& [key, e] : entries_) {
    Finding f = e.finding;
    f.affected_count = e.urls.size();
    if (f.per_origin) {
      for (const auto& u : e.urls) {
        if (f.affected_urls.size() >= kMaxSampleUrls) break;
        f.affected_urls.push_back(u);
      }
    }
    out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.check_id, a.url, a.method, a.parameter, a.key) <
           std::tie(b.check_id, b.url, b.method, b.parameter, b.key);
  });
  return out;
}

void NotificationLog::add(std::string level, std::string code, std::string message,
                          std::string url) {
  std::lock_guard lock(mu_);
  auto key = std::make_pair(code, url);
  auto it = items_.find(key);
  if (it != items_.end()) {
    ++it->second.count;
    return;
  }
  if (items_.size() >= kMaxDistinct) {
    ++dropped_;
    return;
  }
  items_.emplace(std::move(key), Notification{std::move(level), std::move(code), std::move(message),
                                              std::move(url), 1});
}

std::vector<Notification> NotificationLog::sorted() const {
  std::lock_guard lock(mu_);
  std::vector<Notification> out;
  for (const auto& [key, n] : items_) out.push_back(n);
  if (dropped_ > 0) {
    out.push_back({"warning", "notifications-capped",
                   std::to_string(dropped_) + " further notifications were not recorded", "",
                   dropped_});
  }
  return out;
}

std::size_t NotificationLog::count(const std::string& code) const {
  std::lock_guard lock(mu_);
  std::size_t n = 0;
  for (const auto& [key, item] : items_) {
    if (item.code == code) n += item.count;
  }
  return n;
}

}  // namespace gapscan
