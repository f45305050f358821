// forbidden-bypass: a 401/403 page is served after all through a rewrite header, a spoofed
// client address or an unnormalized path.
//
// Budget per origin: at most 5 protected paths x (1 baseline + 9 variants) + 1 home page =
// 51 GET requests, plus the soft-404 calibration of their directories (2 per directory, shared
// with the other path probes).
#include <algorithm>
#include <set>

#include "checks/common/all_checks.h"
#include "checks/common/probe_util.h"
#include "checks/exposure/not_found.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kForbiddenBypass{
    "forbidden-bypass",
    "Access restriction bypass (401/403)",
    CheckKind::active,
    284,
    Severity::medium,
    Confidence::medium,
    "A page the site refuses (401 or 403) was served with real content when the request was "
    "dressed differently: the path in an X-Original-URL/X-Rewrite-URL header, a spoofed local "
    "client address (X-Forwarded-For: 127.0.0.1), or an unnormalized spelling of the path "
    "(\"/./admin/\", \"/%2e/admin/\", \"//admin/\", \"/..;/admin/\"). The access rule "
    "and the component that serves the page disagree about what is requested or who asks, so "
    "the restriction protects nothing.",
    "Enforce access control in the application that serves the resource, on the normalized "
    "path, rather than (only) in a front proxy matching raw path prefixes. Disable "
    "X-Original-URL/X-Rewrite-URL support unless a trusted proxy sets it, and never grant "
    "access based on client-supplied address headers.",
    {"https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_"
     "Testing/05-Authorization_Testing/02-Testing_for_Bypassing_Authorization_Schema",
     "https://portswigger.net/web-security/access-control",
     "https://cwe.mitre.org/data/definitions/284.html"},
    51,  // request budget per origin
};

namespace {

constexpr std::size_t kMaxPaths = 5;

struct Variant {
  HttpRequest request;
  std::string label;
};

std::vector<Variant> variants_for(const Url& protected_url) {
  const std::string origin = protected_url.origin();
  const std::string& path = protected_url.path;  // starts with '/'
  const std::string rest = path.substr(1);
  const std::string query = protected_url.query.empty() ? "" : "?" + protected_url.query;
  std::vector<Variant> out;
  auto header = [&](std::string name, std::string url, HeaderList headers) {
    Variant v;
    v.request.url = std::move(url);
    v.request.headers = std::move(headers);
    v.label = std::move(name);
    out.push_back(std::move(v));
  };
  header("X-Original-URL: " + path + query, origin + "/", {{"X-Original-URL", path + query}});
  header("X-Rewrite-URL: " + path + query, origin + "/", {{"X-Rewrite-URL", path + query}});
  header("X-Forwarded-For/X-Real-IP: 127.0.0.1", origin + path + query,
         {{"X-Forwarded-For", "127.0.0.1"}, {"X-Real-IP", "127.0.0.1"}});
  const std::string trailing_dot = path.ends_with("/") ? path + "." : path + "/.";
  for (const std::string& p :
       {"/./" + rest, "/%2e/" + rest, "//" + rest, trailing_dot, path + ";", "/..;/" + rest}) {
    Variant v;
    v.request.url = origin + p + query;
    v.request.path_as_is = true;
    v.label = "path " + p;
    out.push_back(std::move(v));
  }
  return out;
}

HttpRequest get(std::string url) {
  HttpRequest req;
  req.url = std::move(url);
  return req;
}

BodySketch sketch_of(const Exchange& ex) { return sketch_body(ex.response.body, {}); }

struct Target {
  Url url;
  std::string text;  // normalized URL
};

class ForbiddenBypass final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    const auto origin = parse_url(ctx.origin);
    if (!origin) return;
    std::vector<Target> targets;
    std::set<std::string> seen;
    for (const CrawledPage& p : ctx.pages) {
      if (targets.size() >= kMaxPaths) break;
      if (p.status != 401 && p.status != 403) continue;
      const auto u = parse_url(p.url);
      if (!u || u->origin() != origin->origin() || u->path == "/") continue;
      if (!seen.insert(u->path).second) continue;
      targets.push_back({*u, u->to_string()});
    }
    if (targets.empty()) return;

