// csp-malformed: Content-Security-Policy mistakes that make browsers ignore part of a
// policy: unknown directive names, repeated directives, directives a <meta> policy cannot
// carry, and keywords written without their single quotes.
#include <set>

#include "checks/common/all_checks.h"
#include "checks/headers/csp.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kCspMalformed{
    "csp-malformed",
    "Content-Security-Policy is malformed",
    CheckKind::passive,
    693,
    Severity::low,
    Confidence::high,
    "Part of the Content-Security-Policy (enforced or report-only) is ignored by browsers, so "
    "the policy is weaker than its author intended: a directive name that is not a CSP "
    "directive (typically a typo such as \"scripts-src\"), a directive repeated within one "
    "policy (only the first occurrence counts), a frame-ancestors, report-uri or sandbox "
    "directive in a <meta http-equiv> policy (meta policies cannot carry them, so framing "
    "protection delivered only through <meta> does not exist), or a keyword such as self or "
    "unsafe-inline written without single quotes (it is then read as a host name).",
    "Fix the policy so every directive is a CSP3 directive name and appears once per policy; "
    "merge repeated directives into one source list. Send frame-ancestors, report-uri and "
    "sandbox in the Content-Security-Policy header, not in <meta>. Quote keywords: 'self', "
    "'none', 'unsafe-inline', 'nonce-...', 'sha256-...'.",
    {"https://www.w3.org/TR/CSP3/#parse-serialized-policy",
     "https://www.w3.org/TR/CSP3/#meta-element",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy"},
};

namespace {

// Directives whose value is a source list (where keywords must be single-quoted).
bool has_source_list(std::string_view name) {
  return name.ends_with("-src") || name == "base-uri" || name == "form-action" ||
         name == "frame-ancestors" || name == "navigate-to";
}

// A CSP keyword written without single quotes (bare or in double quotes).
bool is_unquoted_keyword(std::string_view token) {
  if (token.size() >= 2 && token.front() == '"' && token.back() == '"') {
    token = token.substr(1, token.size() - 2);
  }
  for (std::string_view kw :
       {"self", "none", "unsafe-inline", "unsafe-eval", "strict-dynamic", "unsafe-hashes",
        "report-sample", "wasm-unsafe-eval", "unsafe-allow-redirects"}) {
    if (iequals(token, kw)) return true;
  }
  for (std::string_view prefix : {"nonce-", "sha256-", "sha384-", "sha512-"}) {
    if (token.size() > prefix.size() && istarts_with(token, prefix)) return true;
  }
  return false;
}

std::string printable_name(std::string_view name) { return printable_snippet(name, 40); }

class CspMalformed final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const HttpResponse& res = ctx.exchange.response;
    if (res.status < 200 || res.status >= 300 || !is_html(res)) return;
    const std::vector<CspPolicy> policies = collect_csp(res, ctx.html, true);
    if (policies.empty()) return;

    bool header_frame_ancestors = false;
    for (const CspPolicy& p : policies) {
      if (p.delivery == CspDelivery::header && p.find("frame-ancestors") != nullptr) {
        header_frame_ancestors = true;
      }
    }

    std::set<std::string> seen;
    auto report = [&](const CspPolicy& p, std::string key, std::string note, std::string msg) {
      if (!seen.insert(key).second) return;
      Finding f = make_finding(kCspMalformed, ctx.exchange);
      f.per_origin = true;
      f.key = std::move(key);
      set_csp_evidence(f.evidence, p, res.body);
      f.evidence.note = std::move(note);
      f.message = std::move(msg);
      sink.report(std::move(f));
    };

    for (const CspPolicy& p : policies) {
      const std::string where(csp_header_name(p.delivery));
      for (const CspDirective& d : p.directives) {
        const std::string name = printable_name(d.name);
        if (!d.known) {
          report(p, "unknown-directive:" + name, "unknown directive \"" + name + "\"",
                 where + " contains the unknown directive \"" + name + "\", which browsers ignore");
          continue;
        }
        if (!has_source_list(d.name)) continue;
        for (const std::string& s : d.sources) {
          if (!is_unquoted_keyword(s)) continue;
          const std::string token = printable_name(s);
          report(p, "unquoted-keyword:" + to_lower(token),
                 "directive \"" + printable_snippet(d.text, 200) + "\" contains " + token +
                     " without single quotes",
                 where + " " + name + " contains " + token +
                     " without single quotes: browsers read it as a host name, not a keyword");
        }
      }
      for (const CspDirective& d : p.duplicates) {
        const std::string name = printable_name(d.name);
        report(p, "duplicate-directive:" + name,
               "directive \"" + name + "\" repeated in one policy; ignored: \"" +
                   printable_snippet(d.text, 200) + "\"",
               where + " repeats the " + name +
                   " directive within one policy: browsers use only the first occurrence");
      }
      for (const CspDirective& d : p.meta_ignored) {
        std::string msg = "<meta> Content-Security-Policy contains " + d.name +
                          ", which browsers ignore in meta policies";
        if (d.name == "frame-ancestors" && !header_frame_ancestors) {
          msg +=
              "; no header policy sets frame-ancestors, so the page has no CSP framing "
              "protection";
        }
        report(p, "meta-ignored:" + d.name,
               "directive \"" + printable_snippet(d.text, 200) + "\" in a <meta> policy",
               std::move(msg));
      }
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_csp_malformed() { return std::make_unique<CspMalformed>(); }

}  // namespace gapscan
