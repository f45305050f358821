#include "cli/options.h"

#include <unistd.h>

#include <cstdlib>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "checks/common/registry.h"
#include "checks/exposure/console_fingerprints.h"
#include "cli/checks_listing.h"
#include "cli/config_file.h"
#include "gapscan_version.h"
#include "reports/report_common.h"
#include "scanner/base/pattern.h"
#include "scanner/base/text.h"
#include "scanner/base/url.h"

namespace gapscan {

namespace {

struct UsageError {
  std::string message;
};

std::vector<std::string> split_globs(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) {
    for (auto part : split(v, ',')) {
      const auto p = trim(part);
      if (!p.empty()) out.emplace_back(p);
    }
  }
  return out;
}

// Why `raw` is not a target URL, for the message ("" when it is one).
std::string target_problem(const std::string& raw) {
  const auto colon = raw.find("://");
  if (colon != std::string::npos) {
    const std::string scheme = to_lower(raw.substr(0, colon));
    if (scheme != "http" && scheme != "https") {
      return "only http:// and https:// targets are scanned, not " + scheme + "://";
    }
  }
  const std::size_t host_start = colon == std::string::npos ? 0 : colon + 3;
  const std::size_t host_end = raw.find_first_of("/?#", host_start);
  const std::string authority = raw.substr(host_start, host_end - host_start);
  const auto port_colon = authority.rfind(':');
  if (port_colon != std::string::npos && authority.find(']', port_colon) == std::string::npos) {
    const std::string port = authority.substr(port_colon + 1);
    char* end = nullptr;
    const long p = std::strtol(port.c_str(), &end, 10);
    if (port.empty() || *end != '\0' || p < 1 || p > 65535) {
      return "the port must be a number from 1 to 65535, not '" + port + "'";
    }
  }
  if (authority.empty() || authority[0] == ':') return "no host name";
  return "not an http(s) URL";
}

// The targets one command-line or list entry stands for: a URL as it is; a bare host[:port]
// (example.com, 10.0.0.5:8080) as https for port 443 or 8443, http for port 80, else both
// (the one that does not answer is an error notification, not a failure).
std::vector<std::string> targets_of(const std::string& raw, const std::string& where) {
  if (raw.find("://") == std::string::npos && !raw.empty() && raw[0] != '/') {
    const std::string authority = raw.substr(0, raw.find_first_of("/?#"));
    const auto colon = authority.rfind(':');
    const std::string port = colon == std::string::npos ? "" : authority.substr(colon + 1);
    std::vector<std::string> schemes = {"https", "http"};
    if (port == "80") schemes = {"http"};
    if (port == "443" || port == "8443") schemes = {"https"};
    std::vector<std::string> out;
    for (const std::string& scheme : schemes) {
      const auto url = parse_url(scheme + "://" + raw);
      if (!url) throw UsageError{where + "invalid target '" + raw + "': " + target_problem(raw)};
      out.push_back(url->to_string());
    }
    return out;
  }
  const auto url = parse_url(raw);
  if (!url) throw UsageError{where + "invalid target '" + raw + "': " + target_problem(raw)};
  return {url->to_string()};
}

// One target per line ('#' comments, blank lines skipped); a bad line names its file and line.
std::vector<std::string> read_target_list(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path);
    if (!file) throw UsageError{"cannot read target list '" + path + "'"};
    in = &file;
  }
  std::string line;
  int number = 0;
  while (std::getline(*in, line)) {
    ++number;
    const auto t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    const std::string where =
        (path == "-" ? std::string("stdin") : path) + ":" + std::to_string(number) + ": ";
    for (auto& target : targets_of(std::string(t), where)) out.push_back(std::move(target));
  }
  return out;
}

void check_regex(const std::string& pattern, const std::string& flag) {
  if (const std::string why = pattern_problem(pattern); !why.empty()) {
    throw UsageError{flag + " '" + pattern + "': invalid regex (" + why + ")"};
  }
}

// --max-failed-logins at most: a higher limit is the user's call for an application whose
// lockout threshold is known; the default stays kMaxFailedLogins (3).
constexpr int kMaxFailedLoginsFlag = 10;

// The login settings of one identity (flags, or one entry of the policy's `identities`).
struct LoginFlags {
  std::string url, type = "form", username_env = "GAPSCAN_USERNAME", username_field, password_field,
                   submit_field, logged_in_regex, logged_out_regex, token_pointer = "/token",
                   token_header = "Authorization", token_scheme = "Bearer", check_url, logout_url;
  std::vector<std::string> login_fields;  // NAME=VALUE
  const std::string* password_env = nullptr;
  bool any_set() const {
    return type != "form" || !login_fields.empty() || username_env != "GAPSCAN_USERNAME" ||
           !username_field.empty() || !password_field.empty() || !submit_field.empty() ||
           !logged_in_regex.empty() || !logged_out_regex.empty() || token_pointer != "/token" ||
           token_header != "Authorization" || token_scheme != "Bearer";
  }
};

std::string env_or_throw(const std::string& var, const std::string& what,
                         const std::string& where) {
  const char* value = std::getenv(var.c_str());
  if (value == nullptr || *value == '\0') {
    throw UsageError{where + ": environment variable " + var + " (" + what + ") is not set"};
  }
  return value;
}

std::string url_or_throw(const std::string& text, const std::string& where) {
  const auto u = parse_url(text);
  if (!u) throw UsageError{where + " '" + text + "': expected an http(s) URL"};
  return u->to_string();
}

