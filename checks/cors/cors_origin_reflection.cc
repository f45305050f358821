// cors-origin-reflection: Access-Control-Allow-Origin echoes origins the site cannot trust.
//
// Budget per origin: at most 4 pages x 7 forged origins = 28 GET requests (6 per page on an
// http origin, which has no "http:// variant" trick).
#include <algorithm>

#include "checks/common/all_checks.h"
#include "checks/common/probe_util.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kCorsOriginReflection{
    "cors-origin-reflection",
    "CORS policy reflects untrusted origins",
    CheckKind::active,
    942,
    Severity::medium,
    Confidence::high,
    "Requests carrying a forged Origin header (an unrelated domain, the site's own name as the "
    "prefix or suffix of another domain, names with characters that fool naive patterns) were "
    "answered with Access-Control-Allow-Origin echoing that origin. Any web site a user visits "
    "can then read these responses in the user's browser; with "
    "Access-Control-Allow-Credentials: true it reads them with the user's cookies, i.e. "
    "whatever the user can see on this site. Trusting any subdomain or the site's own http:// "
    "origin is a weaker form: an XSS on any subdomain or a network attacker on http gets the "
    "same access.",
    "Compare the Origin header against an exact allow-list of trusted origins (full scheme, "
    "host and port) and send Access-Control-Allow-Origin only for those, with Vary: Origin. "
    "Never build the header from the request, and do not use prefix, suffix or unanchored "
    "regular-expression matches. Send Access-Control-Allow-Credentials only where credentialed "
    "cross-origin reads are really needed.",
    {"https://portswigger.net/web-security/cors",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS",
     "https://cwe.mitre.org/data/definitions/942.html"},
    28,  // request budget per origin
};

namespace {

constexpr std::size_t kMaxPages = 4;

struct Trick {
  std::string origin;
  std::string label;
  bool weak;  // trusting it needs a second weakness (subdomain XSS, a network attacker)
};

std::vector<Trick> tricks_for(const Url& target) {
  const std::string authority = probe::authority_of(target);
  std::string host = target.host;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  std::vector<Trick> out = {
      {"https://gapscan-probe.invalid", "an unrelated origin", false},
      {"https://" + host + ".gapscan-probe.invalid", "the site's host as prefix of another domain",
       false},
      {"https://gapscanprobe" + authority, "the site's host as suffix of another name", false},
      {"https://gapscan-sub." + authority, "an arbitrary subdomain", true},
  };
  if (target.scheme == "https") {
    out.push_back({"http://" + authority, "the site's own host over plain http", true});
  }
  out.push_back({"https://" + host + "`.gapscan-probe.invalid",
                 "a backtick after the site's host (Safari accepts it in host names)", false});
  out.push_back({"https://" + host + "_.gapscan-probe.invalid",
                 "an underscore after the site's host", false});
  return out;
}

struct Accepted {
  const Trick* trick;
  Exchange exchange;
  bool credentials;
};

Severity severity_of(const Accepted& a) {
  if (a.trick->weak) return a.credentials ? Severity::medium : Severity::low;
  return a.credentials ? Severity::high : Severity::medium;
}

class CorsOriginReflection final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    const auto target = parse_url(ctx.origin);
    if (!target) return;
    const std::vector<Trick> tricks = tricks_for(*target);
    const std::vector<std::string> pages = probe::pages_for_header_probes(ctx, kMaxPages);
    std::vector<HttpRequest> requests;
    std::vector<const Trick*> request_trick;
    for (const std::string& page : pages) {
      for (const Trick& t : tricks) {
        HttpRequest req;
        req.url = page;
        req.headers.push_back({"Origin", t.origin});
        requests.push_back(std::move(req));
        request_trick.push_back(&t);
      }
    }
    std::vector<Exchange> answers = ctx.fetcher.fetch_all(requests);
    std::vector<Accepted> accepted;
    std::vector<std::string> reflecting_pages;
    for (std::size_t i = 0; i < answers.size() && i < request_trick.size(); ++i) {
      Exchange& ex = answers[i];
      if (!ex.ok()) continue;
      const std::string acao = probe::header_value(ex.response, "Access-Control-Allow-Origin");
      if (acao.empty() || !iequals(acao, request_trick[i]->origin)) continue;
      const bool credentials =
          iequals(probe::header_value(ex.response, "Access-Control-Allow-Credentials"), "true");
      if (std::find(reflecting_pages.begin(), reflecting_pages.end(), ex.request.url) ==
          reflecting_pages.end()) {
        reflecting_pages.push_back(ex.request.url);
      }
      accepted.push_back({request_trick[i], std::move(ex), credentials});
    }
    if (accepted.empty()) return;

    // The evidence: the worst case, first in page and trick order.
    const Accepted* worst = &accepted.front();
    for (const Accepted& a : accepted) {
      if (severity_of(a) > severity_of(*worst)) worst = &a;
    }
    std::vector<std::string> labels;
    for (const Trick& t : tricks) {
      const bool ok = std::any_of(accepted.begin(), accepted.end(),
                                  [&](const Accepted& a) { return a.trick == &t; });
      if (ok) labels.push_back(t.label + " (" + t.origin + ")");
    }
    std::string list;
    for (const std::string& l : labels) list += (list.empty() ? "" : "; ") + l;

    Finding f = make_finding(kCorsOriginReflection, worst->exchange);
    f.severity = severity_of(*worst);
    f.per_origin = true;
    f.evidence.header_name = "Access-Control-Allow-Origin";
    f.evidence.header_value =
        probe::header_value(worst->exchange.response, "Access-Control-Allow-Origin");
    f.evidence.snippet = "Origin: " + worst->trick->origin;
    f.evidence.note =
        "accepted: " + list +
        "; Access-Control-Allow-Credentials: " + (worst->credentials ? "true" : "absent") + "; " +
        std::to_string(reflecting_pages.size()) + " of " + std::to_string(pages.size()) +
        " pages tried reflect a forged origin";
    f.message = std::string(worst->trick->weak ? "CORS trusts " : "CORS reflects ") +
                worst->trick->label + " (" + worst->trick->origin + ")" +
                (worst->credentials ? " with credentials" : " (without credentials)");
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_cors_origin_reflection() {
  return std::make_unique<CorsOriginReflection>();
}

}  // namespace gapscan
