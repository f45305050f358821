// Guessed-path probes (exposed-* checks): fetch candidate paths, drop whatever looks like the
// server's answer for non-existent names (soft-404 calibration), and keep only responses whose
// content proves the file is what its name says. A status code alone never makes a finding.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "checks/common/check.h"
#include "checks/exposure/not_found.h"
#include "scanner/base/finding.h"

namespace gapscan {

// What a content signature found: the proof that goes into the finding.
struct ProbeProof {
  std::string snippet;  // the exact text that proves it (redacted later by reporters)
  std::string detail;   // for the message, e.g. "remote origin https://git.example.com/x.git"
  std::optional<Severity> severity;  // overrides the check's default (e.g. secrets present)
  std::string key;  // groups findings: one per key and origin (default: the probe path)
};

// A proof when the signature found its snippet (nullopt passes through): the common tail of
// content signatures that grade what they found.
std::optional<ProbeProof> make_proof(std::string key, std::optional<std::string> snippet,
                                     std::string detail, Severity severity);

// Returns a proof when the response is the thing probed for; nullopt otherwise.
using ContentSignature = std::function<std::optional<ProbeProof>(const Exchange&)>;

struct PathProbe {
  std::string path;  // absolute path on the origin ("/.git/HEAD") or a full URL on it
  ContentSignature signature;
  // Methods other than GET are for special probes only (HEAD never proves content).
  std::string method = "GET";
  HeaderList headers;
  std::string body;  // e.g. a read-only GraphQL query (POST)
  // Accept a 401/403 answer for the signature to judge (admin consoles "protected by ...").
  // Otherwise only 2xx answers reach the signature.
  bool judge_protected = false;
};

struct ProbeHit {
  const PathProbe* probe;
  Exchange exchange;
  ProbeProof proof;
};

// Runs `probes` against ctx.origin: calibrates every directory and name class involved (through
// ctx.not_found, or a private oracle in unit tests), fetches the probes concurrently, and returns
// the hits in probe order. Protected areas (401/403 like everything else under a directory) are
// recorded once per directory through ctx.notify, not reported as findings.
std::vector<ProbeHit> run_path_probes(const ActiveContext& ctx,
                                      const std::vector<PathProbe>& probes);

// Hits grouped by proof key (in first-seen order): the most severe hit of each key, and the
// probe paths of the others with that key (for the evidence note).
struct KeyedHit {
  const ProbeHit* best;
  std::vector<std::string> others;
};
std::vector<KeyedHit> best_hit_per_key(const std::vector<ProbeHit>& hits);

// The finding for a hit, pre-filled from the check's info, the probe exchange and the proof.
Finding finding_for_hit(const CheckInfo& info, const ProbeHit& hit, std::string message);

// Origin without a trailing slash ("https://example.com").
std::string origin_base(const ActiveContext& ctx);

}  // namespace gapscan
