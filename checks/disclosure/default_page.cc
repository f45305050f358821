// default-page: the welcome page of a freshly installed web or application server.
#include "checks/common/all_checks.h"
#include "checks/disclosure/util.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kDefaultPage{
    "default-page",
    "Default server welcome page",
    CheckKind::passive,
    1188,
    Severity::info,
    Confidence::high,
    "The server answers with the welcome page of a fresh installation (nginx, Apache httpd and "
    "its Debian/Ubuntu/RHEL variants, IIS, Tomcat or lighttpd). It identifies the server "
    "software, suggests that the host was deployed with default settings, and often sits next "
    "to other default content (manager apps, examples, status pages).",
    "Replace or remove the default content: serve the real site or an empty page, remove "
    "sample applications (Tomcat's ROOT, examples, docs and manager apps), and review the rest "
    "of the configuration for other defaults.",
    {"https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_"
     "Security_Testing/02-Configuration_and_Deployment_Management_Testing/"
     "02-Test_Application_Platform_Configuration",
     "https://cwe.mitre.org/data/definitions/1188.html"},
};

namespace {

using Needle = disclosure::NeedleSet::Needle;

constexpr std::string_view kServers[] = {"nginx", "Apache httpd", "IIS", "Tomcat", "lighttpd"};

const disclosure::NeedleSet& needles() {
  static const disclosure::NeedleSet set{
      {"<title>Welcome to nginx!</title>", 0},
      {"<h1>Welcome to nginx!</h1>", 0},
      {"Test Page for the Nginx HTTP Server", 0},
      {"<h1>It works!</h1>", 1},
      {"Apache2 Debian Default Page", 1},
      {"Apache2 Ubuntu Default Page", 1},
      {"Test Page for the Apache HTTP Server", 1},
      {"<title>IIS Windows Server</title>", 2},
      {"<title>IIS Windows</title>", 2},
      {"<title>IIS7</title>", 2},
      {"<title>IIS8</title>", 2},
      {"<title>Microsoft Internet Information Services 8</title>", 2},
      {"If you're seeing this, you've successfully installed Tomcat", 3},
      {"If you&#39;re seeing this, you&#39;ve successfully installed Tomcat", 3},
      {"correct operation of the lighttpd server", 4},
  };
  return set;
}

class DefaultPage final : public PassiveCheck {
 public:
  void inspect(const PassiveContext& ctx, FindingSink& sink) const override {
    const Exchange& ex = ctx.exchange;
    const HttpResponse& res = ex.response;
    if (res.status < 200 || res.status >= 300 || res.body.empty()) return;
    const disclosure::BodyKind kind = disclosure::body_kind(res);
    if (kind != disclosure::BodyKind::html && kind != disclosure::BodyKind::unknown) return;
    // Welcome pages are small (the largest, Apache's Debian page, is about 11 KiB).
    const std::string_view body =
        std::string_view(res.body).substr(0, std::min<std::size_t>(res.body.size(), 16384));
    std::size_t pos = disclosure::npos;
    int server = -1;
    needles().scan(body, [&](std::size_t p, const Needle& nd) {
      pos = p;
      server = nd.id;
      return false;
    });
    if (server < 0) return;
    const std::string_view name = kServers[server];
    Finding f = make_finding(kDefaultPage, ex);
    f.per_origin = true;
    f.key = std::string(name);
    f.evidence.line = line_number_at(body, pos);
    f.evidence.snippet = disclosure::line_snippet(body, pos, pos + 1);
    f.evidence.note = std::string(name) + " default page";
    f.message = "The server shows the " + std::string(name) + " default welcome page";
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<PassiveCheck> make_default_page() { return std::make_unique<DefaultPage>(); }

}  // namespace gapscan
