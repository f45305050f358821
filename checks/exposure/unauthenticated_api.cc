// unauthenticated-api: monitoring and API-description endpoints that answer without
// credentials: Prometheus metrics (/metrics) and its HTTP API, GraphQL introspection, and
// OpenAPI/Swagger documents.
//
// Budget per origin: 9 GET probes and 2 POST probes (the GraphQL introspection query, a
// read-only query), plus the shared soft-404 calibration (at most 9 directory/name-class
// profiles x 2 requests): <= 29 requests.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "checks/common/all_checks.h"
#include "checks/exposure/console_fingerprints.h"
#include "checks/exposure/path_probe.h"
#include "scanner/base/json.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kUnauthenticatedApi{
    "unauthenticated-api",
    "Monitoring or API endpoint without authentication",
    CheckKind::active,
    306,
    Severity::medium,
    Confidence::high,
    "A monitoring or API endpoint answers anyone: Prometheus metrics in the exposition format "
    "(/metrics), the Prometheus HTTP API (/api/v1/status/config, /api/v1/targets), GraphQL "
    "introspection (the whole schema, including internal and admin operations), or an "
    "OpenAPI/Swagger description of the API. Prometheus configuration and targets reveal "
    "internal hosts and credentials' locations and GraphQL introspection maps the attack "
    "surface (medium); application metrics reveal internal paths, volumes and versions (medium, "
    "low for runtime-only metrics); a public API description is informational, low when it "
    "declares no authentication at all. Each endpoint is identified by its format (exposition "
    "lines, JSON keys), never by a status code.",
    "Require authentication for monitoring endpoints or serve them on an internal interface "
    "only (Prometheus: --web.config.file with basic auth or TLS client certificates, a reverse "
    "proxy rule; metrics exporters: a separate management port). Disable GraphQL introspection "
    "in production. Publish API descriptions only when the API is meant to be public.",
    {"https://cwe.mitre.org/data/definitions/306.html",
     "https://prometheus.io/docs/operating/security/",
     "https://cheatsheetseries.owasp.org/cheatsheets/GraphQL_Cheat_Sheet.html",
     "https://owasp.org/API-Security/editions/2023/en/0xa9-improper-inventory-management/"},
    11,  // request budget per origin (calibration apart)
};