IdentityConfig build_identity(const std::string& name, const HeaderList& headers,
                              const std::vector<std::string>& secrets, const LoginFlags& f,
                              const std::string& where = "") {
  IdentityConfig c;
  c.name = name;
  c.headers = headers;
  c.secrets = secrets;
  if (!f.check_url.empty()) c.check_url = url_or_throw(f.check_url, where + "--login-check-url");
  if (!f.logout_url.empty()) c.logout_url = url_or_throw(f.logout_url, where + "--logout-url");
  if (f.url.empty()) {
    if (f.any_set()) {
      throw UsageError{where + "login options need --login-url"};
    }
    return c;
  }
  LoginConfig l;
  l.kind = f.type == "json" ? LoginConfig::Kind::json : LoginConfig::Kind::form;
  l.url = url_or_throw(f.url, where + "--login-url");
  l.username = env_or_throw(f.username_env, "the login user name", where + "--login-url");
  l.password = env_or_throw(*f.password_env, "the login password", where + "--login-url");
  l.username_field = f.username_field;
  l.password_field = f.password_field;
  if (!f.submit_field.empty() && l.kind != LoginConfig::Kind::form) {
    throw UsageError{where + "--login-submit names a form's button: it needs --login-type form"};
  }
  l.submit_field = f.submit_field;
  if (!f.logged_in_regex.empty()) check_regex(f.logged_in_regex, where + "--logged-in-regex");
  if (!f.logged_out_regex.empty()) check_regex(f.logged_out_regex, where + "--logged-out-regex");
  l.logged_in_regex = f.logged_in_regex;
  l.logged_out_regex = f.logged_out_regex;
  if (f.token_pointer.empty() || f.token_pointer[0] != '/') {
    throw UsageError{where + "--token-pointer '" + f.token_pointer +
                     "': expected a JSON pointer such as /token or /data/access_token"};
  }
  l.token_pointer = f.token_pointer;
  for (const std::string& field : f.login_fields) {
    const auto eq = field.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw UsageError{where + "--login-field '" + field + "': expected NAME=VALUE"};
    }
    if (l.kind != LoginConfig::Kind::json) {
      throw UsageError{where +
                       "--login-field is for --login-type json (a form login sends the "
                       "form's own fields)"};
    }
    l.extra_fields.emplace_back(field.substr(0, eq), field.substr(eq + 1));
  }
  l.token_header = f.token_header;
  l.token_scheme = f.token_scheme;
  c.secrets.push_back(l.password);
  c.login = std::move(l);
  return c;
}

// One identity of the policy file's `identities:`.
IdentityConfig build_identity(const ConfigIdentity& id, const std::string& default_password_env) {
  const std::string where =
      "policy identity '" + id.name + "' (line " + std::to_string(id.line) + "): ";
  LoginFlags f;
  std::string password_env = default_password_env;
  auto field = [&](const char* key, std::string& into) {
    if (auto it = id.fields.find(key); it != id.fields.end()) into = it->second;
  };
  field("login-url", f.url);
  field("login-type", f.type);
  if (f.type != "form" && f.type != "json") {
    throw UsageError{where + "login-type '" + f.type + "': expected form or json"};
  }
  field("username-env", f.username_env);
  field("password-env", password_env);
  field("username-field", f.username_field);
  field("password-field", f.password_field);
  field("login-submit", f.submit_field);
  field("logged-in-regex", f.logged_in_regex);
  field("logged-out-regex", f.logged_out_regex);
  field("token-pointer", f.token_pointer);
  field("token-header", f.token_header);
  field("token-scheme", f.token_scheme);
  field("login-check-url", f.check_url);
  field("logout-url", f.logout_url);
  f.password_env = &password_env;
  HeaderList headers;
  for (const auto& h : id.headers) headers.push_back({h.name, h.value});
  return build_identity(id.name, headers, {}, f, where);
}

// Before the scan: a report path that cannot take the report is a usage error now, not a lost
// report later.
void check_output_path(const std::string& path, const char* flag) {
  if (path.empty()) return;
  if (const std::string why = report_path_problem(path); !why.empty()) {
    throw UsageError{std::string(flag) + ": " + why};
  }
}

Header parse_header_flag(const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0) {
    throw UsageError{"--header '" + text + "': expected 'Name: value'"};
  }
  Header h{std::string(trim(std::string_view(text).substr(0, colon))),
           std::string(trim(std::string_view(text).substr(colon + 1)))};
  for (char c : h.name) {
    if (c <= ' ' || c == ':' || c == 0x7F)
      throw UsageError{"--header '" + text + "': bad header name"};
  }
  if (h.value.find_first_of("\r\n") != std::string::npos) {
    throw UsageError{"--header '" + h.name + "': value must not contain line breaks"};
  }
  return h;
}

// The options a policy file may set: every long flag of `scan` but --config and --help.
std::vector<ConfigOptionSpec> config_option_specs(const CLI::App& scan) {
  std::vector<ConfigOptionSpec> specs;
  for (const CLI::Option* opt : scan.get_options()) {
    for (const auto& name : opt->get_lnames()) {
      if (name == "help" || name == "config") continue;
      specs.push_back({name, opt->get_expected_min() == 0, opt->get_expected_max() > 1});
    }
  }
  return specs;
}

// Loads the file and validates each option value by parsing it alone, so that value errors
// (a bad duration, a missing directory) come back with the line they are on.
// Set while validate_config parses one policy-file option alone: rules that join several
// options, or need the environment's secrets (a login needs its URL and credentials), are
// checked when the whole file is applied, not per option.
thread_local bool g_validating_one_option = false;

ConfigFile validate_config(const std::string& path, const CLI::App& scan, bool resolve_env) {
  ConfigFile file = load_config_file(path, config_option_specs(scan), resolve_env);
  for (const auto& opt : file.options) {
    std::vector<std::string> args = {"gapscan", "scan"};
    std::vector<std::string> values = opt.values;
    if (!resolve_env) {
      // config check: ${VAR} stands for a secret this machine need not have.
      for (auto& v : values) v = mask_env(v);
    }
    if (opt.name == "url") {
      args.insert(args.end(), values.begin(), values.end());
    } else {
      args.push_back("http://127.0.0.1/");
      const bool flag =
          opt.values.size() == 1 && (opt.values[0] == "true" || opt.values[0] == "false");
      if (flag && scan.get_option_no_throw("--" + opt.name) != nullptr &&
          scan.get_option_no_throw("--" + opt.name)->get_expected_min() == 0) {
        continue;  // true/false was checked while loading
      }
      for (const auto& v : values) {
        args.push_back("--" + opt.name);
        args.push_back(v);
      }
    }
    std::vector<const char*> argv;
    for (const auto& a : args) argv.push_back(a.c_str());
    g_validating_one_option = true;
    const Invocation alone = parse_command_line(static_cast<int>(argv.size()), argv.data());
    g_validating_one_option = false;
    if (alone.exit_code && *alone.exit_code != 0) {
      std::string message = alone.err_text;
      if (message.starts_with("gapscan: ")) message = message.substr(9);
      file.errors.push_back({opt.line, opt.name + ": " + message});
    }
  }
  std::stable_sort(file.errors.begin(), file.errors.end(),
                   [](const ConfigIssue& a, const ConfigIssue& b) { return a.line < b.line; });
  return file;
}

