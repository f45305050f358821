// Catch-all awareness for the crawl. A single-page app (or any front controller) answers every
// unknown path with the same page, usually 200 with index.html; relative links resolved against
// such phantom paths make an endless tree (/assets/assets/.../main.js), and every phantom page
// would get the per-page checks. The guard compares each 2xx crawl answer with the answer the
// soft-404 calibration got for random names (checks/exposure/not_found.h: same status, same
// media type and a similar body): such an answer is not a page, it is "not found (catch-all)".
//
// Calibrated: each origin's root (or, when the scope does not allow it, the shallowest
// directory it allows) once; and a directory below a page whose exact body shows up again
// deeper (a catch-all limited to /app/, say), at most kMaxDirectoriesPerOrigin of those. A
// site that answers unknown paths with 404 costs the two requests of its root's calibration.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "checks/exposure/not_found.h"
#include "scanner/base/http.h"
#include "scanner/base/url.h"

namespace gapscan {

// Whether the calibration's random names got a success answer: the directory serves one page
// for every unknown path (a redirect or a 4xx is the server saying "no"; the crawl already
// copes with those).
bool catch_all_profile(const NotFoundProfile& profile);

// Whether `ex` (a crawl answer) is the page `profile`'s random names got: same 2xx status and
// media type, and a body like the random names' (with or without the requested name removed,
// as a catch-all page may echo it).
bool matches_catch_all(const NotFoundProfile& profile, const Exchange& ex);

// Whether `url` is where the catch-all page of `directory` (an absolute URL ending in '/')
// really lives: the directory itself or its index file (index.html, index.php, ...), without a
// query. There it is a real page, seen once.
bool catch_all_home(const std::string& directory, const Url& url);

class CatchAllGuard {
 public:
  // Directories below the calibrated root that may each get a calibration of their own (two
  // requests) when a page's body comes back deeper down; past it, the crawl goes on as before.
  static constexpr std::size_t kMaxDirectoriesPerOrigin = 8;

  // `oracle` and `fetcher`: the scan's soft-404 calibration (its per-origin budget applies).
  // `in_scope`: only directories the crawl may request are calibrated.
  CatchAllGuard(NotFoundOracle& oracle, Fetcher& fetcher, std::function<bool(const Url&)> in_scope,
                std::size_t max_directories = kMaxDirectoriesPerOrigin);

  // Worker threads; may block on a calibration. Whether the crawl should treat `ex` as not
  // found: a 2xx answer that is the catch-all page of its origin or of a directory above it,
  // at a URL other than that page's own home (catch_all_home) or a start URL (`seed`).
  bool is_catch_all(const Exchange& ex, bool seed);

  struct OriginReport {
    std::size_t urls = 0;                  // distinct URLs treated as not found
    std::vector<std::string> directories;  // catch-all directories they were judged under
    std::vector<std::string> examples;     // a few of those URLs, sorted
  };
  // Origins where some URL was treated as not found.
  std::map<std::string, OriginReport> report() const;

 private:
  struct OriginState {
    std::set<std::string> calibrated;  // directories this guard asked the oracle for
    std::size_t extra_directories = 0;
    std::map<std::uint64_t, std::string> bodies;  // body key -> first real URL with that body
    std::set<std::string> not_found;              // URLs treated as not found
    std::set<std::string> catch_all_dirs;         // directories whose page they matched
  };

  void calibrate(const std::string& directory);
  // The deepest calibrated catch-all directory above `url` whose page `ex` is, if any.
  std::string matching_directory(const Url& url, const Exchange& ex);
  bool treat_as_not_found(const std::string& origin, const std::string& url,
                          const std::string& directory);

  NotFoundOracle& oracle_;
  Fetcher& fetcher_;
  std::function<bool(const Url&)> in_scope_;
  std::size_t max_directories_;
  mutable std::mutex mu_;
  std::map<std::string, OriginState> origins_;
};

}  // namespace gapscan
