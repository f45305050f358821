#include "scanner/cookie_jar.h"

#include <algorithm>

#include "scanner/base/cookies.h"
#include "scanner/base/text.h"

namespace gapscan {

namespace {

// RFC 6265 §5.1.4 default-path: the request path up to, not including, its last '/'.
std::string default_path(const std::string& path) {
  if (path.empty() || path[0] != '/') return "/";
  const auto last = path.rfind('/');
  return last == 0 ? "/" : path.substr(0, last);
}

bool domain_matches(const std::string& host, const std::string& domain) {
  if (host == domain) return true;
  return host.size() > domain.size() && host.ends_with(domain) &&
         host[host.size() - domain.size() - 1] == '.';
}

bool path_matches(const std::string& request_path, const std::string& cookie_path) {
  if (request_path == cookie_path) return true;
  if (!request_path.starts_with(cookie_path)) return false;
  return cookie_path.ends_with('/') || request_path[cookie_path.size()] == '/';
}

}  // namespace

void CookieJar::store(const Url& from, const HttpResponse& response, std::int64_t now_unix) {
  std::lock_guard lock(mu_);
  for (const std::string* raw : find_headers(response.headers, "Set-Cookie")) {
    const auto c = parse_set_cookie(*raw);
    if (!c || c->name.empty()) continue;
    Entry e;
    e.name = c->name;
    e.value = c->value;
    e.secure = c->secure;
    if (c->domain && !c->domain->empty()) {
      // A Domain that does not cover the host is rejected, as browsers do.
      if (!domain_matches(to_lower(from.host), *c->domain)) continue;
      e.domain = *c->domain;
      e.host_only = false;
    } else {
      e.domain = to_lower(from.host);
    }
    e.path = c->path ? *c->path : default_path(from.path);
    if (c->max_age) {
      e.expires = *c->max_age <= 0 ? -1 : now_unix + *c->max_age;
    } else if (c->expires) {
      e.expires = *c->expires <= now_unix ? -1 : *c->expires;
    }
    if (e.secure && from.scheme != "https") continue;  // only secure origins may set Secure
    std::erase_if(entries_, [&](const Entry& old) {
      return old.name == e.name && old.domain == e.domain && old.path == e.path;
    });
    if (e.expires == -1 || c->is_deletion(now_unix)) continue;
    entries_.push_back(std::move(e));
  }
}

bool CookieJar::matches(const Entry& e, const Url& to, std::int64_t now_unix) const {
  if (e.expires > 0 && e.expires <= now_unix) return false;
  if (e.secure && to.scheme != "https") return false;
  const std::string host = to_lower(to.host);
  if (e.host_only ? host != e.domain : !domain_matches(host, e.domain)) return false;
  return path_matches(to.path.empty() ? "/" : to.path, e.path);
}

std::string CookieJar::header_for(const Url& to, std::int64_t now_unix) const {
  std::lock_guard lock(mu_);
  std::vector<const Entry*> applies;
  for (const Entry& e : entries_) {
    if (matches(e, to, now_unix)) applies.push_back(&e);
  }
  std::stable_sort(applies.begin(), applies.end(),
                   [](const Entry* a, const Entry* b) { return a->path.size() > b->path.size(); });
  std::string out;
  for (const Entry* e : applies) out += (out.empty() ? "" : "; ") + e->name + "=" + e->value;
  return out;
}

std::string CookieJar::value_of(const Url& to, const std::string& name,
                                std::int64_t now_unix) const {
  std::lock_guard lock(mu_);
  for (const Entry& e : entries_) {
    if (e.name == name && matches(e, to, now_unix)) return e.value;
  }
  return "";
}

std::vector<std::string> CookieJar::values() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (const Entry& e : entries_) out.push_back(e.value);
  return out;
}

void CookieJar::clear() {
  std::lock_guard lock(mu_);
  entries_.clear();
}

void CookieJar::assign(const CookieJar& other) {
  if (&other == this) return;
  std::vector<Entry> copy;
  {
    std::lock_guard lock(other.mu_);
    copy = other.entries_;
  }
  std::lock_guard lock(mu_);
  entries_ = std::move(copy);
}

}  // namespace gapscan
