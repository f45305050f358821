#include "scanner/scan_context.h"

#include <algorithm>
#include <thread>

#include "gapscan_version.h"

namespace gapscan {

namespace {

std::vector<Url> parse_targets(const std::vector<std::string>& targets) {
  std::vector<Url> out;
  for (const auto& t : targets) {
    if (auto u = parse_url(t)) out.push_back(*u);
  }
  return out;
}

std::size_t worker_count(const ScanOptions& options) {
  const int threads = options.worker_threads > 0
                          ? options.worker_threads
                          : std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
  return static_cast<std::size_t>(threads);
}

}  // namespace

std::map<std::string, std::string> effective_options(const ScanOptions& o) {
  std::map<std::string, std::string> m;
  m["scope"] = o.crawl.scope == ScopeMode::origin       ? "origin"
               : o.crawl.scope == ScopeMode::subdomains ? "subdomains"
                                                        : "prefix";
  m["max_depth"] = std::to_string(o.crawl.max_depth);
  m["max_pages"] = std::to_string(o.crawl.max_pages);
  m["max_duration_ms"] = std::to_string(o.crawl.max_duration_ms);
  m["timeout_ms"] = std::to_string(o.engine.timeout_ms);
  m["max_body"] = std::to_string(o.engine.max_body);
  m["concurrency"] = std::to_string(o.engine.concurrency);
  m["per_host"] = std::to_string(o.engine.per_host);
  m["rate"] = std::to_string(o.engine.rate);
  m["submit_forms"] = o.crawl.submit_forms ? "true" : "false";
  // Only when weakened, so a report says so: the safety rules are the norm.
  if (!o.crawl.default_excludes) m["default_excludes"] = "false";
  std::string allowed_forms;
  for (const auto& p : o.crawl.submit_form) allowed_forms += (allowed_forms.empty() ? "" : " ") + p;
  if (!allowed_forms.empty()) m["submit_form"] = allowed_forms;
  m["max_failed_logins"] = std::to_string(o.max_failed_logins);
  if (o.engine.insecure_credentials) m["insecure_credentials"] = "true";
  std::string names;
  for (const auto& h : o.crawl.headers) names += (names.empty() ? "" : ",") + h.name;
  if (!names.empty()) m["header_names"] = names;  // names only: values may be secrets
  std::string identities;
  for (const auto& id : o.identities) {
    identities +=
        (identities.empty() ? "" : ",") + id.name +
        (id.login ? (id.login->kind == LoginConfig::Kind::json ? ":json-login" : ":form-login")
                  : "");
  }
  if (!identities.empty()) m["identities"] = identities;
  return m;
}

ScanContext::ScanContext(const ScanOptions& options, const ScanHooks& hooks)
    : options(options),
      hooks(hooks),
      targets(parse_targets(options.targets)),
      scope(targets, options.crawl.scope, options.crawl.include, options.crawl.exclude),
      logins(options.max_failed_logins,
             [this](const std::string& url, const std::string& message) {
               notes.add("note", "lockout-limit-held", message, url);
             }),
      collector(hooks.on_new_finding),
      secrets(secrets_of(options.crawl.headers, options.secrets)),
      sink(collector, secrets),
      workers(worker_count(options)),
      engine(io.context(), options.engine) {
  // The identities' own accounts keep their last attempt for their own logins.
  for (const IdentityConfig& id : options.identities) {
    if (id.login) logins.protect(id.login->url, id.login->username);
  }
  if (hooks.request_log && hooks.request_log_detail != RequestLogDetail::off) {
    engine.set_observer([this](const Exchange& ex) {
      this->hooks.request_log(
          secrets.scrubbed(request_log_entry(ex, this->hooks.request_log_detail)));
    });
  }
  summary.tool_version = GAPSCAN_VERSION;
  summary.start_time = utc_now();
  summary.targets = options.targets;
  summary.options = effective_options(options);
}

void ScanContext::run(const std::function<void(const std::string& what)>& on_error) {
  for (;;) {
    try {
      io.run();
      break;  // stopped
    } catch (const std::exception& e) {
      on_error(e.what());
    } catch (...) {
      on_error("unknown exception");
    }
  }
  workers.join();
}

}  // namespace gapscan
