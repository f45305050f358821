#include "scanner/scope.h"

namespace gapscan {

namespace {
bool host_is_or_under(const std::string& host, const std::string& parent) {
  if (host == parent) return true;
  return host.size() > parent.size() + 1 &&
         host.compare(host.size() - parent.size(), parent.size(), parent) == 0 &&
         host[host.size() - parent.size() - 1] == '.';
}
}  // namespace

Scope::Scope(const std::vector<Url>& targets, ScopeMode mode,
             const std::vector<std::string>& include, const std::vector<std::string>& exclude)
    : targets_(targets), mode_(mode) {
  for (const auto& t : targets_) target_origins_.insert(t.origin());
  for (const auto& r : include) include_.emplace_back(r);
  for (const auto& r : exclude) exclude_.emplace_back(r);
}

bool Scope::allows(const Url& url) const {
  const std::string text = url.to_string();
  for (const auto& r : exclude_) {
    if (r.search(text)) return false;
  }
  for (const auto& r : include_) {
    if (r.search(text)) return true;
  }
  for (const auto& t : targets_) {
    switch (mode_) {
      case ScopeMode::origin:
        if (url.origin() == t.origin()) return true;
        break;
      case ScopeMode::subdomains:
        // Either scheme: an http page of an https site is still the same site.
        if (host_is_or_under(url.host, t.host)) return true;
        break;
      case ScopeMode::prefix:
        if (url.origin() == t.origin() && url.path.rfind(t.directory(), 0) == 0) return true;
        break;
    }
  }
  return false;
}

bool Scope::may_receive_credentials(const Url& url) const {
  return target_origins_.count(url.origin()) > 0;
}

}  // namespace gapscan
