// Soft-404 calibration, shared by every path probe.
//
// Before a probe result under a directory can mean anything, we must know how the server
// answers names that do not exist there: many answer 200 with the home page or a custom
// "not found" page, redirect everything to "/", or answer 401/403 for a whole area. The
// oracle requests two random names per (directory, name class) once per scan, keeps a profile
// of the answers, and tells probes whether a result looks like those answers.
#pragma once

#include <cstdint>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "checks/common/check.h"
#include "scanner/base/http.h"

namespace gapscan {

// The name classes calibrated separately: servers often treat dot-files, directories and
// particular extensions (".php" goes to an interpreter, ".sql" to the static handler)
// differently from plain names.
std::string name_class(std::string_view name);  // "dot", "dir", "ext:php", "plain"

// A set of hashed word shingles: cheap similarity of two bodies that tolerates small changes
// (dates, nonces, the requested name echoed back).
struct BodySketch {
  std::vector<std::uint64_t> shingles;  // sorted, unique
  std::size_t length = 0;               // normalized body length
};

// `echoes` are strings the server may have copied from the request (the requested name):
// they are removed before sketching so two not-found pages for different names compare equal.
BodySketch sketch_body(std::string_view body, const std::vector<std::string>& echoes);
double similarity(const BodySketch& a, const BodySketch& b);  // Jaccard index, 0..1

struct NotFoundSample {
  long status = 0;  // 0: the request failed
  std::string media_type;
  std::string location;  // redirect target with the random name replaced by "{name}"
  BodySketch sketch;
};

struct NotFoundProfile {
  std::string directory;  // absolute URL ending in '/'
  std::string name_class;
  std::vector<NotFoundSample> samples;
  // Every sample was 401 or 403: the whole area is protected; guessed paths in it prove
  // nothing.
  bool protected_area() const;
  // No usable sample (transport errors): probe results cannot be trusted either way.
  bool unknown() const;
};

enum class ProbeVerdict {
  distinct,        // unlike the not-found answers: the path may really exist
  not_found,       // looks like the calibration (same status and similar body, or same redirect)
  protected_area,  // 401/403 like everything else in this area
  unknown,         // calibration failed: do not report
};

class NotFoundOracle {
 public:
  static constexpr double kSimilarThreshold = 0.75;

  // `own_fetcher`, when set, sends every calibration request (the scan gives the oracle its
  // own, so calibration is counted apart from the checks that triggered it).
  // Calibration requests per origin at most: about 150 directory and name-class profiles, far
  // above what the default catalogue needs (about 110 requests per origin on the demo). A
  // profile past the budget stays unknown, so its probes report nothing.
  static constexpr std::size_t kDefaultMaxRequestsPerOrigin = 300;

  explicit NotFoundOracle(Fetcher* own_fetcher = nullptr,
                          std::size_t max_requests_per_origin = kDefaultMaxRequestsPerOrigin)
      : own_fetcher_(own_fetcher), max_requests_per_origin_(max_requests_per_origin) {}

  // Profiles for the directories and classes of `urls` (absolute probe URLs), calibrating
  // the missing ones with two random names each. Thread-safe: concurrent callers wait for
  // the same calibration rather than repeating it.
  void calibrate(Fetcher& fetcher, const std::vector<std::string>& urls);

  // The verdict for one probe result. calibrate() must have covered the URL.
  ProbeVerdict judge(const Exchange& probe) const;

  // The profile of the probe URL's directory and class (null if never calibrated).
  std::shared_ptr<const NotFoundProfile> profile_for(const std::string& url) const;

  std::size_t requests_sent() const;

  // Origins where the calibration budget ran out (their later profiles are unknown).
  std::vector<std::string> origins_over_budget() const;

 private:
  Fetcher* own_fetcher_;
  std::size_t max_requests_per_origin_;
  std::map<std::string, std::size_t> planned_by_origin_;  // calibration requests, by origin
  std::set<std::string> over_budget_;
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<const NotFoundProfile>> profiles_;  // dir + " " + class
  std::map<std::string, std::shared_future<void>> pending_;  // calibrations under way
  std::size_t requests_ = 0;
};

// Splits an absolute URL into (directory URL ending in '/', last segment); query dropped.
std::pair<std::string, std::string> split_directory(std::string_view url);

// The verdict of one probe against one profile (exposed for tests).
ProbeVerdict judge_against(const NotFoundProfile& profile, const Exchange& probe);

}  // namespace gapscan