std::string config_summary(const ConfigFile& file) {
  const IntendedState& e = file.policy.expect;
  const std::size_t expectations = e.headers.size() + e.cookies.size() + e.protected_paths.size() +
                                   e.absent_paths.size() + (e.min_tls_version.empty() ? 0 : 1);
  return file.path + ": OK (" + std::to_string(file.options.size()) + " options, " +
         std::to_string(file.identity_headers.size()) + " identity headers, " +
         (file.identities.empty() ? std::string()
                                  : std::to_string(file.identities.size()) + " identities, ") +
         std::to_string(file.policy.rules.size()) + " rules, " +
         std::to_string(file.policy.suppressions.size()) + " suppressions, " +
         std::to_string(expectations) + " expectations)\n";
}

// Sets every option the command line left unset from the policy file (flags on the command
// line win), adds the identity headers and keeps the policy for after the scan.
void apply_config_file(Invocation& inv, CLI::App& scan, std::vector<std::string>& headers) {
  const ConfigFile file = validate_config(inv.config_path, scan, true);
  if (!file.errors.empty()) {
    std::string message = "invalid policy file:";
    for (const auto& e : file.errors) message += "\n  " + format_config_issue(file.path, e);
    throw UsageError{message};
  }
  for (const auto& opt : file.options) {
    CLI::Option* op = scan.get_option_no_throw(opt.name == "url" ? "url" : "--" + opt.name);
    if (op == nullptr || op->count() > 0) continue;  // the command line wins
    try {
      if (op->get_expected_min() == 0) {
        op->add_result(op->get_flag_value(opt.name, opt.values.front()));
      } else {
        op->add_result(opt.values);
      }
      op->run_callback();
    } catch (const CLI::Error& e) {
      throw UsageError{format_config_issue(file.path, {opt.line, opt.name + ": " + e.what()})};
    }
  }
  for (const auto& h : file.identity_headers) {
    bool given = false;  // a --header of the same name on the command line wins
    for (const auto& line : headers) {
      const auto colon = line.find(':');
      given =
          given || (colon != std::string::npos &&
                    to_lower(trim(std::string_view(line).substr(0, colon))) == to_lower(h.name));
    }
    if (!given) headers.push_back(h.name + ": " + h.value);
  }
  inv.policy = std::make_shared<const Policy>(file.policy);
  if (!file.identities.empty()) inv.policy_identities = file.identities;
}

}  // namespace

bool in_shard(const std::string& host, int k, int n) {
  const std::uint64_t h = std::stoull(sha256_hex(host).substr(0, 15), nullptr, 16);
  return static_cast<int>(h % static_cast<std::uint64_t>(n)) == k - 1;
}

namespace {

// `scan --help`: descriptions wrapped to the terminal (COLUMNS, else 100 columns), so that no
// line runs past it; CLI11 indents the continuation lines under the description column.
class WrappingFormatter : public CLI::Formatter {
 public:
  WrappingFormatter() {
    std::size_t width = 100;
    if (const char* columns = std::getenv("COLUMNS")) {
      const long c = std::strtol(columns, nullptr, 10);
      if (c >= 60 && c <= 400) width = static_cast<std::size_t>(c);
    }
    column_width(32);
    text_width_ = width - 32;
  }
  std::string make_option_desc(const CLI::Option* opt) const override {
    std::string out = wrap_words(opt->get_description(), text_width_, "");
    if (!out.empty()) out.pop_back();  // CLI11 ends the line itself
    return out;
  }

