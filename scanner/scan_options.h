// Everything a scan is configured with; filled by the CLI, read by the engine and crawler.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checks/common/check.h"
#include "scanner/base/http.h"
#include "scanner/login_ledger.h"
#include "scanner/session.h"

namespace gapscan {

enum class ScopeMode { origin, subdomains, prefix };

struct EngineOptions {
  int concurrency = 32;             // requests in flight, all hosts
  int per_host = 8;                 // connections per host
  double rate = 20;                 // requests per second per host; 0 = unlimited
  std::int64_t timeout_ms = 10000;  // whole request
  std::int64_t connect_timeout_ms = 5000;
  std::int64_t max_body = 5 * 1024 * 1024;    // decoded bytes kept per response
  std::int64_t max_header_bytes = 64 * 1024;  // response header block
  std::string user_agent;                     // empty = "gapscan/<version>"
  std::string proxy;
  bool verify_tls = false;  // scanning staging with self-signed certs is the norm
  // Requests carrying credentials (HttpRequest::carries_credentials) go over https with the
  // certificate verified and libcurl's default TLS settings even without verify_tls, unless
  // this is set (--insecure-credentials).
  bool insecure_credentials = false;
};

struct CrawlOptions {
  ScopeMode scope = ScopeMode::origin;
  std::vector<std::string> include;  // regexes widening the scope
  std::vector<std::string> exclude;  // regexes narrowing it
  int max_depth = 10;
  std::int64_t max_pages = 2000;
  std::int64_t max_duration_ms = 0;                // 0 = unlimited
  int max_redirects = 10;                          // hops per chain
  int max_per_pattern = 50;                        // URLs per path pattern (digits/ids folded)
  int max_query_variants = 20;                     // distinct query strings per path
  std::int64_t max_queue = 100000;                 // URLs waiting
  std::int64_t max_parse_bytes = 2 * 1024 * 1024;  // HTML parsed per page
  bool submit_forms = false;                       // POST forms
  HeaderList headers;  // user-supplied; sent only to the targets' origins
  // The default rules against state changes (state_safety.h): no URL whose path, query or
  // link text says logout, delete, reset, ...; --no-default-auth-excludes turns them off.
  bool default_excludes = true;
  // More URLs never crawled (--auth-exclude); regexes, case-insensitive, searched in the whole
  // URL, in every crawl.
  std::vector<std::string> auth_exclude;
  // The identities' --logout-url (normalized): never crawled, whatever the other rules say.
  std::vector<std::string> logout_urls;
  // Forms submitted even though they look unsafe (--submit-form); regexes, case-insensitive,
  // searched in the form's action URL. POST forms still need submit_forms.
  std::vector<std::string> submit_form;
};

struct ScanOptions {
  std::vector<std::string> targets;  // normalized absolute URLs
  EngineOptions engine;
  CrawlOptions crawl;
  std::vector<std::string> checks;          // include globs; empty = all
  std::vector<std::string> exclude_checks;  // exclude globs
  int worker_threads = 0;                   // 0 = one per core
  CheckSettings check_settings;
  // Secrets that are not header values themselves (the --basic-auth password): scrubbed from
  // every finding along with the credential headers' values.
  std::vector<std::string> secrets;
  // Who the scan acts as. Empty: one identity made of crawl.headers (none: anonymous). The
  // first is the primary identity (its crawl feeds the active checks); with any credentials,
  // an anonymous comparison crawl runs as well (access-control-missing).
  std::vector<IdentityConfig> identities;
  int max_relogins = 10;  // per identity
  // Failed or possibly failed login attempts per account per host per scan, across all checks
  // and logins (--max-failed-logins; never above kMaxFailedLogins by default).
  int max_failed_logins = kMaxFailedLogins;
};

}  // namespace gapscan
