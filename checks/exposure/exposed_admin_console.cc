// exposed-admin-console: an administration console (Tomcat Manager, JBoss JMX console,
// phpMyAdmin, Adminer, Jenkins script console) or a server's example applications are
// reachable from the scanner. Open consoles (their own page without credentials) are high;
// consoles behind their product's own authentication (Basic realm, login form) are medium.
//
// Budget per origin: 12 GET probes, plus the shared soft-404 calibration of their
// directories and name classes (at most 6 profiles x 2 requests): <= 24 requests.
#include <algorithm>

#include "checks/common/all_checks.h"
#include "checks/exposure/console_fingerprints.h"
#include "checks/exposure/path_probe.h"

namespace gapscan {

// CWE-419 (Unprotected Primary Channel): the administration channel is offered on the same
// network interface as the application, reachable by anyone who can reach the site. (CWE-1220,
// insufficient access-control granularity, describes the design of a permission model rather
// than a console that should not be reachable at all.)
const CheckInfo kExposedAdminConsole{
    "exposed-admin-console",
    "Administration console exposed",
    CheckKind::active,
    419,
    Severity::high,
    Confidence::high,
    "An administration console is reachable: the Tomcat Manager or Host Manager, the JBoss JMX "
    "or Web console, phpMyAdmin, Adminer, the Jenkins script console, or the example "
    "applications shipped with Apache Tomcat. A console that answers without credentials "
    "hands over the server (deploying code, running scripts, reading databases) and is high "
    "severity. A console protected by its product's own HTTP authentication or login form is "
    "medium: it invites password guessing and exposes every vulnerability of the console "
    "itself. Consoles are identified by product-specific content (page titles, login field "
    "names, the product's authentication realm), never by a status code.",
    "Do not expose administration consoles on the public interface: remove them from "
    "production (Tomcat's manager, host-manager and examples applications, JBoss' "
    "jmx-console), or restrict them to a management network or VPN (for Tomcat, a "
    "RemoteAddrValve in the application's context.xml), and require strong, unique "
    "credentials and multi-factor authentication where available.",
    {"https://cwe.mitre.org/data/definitions/419.html",
     "https://tomcat.apache.org/tomcat-9.0-doc/manager-howto.html",
     "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_"
     "Security_Testing/02-Configuration_and_Deployment_Management_Testing/"
     "05-Enumerate_Infrastructure_and_Application_Admin_Interfaces"},
    12,  // request budget per origin (calibration apart)
};

namespace {

using console::Product;

struct ConsolePath {
  std::string_view path;
  Product product;
};

constexpr ConsolePath kConsolePaths[] = {
    {"/manager/html", Product::tomcat_manager},
    {"/manager/status", Product::tomcat_manager},
    {"/host-manager/html", Product::tomcat_host_manager},
    {"/jmx-console/", Product::jboss_jmx_console},
    {"/web-console/", Product::jboss_web_console},
    {"/phpmyadmin/", Product::phpmyadmin},
    {"/phpMyAdmin/", Product::phpmyadmin},
    {"/pma/", Product::phpmyadmin},
    {"/adminer.php", Product::adminer},
    {"/script", Product::jenkins},
    {"/jenkins/script", Product::jenkins},
    {"/examples/", Product::tomcat_examples},
};

// What the response says about the console: open, protected (and by what), or refused.
std::optional<ProbeProof> judge_console(Product product, const Exchange& ex) {
  const HttpResponse& res = ex.response;
  ProbeProof proof;
  proof.key = std::string(console::product_key(product));
  if (res.status >= 200 && res.status < 300) {
    if (auto m = console::open_page_marker(product, res)) {
      proof.snippet = *m;
      proof.detail = product == Product::tomcat_examples
                         ? "the example applications are deployed"
                         : "open: the console answers without credentials";
      proof.severity = product == Product::tomcat_examples ? Severity::medium : Severity::high;
      return proof;
    }
    if (auto m = console::login_form_marker(product, res)) {
      proof.snippet = *m;
      proof.detail = "protected by a login form";
      proof.severity = Severity::medium;
      return proof;
    }
    return std::nullopt;
  }
  if (res.status == 401) {
    const auto challenge = console::auth_challenge(res);
    if (!challenge || !console::is_product_realm(product, challenge->realm)) return std::nullopt;
    proof.snippet = challenge->raw;
    proof.detail = "protected by HTTP " +
                   std::string(challenge->scheme == "digest" ? "Digest" : "Basic") +
                   " auth (realm \"" + challenge->realm + "\")";
    proof.severity = Severity::medium;
    return proof;
  }
  if (res.status == 403) {
    const auto m = console::refusal_marker(product, res);
    if (!m) return std::nullopt;
    proof.snippet = *m;
    if (product == Product::jenkins) {
      proof.detail = "protected by the Jenkins login";
      proof.severity = Severity::medium;
    } else {
      proof.detail = "present but refused to this client by an address restriction (HTTP 403)";
      proof.severity = Severity::low;
    }
    return proof;
  }
  return std::nullopt;
}

class ExposedAdminConsole final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    std::vector<PathProbe> probes;
    std::vector<Product> products;
    for (const ConsolePath& c : kConsolePaths) {
      PathProbe p;
      p.path = std::string(c.path);
      const Product product = c.product;
      p.signature = [product](const Exchange& ex) { return judge_console(product, ex); };
      p.judge_protected = true;
      probes.push_back(std::move(p));
      products.push_back(product);
    }
    const std::vector<ProbeHit> hits = run_path_probes(ctx, probes);

    // One finding per product: the most severe state seen (open beats protected).
    std::vector<std::string> keys;
    for (const ProbeHit& h : hits) {
      if (std::find(keys.begin(), keys.end(), h.proof.key) == keys.end())
        keys.push_back(h.proof.key);
    }
    for (const std::string& key : keys) {
      const ProbeHit* best = nullptr;
      std::vector<std::string> others;
      for (const ProbeHit& h : hits) {
        if (h.proof.key != key) continue;
        if (best == nullptr || h.proof.severity.value_or(Severity::info) >
                                   best->proof.severity.value_or(Severity::info)) {
          if (best != nullptr) others.push_back(best->probe->path);
          best = &h;
        } else {
          others.push_back(h.probe->path);
        }
      }
      const auto idx = static_cast<std::size_t>(best->probe - probes.data());
      const Product product = products[idx];
      std::string message = std::string(console::product_name(product)) + " at " +
                            best->probe->path + " is reachable; " + best->proof.detail;
      Finding f = finding_for_hit(kExposedAdminConsole, *best, std::move(message));
      if (!others.empty()) {
        std::string also;
        for (const auto& o : others) also += (also.empty() ? "" : ", ") + o;
        f.evidence.note += "; also seen at " + also;
      }
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_exposed_admin_console() {
  return std::make_unique<ExposedAdminConsole>();
}

}  // namespace gapscan
