// exposed-status-page: server status and information pages (Apache mod_status and mod_info,
// nginx stub_status, PHP phpinfo()) readable by anyone.
//
// Budget per origin: 11 GET probes (see run()) plus soft-404 calibration of 2 (directory,
// name class) profiles (/ plain names, / .php) = 4 requests: 15 at most.
#include <algorithm>
#include <set>

#include "checks/common/all_checks.h"
#include "checks/exposure/exposure_signatures.h"
#include "checks/exposure/path_probe.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kExposedStatusPage{
    "exposed-status-page",
    "Server status or phpinfo page exposed",
    CheckKind::active,
    497,
    Severity::medium,
    Confidence::high,
    "A server diagnostics page is open to everyone: Apache's server-status (mod_status) or "
    "server-info (mod_info), nginx's stub_status, or the output of PHP's phpinfo(). They show "
    "exact software versions and modules, the server configuration, paths and environment "
    "variables, and (server-status) the clients and URLs being served right now.",
    "Restrict these pages to administrators (Apache: Require ip / Require local in the "
    "<Location /server-status> and /server-info blocks; nginx: allow/deny in the stub_status "
    "location) or disable them, and delete phpinfo() scripts from the web root.",
    {"https://httpd.apache.org/docs/2.4/mod/mod_status.html",
     "https://nginx.org/en/docs/http/ngx_http_stub_status_module.html",
     "https://cwe.mitre.org/data/definitions/497.html"},
    11,  // request budget per origin
};

