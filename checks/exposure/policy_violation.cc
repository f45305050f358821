// policy-violation: the running system differs from the intended state of the policy file.
//
// The team pins its infrastructure-as-code intent in `expect:` (required headers and values,
// cookie flags, paths that need credentials, paths that must not exist, a TLS floor); this
// check verifies each expectation on every origin and reports each one that does not hold.
// Request budget per origin: one GET per distinct header/cookie path, one per protected path
// (sent without credentials) and one per absent path, plus the shared soft-404 calibration;
// the TLS floor reuses the tls-* checks' cached handshakes. Nothing without a policy.
#include <algorithm>
#include <set>

#include "checks/common/all_checks.h"
#include "checks/exposure/not_found.h"
#include "checks/exposure/path_probe.h"
#include "checks/headers/sts_header.h"
#include "checks/tls/tls_probe.h"
#include "scanner/base/cookies.h"
#include "scanner/base/text.h"
#include "scanner/base/url.h"

namespace gapscan {

const CheckInfo kPolicyViolation{
    "policy-violation",
    "Runtime state differs from the policy's intended state",
    CheckKind::active,
    16,
    Severity::medium,
    Confidence::high,
    "The policy file (--config) declares how the running system must look: response headers "
    "and their minimum values, cookie flags, paths that must not be reachable without "
    "credentials, paths that must not exist, and a minimum TLS version. The running system "
    "does not match one of these expectations: its configuration has drifted from the intended "
    "state (a proxy strips a header, a deploy re-enabled an endpoint, a rewrite dropped a flag).",
    "Restore the intended state in the deployed configuration (or in the proxy in front of it), "
    "and find out how it drifted. If the intent itself changed, update the policy file.",
    {"https://owasp.org/www-project-secure-headers/",
     "https://cheatsheetseries.owasp.org/cheatsheets/"
     "Infrastructure_as_Code_Security_Cheat_Sheet.html"},
    1,  // request budget per origin at default settings (no policy); see request_budget()
};

namespace {

std::string where(const IntendedState& st, int line) {
  return st.source + ":" + std::to_string(line);
}

Finding violation(const Exchange& ex, std::optional<Severity> severity, std::string key,
                  std::string message, std::string note) {
  Finding f = make_finding(kPolicyViolation, ex);
  if (severity) f.severity = *severity;
  f.key = std::move(key);
  f.message = std::move(message);
  f.evidence.note = std::move(note);
  return f;
}

// Why a header expectation fails on this response, or "" when it holds.
std::string header_problem(const HeaderExpectation& h, const HttpResponse& res,
                           std::string* shown) {
  const auto values = find_headers(res.headers, h.name);
  std::string joined;
  for (const std::string* v : values) joined += (joined.empty() ? "" : ", ") + *v;
  *shown = joined;
  if (h.absent) {
    return values.empty() ? "" : "header " + h.name + " is sent but must be absent";
  }
  if (values.empty()) return "header " + h.name + " is missing";
  if (h.equals) {
    bool any = false;
    for (const std::string* v : values) any = any || iequals(trim(*v), trim(*h.equals));
    if (!any) return "header " + h.name + " is '" + joined + "', expected '" + *h.equals + "'";
  }
  const std::string lower = to_lower(joined);
  for (const auto& c : h.contains) {
    if (lower.find(to_lower(c)) == std::string::npos) {
      return "header " + h.name + " lacks '" + c + "'";
    }
  }
  if (h.min_max_age) {
    const StsHeader sts = parse_sts(*values.front());
    if (!sts.has_max_age) return "header " + h.name + " has no valid max-age";
    if (sts.max_age < *h.min_max_age) {
      return "header " + h.name + " has max-age=" + std::to_string(sts.max_age) +
             ", below the required " + std::to_string(*h.min_max_age);
    }
  }
  return "";
}

std::string cookie_problem(const CookieExpectation& c, const SetCookie& k) {
  std::vector<std::string> missing;
  if (c.secure && !k.secure) missing.push_back("Secure");
  if (c.httponly && !k.http_only) missing.push_back("HttpOnly");
  if (!c.samesite.empty()) {
    const SameSite want = c.samesite == "lax"      ? SameSite::lax
                          : c.samesite == "strict" ? SameSite::strict
                          : c.samesite == "none"   ? SameSite::none
                                                   : SameSite::invalid;  // "any"
    const bool has = k.same_site != SameSite::absent && k.same_site != SameSite::invalid;
    if (!has || (want != SameSite::invalid && k.same_site != want)) {
      missing.push_back(c.samesite == "any" ? "SameSite" : "SameSite=" + c.samesite);
    }
  }
  if (missing.empty()) return "";
  std::string list;
  for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
  return "cookie " + c.name + " is set without " + list;
}

int tls_rank(std::string_view name) {
  if (name == "SSLv3") return 0;
  if (name == "TLSv1.0" || name == "1.0") return 1;
  if (name == "TLSv1.1" || name == "1.1") return 2;
  if (name == "TLSv1.2" || name == "1.2") return 3;
  if (name == "TLSv1.3" || name == "1.3") return 4;
  return -1;
}

class PolicyViolation final : public ActiveCheck {
 public:
  int request_budget(const CheckSettings& settings, int declared) const override {
    if (!settings.intended_state) return declared;
    return std::max(declared, settings.intended_state->request_count());
  }

  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    const auto& state = settings_of(ctx).intended_state;
    if (!state) return mark_not_applicable(ctx, "no policy file with an expect: section");
    const IntendedState& st = *state;
    const std::string base = origin_base(ctx);
    const bool https = ctx.origin.starts_with("https://");
    check_headers_and_cookies(ctx, st, base, https, sink);
    check_protected_paths(ctx, st, base, sink);
    check_absent_paths(ctx, st, base, sink);
    if (https) check_tls_floor(ctx, st, sink);
  }