    // Baselines: each refusal as it is now, and the home page (what "/" with a rewrite header
    // that is ignored returns, and what many servers serve for paths they normalize away).
    std::vector<HttpRequest> base_requests;
    for (const Target& t : targets) base_requests.push_back(get(t.text));
    base_requests.push_back(get(origin->origin() + "/"));
    const std::vector<Exchange> bases = ctx.fetcher.fetch_all(base_requests);
    const Exchange& home = bases.back();
    const bool home_ok = home.ok();
    const BodySketch home_sketch = sketch_of(home);

    // Refused no more (or no answer): nothing to bypass.
    std::vector<bool> refused(targets.size(), false);
    std::vector<std::string> calibrate;
    for (std::size_t i = 0; i < targets.size(); ++i) {
      const Exchange& base = bases[i];
      refused[i] = base.ok() && (base.response.status == 401 || base.response.status == 403);
      if (refused[i]) calibrate.push_back(targets[i].text);
    }
    if (calibrate.empty()) return;
    NotFoundOracle private_oracle;
    NotFoundOracle& oracle = ctx.not_found != nullptr ? *ctx.not_found : private_oracle;
    oracle.calibrate(ctx.fetcher, calibrate);

    std::vector<HttpRequest> requests;
    std::vector<std::pair<std::size_t, std::string>> owner;  // (target index, label)
    for (std::size_t i = 0; i < targets.size(); ++i) {
      if (!refused[i]) continue;
      for (Variant& v : variants_for(targets[i].url)) {
        requests.push_back(std::move(v.request));
        owner.emplace_back(i, std::move(v.label));
      }
    }
    const std::vector<Exchange> answers = ctx.fetcher.fetch_all(requests);

    struct Bypass {
      const Exchange* exchange;
      std::vector<std::string> labels;
    };
    std::vector<Bypass> found(targets.size(), Bypass{nullptr, {}});
    for (std::size_t k = 0; k < answers.size() && k < owner.size(); ++k) {
      const Exchange& ex = answers[k];
      const std::size_t i = owner[k].first;
      if (!ex.ok() || ex.response.status < 200 || ex.response.status >= 300) continue;
      const BodySketch sketch = sketch_of(ex);
      if (sketch.shingles.empty()) continue;  // no content to speak of
      if (similarity(sketch, sketch_of(bases[i])) >= NotFoundOracle::kSimilarThreshold) continue;
      if (home_ok && similarity(sketch, home_sketch) >= NotFoundOracle::kSimilarThreshold) {
        continue;
      }
      // A login form is the site asking for credentials, not the protected content.
      if (icontains(ex.response.body.substr(0, 256 * 1024), "type=\"password\"") ||
          icontains(ex.response.body.substr(0, 256 * 1024), "type=password")) {
        continue;
      }
      // Judged as if it were the protected URL itself: unlike this server's answers for
      // names that do not exist there.
      const auto profile = oracle.profile_for(targets[i].text);
      if (!profile) continue;
      Exchange as_target = ex;
      as_target.request.url = targets[i].text;
      if (judge_against(*profile, as_target) != ProbeVerdict::distinct) continue;
      if (found[i].exchange == nullptr) found[i].exchange = &ex;
      found[i].labels.push_back(owner[k].second);
    }

    for (std::size_t i = 0; i < targets.size(); ++i) {
      if (found[i].exchange == nullptr) continue;
      const Exchange& ex = *found[i].exchange;
      const long refusal = bases[i].response.status;
      Finding f = make_finding(kForbiddenBypass, ex);
      f.url = targets[i].text;
      f.per_origin = true;
      f.key = targets[i].url.path;
      std::string labels;
      for (const auto& l : found[i].labels) labels += (labels.empty() ? "" : "; ") + l;
      f.evidence.snippet = probe::short_text(ex.response.body, 200);
      f.evidence.note = targets[i].url.path + " answers " + std::to_string(refusal) + "; served " +
                        std::to_string(ex.response.status) + " with other content via: " + labels +
                        " (unlike the refusal, the home page and this server's not-found "
                        "answers)";
      f.message = targets[i].url.path + " (" + std::to_string(refusal) +
                  ") is served with a bypass: " + found[i].labels.front();
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_forbidden_bypass() { return std::make_unique<ForbiddenBypass>(); }

}  // namespace gapscan
