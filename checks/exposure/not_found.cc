#include "checks/exposure/not_found.h"

#include <algorithm>
#include <cctype>
#include <future>
#include <random>
#include <set>

#include "scanner/base/text.h"
#include "scanner/base/url.h"

namespace gapscan {
namespace {

constexpr int kSamplesPerProfile = 2;
constexpr std::size_t kMaxShingles = 4096;

std::uint64_t fnv1a(std::string_view s, std::uint64_t h = 1469598103934665603ULL) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string random_token() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "gs";
  for (int i = 0; i < 14; ++i) out += kHex[rng() % 16];
  return out;
}

// A random name of the same class as `name`.
std::string random_name_like(std::string_view cls) {
  std::string token = random_token();
  if (cls == "dot") return "." + token;
  if (cls == "dir") return token + "/";
  if (cls.starts_with("ext:")) return token + "." + std::string(cls.substr(4));
  return token;
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) {
    s.replace(pos, from.size(), to);
  }
}

// Every form in which a server may echo `name` back: raw, decoded, without a trailing slash.
std::vector<std::string> echo_forms(std::string_view name) {
  std::vector<std::string> out;
  std::string n(name);
  if (!n.empty() && n.back() == '/') n.pop_back();
  if (n.empty()) return out;
  out.push_back(n);
  if (std::string d = percent_decode(n, false); d != n) out.push_back(d);
  return out;
}

// The redirect target, absolute, with the requested name replaced by a placeholder.
std::string normalized_location(const Exchange& ex, std::string_view name) {
  const std::string* loc = find_header(ex.response.headers, "Location");
  if (loc == nullptr) return {};
  std::string target(trim(*loc));
  if (const auto base = parse_url(ex.request.url)) {
    if (const auto abs = resolve_url(*base, target)) target = abs->to_string();
  }
  for (const std::string& echo : echo_forms(name)) replace_all(target, echo, "{name}");
  return target;
}

NotFoundSample sample_of(const Exchange& ex, std::string_view name) {
  NotFoundSample s;
  if (!ex.ok()) return s;
  s.status = ex.response.status;
  s.media_type = media_type(ex.response);
  if (s.status >= 300 && s.status < 400) s.location = normalized_location(ex, name);
  s.sketch = sketch_body(ex.response.body, echo_forms(name));
  return s;
}

std::string profile_key(const std::string& dir, const std::string& cls) { return dir + " " + cls; }

}  // namespace

std::string name_class(std::string_view name) {
  if (name.empty() || name.back() == '/') return "dir";
  if (name.front() == '.') return "dot";
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot + 1 == name.size()) return "plain";
  std::string ext = to_lower(name.substr(dot + 1));
  // Backup suffixes ("~", ".bak") and odd extensions are one class each; keep the key short.
  if (ext.size() > 12) return "plain";
  return "ext:" + ext;
}

std::pair<std::string, std::string> split_directory(std::string_view url) {
  std::string_view u = url.substr(0, url.find_first_of("?#"));
  const auto scheme_end = u.find("://");
  const auto path_start = u.find('/', scheme_end == std::string_view::npos ? 0 : scheme_end + 3);
  if (path_start == std::string_view::npos) return {std::string(u) + "/", ""};
  std::string_view path = u.substr(path_start);
  const bool is_dir = path.size() > 1 && path.back() == '/';
  if (is_dir) path.remove_suffix(1);
  const auto slash = path.rfind('/');
  std::string dir(u.substr(0, path_start + slash + 1));
  std::string name(path.substr(slash + 1));
  if (is_dir) name += '/';
  return {dir, name};
}

BodySketch sketch_body(std::string_view body, const std::vector<std::string>& echoes) {
  std::string text(body.substr(0, 256 * 1024));
  for (const std::string& e : echoes) replace_all(text, e, " ");
  // Words: runs of letters and digits. Markup punctuation carries little signal, and words
  // with digits (dates, request ids, nonces, counters) change per request: they count as one.
  std::vector<std::string_view> words;
  const std::string_view view(text);
  std::size_t i = 0;
  while (i < view.size()) {
    while (i < view.size() && !std::isalnum(static_cast<unsigned char>(view[i]))) ++i;
    const std::size_t start = i;
    while (i < view.size() && std::isalnum(static_cast<unsigned char>(view[i]))) ++i;
    if (i == start) continue;
    std::string_view w = view.substr(start, i - start);
    const bool has_digit =
        std::any_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
    words.push_back(has_digit ? std::string_view("0") : w);
  }
  BodySketch out;
  for (auto w : words) out.length += w.size() + 1;
  std::set<std::uint64_t> shingles;
  if (words.size() < 3) {
    std::uint64_t h = fnv1a("");
    for (auto w : words) h = fnv1a(w, fnv1a(" ", h));
    if (!words.empty()) shingles.insert(h);
  } else {
    for (std::size_t k = 0; k + 2 < words.size() && shingles.size() < kMaxShingles; ++k) {
      std::uint64_t h = fnv1a(words[k]);
      h = fnv1a(words[k + 1], fnv1a(" ", h));
      h = fnv1a(words[k + 2], fnv1a(" ", h));
      shingles.insert(h);
    }
  }
  out.shingles.assign(shingles.begin(), shingles.end());
  return out;
}

