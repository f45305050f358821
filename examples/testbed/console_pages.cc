// The console group's flaw pages: debug endpoints, admin consoles, unauthenticated APIs,
// default credentials and cross-domain policies (gapscan's exposed-debug-endpoint,
// exposed-admin-console, unauthenticated-api, default-credentials and
// crossdomain-policy-permissive checks).
//
// The Tomcat Manager (/manager/html, /manager/status) exists when exposed-admin-console or
// default-credentials is on (a manager that accepts a default password is also an exposed
// console). It is behind HTTP Basic auth, realm "Tomcat Manager Application"; its real
// administrator is tomcat / Adm1n-Testbed-42z (kTomcatAdminPassword); with default-credentials
// on it also accepts the vendor default tomcat / s3cret. Every attempt goes through the
// account lockout of login_lockout.h: after --lockout-after failures for one user name on one
// listener, that account is refused (401, "account locked") even with the right password.
#include <map>
#include <mutex>
#include <utility>

#include "examples/testbed/flaws.h"
#include "examples/testbed/login_lockout.h"
#include "examples/testbed/site.h"

namespace testbed {
namespace {

constexpr std::string_view kTomcatRealm = "Tomcat Manager Application";
constexpr std::string_view kTomcatAdminPassword = "Adm1n-Testbed-42z";

struct LockoutState {
  std::mutex mu;
  std::map<std::pair<uint16_t, std::string>, int, std::less<>> failures;
};

LockoutState& Lockouts() {
  static LockoutState state;
  return state;
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

bool Base64Decode(std::string_view in, std::string& out) {
  out.clear();
  unsigned buf = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    const int v = Base64Value(c);
    if (v < 0) return false;
    buf = (buf << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buf >> bits) & 0xFF);
    }
  }
  return true;
}

// "Basic dXNlcjpwYXNz" -> ("user", "pass"); false when absent or malformed.
bool BasicCredentials(std::string_view header, std::string& user, std::string& password) {
  constexpr std::string_view kScheme = "Basic ";
  if (header.size() <= kScheme.size()) return false;
  for (size_t i = 0; i < kScheme.size(); ++i) {
    const char a = header[i], b = kScheme[i];
    if ((a | 0x20) != (b | 0x20)) return false;
  }
  std::string decoded;
  if (!Base64Decode(header.substr(kScheme.size()), decoded)) return false;
  const auto colon = decoded.find(':');
  if (colon == std::string::npos) return false;
  user = decoded.substr(0, colon);
  password = decoded.substr(colon + 1);
  return true;
}

constexpr std::string_view kMetrics =
    "# HELP http_requests_total Total HTTP requests by route and status.\n"
    "# TYPE http_requests_total counter\n"
    "http_requests_total{route=\"/api/account\",status=\"200\"} 1027\n"
    "http_requests_total{route=\"/login\",status=\"200\"} 311\n"
    "http_requests_total{route=\"/login\",status=\"401\"} 12\n"
    "# HELP app_active_sessions Sessions currently open.\n"
    "# TYPE app_active_sessions gauge\n"
    "app_active_sessions 42\n"
    "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
    "# TYPE process_resident_memory_bytes gauge\n"
    "process_resident_memory_bytes 4.2283008e+07\n";

constexpr std::string_view kCrossdomain =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE cross-domain-policy SYSTEM "
    "\"http://www.adobe.com/xml/dtds/cross-domain-policy.dtd\">\n"
    "<cross-domain-policy>\n"
    "  <site-control permitted-cross-domain-policies=\"master-only\"/>\n"
    "  <allow-access-from domain=\"*\"/>\n"
    "</cross-domain-policy>\n";

}  // namespace

LoginResult RecordLogin(uint16_t port, std::string_view user, bool password_ok, int lockout_after) {
  LockoutState& s = Lockouts();
  std::lock_guard lock(s.mu);
  auto key = std::make_pair(port, std::string(user));
  int& failures = s.failures[key];
  if (lockout_after > 0 && failures >= lockout_after) return LoginResult::kLocked;
  if (password_ok) {
    failures = 0;
    return LoginResult::kOk;
  }
  ++failures;
  return LoginResult::kFailed;
}

std::vector<FlawSpec> ConsoleFlaws() {
  return {
      OriginFlaw("exposed-debug-endpoint", "http https", {"/actuator/env"},
                 "Spring Boot Actuator: /actuator lists endpoints, /actuator/env returns the "
                 "environment (property sources)"),
      OriginFlaw("exposed-admin-console", "http https", {"/manager/html"},
                 "Tomcat Manager at /manager/html behind Basic realm \"Tomcat Manager "
                 "Application\" (admin tomcat / Adm1n-Testbed-42z)"),
      OriginFlaw("unauthenticated-api", "http https", {"/metrics"},
                 "Prometheus exposition format with application metrics at /metrics"),
      OriginFlaw("default-credentials", "http https", {"/manager/html"},
                 "the Tomcat Manager also accepts the vendor default tomcat / s3cret (logins "
                 "lock an account after --lockout-after failures)"),
      OriginFlaw("crossdomain-policy-permissive", "http https", {"/crossdomain.xml"},
                 "/crossdomain.xml with <allow-access-from domain=\"*\"/>"),
  };
}

