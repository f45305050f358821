// csp-wildcard-source: the enforced CSP lets scripts, plugins or (through default-src) other
// resources load from any host: *, http:, https: or data: sources.
#include <map>

#include "checks/common/all_checks.h"
#include "checks/headers/csp.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kCspWildcardSource{
    "csp-wildcard-source",
    "Content-Security-Policy allows any host (wildcard or scheme source)",
    CheckKind::passive,
    693,
    Severity::medium,
    Confidence::high,
    "A directive of the enforced Content-Security-Policy that governs scripts (script-src, "
    "script-src-elem), plugins (object-src) or, as the fallback, every fetch (default-src) "
    "contains a source that matches any host: '*', 'http:', 'https:' (or http://*, "
    "https://*), or 'data:' for scripts and plugins. An attacker who can inject markup then "
    "loads script from a server they control or from a data: URL, defeating the policy. "
    "When script-src also contains 'strict-dynamic', CSP3 browsers ignore host and scheme "
    "sources for scripts, so that case is not reported for scripts.",
    "List the exact origins resources may come from (or 'self'), never bare schemes or '*'. "
    "For scripts prefer a nonce- or hash-based policy with 'strict-dynamic'; set object-src "
    "'none'. Keep data: out of script-src, object-src and default-src (allow it only in "
    "img-src or font-src if needed).",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy/"
     "Sources",
     "https://www.w3.org/TR/CSP3/#match-url-to-source-expression",
     "https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html",
     "https://csp-evaluator.withgoogle.com/"},
};

namespace {

// Sources matching any http(s) host.
bool is_any_host(std::string_view s) {
  return s == "*" || iequals(s, "http:") || iequals(s, "https:") || iequals(s, "http://*") ||
         iequals(s, "https://*");
}

// The wildcard sources of a list; for scripts and plugins data: counts too.
std::string wildcard_tokens(const CspDirective& d, bool with_data) {
  std::string out;
  for (const std::string& s : d.sources) {
    if (is_any_host(s) || (with_data && iequals(s, "data:"))) {
      if (!out.empty()) out += ' ';
      out += s;
    }
  }
  return out;
}

bool weak_for_scripts(const CspDirective& d) {
  // CSP3: with 'strict-dynamic', host and scheme sources are ignored for scripts.
  return !csp_has_strict_dynamic(d) && !wildcard_tokens(d, true).empty();
}
bool weak_for_plugins(const CspDirective& d) { return !wildcard_tokens(d, true).empty(); }
bool weak_default(const CspDirective& d) { return !wildcard_tokens(d, false).empty(); }

struct Opened {
  const CspPolicy* policy = nullptr;
  const CspDirective* directive = nullptr;
  std::vector<std::string_view> kinds;  // resource kinds this directive opens
  bool with_data = false;
};

class CspWildcardSource final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const HttpResponse& res = ctx.exchange.response;
    if (res.status < 200 || res.status >= 300 || !is_html(res)) return;
    const std::vector<CspPolicy> policies = collect_csp(res, ctx.html);
    if (policies.empty()) return;

    // Keyed by the directive that carries the wildcard, so "default-src *" alone is one
    // finding even though it opens scripts, plugins and everything else.
    std::map<std::string, Opened> by_directive;
    auto note = [&](const CspOpening& open, std::string_view kind, bool with_data) {
      if (!open) return;
      Opened& o = by_directive[open.directive->name];
      if (o.directive == nullptr) {
        o.policy = open.policy;
        o.directive = open.directive;
      }
      o.kinds.push_back(kind);
      o.with_data = o.with_data || with_data;
    };
    note(csp_open_in_all(policies, "script-src-elem", weak_for_scripts), "scripts", true);
    note(csp_open_in_all(policies, "object-src", weak_for_plugins), "plugins (object/embed)", true);
    // default-src itself: what it governs beyond scripts and plugins (frames, styles,
    // connections, ...). The fallback list of "default-src" is just default-src.
    note(csp_open_in_all(policies, "default-src", weak_default), "every other resource type",
         false);

    for (auto& [name, o] : by_directive) {
      const std::string tokens = wildcard_tokens(*o.directive, o.with_data);
      std::string kinds;
      for (std::size_t i = 0; i < o.kinds.size(); ++i) {
        if (i > 0) kinds += i + 1 == o.kinds.size() ? " and " : ", ";
        kinds += o.kinds[i];
      }
      Finding f = make_finding(kCspWildcardSource, ctx.exchange);
      f.per_origin = true;
      f.key = name;
      set_csp_evidence(f.evidence, *o.policy, res.body);
      f.evidence.note = "directive \"" + o.directive->text + "\" contains " + tokens;
      f.message = "Content-Security-Policy " + name + " contains " + tokens + ": " + kinds +
                  " may be loaded from attacker-chosen URLs";
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_csp_wildcard_source() {
  return std::make_unique<CspWildcardSource>();
}

}  // namespace gapscan
