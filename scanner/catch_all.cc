#include "scanner/catch_all.h"

#include <algorithm>
#include <cctype>

namespace gapscan {

namespace {

constexpr std::size_t kMaxExamples = 3;
// Bytes of a body that make its key: enough to tell pages apart, bounded per page.
constexpr std::size_t kMaxKeyedBytes = 256 * 1024;
// A plain name under the directory: the oracle calibrates the directory's plain-name class.
constexpr const char* kPlainName = "x";

bool is_2xx(long status) { return status >= 200 && status < 300; }

// Directory URLs above `url`, root first, ending with its own: "https://h/", "https://h/a/".
std::vector<std::string> directories_of(const Url& url) {
  std::vector<std::string> out;
  const std::string origin = url.origin();
  const std::string dir = url.directory();
  for (std::size_t pos = dir.find('/'); pos != std::string::npos; pos = dir.find('/', pos + 1)) {
    out.push_back(origin + dir.substr(0, pos + 1));
  }
  return out;
}

// The identity of a body, to spot one page served at two URLs: its words in order, with words
// bearing digits (dates, nonces, counters) folded as the sketches fold them. 0: no words.
std::uint64_t body_key(std::string_view body) {
  body = body.substr(0, kMaxKeyedBytes);
  std::uint64_t h = 1469598103934665603ULL;
  const auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
  };
  bool any = false;
  std::size_t i = 0;
  while (i < body.size()) {
    while (i < body.size() && !std::isalnum(static_cast<unsigned char>(body[i]))) ++i;
    const std::size_t start = i;
    bool digit = false;
    while (i < body.size() && std::isalnum(static_cast<unsigned char>(body[i]))) {
      digit = digit || std::isdigit(static_cast<unsigned char>(body[i]));
      ++i;
    }
    if (i == start) break;
    mix(digit ? std::string_view("0") : body.substr(start, i - start));
    mix(" ");
    any = true;
  }
  if (!any) return 0;
  return h == 0 ? 1 : h;
}

}  // namespace

bool catch_all_profile(const NotFoundProfile& profile) {
  bool any = false;
  for (const NotFoundSample& s : profile.samples) {
    if (s.status == 0) continue;
    if (!is_2xx(s.status)) return false;
    any = true;
  }
  return any;
}

bool matches_catch_all(const NotFoundProfile& profile, const Exchange& ex) {
  if (!catch_all_profile(profile) || !ex.ok()) return false;
  const long status = ex.response.status;
  const std::string media = media_type(ex.response);
  std::vector<const NotFoundSample*> alike;
  for (const NotFoundSample& s : profile.samples) {
    if (s.status == status && s.media_type == media) alike.push_back(&s);
  }
  if (alike.empty()) return false;
  if (judge_against(profile, ex) == ProbeVerdict::not_found) return true;
  // judge_against removes the requested name from the body (a not-found page may echo it); a
  // page that merely contains its own name ("docs" in a menu) is compared whole as well.
  const BodySketch whole = sketch_body(ex.response.body, {});
  return std::any_of(alike.begin(), alike.end(), [&](const NotFoundSample* s) {
    return similarity(s->sketch, whole) >= NotFoundOracle::kSimilarThreshold;
  });
}

bool catch_all_home(const std::string& directory, const Url& url) {
  if (!url.query.empty() || url.origin() + url.directory() != directory) return false;
  const std::string name = url.path.substr(url.path.rfind('/') + 1);
  return name.empty() || name.starts_with("index.");
}

CatchAllGuard::CatchAllGuard(NotFoundOracle& oracle, Fetcher& fetcher,
                             std::function<bool(const Url&)> in_scope, std::size_t max_directories)
    : oracle_(oracle),
      fetcher_(fetcher),
      in_scope_(std::move(in_scope)),
      max_directories_(max_directories) {}