bool Site::ConsoleRoute(const Request& req, std::string_view path, std::string_view,
                        Reply& out) const {
  if (path == "/actuator" && Flaw("exposed-debug-endpoint")) {
    const std::string base = (req.tls ? "https://" : "http://") + UrlHost(req) + ":" +
                             std::to_string(req.port) + "/actuator";
    out = Text("application/vnd.spring-boot.actuator.v3+json",
               "{\"_links\":{\"self\":{\"href\":\"" + base +
                   "\",\"templated\":false},\"health\":{\"href\":\"" + base +
                   "/health\",\"templated\":false},\"env\":{\"href\":\"" + base +
                   "/env\",\"templated\":false},\"env-toMatch\":{\"href\":\"" + base +
                   "/env/{toMatch}\",\"templated\":true}}}\n");
    return true;
  }
  if (path == "/actuator/env" && Flaw("exposed-debug-endpoint")) {
    out =
        Text("application/vnd.spring-boot.actuator.v3+json",
             "{\"activeProfiles\":[\"prod\"],\"propertySources\":["
             "{\"name\":\"server.ports\",\"properties\":{\"local.server.port\":{\"value\":8080}}},"
             "{\"name\":\"systemEnvironment\",\"properties\":{\"JAVA_HOME\":{\"value\":"
             "\"/usr/lib/jvm/java-17-openjdk\",\"origin\":\"System Environment Property "
             "\\\"JAVA_HOME\\\"\"},\"DB_PASSWORD\":{\"value\":\"******\"}}},"
             "{\"name\":\"Config resource 'class path resource [application.properties]'\","
             "\"properties\":{\"spring.datasource.url\":{\"value\":"
             "\"jdbc:postgresql://db.internal:5432/app\"},\"spring.datasource.username\":"
             "{\"value\":\"app\"}}}]}\n");
    return true;
  }
  if (path == "/metrics" && Flaw("unauthenticated-api")) {
    out = Text("text/plain; version=0.0.4; charset=utf-8", std::string(kMetrics));
    return true;
  }
  if (path == "/crossdomain.xml" && Flaw("crossdomain-policy-permissive")) {
    out = Text("text/x-cross-domain-policy", std::string(kCrossdomain));
    return true;
  }
  if ((path == "/manager/html" || path == "/manager/status") &&
      (Flaw("exposed-admin-console") || Flaw("default-credentials"))) {
    std::string user, password;
    LoginResult result = LoginResult::kFailed;
    bool presented = BasicCredentials(req.Header("Authorization"), user, password);
    if (presented) {
      const bool ok = user == "tomcat" && (password == kTomcatAdminPassword ||
                                           (Flaw("default-credentials") && password == "s3cret"));
      result = RecordLogin(req.port, user, ok, opt_.lockout_after);
    }
    if (result == LoginResult::kOk) {
      if (path == "/manager/status") {
        out = Html(200, "/manager",
                   "<h2>Server Status</h2>\n<table>\n<tr><th>Tomcat Version</th><th>JVM "
                   "Version</th><th>JVM Vendor</th></tr>\n<tr><td>Apache Tomcat/9.0.85</td>"
                   "<td>17.0.10+7</td><td>Eclipse Adoptium</td></tr>\n</table>");
      } else {
        out = Html(200, "/manager",
                   "<h2>Tomcat Web Application Manager</h2>\n<p>Message: OK</p>\n<table>\n"
                   "<tr><th>Path</th><th>Display Name</th><th>Running</th><th>Sessions</th>"
                   "</tr>\n<tr><td><a href=\"/\">/</a></td><td>Welcome to Tomcat</td><td>true"
                   "</td><td>0</td></tr>\n<tr><td>/manager</td><td>Tomcat Manager "
                   "Application</td><td>true</td><td>1</td></tr>\n</table>\n<h3>Deploy</h3>\n"
                   "<form method=\"post\" action=\"/manager/html/upload\" "
                   "enctype=\"multipart/form-data\">\n<input type=\"file\" "
                   "name=\"deployWar\">\n<button type=\"submit\">Deploy</button>\n</form>");
      }
      return true;
    }
    if (result == LoginResult::kLocked) {
      out = Html(401, "401 Unauthorized", "<p>account locked</p>");
    } else {
      out = Html(401, "401 Unauthorized",
                 "<p>You are not authorized to view this page. If you have not changed any "
                 "configuration files, please examine the file <tt>conf/tomcat-users.xml</tt> "
                 "in your installation. That file must contain the credentials to let you "
                 "use this webapp.</p>");
    }
    out.headers.emplace_back("WWW-Authenticate",
                             "Basic realm=\"" + std::string(kTomcatRealm) + "\"");
    return true;
  }
  return false;
}

}  // namespace testbed
