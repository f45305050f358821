// clickjacking-protection-missing: an HTML page any site may frame.
#include <set>

#include "checks/common/all_checks.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kClickjackingProtectionMissing{
    "clickjacking-protection-missing",
    "Clickjacking protection missing",
    CheckKind::passive,
    1021,
    Severity::medium,
    Confidence::high,
    "The HTML page neither sends a valid X-Frame-Options header (DENY or SAMEORIGIN) nor a "
    "Content-Security-Policy with a frame-ancestors directive, so any site can load it in a "
    "frame and trick users into clicking on it (clickjacking). X-Frame-Options: ALLOW-FROM is "
    "ignored by current browsers, and a frame-ancestors directive, when present, replaces "
    "X-Frame-Options entirely.",
    "Send \"Content-Security-Policy: frame-ancestors 'self'\" (or 'none', or the list of "
    "origins allowed to frame the page), and \"X-Frame-Options: DENY\" or \"SAMEORIGIN\" for "
    "older browsers.",
    {"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy/"
     "frame-ancestors",
     "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Frame-Options",
     "https://cheatsheetseries.owasp.org/cheatsheets/Clickjacking_Defense_Cheat_Sheet.html",
     "https://html.spec.whatwg.org/multipage/document-lifecycle.html#the-x-frame-options-header"},
};

namespace {

struct FrameAncestors {
  bool present = false;      // some enforced policy has frame-ancestors
  bool restrictive = false;  // some policy's frame-ancestors does not allow every origin
  std::string directive;     // the first one seen, for evidence
};

// Sources that match every http(s) origin: such a list protects nothing.
bool allows_any_origin(std::string_view sources) {
  bool any = false;
  for (std::string_view tok : split(sources, ' ')) {
    tok = trim(tok);
    if (tok.empty()) continue;
    if (!(tok == "*" || iequals(tok, "https:") || iequals(tok, "http:") ||
          iequals(tok, "https://*") || iequals(tok, "http://*"))) {
      return false;
    }
    any = true;
  }
  return any;  // an empty list means 'none'
}

// CSP3 parsing: a header holds comma-separated policies, each ';'-separated directives
// named case-insensitively; within one policy the first occurrence of a name wins. Every
// policy is enforced, so one restrictive frame-ancestors suffices.
FrameAncestors find_frame_ancestors(const HeaderList& headers) {
  FrameAncestors fa;
  for (const std::string* header : find_headers(headers, "Content-Security-Policy")) {
    for (std::string_view policy : split(*header, ',')) {
      for (std::string_view directive : split(policy, ';')) {
        directive = trim(directive);
        std::size_t end = 0;
        while (end < directive.size() && directive[end] != ' ' && directive[end] != '\t') ++end;
        if (!iequals(directive.substr(0, end), "frame-ancestors")) continue;
        std::string sources(directive.substr(end));
        for (char& c : sources) {
          if (c == '\t') c = ' ';
        }
        if (!fa.present) fa.directive = std::string(directive);
        fa.present = true;
        if (!allows_any_origin(sources)) fa.restrictive = true;
        break;
      }
    }
  }
  return fa;
}

class ClickjackingProtectionMissing final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override { check(ctx, sink); }

 private:
  static void check(const PassiveContext& ctx, FindingSink& sink) {
    const HttpResponse& res = ctx.exchange.response;
    if (res.status < 200 || res.status >= 300 || !is_html(res)) return;

    // A <meta> CSP cannot carry frame-ancestors and a <meta> X-Frame-Options is ignored, so
    // only headers count.
    const FrameAncestors fa = find_frame_ancestors(res.headers);
    if (fa.restrictive) return;

    Finding f = make_finding(kClickjackingProtectionMissing, ctx.exchange);
    f.per_origin = true;
    if (fa.present) {
      // HTML: any frame-ancestors directive makes the browser skip X-Frame-Options.
      f.evidence.header_name = "Content-Security-Policy";
      f.evidence.header_value = fa.directive;
      f.evidence.note = "frame-ancestors allows every origin and overrides X-Frame-Options";
      f.message = "CSP frame-ancestors allows framing by any site";
      sink.report(std::move(f));
      return;
    }

    // HTML spec: the lower-cased values of all X-Frame-Options headers form a set; DENY or
    // SAMEORIGIN in it blocks framing (conflicting values block it too).
    std::set<std::string> values;
    std::string raw;
    for (const std::string* header : find_headers(res.headers, "X-Frame-Options")) {
      if (!raw.empty()) raw += ", ";
      raw += *header;
      for (std::string_view v : split(*header, ',')) {
        v = trim(v);
        if (!v.empty()) values.insert(to_lower(v));
      }
    }
    if (values.count("deny") != 0 || values.count("sameorigin") != 0) return;

    f.evidence.header_name = "X-Frame-Options";
    if (!values.empty()) {
      f.evidence.header_value = raw;
      f.evidence.note = "X-Frame-Options \"" + raw +
                        "\" is neither DENY nor SAMEORIGIN (browsers ignore it), and no CSP "
                        "frame-ancestors directive";
      f.message = "Invalid X-Frame-Options and no CSP frame-ancestors: the page can be framed";
    } else {
      f.evidence.note =
          "no X-Frame-Options header and no Content-Security-Policy frame-ancestors directive";
      f.message = "HTML page can be framed by any site (no X-Frame-Options or frame-ancestors)";
    }
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_clickjacking_protection_missing() {
  return std::make_unique<ClickjackingProtectionMissing>();
}

}  // namespace gapscan