void CatchAllGuard::calibrate(const std::string& directory) {
  // Cached by the oracle after the first time (concurrent callers wait for that one).
  oracle_.calibrate(fetcher_, {directory + kPlainName});
}

std::string CatchAllGuard::matching_directory(const Url& url, const Exchange& ex) {
  const std::vector<std::string> dirs = directories_of(url);
  for (auto d = dirs.rbegin(); d != dirs.rend(); ++d) {
    const auto profile = oracle_.profile_for(*d + kPlainName);
    if (profile && matches_catch_all(*profile, ex)) return *d;
  }
  return {};
}

bool CatchAllGuard::treat_as_not_found(const std::string& origin, const std::string& url,
                                       const std::string& directory) {
  std::lock_guard lock(mu_);
  OriginState& st = origins_[origin];
  st.not_found.insert(url);
  st.catch_all_dirs.insert(directory);
  return true;
}

bool CatchAllGuard::is_catch_all(const Exchange& ex, bool seed) {
  if (!ex.ok() || !is_2xx(ex.response.status)) return false;
  const auto url = parse_url(ex.request.url);
  if (!url) return false;
  const std::string origin = url->origin();
  const std::vector<std::string> dirs = directories_of(*url);
  // The origin's own calibration: its root, or the shallowest directory the scope allows.
  for (const std::string& d : dirs) {
    const auto du = parse_url(d);
    if (!du || !in_scope_(*du)) continue;
    {
      std::lock_guard lock(mu_);
      origins_[origin].calibrated.insert(d);
    }
    calibrate(d);
    break;
  }
  if (const std::string dir = matching_directory(*url, ex); !dir.empty()) {
    if (seed || catch_all_home(dir, *url)) return false;
    return treat_as_not_found(origin, url->to_string(), dir);
  }

  // Not a known catch-all page. The same HTML page again, deeper than where it was first seen,
  // hints at a catch-all limited to a directory (a single-page app under /app/): calibrate
  // the shallowest directory not calibrated yet between the two.
  const std::uint64_t key = is_html(ex.response) ? body_key(ex.response.body) : 0;
  if (key == 0) return false;
  std::string candidate;
  {
    std::lock_guard lock(mu_);
    OriginState& st = origins_[origin];
    const auto [first, inserted] = st.bodies.emplace(key, url->to_string());
    if (inserted) return false;
    const auto first_url = parse_url(first->second);
    if (!first_url) return false;
    const std::string above = first_url->origin() + first_url->directory();
    const std::string& here = dirs.back();
    // One page at two URLs of the same directory (/ and /index.html) is no sign.
    if (here == above || !here.starts_with(above)) return false;
    if (st.extra_directories >= max_directories_) return false;
    for (const std::string& d : dirs) {
      if (d.size() < above.size() || st.calibrated.count(d) != 0) continue;
      const auto du = parse_url(d);
      if (!du || !in_scope_(*du)) continue;
      candidate = d;
      break;
    }
    if (candidate.empty()) return false;
    ++st.extra_directories;
    st.calibrated.insert(candidate);
  }
  calibrate(candidate);
  const std::string dir = matching_directory(*url, ex);
  if (dir.empty() || seed || catch_all_home(dir, *url)) return false;
  return treat_as_not_found(origin, url->to_string(), dir);
}

std::map<std::string, CatchAllGuard::OriginReport> CatchAllGuard::report() const {
  std::lock_guard lock(mu_);
  std::map<std::string, OriginReport> out;
  for (const auto& [origin, st] : origins_) {
    if (st.not_found.empty()) continue;
    OriginReport& r = out[origin];
    r.urls = st.not_found.size();
    r.directories.assign(st.catch_all_dirs.begin(), st.catch_all_dirs.end());
    for (const std::string& u : st.not_found) {
      if (r.examples.size() >= kMaxExamples) break;
      r.examples.push_back(u);
    }
  }
  return out;
}

}  // namespace gapscan
