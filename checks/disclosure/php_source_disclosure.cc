// php-source-disclosure: raw PHP source ("<?php ...") served instead of being executed.
#include <string>

#include "checks/common/all_checks.h"
#include "checks/disclosure/util.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kPhpSourceDisclosure{
    "php-source-disclosure",
    "PHP source code disclosed",
    CheckKind::passive,
    540,
    Severity::high,
    Confidence::medium,
    "The response contains raw PHP source code (an unescaped \"<?php\" open tag followed by "
    "code). The server returned the script instead of executing it, typically because the PHP "
    "handler is missing for that path or extension, or because a backup or include file "
    "(.inc, .php.bak, .phps) is downloadable. PHP source often holds database credentials, "
    "API keys and logic an attacker can study for vulnerabilities. Files of one extension are "
    "one finding per origin (one missing handler exposes them all), listing the affected URLs.",
    "Make sure every PHP file is executed by the PHP handler and never served as a static file; "
    "keep include and configuration files outside the document root, deny access to backup "
    "extensions, and rotate any credentials the exposed source contained.",
    {"https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_"
     "Security_Testing/02-Configuration_and_Deployment_Management_Testing/"
     "04-Review_Old_Backup_and_Unreferenced_Files_for_Sensitive_Information",
     "https://cwe.mitre.org/data/definitions/540.html"},
};

namespace {

using disclosure::npos;

// Something that reads as PHP code shortly after the open tag.
bool looks_like_code(std::string_view after) {
  for (std::string_view token :
       {"$", "echo", "function", "require", "include", "namespace", "use ", "define(", "class ",
        "?>", "//", "/*", "if", "print", "return", "declare(", "session_start", "header("}) {
    if (after.find(token) != npos) return true;
  }
  return false;
}

// The file extension of a URL's last path segment (".php", ".inc"; "" when none), lower-case.
std::string extension_of(std::string_view url) {
  const std::string_view path = url.substr(0, url.find_first_of("?#"));
  const std::size_t slash = path.rfind('/');
  const std::string_view name = slash == npos ? path : path.substr(slash + 1);
  const std::size_t dot = name.rfind('.');
  if (dot == npos || dot == 0) return "";
  return to_lower(name.substr(dot));
}

class PhpSourceDisclosure final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    const HttpResponse& res = ex.response;
    if (res.status <= 0 || res.body.empty()) return;
    const disclosure::BodyKind kind = disclosure::body_kind(res);
    // JSON strings carrying code (snippet APIs) are data, not a served script.
    if (kind == disclosure::BodyKind::binary || kind == disclosure::BodyKind::json) return;
    const std::string_view body = disclosure::scan_body(res);
    int tries = 0;
    for (std::size_t pos = disclosure::find_lit(body, "<?php"); pos != npos && tries < 64;
         pos = disclosure::find_lit(body, "<?php", pos + 5), ++tries) {
      const std::size_t after = pos + 5;
      // The open tag needs whitespace (or the end of the file) after it.
      if (after < body.size() && body[after] != ' ' && body[after] != '\t' && body[after] != '\n' &&
          body[after] != '\r') {
        continue;
      }
      if (!looks_like_code(body.substr(after, 400))) continue;
      Finding f = make_finding(kPhpSourceDisclosure, ex);
      // A PHP handler missing for an extension serves every such file raw: one problem.
      f.per_origin = true;
      f.key = extension_of(ex.request.url);
      f.evidence.line = line_number_at(body, pos);
      f.evidence.snippet = disclosure::line_snippet(body, pos, after);
      f.evidence.note = "unescaped <?php open tag followed by code";
      f.message = "The response contains raw PHP source code";
      sink.report(std::move(f));
      return;
    }
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_php_source_disclosure() {
  return std::make_unique<PhpSourceDisclosure>();
}

}  // namespace gapscan
