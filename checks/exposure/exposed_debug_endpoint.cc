// exposed-debug-endpoint: framework debug and diagnostics endpoints reachable in production:
// Spring Boot Actuator, Go pprof and expvar, the Symfony profiler, Laravel Telescope, the
// Django debug toolbar, the Werkzeug console, ELMAH and ASP.NET trace.axd.
//
// Budget per origin: 12 GET path probes and one GET of the home page, plus the shared
// soft-404 calibration (at most 6 directory/name-class profiles x 2 requests): <= 25 requests.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "checks/common/all_checks.h"
#include "checks/exposure/console_fingerprints.h"
#include "checks/exposure/path_probe.h"
#include "scanner/base/json.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kExposedDebugEndpoint{
    "exposed-debug-endpoint",
    "Debug endpoint exposed",
    CheckKind::active,
    489,
    Severity::high,
    Confidence::high,
    "A framework's debug or diagnostics endpoint answers on the site: Spring Boot Actuator "
    "(/actuator and its env, heapdump, mappings and jolokia endpoints), Go's net/http/pprof "
    "(/debug/pprof/) and expvar (/debug/vars), the Symfony profiler, Laravel Telescope, the "
    "Django debug toolbar, the Werkzeug interactive console, ELMAH (elmah.axd) or ASP.NET "
    "tracing (trace.axd). These are meant for developers: they reveal configuration, "
    "environment variables, request histories with other users' cookies, memory contents or "
    "internal routes, and some run code. Endpoints that leak secrets (actuator env and "
    "heapdump, ELMAH and trace.axd request logs) or execute code (Jolokia, the Werkzeug "
    "console) are high severity; the others medium. Each endpoint is identified by its own "
    "content (JSON keys, page markers, the HPROF file header), never by a status code.",
    "Turn debug features off in production builds (DEBUG=False, APP_DEBUG=false, "
    "customErrors/trace disabled), do not register pprof/expvar handlers on the public "
    "listener, and expose only the Actuator endpoints you need (management.endpoints.web."
    "exposure.include=health) on a separate management port behind authentication. Rotate any "
    "secret an exposed endpoint may have revealed.",
    {"https://cwe.mitre.org/data/definitions/489.html",
     "https://docs.spring.io/spring-boot/docs/current/reference/html/actuator.html",
     "https://pkg.go.dev/net/http/pprof",
     "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_"
     "Security_Testing/02-Configuration_and_Deployment_Management_Testing/"
     "05-Enumerate_Infrastructure_and_Application_Admin_Interfaces"},
    13,  // request budget per origin (calibration apart)
};

