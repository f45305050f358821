// TLS posture checks (tls-*): the helpers they share (declarations are in all_checks.h).
//
// All ten checks read one TlsPosture per origin from the scan's TlsPostures (ActiveContext::tls):
// the first tls-* check to run on an origin makes the handshakes (at most a dozen), the others
// wait for and reuse that result. The handshakes go straight to the server through OpenSSL, not
// through the HTTP engine's Fetcher, so they are not counted in the scan's probe_requests
// statistics; each finding's evidence note states how many handshakes the posture took.
// Only https origins are probed.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "checks/common/all_checks.h"
#include "checks/common/check.h"
#include "checks/tls/tls_probe.h"
#include "scanner/base/url.h"

namespace gapscan {

namespace tls_checks {

struct Target {
  std::string origin;  // "https://host:port", no trailing slash
  std::string host;
  int port = 0;
};

// The origin to probe, or nullopt (marked not applicable) for anything but https.
inline std::optional<Target> https_target(const ActiveContext& ctx) {
  const auto url = parse_url(ctx.origin);
  if (!url || url->scheme != "https" || url->host.empty() || url->port <= 0) {
    mark_not_applicable(ctx, "not an https origin");
    return std::nullopt;
  }
  return Target{url->origin(), url->host, url->port};
}

// The scan's posture of the target's host:port, or null (marked not applicable) when the
// server gave no TLS answer or the context has no posture cache.
inline const TlsPosture* posture_for(const ActiveContext& ctx, const Target& t) {
  if (ctx.tls == nullptr) return nullptr;
  const TlsPosture& p = ctx.tls->get(t.host, t.port);
  if (!p.reachable) {
    mark_not_applicable(ctx, "no TLS answer" + (p.error.empty() ? "" : ": " + p.error));
    return nullptr;
  }
  return &p;
}

inline std::string handshake_note(const TlsPosture& p) {
  std::string note = "TLS posture of " + p.host + ":" + std::to_string(p.port) + " from " +
                     std::to_string(p.handshakes) +
                     " direct TLS handshakes (not counted as HTTP probe requests)";
  if (p.budget_exhausted) note += "; some probes were skipped: time budget exhausted";
  return note;
}

// A per-origin finding with no HTTP exchange behind it.
inline Finding tls_finding(const CheckInfo& info, const Target& t, const TlsPosture& p,
                           std::string key, std::string message, std::string snippet,
                           std::string note) {
  Finding f;
  f.check_id = std::string(info.id);
  f.severity = info.severity;
  f.confidence = info.confidence;
  f.url = t.origin + "/";
  f.method = "GET";
  f.per_origin = true;
  f.key = std::move(key);
  f.message = std::move(message);
  f.evidence.snippet = std::move(snippet);
  f.evidence.note = note.empty() ? handshake_note(p) : std::move(note) + "; " + handshake_note(p);
  f.exchange.method = "GET";
  f.exchange.url = f.url;
  return f;
}

// Reports each certificate issue of `kind` as a finding of `info` (the tls-cert-* checks).
// The "expiring soon" window is the scan's --tls-expiring-days (CheckSettings::
// tls_expiring_days, 30 by default; 0 turns tls-cert-expiring off since only certificates
// that are still valid but expire within the window count).
inline void report_cert_issues(const ActiveContext& ctx, FindingSink& sink, const CheckInfo& info,
                               CertIssueKind kind) {
  const int expiring_days = settings_of(ctx).tls_expiring_days;
  const auto target = https_target(ctx);
  if (!target) return;
  const TlsPosture* p = posture_for(ctx, *target);
  if (p == nullptr) return;
  const TlsHandshakeResult* hs = p->certificates();
  if (hs == nullptr) return;
  for (const CertIssue& issue :
       assess_certificates(*hs, target->host, p->probed_at, expiring_days)) {
    if (issue.kind != kind) continue;
    std::string key = issue.depth == 0 ? "leaf" : "chain:" + issue.subject;
    std::string snippet = issue.field + ": " + issue.value;
    std::string note = "certificate " + issue.subject + " (depth " + std::to_string(issue.depth) +
                       ", negotiated " + hs->protocol + " " + hs->cipher + ")";
    sink.report(tls_finding(info, *target, *p, std::move(key), issue.detail, std::move(snippet),
                            std::move(note)));
  }
}

}  // namespace tls_checks
}  // namespace gapscan
