// sri-missing: a cross-origin script or stylesheet without Subresource Integrity.
#include <string>

#include "checks/common/all_checks.h"
#include "checks/common/page_util.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kSriMissing{
    "sri-missing",
    "Subresource Integrity missing on cross-origin script or stylesheet",
    CheckKind::passive,
    353,
    Severity::low,
    Confidence::high,
    "The page loads a script or stylesheet from another origin (typically a CDN) without an "
    "integrity attribute. If that origin is compromised or serves modified content, the "
    "browser runs whatever it receives with the full privileges of this page. Each such "
    "resource is one finding per origin, listing the pages that load it.",
    "Add an integrity=\"sha384-...\" attribute (and crossorigin=\"anonymous\") to <script "
    "src> and <link rel=\"stylesheet\"> elements that load fixed files from other origins, or "
    "host those files yourself. Resources that change on every request (tag managers, "
    "analytics loaders) cannot use integrity: weigh them separately.",
    {"https://developer.mozilla.org/en-US/docs/Web/Security/Subresource_Integrity",
     "https://www.w3.org/TR/SRI/", "https://cwe.mitre.org/data/definitions/353.html"},
};

namespace {

// The origin of a normalized absolute URL: what precedes the first '/' after "://".
std::string_view origin_prefix(std::string_view url) {
  const std::size_t authority = url.find("://");
  if (authority == std::string_view::npos) return {};
  return url.substr(0, url.find('/', authority + 3));
}

class SriMissing final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    if (!pageutil::is_html_2xx(ctx)) return;
    const std::string_view page_origin = origin_prefix(ex.request.url);
    for (const HtmlScript& s : ctx.html->scripts) {
      if (s.src.empty() || !trim(s.integrity).empty()) continue;
      const std::string_view origin = origin_prefix(s.src);
      if (origin.empty() || iequals(origin, page_origin)) continue;
      const std::string what = s.tag == "link" ? "stylesheet" : "script";
      Finding f = make_finding(kSriMissing, ex);
      // The same CDN script in every page's template is one problem: one finding per origin
      // and resource, with the pages that load it.
      f.per_origin = true;
      f.key = s.src;
      pageutil::set_body_evidence(f.evidence, ex.response.body,
                                  pageutil::find_url(ex.response.body, s.src), s.src);
      f.evidence.note = "cross-origin " + what + " without an integrity attribute: " + s.src;
      f.message = "Cross-origin " + what + " " + s.src + " is loaded without Subresource Integrity";
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_sri_missing() { return std::make_unique<SriMissing>(); }

}  // namespace gapscan