 private:
  static void unverified(const ActiveContext& ctx, const std::string& message,
                         const std::string& url) {
    if (ctx.notify) ctx.notify("policy-unverified", message, url);
  }

  static void check_headers_and_cookies(const ActiveContext& ctx, const IntendedState& st,
                                        const std::string& base, bool https, FindingSink& sink) {
    std::vector<std::string> paths;
    auto want = [&](const std::vector<std::string>& ps) {
      for (const auto& p : ps) {
        if (std::find(paths.begin(), paths.end(), p) == paths.end()) paths.push_back(p);
      }
    };
    for (const auto& h : st.headers) {
      // Browsers ignore HSTS over plain http: the expectation is about the https origin.
      if (!https && iequals(h.name, "Strict-Transport-Security")) continue;
      want(h.paths);
    }
    for (const auto& c : st.cookies) want(c.paths);
    if (paths.empty()) return;
    std::vector<HttpRequest> requests;
    for (const auto& p : paths) requests.push_back({"GET", base + p, {}, {}});
    const std::vector<Exchange> got = ctx.fetcher.fetch_all(requests);
    auto exchange_for = [&](const std::string& path) -> const Exchange* {
      const auto it = std::find(paths.begin(), paths.end(), path);
      const Exchange& ex = got[static_cast<std::size_t>(it - paths.begin())];
      if (!ex.ok()) {
        unverified(ctx, "could not fetch " + path + ": " + ex.error, base + path);
        return nullptr;
      }
      return &ex;
    };
    for (const auto& h : st.headers) {
      if (!https && iequals(h.name, "Strict-Transport-Security")) continue;
      for (const auto& p : h.paths) {
        const Exchange* ex = exchange_for(p);
        if (ex == nullptr) continue;
        if (ex->response.status >= 300 && ex->response.status < 400) {
          // A redirect (to https, to a login) is not the page the expectation is about.
          unverified(ctx,
                     "header " + h.name + " not verified: " + p + " redirects (" +
                         std::to_string(ex->response.status) + ")",
                     base + p);
          continue;
        }
        std::string shown;
        const std::string problem = header_problem(h, ex->response, &shown);
        if (problem.empty()) continue;
        Finding f = violation(*ex, h.severity, "header:" + to_lower(h.name) + ":" + p,
                              problem + " (expected by " + where(st, h.line) + ")",
                              "intended state " + where(st, h.line));
        f.evidence.header_name = h.name;
        f.evidence.header_value = shown;
        sink.report(std::move(f));
      }
    }
    for (const auto& c : st.cookies) {
      for (const auto& p : c.paths) {
        const Exchange* ex = exchange_for(p);
        if (ex == nullptr) continue;
        bool seen = false;
        for (const ResponseCookie& rc : response_cookies(ex->response)) {
          if (rc.cookie.name != c.name) continue;
          seen = true;
          const std::string problem = cookie_problem(c, rc.cookie);
          if (problem.empty()) continue;
          Finding f = violation(*ex, c.severity, "cookie:" + c.name + ":" + p,
                                problem + " (expected by " + where(st, c.line) + ")",
                                "intended state " + where(st, c.line));
          f.parameter = c.name;
          f.evidence.header_name = "Set-Cookie";
          f.evidence.header_value = *rc.header;
          sink.report(std::move(f));
        }
        if (!seen) {
          unverified(ctx, "cookie " + c.name + " not verified: " + p + " does not set it",
                     base + p);
        }
      }
    }
  }