 private:
  std::size_t text_width_;
};

// Where each scan option shows in --help, in this order, and its value's placeholder.
struct OptionPlace {
  const char* group;
  std::vector<const char*> names;  // long names
};
const OptionPlace kOptionGroups[] = {
    {"Targets", {"url", "list", "scope", "include", "exclude", "shard"}},
    {"Limits",
     {"max-depth", "max-pages", "max-duration", "timeout", "max-body", "max-headers",
      "max-redirects", "max-per-pattern", "max-query-variants", "max-queue", "concurrency",
      "per-host", "rate", "threads"}},
    {"Identity",
     {"header",
      "cookie",
      "basic-auth",
      "password-env",
      "login-url",
      "login-type",
      "username-env",
      "username-field",
      "password-field",
      "login-submit",
      "logged-in-regex",
      "logged-out-regex",
      "login-field",
      "token-pointer",
      "token-header",
      "token-scheme",
      "login-check-url",
      "logout-url",
      "max-relogins",
      "known-user",
      "max-failed-logins",
      "insecure-credentials"}},
    {"Safety",
     {"auth-exclude", "no-default-auth-excludes", "submit-form", "submit-forms", "intrusive",
      "login-burst", "unsafe-methods", "no-credential-probes"}},
    {"Checks",
     {"checks", "exclude-checks", "session-cookie-max-age", "tls-expiring-days", "max-backup-pages",
      "config"}},
    {"Network", {"user-agent", "proxy", "verify-tls", "insecure"}},
    {"Output",
     {"output", "sarif", "json", "html", "markdown", "junit", "gitlab", "sbom", "jsonl", "quiet",
      "no-progress", "heartbeat", "verbose", "debug"}},
    {"CI", {"fail-on", "baseline", "fail-on-new"}},
};
const std::pair<const char*, const char*> kPlaceholders[] = {
    {"url", "URL"},
    {"list", "FILE"},
    {"scope", "MODE"},
    {"include", "REGEX"},
    {"exclude", "REGEX"},
    {"shard", "K/N"},
    {"max-depth", "N"},
    {"max-pages", "N"},
    {"max-duration", "DURATION"},
    {"timeout", "DURATION"},
    {"max-body", "SIZE"},
    {"max-headers", "SIZE"},
    {"max-redirects", "N"},
    {"max-per-pattern", "N"},
    {"max-query-variants", "N"},
    {"max-queue", "N"},
    {"concurrency", "N"},
    {"per-host", "N"},
    {"rate", "N"},
    {"threads", "N"},
    {"header", "'NAME: VALUE'"},
    {"cookie", "NAME=VALUE"},
    {"basic-auth", "USER"},
    {"password-env", "VAR"},
    {"login-url", "URL"},
    {"login-type", "form|json"},
    {"username-env", "VAR"},
    {"username-field", "NAME"},
    {"password-field", "NAME"},
    {"login-submit", "NAME"},
    {"logged-in-regex", "REGEX"},
    {"logged-out-regex", "REGEX"},
    {"login-field", "NAME=VALUE"},
    {"token-pointer", "POINTER"},
    {"token-header", "NAME"},
    {"token-scheme", "SCHEME"},
    {"login-check-url", "URL"},
    {"logout-url", "URL"},
    {"max-relogins", "N"},
    {"known-user", "NAME"},
    {"max-failed-logins", "N"},
    {"auth-exclude", "REGEX"},
    {"submit-form", "REGEX"},
    {"login-burst", "N"},
    {"checks", "GLOBS"},
    {"exclude-checks", "GLOBS"},
    {"session-cookie-max-age", "DURATION"},
    {"tls-expiring-days", "N"},
    {"max-backup-pages", "N"},
    {"config", "FILE"},
    {"user-agent", "TEXT"},
    {"proxy", "URL"},
    {"output", "FILE"},
    {"sarif", "FILE"},
    {"json", "FILE"},
    {"html", "FILE"},
    {"markdown", "FILE"},
    {"junit", "FILE"},
    {"gitlab", "FILE"},
    {"sbom", "FILE"},
    {"fail-on", "LEVEL"},
    {"baseline", "FILE"},
    {"heartbeat", "SECONDS"},
};

bool option_named(const CLI::Option* opt, const char* name) {
  return opt->check_lname(name) || opt->check_name(name);
}

void place_scan_options(CLI::App& scan) {
  for (CLI::Option* opt : scan.get_options()) {
    if (opt->check_lname("help")) continue;
    std::string group = "Other";
    for (const OptionPlace& place : kOptionGroups) {
      for (const char* name : place.names) {
        if (option_named(opt, name)) group = place.group;
      }
    }
    opt->group(group);
    // option_text, not type_name: validators would append ":{a,b}" or a range to the latter.
    for (const auto& [name, placeholder] : kPlaceholders) {
      if (!option_named(opt, name)) continue;
      opt->option_text(std::string(placeholder) + (opt->get_expected_max() > 1 ? " ..." : ""));
    }
  }
}

// Flags people bring from nuclei and katana that CLI11 cannot spell (two-letter short
// options): -rl N is --rate N.
std::vector<std::string> habit_arguments(int argc, const char* const* argv) {
  std::vector<std::string> args;
  for (int i = 0; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "-rl") {
      args.emplace_back("--rate");
    } else if (a.rfind("-rl=", 0) == 0) {
      args.push_back("--rate=" + a.substr(4));
    } else {
      args.push_back(a);
    }
  }
  return args;
}

// -o FILE: the report format from the file's extension.
void add_output_by_extension(const std::string& path, OutputOptions& out) {
  const std::string ext = to_lower(std::filesystem::path(path).extension().string());
  std::string* slot = ext == ".sarif"                   ? &out.sarif_path
                      : ext == ".json"                  ? &out.json_path
                      : ext == ".html" || ext == ".htm" ? &out.html_path
                      : ext == ".md"                    ? &out.markdown_path
                      : ext == ".xml"                   ? &out.junit_path
                                                        : nullptr;
  if (slot == nullptr) {
    throw UsageError{"-o '" + path +
                     "': the format comes from the extension: .sarif, .json, .html, .md or "
                     ".xml (JUnit); or use --sarif, --json, --gitlab, --sbom, ..."};
  }
  if (!slot->empty() && *slot != path) {
    throw UsageError{"-o '" + path + "': a " + ext + " report is already written to " + *slot};
  }
  *slot = path;
}

}  // namespace