namespace {

using console::excerpt;
using Json = nlohmann::json;

Json parse_json(const Exchange& ex) {
  const std::string_view body = trim(ex.response.body);
  if (body.empty() || (body.front() != '{' && body.front() != '[')) return Json();
  return parse_json_bounded<Json>(body).value_or(Json());
}

constexpr std::string_view kActuator = "spring-boot-actuator";

// GET /actuator: {"_links":{"self":{"href":".../actuator"},"health":{...},...}}
std::optional<ProbeProof> actuator_index(const Exchange& ex) {
  const Json j = parse_json(ex);
  if (!j.is_object() || !j.contains("_links") || !j["_links"].is_object()) return std::nullopt;
  const Json& links = j["_links"];
  if (!links.contains("self") || !links["self"].is_object()) return std::nullopt;
  const Json& self = links["self"];
  if (!self.contains("href") || !self["href"].is_string()) return std::nullopt;
  if (self["href"].get<std::string>().find("actuator") == std::string::npos) return std::nullopt;
  std::string names;
  int n = 0;
  for (const auto& [name, value] : links.items()) {
    if (name == "self" || !value.is_object()) continue;
    if (++n <= 12) names += (names.empty() ? "" : ", ") + name;
  }
  if (n > 12) names += ", ...";
  return make_proof(std::string(kActuator), excerpt(ex.response.body, "\"_links\"", 160),
                    "the endpoint index lists " + std::to_string(n) + " endpoints" +
                        (names.empty() ? std::string() : " (" + names + ")"),
                    Severity::medium);
}

// GET /actuator/env: {"activeProfiles":[...],"propertySources":[{"name":..,"properties":..}]}
std::optional<ProbeProof> actuator_env(const Exchange& ex) {
  const Json j = parse_json(ex);
  if (!j.is_object() || !j.contains("propertySources") || !j["propertySources"].is_array() ||
      !j.contains("activeProfiles")) {
    return std::nullopt;
  }
  const std::size_t sources = j["propertySources"].size();
  return make_proof(std::string(kActuator), excerpt(ex.response.body, "\"propertySources\"", 160),
                    "/actuator/env returns the application's environment (" +
                        std::to_string(sources) +
                        " property sources: configuration, system properties, environment "
                        "variables)",
                    Severity::high);
}

// GET /actuator/heapdump: an HPROF file ("JAVA PROFILE 1.0.2\0...").
std::optional<ProbeProof> actuator_heapdump(const Exchange& ex) {
  const std::string_view body = ex.response.body;
  if (!body.starts_with("JAVA PROFILE 1.0")) return std::nullopt;
  const std::string magic(body.substr(0, body.find('\0') == std::string_view::npos
                                             ? std::min<std::size_t>(body.size(), 18)
                                             : body.find('\0')));
  return make_proof(std::string(kActuator), magic,
                    "/actuator/heapdump serves a JVM heap dump (HPROF): every secret in the "
                    "application's memory",
                    Severity::high);
}

// GET /actuator/mappings: {"contexts":{"app":{"mappings":{"dispatcherServlets":...}}}}
std::optional<ProbeProof> actuator_mappings(const Exchange& ex) {
  const Json j = parse_json(ex);
  if (!j.is_object() || !j.contains("contexts") || !j["contexts"].is_object()) return std::nullopt;
  if (!icontains(ex.response.body, "\"mappings\"") ||
      !icontains(ex.response.body, "dispatcherServlet")) {
    return std::nullopt;
  }
  return make_proof(std::string(kActuator), excerpt(ex.response.body, "\"mappings\"", 120),
                    "/actuator/mappings lists every request mapping of the application",
                    Severity::medium);
}

// GET /actuator/jolokia: the Jolokia agent's version answer.
std::optional<ProbeProof> actuator_jolokia(const Exchange& ex) {
  const Json j = parse_json(ex);
  if (!j.is_object() || !j.contains("value") || !j["value"].is_object()) return std::nullopt;
  const Json& v = j["value"];
  if (!v.contains("agent") || !v.contains("protocol")) return std::nullopt;
  return make_proof(
      std::string(kActuator), excerpt(ex.response.body, "\"agent\"", 80),
      "/actuator/jolokia exposes JMX over HTTP: MBean operations can read secrets and "
      "often execute code",
      Severity::high);
}

std::optional<ProbeProof> go_pprof(const Exchange& ex) {
  const std::string_view body = ex.response.body;
  if (!icontains(body, "goroutine") || !icontains(body, "/debug/pprof/")) return std::nullopt;
  return make_proof("go-pprof", excerpt(body, "Types of profiles available", 60),
                    "Go's net/http/pprof serves heap, goroutine and CPU profiles (memory contents, "
                    "command line, and an easy denial of service)",
                    Severity::medium);
}

std::optional<ProbeProof> go_expvar(const Exchange& ex) {
  const Json j = parse_json(ex);
  if (!j.is_object() || !j.contains("cmdline") || !j["cmdline"].is_array() ||
      !j.contains("memstats") || !j["memstats"].is_object()) {
    return std::nullopt;
  }
  return make_proof("go-expvar", excerpt(ex.response.body, "\"cmdline\"", 120),
                    "Go's expvar publishes the process command line (often with flags holding "
                    "secrets) and memory statistics",
                    Severity::medium);
}

std::optional<ProbeProof> symfony_profiler(const Exchange& ex) {
  const std::string_view body = ex.response.body;
  if (!icontains(body, "sf-toolbar") && !icontains(body, "/_profiler/")) return std::nullopt;
  return make_proof("symfony-profiler", excerpt(body, "Symfony Profiler", 60),
                    "the Symfony profiler shows recent requests with their headers, cookies, "
                    "session, configuration and database queries",
                    Severity::medium);
}

std::optional<ProbeProof> laravel_telescope(const Exchange& ex) {
  const std::string_view body = ex.response.body;
  if (!icontains(body, "Telescope")) return std::nullopt;
  return make_proof("laravel-telescope",
                    console::find_any(body, {"window.Telescope", "vendor/telescope/app.js"}),
                    "Laravel Telescope shows recent requests, exceptions, queries, jobs and logs",
                    Severity::medium);
}

std::optional<ProbeProof> werkzeug_console(const Exchange& ex) {
  const std::string_view body = ex.response.body;
  if (!icontains(body, "Werkzeug") || !icontains(body, "EVALEX = true")) return std::nullopt;
  if (!icontains(body, "Interactive Console")) return std::nullopt;
  const bool pin = icontains(body, "EVALEX_TRUSTED = false");
  return make_proof(
      "werkzeug-console", excerpt(body, "CONSOLE_MODE = true", 40),
      pin ? "the Werkzeug debugger's interactive Python console is enabled (behind the "
            "debugger PIN, which can be derived from server data)"
          : "the Werkzeug debugger's interactive Python console runs any code",
      Severity::high);
}

std::optional<ProbeProof> elmah(const Exchange& ex) {
  const std::string_view body = ex.response.body;
  if (!icontains(body, "ELMAH")) return std::nullopt;
  return make_proof("elmah", excerpt(body, "Error log for", 80),
                    "ELMAH's error log shows every logged error with the request's server "
                    "variables, including other users' cookies and session ids",
                    Severity::high);
}

std::optional<ProbeProof> aspnet_trace(const Exchange& ex) {
  const std::string_view body = ex.response.body;
  if (!icontains(body, "Application Trace")) return std::nullopt;
  return make_proof("aspnet-trace", excerpt(body, "Requests to this Application", 60),
                    "ASP.NET tracing lists recent requests with their headers, cookies, session "
                    "state and server variables",
                    Severity::high);
}

struct DebugProbe {
  std::string_view path;
  std::string_view product;
  std::optional<ProbeProof> (*signature)(const Exchange&);
};

// Within one product, the most severe hit is reported; ties go to the earlier probe.
constexpr DebugProbe kDebugProbes[] = {
    {"/actuator/env", "Spring Boot Actuator", &actuator_env},
    {"/actuator/heapdump", "Spring Boot Actuator", &actuator_heapdump},
    {"/actuator/jolokia", "Spring Boot Actuator", &actuator_jolokia},
    {"/actuator/mappings", "Spring Boot Actuator", &actuator_mappings},
    {"/actuator", "Spring Boot Actuator", &actuator_index},
    {"/debug/pprof/", "Go pprof", &go_pprof},
    {"/debug/vars", "Go expvar", &go_expvar},
    {"/_profiler/empty/search/results?limit=10", "Symfony profiler", &symfony_profiler},
    {"/telescope", "Laravel Telescope", &laravel_telescope},
    {"/console", "Werkzeug console", &werkzeug_console},
    {"/elmah.axd", "ELMAH", &elmah},
    {"/trace.axd", "ASP.NET trace", &aspnet_trace},
};

// The Django debug toolbar injects itself into HTML pages for allowed clients; its views under
// /__debug__/ all need a store id, so the home page is where it shows.
void check_django_toolbar(const ActiveContext& ctx, FindingSink& sink) {
  HttpRequest req;
  req.url = origin_base(ctx) + "/";
  const Exchange ex = ctx.fetcher.fetch(req);
  if (!ex.ok() || ex.response.status < 200 || ex.response.status >= 300) return;
  const std::string_view body = ex.response.body;
  if (!icontains(body, "djdt")) return;
  const auto snippet = excerpt(body, "id=\"djDebug\"", 120);
  if (!snippet) return;
  Finding f = make_finding(kExposedDebugEndpoint, ex);
  f.severity = Severity::medium;
  f.per_origin = true;
  f.key = "django-debug-toolbar";
  f.message =
      "The Django debug toolbar is active on the home page (its panels under /__debug__/ show "
      "settings, SQL queries, templates and request data)";
  f.evidence.snippet = *snippet;
  f.evidence.note = "HTTP " + std::to_string(ex.response.status) +
                    "; the page carries the toolbar's markup (djDebug, djdt)";
  sink.report(std::move(f));
}

class ExposedDebugEndpoint final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    std::vector<PathProbe> probes;
    for (const DebugProbe& d : kDebugProbes) {
      PathProbe p;
      p.path = std::string(d.path);
      p.signature = d.signature;
      // Only the file's header is needed; servers that honour ranges send 1 KiB, not gigabytes.
      if (d.signature == &actuator_heapdump) p.headers.push_back({"Range", "bytes=0-1023"});
      probes.push_back(std::move(p));
    }
    const std::vector<ProbeHit> hits = run_path_probes(ctx, probes);

    for (const KeyedHit& keyed : best_hit_per_key(hits)) {
      const ProbeHit* best = keyed.best;
      const std::vector<std::string>& others = keyed.others;
      const DebugProbe& d = kDebugProbes[static_cast<std::size_t>(best->probe - probes.data())];
      Finding f = finding_for_hit(kExposedDebugEndpoint, *best,
                                  std::string(d.product) + " is exposed at " +
                                      best->probe->path.substr(0, best->probe->path.find('?')) +
                                      ": " + best->proof.detail);
      if (!others.empty()) {
        std::string also;
        for (const auto& o : others) also += (also.empty() ? "" : ", ") + o;
        f.evidence.note += "; also exposed: " + also;
      }
      sink.report(std::move(f));
    }
    check_django_toolbar(ctx, sink);
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_exposed_debug_endpoint() {
  return std::make_unique<ExposedDebugEndpoint>();
}

}  // namespace gapscan
