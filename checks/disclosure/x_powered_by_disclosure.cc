// x-powered-by-disclosure: technology headers (X-Powered-By, X-AspNet-Version, ...) and a
// versioned <meta name="generator">.
#include "checks/common/all_checks.h"
#include "checks/disclosure/util.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kXPoweredByDisclosure{
    "x-powered-by-disclosure",
    "Technology disclosed in X-Powered-By or generator",
    CheckKind::passive,
    497,
    Severity::low,
    Confidence::high,
    "The response names the platform or framework behind the site: an X-Powered-By, "
    "X-AspNet-Version, X-AspNetMvc-Version or X-Generator header, or a <meta name=\"generator\"> "
    "tag with a version (for example \"PHP/8.1.2\", \"4.0.30319\" or \"WordPress 6.4.2\"). "
    "Attackers use this to pick exploits for that exact technology and version.",
    "Remove these headers (\"expose_php = Off\" in php.ini, app.disable('x-powered-by') in "
    "Express, <httpRuntime enableVersionHeader=\"false\"/> and removing X-Powered-By in IIS, "
    "MvcHandler.DisableMvcResponseHeader = true in ASP.NET MVC) and drop the version from "
    "generator meta tags (most CMSs have a setting or filter for it).",
    {"https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_"
     "Security_Testing/01-Information_Gathering/08-Fingerprint_Web_Application_Framework",
     "https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Headers_Cheat_Sheet.html",
     "https://cwe.mitre.org/data/definitions/497.html"},
};

namespace {

using disclosure::is_digit;
using disclosure::npos;

constexpr std::string_view kHeaders[] = {"X-Powered-By", "X-AspNet-Version", "X-AspNetMvc-Version",
                                         "X-Generator"};

// Whether the text carries a version: a digit run, optionally dotted, that starts a word or
// follows a '/', 'v' or 'V' ("WordPress 6.4.2", "Hugo 0.120.4", "Drupal 10", "PHP/8.1").
bool has_version(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!is_digit(s[i])) continue;
    const char prev = i == 0 ? ' ' : s[i - 1];
    if (prev == ' ' || prev == '/' || prev == 'v' || prev == 'V' || prev == '-' || i == 0) {
      return true;
    }
  }
  return false;
}

// Values an admin puts there to mask the header (Verdaccio ships "X-Powered-By: hidden"): they
// name no technology, so there is nothing disclosed.
bool masked_value(std::string_view value) {
  const std::string v = to_lower(value);
  for (std::string_view m : {"hidden", "unknown", "none", "n/a", "-", "*", "x", "redacted",
                             "secret", "private", "anonymous"}) {
    if (v == m) return true;
  }
  return false;
}

class XPoweredByDisclosure final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    if (ex.response.status <= 0) return;
    for (std::string_view name : kHeaders) {
      for (const std::string* header : find_headers(ex.response.headers, name)) {
        const std::string_view value = trim(*header);
        if (value.empty() || masked_value(value)) continue;
        Finding f = make_finding(kXPoweredByDisclosure, ex);
        f.per_origin = true;
        f.key = std::string(name) + ": " + std::string(value);
        f.evidence.header_name = std::string(name);
        f.evidence.header_value = *header;
        const std::string shown = printable_snippet(value, 120);
        f.evidence.note = std::string(name) + " header discloses \"" + shown + "\"";
        f.message = std::string(name) + " header discloses the technology \"" + shown + "\"" +
                    (has_version(value) ? " including its version" : "");
        sink.report(std::move(f));
      }
    }
    if (ctx.html == nullptr) return;
    for (const HtmlMeta& meta : ctx.html->metas) {
      if (meta.http_equiv || meta.name != "generator") continue;
      const std::string_view content = trim(meta.content);
      if (content.empty() || !has_version(content)) continue;
      Finding f = make_finding(kXPoweredByDisclosure, ex);
      f.per_origin = true;
      f.key = "meta generator: " + std::string(content);
      const std::string_view body = disclosure::scan_body(ex.response);
      // Locate the tag for the line number: the content value after a "generator" mention.
      std::size_t pos = npos;
      int tries = 0;
      for (std::size_t g = disclosure::find_lit(body, "generator"); g != npos && tries < 64;
           g = disclosure::find_lit(body, "generator", g + 1), ++tries) {
        const std::size_t lt = body.rfind('<', g);
        const std::size_t gt = body.find('>', g);
        if (lt == npos || gt == npos || g - lt > 200 || gt - g > 400) continue;
        if (body.substr(lt, gt - lt).find(content) != npos) {
          pos = lt;
          break;
        }
      }
      if (pos != npos) {
        f.evidence.line = line_number_at(body, pos);
        f.evidence.snippet = disclosure::line_snippet(body, pos, body.find('>', pos) + 1);
      } else {
        f.evidence.snippet =
            "<meta name=\"generator\" content=\"" + printable_snippet(content, 160) + "\">";
      }
      const std::string shown = printable_snippet(content, 120);
      f.evidence.note = "generator meta tag discloses \"" + shown + "\"";
      f.message = "The generator meta tag discloses \"" + shown + "\" including its version";
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_x_powered_by_disclosure() {
  return std::make_unique<XPoweredByDisclosure>();
}

}  // namespace gapscan