Invocation parse_command_line(int argc, const char* const* argv) {
  Invocation inv;
  CLI::App app{"gapscan: a DAST scanner for authentication and configuration flaws", "gapscan"};
  app.require_subcommand(0, 1);
  bool version = false;
  app.add_flag("--version", version, "Print the version and exit");

  // ---- scan ----
  CLI::App* scan = app.add_subcommand("scan", "Crawl and scan one or more web targets");
  std::vector<std::string> urls, includes, excludes, headers, checks, exclude_checks;
  std::string list_file, scope = "origin", max_duration = "0", timeout = "10s", max_body = "5MiB",
                         fail_on = "high", max_headers = "64KiB", session_cookie_max_age = "12h";
  auto& o = inv.scan;
  scan->add_option("url", urls, "Target URLs (http or https)");
  std::vector<std::string> url_flags, output_files;
  scan->add_option("-u,--url", url_flags, "Target URL (repeatable; as the positional URLs)");
  scan->add_option("-l,--list", list_file, "File with one target URL per line ('-' = stdin)");
  scan->add_option("--scope", scope, "origin | subdomains | prefix (default origin)")
      ->check(CLI::IsMember({"origin", "subdomains", "prefix"}));
  scan->add_option("--include", includes, "Regex of URLs added to the scope (repeatable)");
  scan->add_option("--exclude", excludes, "Regex of URLs removed from the scope (repeatable)");
  scan->add_option("--max-depth", o.crawl.max_depth, "Link depth from the targets (default 10)");
  scan->add_option("--max-pages", o.crawl.max_pages, "Crawl requests at most (default 2000)");
  scan->add_option("--max-duration", max_duration,
                   "Stop the scan after this long, e.g. 10m (0 = no limit)");
  scan->add_option("--timeout", timeout, "Per-request timeout (default 10s)");
  scan->add_option("--max-body", max_body, "Decoded bytes kept per response (default 5MiB)");
  scan->add_option("--max-headers", max_headers, "Response header bytes allowed (default 64KiB)");
  scan->add_option("--max-redirects", o.crawl.max_redirects,
                   "Redirect hops per chain (default 10)");
  scan->add_option("--max-per-pattern", o.crawl.max_per_pattern,
                   "URLs per path pattern (crawl-trap guard, default 50)");
  scan->add_option("--max-query-variants", o.crawl.max_query_variants,
                   "Query strings per path (default 20)");
  scan->add_option("--max-queue", o.crawl.max_queue,
                   "URLs waiting in the crawl queue at most (default 100000)");
  scan->add_option("-c,--concurrency", o.engine.concurrency, "Requests in flight (default 32)");
  scan->add_option("--per-host", o.engine.per_host, "Connections per host (default 8)");
  scan->add_option("--rate", o.engine.rate,
                   "Requests per second per host (default 20; 0 = unlimited); -rl N too");
  scan->add_option(
      "-H,--header", headers,
      "Extra request header 'Name: value' (repeatable); sent only to the targets' origins");
  std::vector<std::string> cookies;
  scan->add_option("--cookie", cookies,
                   "Cookie 'name=value' sent to the targets' origins (repeatable); ${VAR} in the "
                   "value is read from the environment");
  std::string basic_user, password_env = "GAPSCAN_PASSWORD";
  scan->add_option(
      "--basic-auth", basic_user,
      "HTTP Basic user; the password comes from $GAPSCAN_PASSWORD (see --password-env)");
  scan->add_option("--password-env", password_env,
                   "Environment variable holding the --basic-auth password (default "
                   "GAPSCAN_PASSWORD)");
  LoginFlags login;
  login.password_env = &password_env;
  scan->add_option("--login-url", login.url,
                   "Log in before crawling: the login form's page (form) or endpoint (json)");
  scan->add_option("--login-type", login.type, "form | json (default form)")
      ->check(CLI::IsMember({"form", "json"}));
  scan->add_option("--username-env", login.username_env,
                   "Environment variable holding the login user name (default GAPSCAN_USERNAME)");
  scan->add_option("--username-field", login.username_field,
                   "Login user-name field (form: auto-detected; json: default username)");
  scan->add_option("--password-field", login.password_field,
                   "Login password field (form: auto-detected; json: default password)");
  scan->add_option("--login-submit", login.submit_field,
                   "form login: name of the submit button to click (default: the form's first)");
  scan->add_option("--logged-in-regex", login.logged_in_regex,
                   "Regex the page after login must match (the login form must be gone too)");
  scan->add_option("--logged-out-regex", login.logged_out_regex,
                   "Regex of a logged-out page: no login when it matches; during the crawl, the "
                   "session is lost (log in again)");
  scan->add_option("--login-field", login.login_fields,
                   "json login: NAME=VALUE sent with the credentials (repeatable; e.g. "
                   "Node-RED's client_id=node-red-editor)");
  scan->add_option("--token-pointer", login.token_pointer,
                   "json login: JSON pointer of the token in the response (default /token)");
  scan->add_option("--token-header", login.token_header,
                   "json login: header carrying the token (default Authorization)");
  scan->add_option("--token-scheme", login.token_scheme,
                   "json login: scheme before the token (default Bearer; '' for none)");
  scan->add_option("--login-check-url", login.check_url,
                   "URL that must answer as logged in after each login");
  scan->add_option("--logout-url", login.logout_url,
                   "Logout URL (never crawled; session-not-invalidated uses it)");
  std::vector<std::string> auth_excludes;
  scan->add_option("--auth-exclude", auth_excludes,
                   "Regex of URLs never requested (repeatable; added to the default rules "
                   "against logout and state-changing URLs, see Safety in the README)");
  bool no_default_auth_excludes = false;
  scan->add_flag("--no-default-auth-excludes", no_default_auth_excludes,
                 "Do not skip URLs whose path, query or link text says logout, delete, reset, "
                 "...");
  scan->add_option("--submit-form", o.crawl.submit_form,
                   "Regex of form action URLs submitted even though the form looks unsafe (a "
                   "password field, destructive words); repeatable; POST forms still need "
                   "--submit-forms");
  scan->add_option("--max-relogins", o.max_relogins,
                   "Re-logins per identity when the session is lost (default 10)")
      ->check(CLI::Range(0, 1000));
  scan->add_flag("--intrusive", o.check_settings.intrusive,
                 "Allow checks that stress the login (login-no-rate-limit's burst)");
  scan->add_option("--login-burst", o.check_settings.login_burst,
                   "login-no-rate-limit: failed logins in the burst (default 20)")
      ->check(CLI::Range(1, 1000));
  scan->add_option("--known-user", o.check_settings.known_user,
                   "user-enumeration: an existing user name (default: the login's user)");
  scan->add_option("--max-failed-logins", o.max_failed_logins,
                   "Failed or possibly failed logins per account per host per scan, across all "
                   "checks (default 3)");
  scan->add_option("--user-agent", o.engine.user_agent, "User-Agent header");
  scan->add_option("--proxy", o.engine.proxy, "HTTP(S) proxy URL");
  scan->add_flag("--submit-forms", o.crawl.submit_forms,
                 "Also submit POST forms while crawling (not those that look unsafe, see "
                 "--submit-form)");
  scan->add_flag("--verify-tls", o.engine.verify_tls, "Refuse untrusted TLS certificates");
  scan->add_flag("--insecure-credentials", o.engine.insecure_credentials,
                 "Send credentials (logins, session cookies, credential headers) over https "
                 "even when the certificate cannot be verified");
  scan->add_option("-o,--output", output_files,
                   "Write a report to FILE, its format from the extension: .sarif, .json, .html, "
                   ".md, .xml (JUnit); repeatable");
  scan->add_option("--sarif", inv.output.sarif_path, "Write a SARIF 2.1.0 report to FILE");
  scan->add_option("--json", inv.output.json_path, "Write a JSON report to FILE");
  scan->add_option("--baseline", inv.output.baseline_path,
                   "Earlier report (JSON or SARIF): mark findings new/unchanged and list fixed");
  scan->add_flag("--fail-on-new", inv.output.fail_on_new,
                 "Only findings new since --baseline count toward the exit code");
  scan->add_option("--shard", inv.output.shard,
                   "K/N: scan only this job's part of the targets (partitioned by host)");
  scan->add_option("--junit", inv.output.junit_path,
                   "Write JUnit XML to FILE (one testcase per check and origin)");
  scan->add_option("--sbom", inv.output.sbom_path,
                   "Write a CycloneDX 1.5 JSON inventory of the components seen to FILE");
  scan->add_option("--markdown", inv.output.markdown_path,
                   "Write a Markdown summary to FILE (also appended to $GITHUB_STEP_SUMMARY)");
  scan->add_option("--gitlab", inv.output.gitlab_path,
                   "Write a GitLab DAST security report (schema 15.0.7) to FILE");
  scan->add_option("--html", inv.output.html_path, "Write a self-contained HTML report to FILE");
  scan->add_flag("--jsonl", inv.output.jsonl, "Stream findings as JSON lines to stdout");
  scan->add_flag("-q,--quiet", inv.output.quiet, "No terminal summary or progress");
  scan->add_flag("--no-progress", inv.output.no_progress, "No progress line");
  scan->add_option("--heartbeat", inv.output.heartbeat_s,
                   "Without a terminal (CI logs): a progress line every N seconds (default 15; "
                   "0 = none)")
      ->check(CLI::Range(0, 3600));
  scan->add_flag("-v,--verbose", inv.output.verbosity,
                 "One line per request on stderr (method, URL, status, time, bytes); -vv adds "
                 "the headers, credential values masked");
  bool debug = false;
  scan->add_flag("--debug", debug, "Same as -vv");
  bool insecure = false;
  scan->add_flag("--insecure", insecure,
                 "Accepted for curl habits: certificates are not verified by default (see "
                 "--verify-tls); credentials still need verified TLS (--insecure-credentials)");
  scan->add_option(
          "--fail-on", fail_on,
          "Exit 1 when a finding is at or above: info|low|medium|high|critical|none (default high)")
      ->check(CLI::IsMember({"info", "low", "medium", "high", "critical", "none"}));
  scan->add_option("--checks", checks, "Only checks matching these globs (comma-separated)");
  scan->add_option("--exclude-checks", exclude_checks, "Skip checks matching these globs");
  scan->add_option("--session-cookie-max-age", session_cookie_max_age,
                   "Session cookies living longer are reported (default 12h)");
  scan->add_option("--tls-expiring-days", o.check_settings.tls_expiring_days,
                   "tls-cert-expiring: certificates expiring within N days (default 30)");
  scan->add_flag("--unsafe-methods", o.check_settings.unsafe_methods,
                 "http-methods-unsafe may PUT a random file (then DELETE it) to prove uploads");
  bool no_credential_probes = false;
  scan->add_flag("--no-credential-probes", no_credential_probes,
                 "Never try vendor default credentials (default-credentials)");
  scan->add_option("--max-backup-pages", o.check_settings.max_backup_pages,
                   "exposed-backup: crawled pages whose backup copies are probed (default 10)");
  scan->add_option("--threads", o.worker_threads,
                   "Worker threads for parsing and checks (default: cores)")
      ->check(CLI::Range(0, 256));
  scan->add_option("--config", inv.config_path,
                   "Policy file (YAML): options, identity headers, rules, suppressions and "
                   "intended state; command-line flags win over it");

  place_scan_options(*scan);
  scan->formatter(std::make_shared<WrappingFormatter>());
  scan->footer(
      "Examples:\n"
      "  gapscan scan https://staging.example.com/ -o gapscan.sarif\n"
      "  gapscan scan -l targets.txt --fail-on medium -o out.sarif -o report.html\n"
      "  GAPSCAN_USERNAME=scanner GAPSCAN_PASSWORD=... gapscan scan \\\n"
      "      https://app.example.com/ --login-url https://app.example.com/login\n"
      "  gapscan checks csp-missing        # one check in full\n"
      "Exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage, 3 scan or\n"
      "login failed, 130/143 interrupted (reports written, marked incomplete).");

  // ---- checks ----
  CLI::App* checks_cmd =
      app.add_subcommand("checks", "List every check, or show the named ones in full");
  checks_cmd
      ->add_option("id", inv.checks_ids,
                   "Check ids or globs to show in full (csp-missing, 'cookie-*')")
      ->type_name("ID");
  checks_cmd->add_flag("--json", inv.checks_json, "As JSON");
  checks_cmd->add_flag("--markdown", inv.checks_markdown, "As the Markdown table in the README");

  // ---- diff ----
  CLI::App* diff_cmd =
      app.add_subcommand("diff", "Compare two reports (gapscan JSON or SARIF) by fingerprint");
  diff_cmd->add_option("old", inv.diff_old, "The earlier report")->required();
  diff_cmd->add_option("new", inv.diff_new, "The later report")->required();
  diff_cmd->add_flag("--fail-on-new", inv.diff_fail_on_new,
                     "Exit 1 when the later report has findings the earlier one lacks");
  diff_cmd
      ->add_option("--fail-on", inv.diff_fail_on,
                   "Exit 1 when a new finding is at or above LEVEL: info|low|medium|high|critical")
      ->check(CLI::IsMember({"info", "low", "medium", "high", "critical"}))
      ->option_text("LEVEL");
  diff_cmd->add_option("--format", inv.diff_format, "text (default), json or markdown")
      ->check(CLI::IsMember({"text", "json", "markdown"}))
      ->option_text("text|json|markdown");

  // ---- merge ----
  CLI::App* merge_cmd = app.add_subcommand(
      "merge", "Combine reports of one format (SARIF or gapscan JSON), e.g. of --shard jobs");
  merge_cmd->add_option("inputs", inv.merge_inputs, "The reports to merge")->required();
  merge_cmd->add_option("-o,--output", inv.merge_output, "Write the merged report to FILE")
      ->required();

  // ---- config check ----
  CLI::App* config_cmd = app.add_subcommand("config", "Policy file tools");
  config_cmd->require_subcommand(1);
  CLI::App* config_check_cmd =
      config_cmd->add_subcommand("check", "Validate a policy file; every error with its line");
  config_check_cmd->add_option("file", inv.config_check_path, "The policy file")->required();

  try {
    std::vector<std::string> args = habit_arguments(argc, argv);
    std::reverse(args.begin(), args.end());
    if (!args.empty()) args.pop_back();  // the program name
    app.parse(args);
  } catch (const CLI::CallForHelp&) {
    inv.exit_code = 0;
    inv.out_text = app.help();
    if (scan->parsed()) inv.out_text = scan->help("gapscan");
    return inv;
  } catch (const CLI::ParseError& e) {
    inv.exit_code = 2;
    inv.err_text = std::string("gapscan: ") + e.what();
    return inv;
  }

  if (version) {
    inv.command = Invocation::Command::version;
    inv.exit_code = 0;
    inv.out_text = std::string("gapscan ") + GAPSCAN_VERSION + "\n";
    return inv;
  }
  if (checks_cmd->parsed()) {
    inv.command = Invocation::Command::checks;
    return inv;
  }
  if (diff_cmd->parsed()) {
    inv.command = Invocation::Command::diff;
    return inv;
  }
  if (merge_cmd->parsed()) {
    inv.command = Invocation::Command::merge;
    try {
      check_output_path(inv.merge_output, "--output");
    } catch (const UsageError& e) {
      inv.exit_code = 2;
      inv.err_text = "gapscan: " + e.message;
    }
    return inv;
  }
  if (config_check_cmd->parsed()) {
    inv.command = Invocation::Command::config_check;
    const ConfigFile file = validate_config(inv.config_check_path, *scan, false);
    inv.exit_code = file.errors.empty() ? 0 : 2;
    for (const auto& e : file.errors) {
      inv.err_text += (inv.err_text.empty() ? "" : "\n") + format_config_issue(file.path, e);
    }
    if (file.errors.empty()) inv.out_text = config_summary(file);
    return inv;
  }
  if (!scan->parsed()) {
    inv.exit_code = 2;
    inv.err_text = "gapscan: missing command; try 'gapscan scan URL' or 'gapscan --help'";
    return inv;
  }

  inv.command = Invocation::Command::scan;
  try {
    if (!inv.config_path.empty()) {
      apply_config_file(inv, *scan, headers);
    }
    for (auto& u : url_flags) urls.push_back(std::move(u));
    if (!list_file.empty()) {
      for (auto& t : read_target_list(list_file)) urls.push_back(std::move(t));
    }
    for (const std::string& path : output_files) add_output_by_extension(path, inv.output);
    if (debug) inv.output.verbosity = std::max(inv.output.verbosity, 2);
    if (urls.empty()) throw UsageError{"no targets: give URLs or --list FILE"};
    for (const auto& raw : urls) {
      for (const std::string& norm : targets_of(raw, "")) {
        if (std::find(o.targets.begin(), o.targets.end(), norm) == o.targets.end())
          o.targets.push_back(norm);
      }
    }
    if (!inv.output.shard.empty()) {
      const auto slash = inv.output.shard.find('/');
      int k = 0, n = 0;
      try {
        std::size_t used_k = 0, used_n = 0;
        if (slash != std::string::npos) {
          k = std::stoi(inv.output.shard.substr(0, slash), &used_k);
          n = std::stoi(inv.output.shard.substr(slash + 1), &used_n);
        }
        if (slash == std::string::npos || used_k != slash ||
            used_n != inv.output.shard.size() - slash - 1) {
          k = 0;
        }
      } catch (const std::exception&) {
        k = 0;
      }
      if (k < 1 || n < 1 || k > n) {
        throw UsageError{"--shard '" + inv.output.shard + "': expected K/N with 1 <= K <= N"};
      }
      std::vector<std::string> mine;
      for (const auto& t : o.targets) {
        // By host, not origin: the http and https origins of one host belong together
        // (https-not-enforced and http-only-site compare them).
        const auto u = parse_url(t);
        if (u && in_shard(u->host, k, n)) mine.push_back(t);
      }
      o.targets = std::move(mine);
      inv.output.shard_empty = o.targets.empty();
    }
    o.crawl.scope = scope == "subdomains" ? ScopeMode::subdomains
                    : scope == "prefix"   ? ScopeMode::prefix
                                          : ScopeMode::origin;
    for (const auto& r : includes) check_regex(r, "--include");
    for (const auto& r : excludes) check_regex(r, "--exclude");
    o.crawl.include = includes;
    o.crawl.exclude = excludes;
    o.check_settings.credential_probes = !no_credential_probes;
    if (o.check_settings.tls_expiring_days < 0)
      throw UsageError{"--tls-expiring-days must be >= 0"};
    if (o.check_settings.max_backup_pages < 0) throw UsageError{"--max-backup-pages must be >= 0"};
    const auto dur = parse_duration_ms(max_duration);
    if (dur < 0)
      throw UsageError{"--max-duration '" + max_duration + "': expected e.g. 90s, 10m, 1h"};
    o.crawl.max_duration_ms = dur;
    const auto to = parse_duration_ms(timeout);
    if (to <= 0)
      throw UsageError{"--timeout '" + timeout + "': expected a positive duration, e.g. 10s"};
    o.engine.timeout_ms = to;
    const auto body = parse_size_bytes(max_body);
    if (body <= 0)
      throw UsageError{"--max-body '" + max_body + "': expected a positive size, e.g. 5MiB"};
    o.engine.max_body = body;
    const auto cookie_age = parse_duration_ms(session_cookie_max_age);
    if (cookie_age <= 0) {
      throw UsageError{"--session-cookie-max-age '" + session_cookie_max_age +
                       "': expected e.g. 12h, 7d"};
    }
    o.check_settings.session_cookie_max_lifetime_s = cookie_age / 1000;
    const auto hdr = parse_size_bytes(max_headers);
    if (hdr <= 0) throw UsageError{"--max-headers '" + max_headers + "': expected a positive size"};
    o.engine.max_header_bytes = hdr;
    if (o.crawl.max_depth < 0) throw UsageError{"--max-depth must be >= 0"};
    if (o.crawl.max_pages < 1) throw UsageError{"--max-pages must be >= 1"};
    if (o.engine.concurrency < 1) throw UsageError{"--concurrency must be >= 1"};
    if (o.engine.per_host < 1) throw UsageError{"--per-host must be >= 1"};
    if (o.engine.rate < 0) throw UsageError{"--rate must be >= 0"};
    if (o.crawl.max_redirects < 0) throw UsageError{"--max-redirects must be >= 0"};
    if (o.crawl.max_per_pattern < 1 || o.crawl.max_query_variants < 1 || o.crawl.max_queue < 1) {
      throw UsageError{"--max-per-pattern, --max-query-variants and --max-queue must be >= 1"};
    }
    // ${VAR} is expanded here, so that a secret need not be in the shell history or the
    // process list: --header 'Authorization: Bearer ${API_TOKEN}' (single quotes).
    for (const auto& raw : headers) {
      std::string missing;
      const std::string h = expand_env(raw, &missing);
      if (!missing.empty()) {
        throw UsageError{"--header: environment variable " + missing + " is not set"};
      }
      o.crawl.headers.push_back(parse_header_flag(h));
    }
    if (!cookies.empty()) {
      std::string cookie_header;
      for (const auto& raw : cookies) {
        std::string missing;
        const std::string c = expand_env(raw, &missing);
        if (!missing.empty()) {
          throw UsageError{"--cookie: environment variable " + missing + " is not set"};
        }
        const auto eq = c.find('=');
        const std::string name(trim(std::string_view(c).substr(0, eq)));
        if (eq == std::string::npos || name.empty() ||
            name.find_first_of(" \t;,=\"") != std::string::npos ||
            c.find_first_of(";\r\n", eq) != std::string::npos) {
          throw UsageError{"--cookie '" + raw + "': expected 'name=value' (one cookie, no ';')"};
        }
        cookie_header += (cookie_header.empty() ? "" : "; ") + name + "=" +
                         std::string(trim(std::string_view(c).substr(eq + 1)));
      }
      o.crawl.headers.push_back({"Cookie", cookie_header});
    }
    if (!basic_user.empty() && !g_validating_one_option) {
      const char* password = std::getenv(password_env.c_str());
      if (password == nullptr || *password == '\0') {
        throw UsageError{"--basic-auth " + basic_user + ": environment variable " + password_env +
                         " (the password) is not set"};
      }
      if (basic_user.find(':') != std::string::npos) {
        throw UsageError{"--basic-auth: the user name must not contain ':'"};
      }
      o.crawl.headers.push_back(
          {"Authorization", console::basic_authorization(basic_user, password)});
      o.secrets.emplace_back(password);
    }
    int authorizations = 0, cookie_headers = 0;
    for (const auto& h : o.crawl.headers) {
      authorizations += iequals(h.name, "Authorization");
      cookie_headers += iequals(h.name, "Cookie");
    }
    if (authorizations > 1) {
      throw UsageError{"more than one Authorization header (--header, --basic-auth, identity)"};
    }
    if (cookie_headers > 1) {
      throw UsageError{
          "give cookies either with --cookie or with --header 'Cookie: ...', not both"};
    }
    if (g_validating_one_option) {
      // One option alone: only its own value can be wrong.
      if (!login.url.empty()) url_or_throw(login.url, "--login-url");
      if (!login.check_url.empty()) url_or_throw(login.check_url, "--login-check-url");
      if (!login.logout_url.empty()) url_or_throw(login.logout_url, "--logout-url");
      if (!login.logged_in_regex.empty()) check_regex(login.logged_in_regex, "--logged-in-regex");
      if (!login.logged_out_regex.empty()) {
        check_regex(login.logged_out_regex, "--logged-out-regex");
      }
    } else if (!login.url.empty() || !o.crawl.headers.empty()) {
      o.identities.push_back(build_identity("default", o.crawl.headers, o.secrets, login, ""));
    } else if (login.any_set() || !login.check_url.empty() || !login.logout_url.empty()) {
      throw UsageError{
          "login options need --login-url (or credentials from --header, --cookie "
          "or --basic-auth)"};
    }
    if (inv.policy_identities) {
      if (!o.identities.empty()) {
        throw UsageError{
            "the policy file lists identities: give credentials there, not also with --header, "
            "--cookie, --basic-auth or --login-url"};
      }
      for (const auto& id : *inv.policy_identities) {
        o.identities.push_back(build_identity(id, password_env));
      }
    }
    if (o.max_relogins < 0) throw UsageError{"--max-relogins must be >= 0"};
    if (o.max_failed_logins < 0 || o.max_failed_logins > kMaxFailedLoginsFlag) {
      throw UsageError{"--max-failed-logins must be between 0 and " +
                       std::to_string(kMaxFailedLoginsFlag)};
    }
    if (o.check_settings.login_burst < 1 || o.check_settings.login_burst > 1000) {
      throw UsageError{"--login-burst must be between 1 and 1000"};
    }
    o.crawl.default_excludes = !no_default_auth_excludes;
    for (const auto& id : o.identities) {
      if (!id.logout_url.empty()) o.crawl.logout_urls.push_back(id.logout_url);
    }
    for (const auto& p : auth_excludes) {
      check_regex(p, "--auth-exclude");
      o.crawl.auth_exclude.push_back(p);
    }
    for (const auto& p : o.crawl.submit_form) check_regex(p, "--submit-form");
    o.checks = split_globs(checks);
    o.exclude_checks = split_globs(exclude_checks);
    if (inv.policy) {
      // Checks a rule ignores do not run (and send nothing).
      for (const auto& entry : all_checks()) {
        if (decide_rule(inv.policy->rules, entry.info->id).action == "ignore") {
          o.exclude_checks.emplace_back(entry.info->id);
        }
      }
      if (!inv.policy->expect.empty()) {
        o.check_settings.intended_state =
            std::shared_ptr<const IntendedState>(inv.policy, &inv.policy->expect);
      }
    }
    for (const auto& g : o.checks) {
      bool any = false;
      for (const auto& entry : all_checks()) any = any || glob_match(g, entry.info->id);
      if (!any) throw UsageError{"--checks '" + g + "' matches no check (see 'gapscan checks')"};
    }
    inv.output.fail_on = fail_on == "none" ? std::nullopt : parse_severity(fail_on);
    if (inv.output.fail_on_new && inv.output.baseline_path.empty()) {
      throw UsageError{"--fail-on-new needs --baseline FILE"};
    }
    check_output_path(inv.output.sarif_path, "--sarif");
    check_output_path(inv.output.json_path, "--json");
    check_output_path(inv.output.junit_path, "--junit");
    check_output_path(inv.output.markdown_path, "--markdown");
    check_output_path(inv.output.sbom_path, "--sbom");
    check_output_path(inv.output.gitlab_path, "--gitlab");
    check_output_path(inv.output.html_path, "--html");
  } catch (const UsageError& e) {
    inv.exit_code = 2;
    inv.err_text = "gapscan: " + e.message;
  }
  return inv;
}

}  // namespace gapscan