  static void check_protected_paths(const ActiveContext& ctx, const IntendedState& st,
                                    const std::string& base, FindingSink& sink) {
    if (st.protected_paths.empty()) return;
    std::vector<HttpRequest> requests;
    std::vector<std::string> urls;
    for (const auto& p : st.protected_paths) {
      HttpRequest r{"GET", base + p.path, {}, {}};
      r.without_credentials = true;  // what an anonymous visitor gets
      requests.push_back(std::move(r));
      urls.push_back(base + p.path);
    }
    // A site answering 200 for everything (soft 404) does not serve the protected page.
    if (ctx.not_found != nullptr) ctx.not_found->calibrate(ctx.fetcher, urls);
    const std::vector<Exchange> got = ctx.fetcher.fetch_all(requests);
    for (std::size_t i = 0; i < got.size(); ++i) {
      const PathExpectation& p = st.protected_paths[i];
      const Exchange& ex = got[i];
      if (!ex.ok()) {
        unverified(ctx, "could not fetch " + p.path + ": " + ex.error, base + p.path);
        continue;
      }
      const int status = static_cast<int>(ex.response.status);
      // A redirect shows nothing here: the login page, or https (checked as its own origin).
      if (status >= 300 && status < 400) continue;
      if (std::find(p.allowed_statuses.begin(), p.allowed_statuses.end(), status) !=
          p.allowed_statuses.end()) {
        continue;
      }
      if (status >= 200 && status < 300 && ctx.not_found != nullptr &&
          ctx.not_found->judge(ex) == ProbeVerdict::not_found) {
        continue;
      }
      std::string allowed;
      for (int s : p.allowed_statuses) allowed += (allowed.empty() ? "" : "/") + std::to_string(s);
      Finding f =
          violation(ex, p.severity ? p.severity : Severity::high, "protected:" + p.path,
                    p.path + " answers " + std::to_string(status) +
                        " without credentials; the policy expects " + allowed + " (" +
                        where(st, p.line) + ")",
                    "requested without any credentials; intended state " + where(st, p.line));
      f.evidence.snippet = printable_snippet(ex.response.body, 200);
      sink.report(std::move(f));
    }
  }

  static void check_absent_paths(const ActiveContext& ctx, const IntendedState& st,
                                 const std::string& base, FindingSink& sink) {
    if (st.absent_paths.empty()) return;
    std::vector<HttpRequest> requests;
    std::vector<std::string> urls;
    for (const auto& p : st.absent_paths) {
      requests.push_back({"GET", base + p.path, {}, {}});
      urls.push_back(base + p.path);
    }
    // A soft-404 site answers 200 for everything: compare with its not-found answer.
    if (ctx.not_found != nullptr) ctx.not_found->calibrate(ctx.fetcher, urls);
    const std::vector<Exchange> got = ctx.fetcher.fetch_all(requests);
    for (std::size_t i = 0; i < got.size(); ++i) {
      const PathExpectation& p = st.absent_paths[i];
      const Exchange& ex = got[i];
      if (!ex.ok()) {
        unverified(ctx, "could not fetch " + p.path + ": " + ex.error, base + p.path);
        continue;
      }
      const long status = ex.response.status;
      if (status == 404 || status == 410) continue;
      if (ctx.not_found != nullptr) {
        const ProbeVerdict v = ctx.not_found->judge(ex);
        if (v == ProbeVerdict::not_found || v == ProbeVerdict::protected_area) continue;
      }
      Finding f = violation(
          ex, p.severity, "absent:" + p.path,
          p.path + " exists (" + std::to_string(status) + "); the policy says it must not (" +
              where(st, p.line) + ")",
          "compared with this site's not-found answer; intended state " + where(st, p.line));
      f.evidence.snippet = printable_snippet(ex.response.body, 200);
      sink.report(std::move(f));
    }
  }

  static void check_tls_floor(const ActiveContext& ctx, const IntendedState& st,
                              FindingSink& sink) {
    if (st.min_tls_version.empty()) return;
    const auto url = parse_url(ctx.origin);
    if (!url) return;
    if (ctx.tls == nullptr) {
      unverified(ctx, "minimum TLS version not verified: no TLS prober", ctx.origin + "/");
      return;
    }
    const TlsPosture& posture = ctx.tls->get(url->host, url->port);
    if (!posture.reachable) {
      unverified(ctx, "minimum TLS version not verified: no TLS answer", ctx.origin + "/");
      return;
    }
    const int floor = tls_rank(st.min_tls_version);
    std::vector<std::string> below;
    for (const ProbeResult& r : posture.protocols) {
      if (r.outcome == ProbeOutcome::accepted && tls_rank(r.name) >= 0 &&
          tls_rank(r.name) < floor) {
        below.push_back(r.name);
      }
    }
    if (below.empty()) return;
    std::string list;
    for (const auto& b : below) list += (list.empty() ? "" : ", ") + b;
    Finding f;
    f.check_id = std::string(kPolicyViolation.id);
    f.severity = st.min_tls_severity.value_or(kPolicyViolation.severity);
    f.confidence = kPolicyViolation.confidence;
    f.url = url->origin() + "/";
    f.per_origin = true;
    f.key = "min-tls-version";
    f.message = "the server accepts " + list + ", below the policy's minimum TLS " +
                st.min_tls_version + " (" + where(st, st.min_tls_line) + ")";
    f.evidence.snippet = "accepted: " + list;
    f.evidence.note = "direct TLS handshakes pinned to each protocol version; intended state " +
                      where(st, st.min_tls_line);
    f.exchange.method = "GET";
    f.exchange.url = f.url;
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_policy_violation() { return std::make_unique<PolicyViolation>(); }

}  // namespace gapscan
