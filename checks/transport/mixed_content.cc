// mixed-content: an HTTPS page that loads subresources, or submits forms, over plain HTTP.
#include <optional>
#include <string>
#include <vector>

#include "checks/common/all_checks.h"
#include "checks/common/page_util.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kMixedContent{
    "mixed-content",
    "Mixed content",
    CheckKind::passive,
    319,
    Severity::medium,
    Confidence::high,
    "An HTTPS page references http:// resources. Scripts, stylesheets, frames, objects and "
    "form actions (medium severity) give an attacker on the network path control over the "
    "page or the submitted data; browsers block most of them, which breaks the page. Images, "
    "audio and video (low severity) can be swapped or observed, and are upgraded or flagged "
    "by current browsers. Pages with a Content-Security-Policy upgrade-insecure-requests "
    "directive are not reported.",
    "Reference every resource and form target over https:// (or with a relative URL), and "
    "consider Content-Security-Policy: upgrade-insecure-requests as a safety net.",
    {"https://developer.mozilla.org/en-US/docs/Web/Security/Mixed_content",
     "https://www.w3.org/TR/mixed-content/", "https://web.dev/articles/what-is-mixed-content"},
};

namespace {

struct Insecure {
  std::string url;
  std::string what;  // "script", "stylesheet", "iframe", "form action", "img", ...
  Severity severity;
};

bool has_directive(std::string_view policy, std::string_view name) {
  for (std::string_view d : split(policy, ';')) {
    for (std::string_view part : split(d, ',')) {  // several policies in one header
      part = trim(part);
      if (iequals(part.substr(0, part.find_first_of(" \t")), name)) return true;
    }
  }
  return false;
}

bool upgrades_insecure_requests(const Exchange& ex, const HtmlDocument& doc) {
  for (const std::string* h : find_headers(ex.response.headers, "Content-Security-Policy")) {
    if (has_directive(*h, "upgrade-insecure-requests")) return true;
  }
  for (const HtmlMeta& m : doc.metas) {
    if (m.http_equiv && m.name == "content-security-policy" &&
        has_directive(m.content, "upgrade-insecure-requests")) {
      return true;
    }
  }
  return false;
}

// Severity of a plain-HTTP URL in HtmlDocument::links by the element that loads it; nullopt
// for navigations (a, area) and elements covered elsewhere (script and stylesheet links).
std::optional<Severity> link_severity(std::string_view tag) {
  for (std::string_view t : {"iframe", "frame", "object", "embed"}) {
    if (tag == t) return Severity::medium;
  }
  for (std::string_view t : {"img", "source", "video", "audio", "track"}) {
    if (tag == t) return Severity::low;
  }
  return std::nullopt;
}

class MixedContent final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    if (!pageutil::is_https_url(ex.request.url) || !pageutil::is_html_2xx(ctx)) return;
    const HtmlDocument& doc = *ctx.html;
    std::vector<Insecure> found;
    auto add = [&found](const std::string& url, std::string what, Severity severity) {
      for (Insecure& i : found) {
        if (i.url != url) continue;
        if (severity > i.severity) i = {url, std::move(what), severity};
        return;
      }
      found.push_back({url, std::move(what), severity});
    };
    for (const HtmlScript& s : doc.scripts) {
      if (pageutil::is_http_url(s.src)) {
        add(s.src, s.tag == "link" ? "stylesheet" : "script", Severity::medium);
      }
    }
    for (const HtmlLink& l : doc.links) {
      if (!pageutil::is_http_url(l.url)) continue;
      if (const auto severity = link_severity(l.tag)) add(l.url, l.tag, *severity);
    }
    for (const HtmlForm& form : doc.forms) {
      if (pageutil::is_http_url(form.action)) add(form.action, "form action", Severity::medium);
    }
    if (found.empty() || upgrades_insecure_requests(ex, doc)) return;
    for (Insecure& i : found) {
      Finding f = make_finding(kMixedContent, ex);
      f.severity = i.severity;
      // The same plain-HTTP resource in a shared template is one problem per origin.
      f.per_origin = true;
      f.key = i.url;
      pageutil::set_body_evidence(f.evidence, ex.response.body,
                                  pageutil::find_url(ex.response.body, i.url), i.url);
      f.evidence.note = i.what == "form action" ? "form submits over plain HTTP to " + i.url
                                                : i.what + " loaded over plain HTTP: " + i.url;
      f.message = i.what == "form action"
                      ? "HTTPS page has a form that submits to plain-HTTP URL " + i.url
                      : "HTTPS page loads " + i.what + " " + i.url + " over plain HTTP";
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_mixed_content() { return std::make_unique<MixedContent>(); }

}  // namespace gapscan
