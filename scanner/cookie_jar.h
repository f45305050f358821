// A small cookie jar for one identity: keeps the cookies a login
// flow sets and gives the Cookie header for a later request. Host-only cookies and cookies
// whose Domain is the host or a parent of it (never a public suffix: checked by the caller's
// scope, since credentials only go to the targets' origins anyway); Path prefix matching;
// Secure cookies only over https; deletions and expiry honoured.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "scanner/base/http.h"
#include "scanner/base/url.h"

namespace gapscan {

class CookieJar {
 public:
  // Stores every cookie the response sets (the response came from `from`).
  void store(const Url& from, const HttpResponse& response, std::int64_t now_unix);
  // "a=1; b=2" for a request to `to` (most specific path first), or "" when none applies.
  std::string header_for(const Url& to, std::int64_t now_unix) const;
  // The value of the named cookie for `to`, or "" (e.g. to tell whether a session appeared).
  std::string value_of(const Url& to, const std::string& name, std::int64_t now_unix) const;
  // Every value held: what reports must scrub.
  std::vector<std::string> values() const;
  void clear();
  // Becomes a copy of `other` in one step (a new login's jar replacing the old session's).
  void assign(const CookieJar& other);

 private:
  struct Entry {
    std::string name, value, domain, path;
    bool host_only = true;
    bool secure = false;
    std::int64_t expires = 0;  // 0 = session cookie
  };
  bool matches(const Entry& e, const Url& to, std::int64_t now_unix) const;
  mutable std::mutex mu_;
  std::vector<Entry> entries_;
};

}  // namespace gapscan