namespace {

using exposure::clip;
using exposure::strip_tags;
using exposure::text_lines;

// The text at `pos` up to the end of its line, heading, term or table cell, without markup.
std::string text_at(std::string_view body, std::size_t pos, std::size_t max = 160) {
  std::size_t end = std::min(body.size(), pos + 4 * max);
  for (std::string_view stop : {"\n", "</h1", "</h2", "</dt", "</dd", "</td", "</p", "</li"}) {
    end = std::min(end, body.find(stop, pos));
  }
  return clip(strip_tags(body.substr(pos, end - pos)), max);
}

ProbeProof proof(std::string key, std::string snippet, std::string detail) {
  ProbeProof p;
  p.key = std::move(key);
  p.snippet = std::move(snippet);
  p.detail = std::move(detail);
  return p;
}

// mod_status, HTML: "Apache Server Status for HOST" with the version or the scoreboard.
std::optional<ProbeProof> apache_status(std::string_view body) {
  const auto title = body.find("Apache Server Status for");
  if (title == std::string_view::npos) return std::nullopt;
  const auto version = body.find("Server Version:");
  if (version == std::string_view::npos && body.find("Scoreboard") == std::string_view::npos) {
    return std::nullopt;
  }
  std::string snippet = text_at(body, title);
  std::string detail;
  if (version != std::string_view::npos) {
    detail = text_at(body, version);
    snippet += "\n" + detail;
  }
  return proof("apache-server-status", std::move(snippet), std::move(detail));
}

// mod_status, machine-readable (?auto): "Total Accesses: 12", "Scoreboard: _W__", ...
std::optional<ProbeProof> apache_status_auto(std::string_view body) {
  if (exposure::html_document(body)) return std::nullopt;
  static constexpr std::string_view kFields[] = {
      "Total Accesses:",      "Total kBytes:",  "BusyWorkers:", "IdleWorkers:", "Scoreboard:",
      "ServerUptimeSeconds:", "ServerVersion:", "ReqPerSec:",   "Uptime:",      "CPULoad:",
      "BytesPerSec:",         "ServerMPM:"};
  std::vector<std::string> seen;
  bool core = false;
  std::string version;
  for (std::string_view raw : text_lines(body, 80)) {
    const std::string_view t = trim(raw);
    for (std::string_view f : kFields) {
      if (!t.starts_with(f)) continue;
      if (seen.size() < 3) seen.emplace_back(clip(t, 120));
      core = core || f == "Total Accesses:" || f == "Scoreboard:" || f == "BusyWorkers:";
      if (f == "ServerVersion:") version = clip(t, 120);
    }
  }
  if (!core || seen.size() < 2) return std::nullopt;
  return proof("apache-server-status", exposure::join_lines(seen), version);
}

// mod_info: "Apache Server Information" with its sections.
std::optional<ProbeProof> apache_info(std::string_view body) {
  const auto title = body.find("Apache Server Information");
  if (title == std::string_view::npos) return std::nullopt;
  if (body.find("Server Settings") == std::string_view::npos &&
      body.find("Module Name:") == std::string_view::npos &&
      body.find("Current Configuration") == std::string_view::npos) {
    return std::nullopt;
  }
  std::string snippet = text_at(body, title);
  std::string detail;
  if (const auto v = body.find("Server Version:"); v != std::string_view::npos) {
    detail = text_at(body, v);
    snippet += "\n" + detail;
  } else if (const auto m = body.find("Module Name:"); m != std::string_view::npos) {
    snippet += "\n" + text_at(body, m);
  }
  return proof("apache-server-info", std::move(snippet), std::move(detail));
}

// nginx stub_status: "Active connections: 1 \nserver accepts handled requests\n ...".
std::optional<ProbeProof> nginx_status(std::string_view body) {
  const std::string_view t = exposure::lead_trimmed(body);
  if (!t.starts_with("Active connections:")) return std::nullopt;
  const std::vector<std::string_view> lines = text_lines(t, 6);
  if (lines.size() < 2 || trim(lines[1]) != "server accepts handled requests") {
    return std::nullopt;
  }
  return proof("nginx-stub-status",
               std::string(trim(lines[0])) + "\n" + std::string(trim(lines[1])), "");
}

// phpinfo(): the "phpinfo()" title and the "PHP Version x.y" heading with its tables.
std::optional<ProbeProof> phpinfo(std::string_view body) {
  if (body.find("phpinfo()") == std::string_view::npos) return std::nullopt;
  std::size_t version = std::string_view::npos;
  for (auto p = body.find("PHP Version "); p != std::string_view::npos;
       p = body.find("PHP Version ", p + 1)) {
    if (p + 12 < body.size() && std::isdigit(static_cast<unsigned char>(body[p + 12]))) {
      version = p;
      break;
    }
  }
  if (version == std::string_view::npos) return std::nullopt;
  if (body.find("PHP Credits") == std::string_view::npos &&
      body.find("Configuration File (php.ini) Path") == std::string_view::npos &&
      body.find("PHP License") == std::string_view::npos &&
      body.find("<table") == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string heading = text_at(body, version);
  std::string snippet = heading;
  if (const auto sys = body.find(">System <"); sys != std::string_view::npos) {
    // <tr><td class="e">System </td><td class="v">Linux web01 5.15.0 ... </td></tr>
    const auto v = body.find("<td", sys + 8);
    if (v != std::string_view::npos) {
      const auto gt = body.find('>', v);
      if (gt != std::string_view::npos) snippet += "\nSystem: " + text_at(body, gt + 1);
    }
  }
  return proof("phpinfo", std::move(snippet), heading);
}

using Matcher = std::optional<ProbeProof> (*)(std::string_view);

ContentSignature any_of(std::vector<Matcher> matchers) {
  return [matchers = std::move(matchers)](const Exchange& ex) -> std::optional<ProbeProof> {
    for (Matcher m : matchers) {
      if (auto p = m(ex.response.body)) return p;
    }
    return std::nullopt;
  };
}

std::string message_for(const ProbeHit& hit) {
  const std::string& path = hit.probe->path;
  const std::string& key = hit.proof.key;
  std::string m = key == "apache-server-status" ? "Apache mod_status page is public at " + path
                  : key == "apache-server-info" ? "Apache mod_info page is public at " + path
                  : key == "nginx-stub-status"  ? "nginx stub_status page is public at " + path
                                                : "phpinfo() output is public at " + path;
  if (!hit.proof.detail.empty()) m += " (" + hit.proof.detail + ")";
  return m;
}

class ExposedStatusPage final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    const ContentSignature apache = any_of({apache_status});
    const ContentSignature apache_auto = any_of({apache_status_auto});
    const ContentSignature info = any_of({apache_info});
    const ContentSignature status = any_of({nginx_status, apache_status, apache_status_auto});
    const ContentSignature php = any_of({phpinfo});
    const std::vector<PathProbe> probes = {
        exposure::probe("/server-status", apache),
        exposure::probe("/server-status?auto", apache_auto),
        exposure::probe("/server-info", info),
        exposure::probe("/nginx_status", status),
        exposure::probe("/stub_status", status),
        exposure::probe("/status", status),
        exposure::probe("/phpinfo.php", php),
        exposure::probe("/info.php", php),
        exposure::probe("/php_info.php", php),
        exposure::probe("/test.php", php),
        exposure::probe("/i.php", php),
    };
    std::set<std::string> reported;
    for (const ProbeHit& hit : run_path_probes(ctx, probes)) {
      // One finding per kind of page: /server-status and /server-status?auto are one page.
      if (!reported.insert(hit.proof.key).second) continue;
      sink.report(finding_for_hit(kExposedStatusPage, hit, message_for(hit)));
    }
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_exposed_status_page() {
  return std::make_unique<ExposedStatusPage>();
}

}  // namespace gapscan