namespace {

using console::excerpt;
using Json = nlohmann::json;

Json parse_json(std::string_view body) {
  body = trim(body);
  if (body.empty() || body.front() != '{') return Json();
  return parse_json_bounded<Json>(body).value_or(Json());
}

bool is_metric_name(std::string_view s) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
                    (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

bool is_sample_value(std::string_view v) {
  if (v.empty()) return false;
  if (v == "NaN" || v == "+Inf" || v == "-Inf") return true;
  return std::all_of(v.begin(), v.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
  });
}

// Families whose names say they come from a client library's default runtime collectors.
bool is_runtime_family(std::string_view name) {
  for (std::string_view p : {"go_", "process_", "promhttp_", "python_", "jvm_", "nodejs_",
                             "dotnet_", "ruby_", "erlang_", "scrape_"}) {
    if (name.starts_with(p)) return true;
  }
  return false;
}

// The Prometheus text exposition format: "# HELP", "# TYPE" and sample lines that agree.
std::optional<ProbeProof> prometheus_metrics(const Exchange& ex) {
  const std::string_view body = ex.response.body;
  std::vector<std::string> families;
  bool help = false;
  std::string first_type_line;
  int samples = 0;
  for (std::string_view line : split(body, '\n')) {
    line = trim(line);
    if (line.empty()) continue;
    if (line.starts_with("# HELP ")) {
      help = true;
      continue;
    }
    if (line.starts_with("# TYPE ")) {
      const auto parts = split(line.substr(7), ' ');
      if (parts.size() < 2 || !is_metric_name(parts[0])) continue;
      const std::string_view type = trim(parts[1]);
      if (type != "counter" && type != "gauge" && type != "histogram" && type != "summary" &&
          type != "untyped" && type != "info" && type != "stateset" && type != "gaugehistogram" &&
          type != "unknown") {
        continue;
      }
      families.emplace_back(parts[0]);
      if (first_type_line.empty()) first_type_line = std::string(line);
      continue;
    }
    if (line.starts_with('#')) continue;
    // name{labels} value [timestamp]
    std::size_t name_end = line.find_first_of("{ ");
    if (name_end == std::string_view::npos) continue;
    const std::string_view name = line.substr(0, name_end);
    if (!is_metric_name(name)) continue;
    std::string_view rest = line.substr(name_end);
    if (rest.starts_with('{')) {
      const std::size_t close = rest.rfind('}');
      if (close == std::string_view::npos) continue;
      rest = rest.substr(close + 1);
    }
    rest = trim(rest);
    if (!is_sample_value(rest.substr(0, rest.find(' ')))) continue;
    const bool known = std::any_of(families.begin(), families.end(),
                                   [&](const std::string& f) { return name.starts_with(f); });
    if (known) ++samples;
  }
  if (!help || families.empty() || samples == 0) return std::nullopt;
  std::vector<std::string> app;
  for (const auto& f : families) {
    if (!is_runtime_family(f)) app.push_back(f);
  }
  std::string detail =
      std::to_string(families.size()) + " metric families, " + std::to_string(samples) + " samples";
  if (!app.empty()) {
    detail += "; application metrics such as ";
    for (std::size_t i = 0; i < app.size() && i < 3; ++i) detail += (i ? ", " : "") + app[i];
  } else {
    detail += " (runtime metrics only)";
  }
  return make_proof("prometheus-metrics", printable_snippet(first_type_line, 120), detail,
                    app.empty() ? Severity::low : Severity::medium);
}

bool prometheus_success(const Json& j) {
  return j.is_object() && j.value("status", "") == "success" && j.contains("data") &&
         j["data"].is_object();
}

std::optional<ProbeProof> prometheus_config(const Exchange& ex) {
  const Json j = parse_json(ex.response.body);
  if (!prometheus_success(j) || !j["data"].contains("yaml") || !j["data"]["yaml"].is_string()) {
    return std::nullopt;
  }
  return make_proof("prometheus-api", excerpt(ex.response.body, "\"yaml\"", 100),
                    "the Prometheus HTTP API returns the server's configuration (scrape jobs, "
                    "internal targets, credential file paths)",
                    Severity::medium);
}

std::optional<ProbeProof> prometheus_targets(const Exchange& ex) {
  const Json j = parse_json(ex.response.body);
  if (!prometheus_success(j) || !j["data"].contains("activeTargets") ||
      !j["data"]["activeTargets"].is_array()) {
    return std::nullopt;
  }
  return make_proof("prometheus-api", excerpt(ex.response.body, "\"activeTargets\"", 100),
                    "the Prometheus HTTP API lists " +
                        std::to_string(j["data"]["activeTargets"].size()) +
                        " scrape targets (internal hosts and ports)",
                    Severity::medium);
}

std::optional<ProbeProof> graphql_introspection(const Exchange& ex) {
  const Json j = parse_json(ex.response.body);
  if (!j.is_object() || !j.contains("data") || !j["data"].is_object()) return std::nullopt;
  const Json& data = j["data"];
  if (!data.contains("__schema") || !data["__schema"].is_object()) return std::nullopt;
  const Json& schema = data["__schema"];
  if (!schema.contains("types") || !schema["types"].is_array() || schema["types"].empty()) {
    return std::nullopt;
  }
  return make_proof("graphql-introspection", excerpt(ex.response.body, "\"__schema\"", 100),
                    "GraphQL introspection returns the whole schema (" +
                        std::to_string(schema["types"].size()) + " types)",
                    Severity::medium);
}

std::optional<ProbeProof> openapi_document(const Exchange& ex) {
  const Json j = parse_json(ex.response.body);
  if (!j.is_object() || !j.contains("paths") || !j["paths"].is_object()) return std::nullopt;
  std::string version;
  std::string marker;
  if (j.contains("openapi") && j["openapi"].is_string() &&
      j["openapi"].get<std::string>().starts_with("3")) {
    version = "OpenAPI " + j["openapi"].get<std::string>();
    marker = "\"openapi\"";
  } else if (j.contains("swagger") && j["swagger"].is_string() &&
             j["swagger"].get<std::string>().starts_with("2")) {
    version = "Swagger " + j["swagger"].get<std::string>();
    marker = "\"swagger\"";
  } else {
    return std::nullopt;
  }
  const bool has_security = j.contains("securityDefinitions") || j.contains("security") ||
                            (j.contains("components") && j["components"].is_object() &&
                             j["components"].contains("securitySchemes"));
  const std::size_t paths = j["paths"].size();
  std::string detail =
      "a " + version + " description of the API (" + std::to_string(paths) + " paths)";
  if (!has_security && paths > 0) detail += " that declares no authentication at all";
  return make_proof("openapi", excerpt(ex.response.body, marker, 60), detail,
                    !has_security && paths > 0 ? Severity::low : Severity::info);
}

std::optional<ProbeProof> swagger_ui(const Exchange& ex) {
  const std::string_view body = ex.response.body;
  if (!icontains(body, "id=\"swagger-ui\"")) return std::nullopt;
  return make_proof("openapi", console::find_any(body, {"swagger-ui-bundle", "SwaggerUIBundle"}),
                    "Swagger UI serves interactive documentation of the API", Severity::info);
}

constexpr std::string_view kIntrospectionQuery = R"({"query":"{__schema{types{name}}}"})";

struct ApiProbe {
  std::string_view path;
  std::string_view what;
  std::optional<ProbeProof> (*signature)(const Exchange&);
  bool graphql = false;
};

// Within one key the most severe hit is reported; ties go to the earlier probe.
constexpr ApiProbe kApiProbes[] = {
    {"/metrics", "Prometheus metrics", &prometheus_metrics},
    {"/api/v1/status/config", "Prometheus API", &prometheus_config},
    {"/api/v1/targets", "Prometheus API", &prometheus_targets},
    {"/graphql", "GraphQL endpoint", &graphql_introspection, true},
    {"/api/graphql", "GraphQL endpoint", &graphql_introspection, true},
    {"/openapi.json", "API description", &openapi_document},
    {"/swagger.json", "API description", &openapi_document},
    {"/v3/api-docs", "API description", &openapi_document},
    {"/v2/api-docs", "API description", &openapi_document},
    {"/swagger-ui/", "API description", &swagger_ui},
    {"/swagger-ui.html", "API description", &swagger_ui},
};

class UnauthenticatedApi final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    std::vector<PathProbe> probes;
    for (const ApiProbe& a : kApiProbes) {
      PathProbe p;
      p.path = std::string(a.path);
      p.signature = a.signature;
      if (a.graphql) {
        // A read-only query; POST is what every GraphQL server accepts.
        p.method = "POST";
        p.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
        p.body = std::string(kIntrospectionQuery);
      }
      probes.push_back(std::move(p));
    }
    const std::vector<ProbeHit> hits = run_path_probes(ctx, probes);

    for (const KeyedHit& keyed : best_hit_per_key(hits)) {
      const ProbeHit* best = keyed.best;
      const std::vector<std::string>& others = keyed.others;
      const ApiProbe& a = kApiProbes[static_cast<std::size_t>(best->probe - probes.data())];
      Finding f = finding_for_hit(kUnauthenticatedApi, *best,
                                  std::string(a.what) + " at " + best->probe->path +
                                      " answers without authentication: " + best->proof.detail);
      if (!others.empty()) {
        std::string also;
        for (const auto& o : others) also += (also.empty() ? "" : ", ") + o;
        f.evidence.note += "; also at " + also;
      }
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_unauthenticated_api() {
  return std::make_unique<UnauthenticatedApi>();
}

}  // namespace gapscan
