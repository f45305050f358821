#include "checks/exposure/path_probe.h"

#include <algorithm>
#include <set>

namespace gapscan {

std::string origin_base(const ActiveContext& ctx) {
  std::string origin = ctx.origin;
  while (!origin.empty() && origin.back() == '/') origin.pop_back();
  return origin;
}

std::optional<ProbeProof> make_proof(std::string key, std::optional<std::string> snippet,
                                     std::string detail, Severity severity) {
  if (!snippet) return std::nullopt;
  ProbeProof p;
  p.key = std::move(key);
  p.snippet = std::move(*snippet);
  p.detail = std::move(detail);
  p.severity = severity;
  return p;
}

std::vector<ProbeHit> run_path_probes(const ActiveContext& ctx,
                                      const std::vector<PathProbe>& probes) {
  std::vector<ProbeHit> hits;
  if (probes.empty()) return hits;
  const std::string base = origin_base(ctx);
  std::vector<HttpRequest> requests;
  std::vector<std::string> urls;
  for (const PathProbe& p : probes) {
    HttpRequest req;
    req.method = p.method;
    req.url =
        p.path.starts_with("http://") || p.path.starts_with("https://") ? p.path : base + p.path;
    req.headers = p.headers;
    req.body = p.body;
    urls.push_back(req.url);
    requests.push_back(std::move(req));
  }
  NotFoundOracle private_oracle;
  NotFoundOracle& oracle = ctx.not_found != nullptr ? *ctx.not_found : private_oracle;
  oracle.calibrate(ctx.fetcher, urls);
  std::vector<Exchange> answers = ctx.fetcher.fetch_all(requests);

  std::set<std::string> protected_noted;
  for (std::size_t i = 0; i < probes.size() && i < answers.size(); ++i) {
    const PathProbe& probe = probes[i];
    Exchange& ex = answers[i];
    if (!ex.ok()) continue;
    const long status = ex.response.status;
    const ProbeVerdict verdict = oracle.judge(ex);
    if (verdict == ProbeVerdict::protected_area) {
      const std::string dir = split_directory(ex.request.url).first;
      if (protected_noted.insert(dir).second && ctx.notify) {
        ctx.notify("protected-area",
                   "every guessed path under this directory (" +
                       name_class(split_directory(ex.request.url).second) + " names) answers " +
                       std::to_string(status) +
                       ": probes there prove nothing and were not reported",
                   dir);
      }
      continue;
    }
    if (verdict != ProbeVerdict::distinct) continue;
    const bool success = status >= 200 && status < 300;
    const bool guarded = status == 401 || status == 403;
    if (!success && !(guarded && probe.judge_protected)) continue;
    if (!probe.signature) continue;
    std::optional<ProbeProof> proof = probe.signature(ex);
    if (!proof) continue;
    if (proof->key.empty()) proof->key = probe.path;
    hits.push_back(ProbeHit{&probe, std::move(ex), std::move(*proof)});
  }
  return hits;
}

std::vector<KeyedHit> best_hit_per_key(const std::vector<ProbeHit>& hits) {
  std::vector<KeyedHit> out;
  for (const ProbeHit& h : hits) {
    auto it = std::find_if(out.begin(), out.end(),
                           [&](const KeyedHit& k) { return k.best->proof.key == h.proof.key; });
    if (it == out.end()) {
      out.push_back(KeyedHit{&h, {}});
      continue;
    }
    if (h.proof.severity.value_or(Severity::info) >
        it->best->proof.severity.value_or(Severity::info)) {
      it->others.push_back(it->best->probe->path);
      it->best = &h;
    } else {
      it->others.push_back(h.probe->path);
    }
  }
  return out;
}

Finding finding_for_hit(const CheckInfo& info, const ProbeHit& hit, std::string message) {
  Finding f = make_finding(info, hit.exchange);
  if (hit.proof.severity) f.severity = *hit.proof.severity;
  f.per_origin = true;
  f.key = hit.proof.key;
  f.message = std::move(message);
  f.evidence.snippet = hit.proof.snippet;
  f.evidence.note = "HTTP " + std::to_string(hit.exchange.response.status) +
                    "; unlike this server's answers for random names in the same directory";
  if (!hit.proof.detail.empty()) f.evidence.note += "; " + hit.proof.detail;
  return f;
}

}  // namespace gapscan
