// Thread-safe sink that deduplicates findings, merges site-wide ones per origin, and gives
// each a stable fingerprint. Also collects scan notifications, counted rather than repeated.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "reports/reporter.h"
#include "scanner/base/finding.h"

namespace gapscan {

// Stable fingerprint: check, method, URL without query values or fragment, parameter, key.
std::string finding_fingerprint(const Finding& f);

class FindingCollector : public FindingSink {
 public:
  static constexpr std::size_t kMaxSampleUrls = 10;

  // Called (under the collector's lock) the first time a distinct finding appears.
  using NewFindingHook = std::function<void(const Finding&)>;
  explicit FindingCollector(NewFindingHook hook = {}) : hook_(std::move(hook)) {}

  void report(Finding finding) override;
  std::size_t size() const;
  // All findings, merged, sorted by check id, URL, method, parameter and key.
  std::vector<Finding> results() const;

 private:
  struct Entry {
    Finding finding;
    std::set<std::string> urls;  // every distinct URL (for the exact count)
  };
  mutable std::mutex mu_;
  std::map<std::string, Entry> entries_;
  NewFindingHook hook_;
};

class NotificationLog {
 public:
  static constexpr std::size_t kMaxDistinct = 2000;
  void add(std::string level, std::string code, std::string message, std::string url);
  std::vector<Notification> sorted() const;
  std::size_t count(const std::string& code) const;

 private:
  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, Notification> items_;  // (code, url)
  std::size_t dropped_ = 0;
};

}  // namespace gapscan
