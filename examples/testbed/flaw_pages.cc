// Pages that exist only while their flaw is on (all linked from the home page).
#include <string>

#include "examples/testbed/site.h"

namespace testbed {
namespace {

constexpr std::string_view kHomeLink = "\n<p><a href=\"/\">Home</a></p>";

// The start of the stock nginx welcome page (what default-page checks fingerprint).
constexpr std::string_view kNginxWelcome =
    "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\n"
    "html { color-scheme: light dark; }\n"
    "body { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n"
    "</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n"
    "<p>If you see this page, the nginx web server is successfully installed and\n"
    "working. Further configuration is required.</p>\n\n"
    "<p>For online documentation and support please refer to\n"
    "<a href=\"http://nginx.org/\">nginx.org</a>.<br/>\n"
    "Commercial support is available at\n"
    "<a href=\"http://nginx.com/\">nginx.com</a>.</p>\n\n"
    "<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n";

constexpr std::string_view kTraceback =
    "<p>An unexpected error occurred.</p>\n<pre>\n"
    "Traceback (most recent call last):\n"
    "  File \"/srv/app/views.py\", line 42, in account_view\n"
    "    return render_profile(request.user.profile)\n"
    "AttributeError: 'NoneType' object has no attribute 'profile'\n"
    "</pre>";

constexpr std::string_view kSqlError =
    "<p>Database error: You have an error in your SQL syntax; check the manual that "
    "corresponds to your MySQL server version for the right syntax to use near "
    "&#39;&#39;&#39; at line 1</p>";

}  // namespace

bool Site::FlawPage(const Request& req, std::string_view path, Reply& out) const {
  // Pages that make sense only over https: on plain http they redirect there (when there is
  // an https listener), so that no http twin shows other findings.
  const bool https_only = path == "/flaw/mixed.html" || path == "/flaw/login-posts-http.html" ||
                          path == "/flaw/get-login.html" || path == "/flaw/jwt-none";
  auto on = [&](std::string_view id, std::string_view p) { return path == p && Flaw(id); };
  auto page = [&](std::string_view title, const std::string& body) {
    out = Html(200, title, body + std::string(kHomeLink));
    return true;
  };
  if (https_only && !req.tls && has_https_) {
    out = ToHttps(req, path);
    return true;
  }

  if (on("csp-missing", "/flaw/no-csp.html")) {
    page("No CSP", "<p>This page is served without a Content-Security-Policy.</p>");
    out.csp = Reply::Csp::kNone;
    out.frameable = Flaw("clickjacking-protection-missing");
    return true;
  }
  if (on("csp-report-only", "/flaw/report-only.html")) {
    page("Report-only CSP", "<p>This page has only a report-only policy: it blocks nothing.</p>");
    out.csp = Reply::Csp::kReportOnly;
    out.frameable = Flaw("clickjacking-protection-missing");
    return true;
  }
  if (on("hsts-missing", "/flaw/no-hsts.html")) {
    page("No HSTS", "<p>This page is served without Strict-Transport-Security.</p>");
    out.no_hsts = true;
    return true;
  }
  if (on("clickjacking-protection-missing", "/flaw/frameable.html")) {
    page("Frameable", "<p>Any site can frame this page.</p>");
    out.frameable = true;
    return true;
  }
  if (on("content-type-missing", "/flaw/no-content-type")) {
    out = Reply{};
    out.body = "This response has no Content-Type header.\n";
    return true;
  }
  if (on("charset-missing", "/flaw/no-charset.html")) {
    out = Reply{};
    out.headers.emplace_back("Content-Type", "text/html");
    out.body = Page("No charset",
                    "<p>Neither the Content-Type header nor the page declares a charset.</p>" +
                        std::string(kHomeLink),
                    /*meta_charset=*/false);
    return true;
  }
  if (on("mixed-content", "/flaw/mixed.html")) {
    const std::string http = HttpOrigin(req);
    return page("Mixed content",
                "<p>This https page loads an image and a script over plain http.</p>\n"
                "<img src=\"" +
                    HtmlEscape(http) + "/static/logo.png\" alt=\"logo\">\n<script src=\"" +
                    HtmlEscape(http) + "/static/app.js\" integrity=\"" + app_js_sri_ +
                    "\" crossorigin=\"anonymous\"></script>");
  }
  if (on("sri-missing", "/flaw/cdn.html")) {
    // .invalid never resolves; a scanner in origin scope must never request it anyway.
    return page("CDN script",
                "<p>This page loads a library from a CDN without Subresource Integrity.</p>\n"
                "<script src=\"https://cdn.example.invalid/lib.js\"></script>");
  }
  if (on("login-form-posts-to-http", "/flaw/login-posts-http.html")) {
    return page("Log in (posts to http)",
                PasswordForm(HttpOrigin(req) + "/login", "post", /*csrf=*/true));
  }
  if (on("password-in-get-form", "/flaw/get-login.html")) {
    // The action is out of scope on purpose: a crawler following GET forms must not put the
    // sample password into a URL of this site (which would be another finding).
    return page("Log in (GET)",
                PasswordForm("https://login.example.invalid/session", "get", /*csrf=*/false));
  }
  if (on("jwt-weak", "/flaw/jwt-none")) {
    out = Text("application/json", "{\"token\":\"" + jwt_none_ + "\",\"token_type\":\"Bearer\"}\n");
    return true;
  }
  if (on("error-disclosure", "/flaw/error")) {
    page("Internal Server Error", std::string(kTraceback));
    out.status = 500;
    return true;
  }
  if (on("error-disclosure", "/flaw/sql-error")) {
    page("Internal Server Error", std::string(kSqlError));
    out.status = 500;
    return true;
  }
  if (on("php-source-disclosure", "/flaw/source.php")) {
    out = Text("text/plain; charset=utf-8", "<?php echo \"hello\"; ?>\n");
    return true;
  }
  if (on("cleartext-http-auth", "/admin/")) {
    page("Authentication required", "<p>This area needs a user name and password.</p>");
    out.status = 401;
    out.headers.emplace_back("WWW-Authenticate", "Basic realm=\"admin\"");
    return true;
  }
  if (on("default-page", "/nginx-welcome.html")) {
    out = Text("text/html; charset=utf-8", std::string(kNginxWelcome));
    return true;
  }
  if (on("component-detected", "/static/jquery-3.5.1.min.js")) {
    out =
        Text("text/javascript; charset=utf-8",
             "/*! jQuery v3.5.1 | (c) OpenJS Foundation and other contributors | "
             "jquery.org/license */\n"
             "!function(e){\"use strict\";e.jQuery=e.$=function(){return e.document}}(window);\n");
    return true;
  }
  return false;
}

}  // namespace testbed
