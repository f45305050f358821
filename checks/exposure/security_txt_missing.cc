// security-txt-missing: the origin publishes no RFC 9116 security.txt.
#include "checks/common/all_checks.h"
#include "scanner/base/text.h"
#include "scanner/base/url.h"

namespace gapscan {

const CheckInfo kSecurityTxtMissing{
    "security-txt-missing",
    "security.txt missing",
    CheckKind::active,
    1059,
    Severity::info,
    Confidence::high,
    "The site publishes no valid security.txt (RFC 9116) at /.well-known/security.txt or "
    "/security.txt: a text/plain file with at least one Contact: field. Without it, people "
    "who find a vulnerability have no documented way to report it.",
    "Serve /.well-known/security.txt as text/plain with at least a Contact: field (an email "
    "address or a URL) and an Expires: field, and keep it up to date.",
    {"https://www.rfc-editor.org/rfc/rfc9116", "https://securitytxt.org/"},
    8,  // request budget per origin
};

namespace {

constexpr int kMaxRedirects = 3;

struct Probe {
  std::string path;
  std::vector<Exchange> chain;  // the request and every redirect followed
  bool valid = false;
  bool inconclusive = false;  // transport error or refusal: cannot tell
  std::string outcome;        // for the evidence note
};

bool has_contact_field(std::string_view body) {
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  for (std::string_view line : split(body, '\n')) {
    if (istarts_with(trim(line), "contact:")) return true;
  }
  return false;
}

std::string describe(const HttpResponse& res) {
  std::string mt = media_type(res);
  return std::to_string(res.status) + " " + (mt.empty() ? "(no content type)" : mt);
}

// A redirect target worth following: on the same host (http -> https upgrades and
// trailing-slash redirects are common; other hosts are not this origin's security.txt).
std::optional<std::string> redirect_target(const Exchange& ex) {
  const long s = ex.response.status;
  if (s != 301 && s != 302 && s != 303 && s != 307 && s != 308) return std::nullopt;
  const std::string* location = find_header(ex.response.headers, "Location");
  if (location == nullptr) return std::nullopt;
  const auto base = parse_url(ex.request.url);
  if (!base) return std::nullopt;
  const auto target = resolve_url(*base, trim(*location));
  if (!target || target->host != base->host) return std::nullopt;
  std::string next = target->to_string();
  if (next == base->to_string()) return std::nullopt;
  return next;
}

void run_probe(Fetcher& fetcher, const std::string& origin, Probe& probe) {
  std::string url = origin + probe.path;
  for (int hop = 0; hop <= kMaxRedirects; ++hop) {
    HttpRequest req;
    req.url = url;
    probe.chain.push_back(fetcher.fetch(req));
    const Exchange& ex = probe.chain.back();
    if (!ex.ok()) {
      probe.inconclusive = true;
      probe.outcome += "request failed (" + (ex.error.empty() ? "no response" : ex.error) + ")";
      return;
    }
    const HttpResponse& res = ex.response;
    probe.outcome += describe(res);
    if (auto next = redirect_target(ex); next && hop < kMaxRedirects) {
      probe.outcome += " -> ";
      url = *next;
      continue;
    }
    if (res.status != 200) return;
    if (media_type(res) != "text/plain") {
      probe.outcome += ", not text/plain";
      return;
    }
    if (!has_contact_field(res.body)) {
      probe.outcome += ", no Contact: field";
      return;
    }
    probe.valid = true;
    return;
  }
}

class SecurityTxtMissing final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override { check(ctx, sink); }

 private:
  static void check(const ActiveContext& ctx, FindingSink& sink) {
    std::string origin = ctx.origin;
    while (!origin.empty() && origin.back() == '/') origin.pop_back();
    if (origin.empty()) return;

    Probe well_known{"/.well-known/security.txt", {}, false, false, {}};
    run_probe(ctx.fetcher, origin, well_known);
    if (well_known.valid) return;
    Probe legacy{"/security.txt", {}, false, false, {}};
    run_probe(ctx.fetcher, origin, legacy);
    if (legacy.valid) return;
    // Without an answer to both probes the file may well exist: do not guess.
    if (well_known.inconclusive || legacy.inconclusive) return;

    Finding f = make_finding(kSecurityTxtMissing, well_known.chain.front());
    f.url = origin + well_known.path;
    f.per_origin = true;
    f.evidence.note =
        well_known.path + ": " + well_known.outcome + "; " + legacy.path + ": " + legacy.outcome;
    f.message = "No valid security.txt at " + well_known.path + " or " + legacy.path;
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_security_txt_missing() {
  return std::make_unique<SecurityTxtMissing>();
}

}  // namespace gapscan