double similarity(const BodySketch& a, const BodySketch& b) {
  if (a.shingles.empty() && b.shingles.empty()) return 1.0;
  std::size_t common = 0;
  auto ia = a.shingles.begin();
  auto ib = b.shingles.begin();
  while (ia != a.shingles.end() && ib != b.shingles.end()) {
    if (*ia == *ib) {
      ++common;
      ++ia;
      ++ib;
    } else if (*ia < *ib) {
      ++ia;
    } else {
      ++ib;
    }
  }
  const std::size_t all = a.shingles.size() + b.shingles.size() - common;
  return all == 0 ? 1.0 : static_cast<double>(common) / static_cast<double>(all);
}

bool NotFoundProfile::protected_area() const {
  if (samples.empty()) return false;
  return std::all_of(samples.begin(), samples.end(),
                     [](const NotFoundSample& s) { return s.status == 401 || s.status == 403; });
}

bool NotFoundProfile::unknown() const {
  return std::none_of(samples.begin(), samples.end(),
                      [](const NotFoundSample& s) { return s.status != 0; });
}

ProbeVerdict judge_against(const NotFoundProfile& profile, const Exchange& probe) {
  if (profile.unknown() || !probe.ok()) return ProbeVerdict::unknown;
  const long status = probe.response.status;
  const std::string name = split_directory(probe.request.url).second;
  const bool same_status = std::any_of(profile.samples.begin(), profile.samples.end(),
                                       [&](const NotFoundSample& s) { return s.status == status; });
  if (!same_status) return ProbeVerdict::distinct;
  if ((status == 401 || status == 403) && profile.protected_area()) {
    return ProbeVerdict::protected_area;
  }
  const NotFoundSample mine = sample_of(probe, name);
  for (const NotFoundSample& s : profile.samples) {
    if (s.status != status) continue;
    if (status >= 300 && status < 400) {
      if (s.location == mine.location) return ProbeVerdict::not_found;
      continue;
    }
    if (similarity(s.sketch, mine.sketch) >= NotFoundOracle::kSimilarThreshold) {
      return ProbeVerdict::not_found;
    }
  }
  return ProbeVerdict::distinct;
}

void NotFoundOracle::calibrate(Fetcher& fetcher, const std::vector<std::string>& urls) {
  // Keys this call must calibrate, and futures of calibrations already under way elsewhere.
  struct Job {
    std::string key, dir, cls;
    std::vector<std::string> names;
    std::shared_ptr<std::promise<void>> done;
    bool within_budget = true;  // false: no samples, the profile stays unknown
  };
  std::vector<Job> jobs;
  std::vector<std::shared_future<void>> waits;
  {
    std::lock_guard lock(mu_);
    for (const std::string& url : urls) {
      auto [dir, name] = split_directory(url);
      const std::string cls = name_class(name);
      const std::string key = profile_key(dir, cls);
      if (profiles_.count(key) != 0) continue;
      if (auto it = pending_.find(key); it != pending_.end()) {
        waits.push_back(it->second);
        continue;
      }
      Job job{key, dir, cls, {}, std::make_shared<std::promise<void>>()};
      const auto parsed = parse_url(dir);
      const std::string origin = parsed ? parsed->origin() : dir;
      std::size_t& planned = planned_by_origin_[origin];
      job.within_budget = planned + kSamplesPerProfile <= max_requests_per_origin_;
      if (job.within_budget) {
        planned += kSamplesPerProfile;
      } else {
        over_budget_.insert(origin);
      }
      pending_[key] = job.done->get_future().share();
      jobs.push_back(std::move(job));
    }
  }
  std::vector<HttpRequest> requests;
  for (Job& job : jobs) {
    if (!job.within_budget) continue;
    for (int k = 0; k < kSamplesPerProfile; ++k) {
      job.names.push_back(random_name_like(job.cls));
      HttpRequest req;
      req.url = job.dir + job.names.back();
      requests.push_back(std::move(req));
    }
  }
  std::vector<Exchange> answers;
  if (!requests.empty()) {
    answers = (own_fetcher_ != nullptr ? *own_fetcher_ : fetcher).fetch_all(requests);
  }
  {
    std::lock_guard lock(mu_);
    requests_ += requests.size();
    std::size_t next = 0;
    for (Job& job : jobs) {
      auto profile = std::make_shared<NotFoundProfile>();
      profile->directory = job.dir;
      profile->name_class = job.cls;
      for (const std::string& name : job.names) {
        profile->samples.push_back(next < answers.size() ? sample_of(answers[next], name)
                                                         : NotFoundSample{});
        ++next;
      }
      profiles_[job.key] = std::move(profile);
      pending_.erase(job.key);
    }
  }
  for (Job& job : jobs) job.done->set_value();
  for (auto& w : waits) w.wait();
}

std::shared_ptr<const NotFoundProfile> NotFoundOracle::profile_for(const std::string& url) const {
  auto [dir, name] = split_directory(url);
  std::lock_guard lock(mu_);
  auto it = profiles_.find(profile_key(dir, name_class(name)));
  return it == profiles_.end() ? nullptr : it->second;
}

ProbeVerdict NotFoundOracle::judge(const Exchange& probe) const {
  const auto profile = profile_for(probe.request.url);
  if (!profile) return ProbeVerdict::unknown;
  return judge_against(*profile, probe);
}

std::size_t NotFoundOracle::requests_sent() const {
  std::lock_guard lock(mu_);
  return requests_;
}

std::vector<std::string> NotFoundOracle::origins_over_budget() const {
  std::lock_guard lock(mu_);
  return {over_budget_.begin(), over_budget_.end()};
}

}  // namespace gapscan
