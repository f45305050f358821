#include "cli/config_file.h"

#include <doctest/doctest.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>

#include "cli/options.h"

namespace gapscan {
namespace {

struct TempFile {
  std::string path;
  explicit TempFile(const std::string& text) {
    char name[] = "/tmp/gapscan-config-XXXXXX";
    const int fd = mkstemp(name);
    REQUIRE(fd >= 0);
    close(fd);
    path = name;
    std::ofstream(path) << text;
  }
  ~TempFile() { unlink(path.c_str()); }
};

const std::vector<ConfigOptionSpec> kKnown = {
    {"max-pages", false, false}, {"rate", false, false},    {"header", false, true},
    {"verify-tls", true, false}, {"fail-on", false, false}, {"exclude", false, true},
};

Invocation parse(std::vector<std::string> args) {
  args.insert(args.begin(), "gapscan");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  return parse_command_line(static_cast<int>(argv.size()), argv.data());
}

TEST_CASE("config file: options, targets, identity, rules, suppressions and expectations") {
  TempFile f(R"(# a policy
targets:
  - https://staging.example.com/
max-pages: 300
verify-tls: true
exclude: ['/logout', '/delete']
identity:
  headers:
    - name: Authorization
      env: GAPSCAN_TEST_TOKEN
rules:
  - check: "csp-*"
    action: warn
  - check: hsts-missing
    action: fail
    severity: high
suppressions:
  - check: cookie-no-httponly
    url: '/legacy/'
    parameter: LEGACY
    reason: legacy app, replaced in Q3
    expires: 2030-12-31
expect:
  headers:
    - name: Strict-Transport-Security
      min-max-age: 31536000
    - name: Content-Security-Policy
      contains: "frame-ancestors 'none'"
      paths: [/, /account]
  cookies:
    - name: session
      flags: [secure, httponly, samesite=lax]
  protected-paths:
    - /admin/
    - path: /api/users
      status: [401]
  absent-paths: [/server-status]
  min-tls-version: "1.2"
)");
  setenv("GAPSCAN_TEST_TOKEN", "Bearer s3cret", 1);
  const ConfigFile c = load_config_file(f.path, kKnown, true);
  for (const auto& e : c.errors) MESSAGE(format_config_issue(c.path, e));
  REQUIRE(c.errors.empty());
  REQUIRE(c.options.size() == 4);
  CHECK(c.options[0].name == "url");
  CHECK(c.options[0].values == std::vector<std::string>{"https://staging.example.com/"});
  CHECK(c.options[1].name == "max-pages");
  CHECK(c.options[1].line == 4);
  CHECK(c.options[2].values == std::vector<std::string>{"true"});
  CHECK(c.options[3].values.size() == 2);
  REQUIRE(c.identity_headers.size() == 1);
  CHECK(c.identity_headers[0].value == "Bearer s3cret");
  REQUIRE(c.policy.rules.size() == 2);
  CHECK(c.policy.rules[1].severity == Severity::high);
  CHECK(c.policy.rules[1].line == 14);
  REQUIRE(c.policy.suppressions.size() == 1);
  CHECK(c.policy.suppressions[0].expires == "2030-12-31");
  CHECK(c.policy.suppressions[0].parameter == "LEGACY");
  const IntendedState& e = c.policy.expect;
  REQUIRE(e.headers.size() == 2);
  CHECK(e.headers[0].min_max_age == 31536000);
  CHECK(e.headers[0].paths == std::vector<std::string>{"/"});
  CHECK(e.headers[1].contains == std::vector<std::string>{"frame-ancestors 'none'"});
  CHECK(e.headers[1].paths.size() == 2);
  REQUIRE(e.cookies.size() == 1);
  CHECK(e.cookies[0].secure);
  CHECK(e.cookies[0].httponly);
  CHECK(e.cookies[0].samesite == "lax");
  REQUIRE(e.protected_paths.size() == 2);
  CHECK(e.protected_paths[0].allowed_statuses == std::vector<int>{401, 403, 404});
  CHECK(e.protected_paths[1].allowed_statuses == std::vector<int>{401});
  REQUIRE(e.absent_paths.size() == 1);
  CHECK(e.min_tls_version == "1.2");
  unsetenv("GAPSCAN_TEST_TOKEN");
}

TEST_CASE("config file: every error, each with its line") {
  TempFile f(R"(max-page: 300
rate: [1, 2]
verify-tls: maybe
rules:
  - check: no-such-check-*
    action: fail
  - check: csp-missing
    action: block
suppressions:
  - check: csp-missing
    url: '('
  - check: csp-missing
    reason: x
    expires: 2026-02-30
expect:
  headers:
    - name: X
      absent: true
      equals: y
  protected-paths: [admin]
  min-tls-version: "1.5"
identity:
  headers:
    - name: Authorization
      value: Bearer literal
)");
  const ConfigFile c = load_config_file(f.path, kKnown, false);
  std::string all;
  for (const auto& e : c.errors) all += format_config_issue("p.yml", e) + "\n";
  MESSAGE(all);
  CHECK(all.find("p.yml:1: unknown key 'max-page' (did you mean 'max-pages'?)") !=
        std::string::npos);
  CHECK(all.find("p.yml:2: rate: takes one value") != std::string::npos);
  CHECK(all.find("p.yml:3: verify-tls: expected true or false") != std::string::npos);
  CHECK(all.find("p.yml:5: rules.check: 'no-such-check-*' matches no check") != std::string::npos);
  CHECK(all.find("p.yml:8: rules.action: expected fail, warn or ignore") != std::string::npos);
  CHECK(all.find("p.yml:11: suppressions.url: invalid regex") != std::string::npos);
  CHECK(all.find("p.yml:10: suppressions: 'reason' is required") != std::string::npos);
  CHECK(all.find("p.yml:14: suppressions.expires: '2026-02-30' is not a date") !=
        std::string::npos);
  CHECK(all.find("p.yml:17: expect.headers: 'absent' cannot be combined") != std::string::npos);
  CHECK(all.find("p.yml:20: expect.protected-paths: 'admin' must be a path") != std::string::npos);
  CHECK(all.find("p.yml:21: expect.min-tls-version: expected 1.0, 1.1, 1.2 or 1.3") !=
        std::string::npos);
  CHECK(all.find("p.yml:25: unknown key 'value' in identity.headers") != std::string::npos);
  // Sorted by line.
  for (std::size_t i = 1; i < c.errors.size(); ++i) CHECK(c.errors[i - 1].line <= c.errors[i].line);
}

TEST_CASE("config file: a suppression regex nested 5,000 deep is checked without a crash") {
  // Found by fuzzing: std::regex overflowed the stack compiling it, so 'config check' crashed.
  const std::string deep = std::string(5000, '(') + std::string(5000, ')');
  TempFile ok("suppressions:\n  - check: csp-missing\n    url: '" + deep + "'\n    reason: r\n");
  CHECK(load_config_file(ok.path, kKnown, false).errors.empty());
  TempFile bad("suppressions:\n  - check: csp-missing\n    url: '" + std::string(5000, '(') +
               "'\n    reason: r\n");
  const ConfigFile c = load_config_file(bad.path, kKnown, false);
  REQUIRE(c.errors.size() == 1);
  CHECK(format_config_issue("p.yml", c.errors[0])
            .starts_with("p.yml:3: suppressions.url: invalid regex"));
}

TEST_CASE("config file: YAML syntax errors and unreadable files") {
  TempFile f("rate: 1\nrules: [\n  - check: x\n");
  const ConfigFile c = load_config_file(f.path, kKnown, false);
  REQUIRE(c.errors.size() == 1);
  CHECK(c.errors[0].line >= 2);
  const ConfigFile missing = load_config_file("/nonexistent/gapscan.yml", kKnown, false);
  REQUIRE(missing.errors.size() == 1);
  CHECK(format_config_issue(missing.path, missing.errors[0]) ==
        "/nonexistent/gapscan.yml: cannot read the file");
}

TEST_CASE("config file: load_config_text reads what load_config_file reads from the file") {
  const std::string text = "max-pages: 300\nrate: [1\nrules:\n  - check: nope-*\n";
  TempFile f(text);
  const ConfigFile from_file = load_config_file(f.path, kKnown, false);
  const ConfigFile from_text = load_config_text(text, f.path, kKnown, false);
  CHECK(from_text.path == f.path);
  CHECK(from_text.policy.source == f.path);
  REQUIRE(from_file.errors.size() == from_text.errors.size());
  REQUIRE_FALSE(from_text.errors.empty());
  for (std::size_t i = 0; i < from_file.errors.size(); ++i) {
    CHECK(format_config_issue(f.path, from_file.errors[i]) ==
          format_config_issue(f.path, from_text.errors[i]));
  }
  const ConfigFile good = load_config_text("max-pages: 300\n", "p.yml", kKnown, false);
  CHECK(good.errors.empty());
  REQUIRE(good.options.size() == 1);
  CHECK(good.options[0].values == std::vector<std::string>{"300"});
  // A directory opens and reads as an empty document, as it did through YAML::LoadFile.
  for (const ConfigIssue& issue : load_config_file("/tmp", kKnown, false).errors) {
    CHECK(issue.message != "cannot read the file");
  }
}

TEST_CASE("config file: header values expand ${VAR}; a missing variable is an error") {
  TempFile f("targets: [http://127.0.0.1:1/]\nheader: ['X-Tenant: ${GAPSCAN_TEST_TENANT}']\n");
  unsetenv("GAPSCAN_TEST_TENANT");
  const Invocation missing = parse({"scan", "--config", f.path});
  REQUIRE(missing.exit_code.has_value());
  CHECK(*missing.exit_code == 2);
  CHECK(missing.err_text.find(f.path + ":2: header: --header: environment variable "
                                       "GAPSCAN_TEST_TENANT is not set") != std::string::npos);
  // config check needs no secrets: the variable may be missing on a developer's machine.
  const Invocation check = parse({"config", "check", f.path});
  CHECK(check.exit_code == 0);
  CHECK(check.err_text.empty());
  setenv("GAPSCAN_TEST_TENANT", "acme", 1);
  const Invocation inv = parse({"scan", "--config", f.path});
  REQUIRE_FALSE(inv.exit_code.has_value());
  REQUIRE(inv.scan.crawl.headers.size() == 1);
  CHECK(inv.scan.crawl.headers[0].name == "X-Tenant");
  CHECK(inv.scan.crawl.headers[0].value == "acme");
  unsetenv("GAPSCAN_TEST_TENANT");
}

TEST_CASE("config check: value errors from the real option parser carry the line") {
  TempFile f("targets: http://127.0.0.1:1/\ntimeout: soon\nscope: planet\nmax-pagess: 3\n");
  const Invocation inv = parse({"config", "check", f.path});
  REQUIRE(inv.exit_code.has_value());
  CHECK(*inv.exit_code == 2);
  CHECK(inv.err_text.find(f.path + ":2: timeout: --timeout 'soon'") != std::string::npos);
  CHECK(inv.err_text.find(f.path + ":3: scope:") != std::string::npos);
  CHECK(inv.err_text.find(f.path + ":4: unknown key 'max-pagess' (did you mean 'max-pages'?)") !=
        std::string::npos);
}

TEST_CASE("scan --config: file values apply, command-line flags win, ignore rules exclude") {
  TempFile f(R"(targets: [http://127.0.0.1:1/]
rate: 7
max-pages: 11
fail-on: low
rules:
  - check: security-txt-missing
    action: ignore
expect:
  absent-paths: [/server-status]
)");
  const Invocation inv = parse({"scan", "--config", f.path, "--rate", "3"});
  REQUIRE_FALSE(inv.exit_code.has_value());
  CHECK(inv.scan.targets == std::vector<std::string>{"http://127.0.0.1:1/"});
  CHECK(inv.scan.engine.rate == doctest::Approx(3));  // the command line wins
  CHECK(inv.scan.crawl.max_pages == 11);
  CHECK(inv.output.fail_on == Severity::low);
  REQUIRE(inv.policy != nullptr);
  CHECK(std::find(inv.scan.exclude_checks.begin(), inv.scan.exclude_checks.end(),
                  "security-txt-missing") != inv.scan.exclude_checks.end());
  REQUIRE(inv.scan.check_settings.intended_state != nullptr);
  CHECK(inv.scan.check_settings.intended_state->absent_paths.size() == 1);
}

TEST_CASE("scan --config: an invalid file is a usage error listing every problem") {
  TempFile f("targets: [http://127.0.0.1:1/]\nrate: fast\nbogus: 1\n");
  const Invocation inv = parse({"scan", "--config", f.path});
  REQUIRE(inv.exit_code.has_value());
  CHECK(*inv.exit_code == 2);
  CHECK(inv.err_text.find(":2: rate:") != std::string::npos);
  CHECK(inv.err_text.find(":3: unknown key 'bogus'") != std::string::npos);
}

}  // namespace
}  // namespace gapscan

namespace gapscan {
namespace {

Invocation parse_args(std::vector<const char*> args) {
  args.insert(args.begin(), "gapscan");
  return parse_command_line(static_cast<int>(args.size()), args.data());
}

TEST_CASE("config file: several identities, each with its own login and credentials") {
  TempFile f(
      "identities:\n"
      "  - name: admin\n"
      "    login-url: https://a.test/login\n"
      "    username-env: GS_TEST_ADMIN_USER\n"
      "    password-env: GS_TEST_ADMIN_PW\n"
      "    logged-in-regex: Sign out\n"
      "    login-submit: signin\n"
      "  - name: api\n"
      "    login-url: https://a.test/api/login\n"
      "    login-type: json\n"
      "    token-pointer: /data/token\n"
      "    username-env: GS_TEST_ADMIN_USER\n"
      "    password-env: GS_TEST_ADMIN_PW\n"
      "  - name: anonymous\n");
  setenv("GS_TEST_ADMIN_USER", "root", 1);
  setenv("GS_TEST_ADMIN_PW", "pw-123456", 1);
  const Invocation inv = parse_args({"scan", "https://a.test/", "--config", f.path.c_str()});
  INFO(inv.err_text);
  REQUIRE_FALSE(inv.exit_code.has_value());
  const auto& ids = inv.scan.identities;
  REQUIRE(ids.size() == 3);
  CHECK(ids[0].name == "admin");
  REQUIRE(ids[0].login.has_value());
  CHECK(ids[0].login->username == "root");
  CHECK(ids[0].login->password == "pw-123456");
  CHECK(ids[0].login->logged_in_regex == "Sign out");
  CHECK(ids[0].login->submit_field == "signin");
  CHECK(ids[1].login->kind == LoginConfig::Kind::json);
  CHECK(ids[1].login->token_pointer == "/data/token");
  CHECK_FALSE(ids[2].login.has_value());
  CHECK(ids[2].headers.empty());
  // Logout and state-changing URLs are never crawled.
  CHECK(inv.scan.crawl.default_excludes);

  // Credentials on the command line as well: ambiguous, refused.
  const Invocation both = parse_args({"scan", "https://a.test/", "--config", f.path.c_str(),
                                      "--header", "Authorization: Bearer x"});
  CHECK(both.exit_code == 2);
  CHECK(both.err_text.find("the policy file lists identities") != std::string::npos);

  unsetenv("GS_TEST_ADMIN_PW");
  const Invocation missing = parse_args({"scan", "https://a.test/", "--config", f.path.c_str()});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err_text.find("policy identity 'admin' (line 2)") != std::string::npos);
  CHECK(missing.err_text.find("GS_TEST_ADMIN_PW") != std::string::npos);
  unsetenv("GS_TEST_ADMIN_USER");
}

TEST_CASE("config file: identity typos and duplicates are errors with their line") {
  TempFile f(
      "identities:\n"
      "  - name: user\n"
      "    login-ulr: https://a.test/login\n"
      "  - name: admin\n"
      "  - name: admin\n");
  const ConfigFile c = load_config_file(f.path, kKnown, false);
  REQUIRE(c.errors.size() == 2);
  CHECK(c.errors[0].line == 3);
  CHECK(c.errors[0].message.find("did you mean 'login-url'") != std::string::npos);
  CHECK(c.errors[1].line == 5);
  CHECK(c.errors[1].message.find("listed twice") != std::string::npos);
}

TEST_CASE("login flags: --login-field adds NAME=VALUE members to a json login") {
  setenv("GAPSCAN_USERNAME", "admin", 1);
  setenv("GAPSCAN_PASSWORD", "pw-abcdef", 1);
  const Invocation ok = parse_args({"scan", "http://127.0.0.1:1880/", "--login-url",
                                    "http://127.0.0.1:1880/auth/token", "--login-type", "json",
                                    "--login-field", "client_id=node-red-editor", "--login-field",
                                    "scope=*", "--token-pointer", "/access_token"});
  INFO(ok.err_text);
  REQUIRE_FALSE(ok.exit_code.has_value());
  const auto& fields = ok.scan.identities[0].login->extra_fields;
  REQUIRE(fields.size() == 2);
  CHECK(fields[0] == std::pair<std::string, std::string>{"client_id", "node-red-editor"});
  CHECK(fields[1].second == "*");
  const Invocation no_value = parse_args({"scan", "http://127.0.0.1:1880/", "--login-url",
                                          "http://127.0.0.1:1880/auth/token", "--login-type",
                                          "json", "--login-field", "client_id"});
  CHECK(no_value.exit_code == 2);
  CHECK(no_value.err_text.find("expected NAME=VALUE") != std::string::npos);
  const Invocation on_form = parse_args({"scan", "http://127.0.0.1:1880/", "--login-url",
                                         "http://127.0.0.1:1880/login", "--login-field", "a=b"});
  CHECK(on_form.exit_code == 2);
  // --login-submit names a form's button: a json login has none.
  const Invocation submit = parse_args({"scan", "http://127.0.0.1:1880/", "--login-url",
                                        "http://127.0.0.1:1880/login", "--login-submit", "go"});
  INFO(submit.err_text);
  REQUIRE_FALSE(submit.exit_code.has_value());
  CHECK(submit.scan.identities[0].login->submit_field == "go");
  const Invocation submit_json = parse_args({"scan", "http://127.0.0.1:1880/", "--login-url",
                                             "http://127.0.0.1:1880/auth/token", "--login-type",
                                             "json", "--login-submit", "go"});
  CHECK(submit_json.exit_code == 2);
  unsetenv("GAPSCAN_PASSWORD");
}

TEST_CASE("login flags: form login from the environment, errors for what is missing") {
  setenv("GAPSCAN_USERNAME", "alice", 1);
  setenv("GAPSCAN_PASSWORD", "pw-abcdef", 1);
  const Invocation ok =
      parse_args({"scan", "https://a.test/", "--login-url", "https://a.test/login", "--logout-url",
                  "https://a.test/bye", "--auth-exclude", "/danger"});
  INFO(ok.err_text);
  REQUIRE_FALSE(ok.exit_code.has_value());
  REQUIRE(ok.scan.identities.size() == 1);
  CHECK(ok.scan.identities[0].login->username == "alice");
  CHECK(ok.scan.identities[0].logout_url == "https://a.test/bye");
  CHECK(ok.scan.crawl.auth_exclude.back() == "/danger");
  const Invocation bad_regex = parse_args(
      {"scan", "https://a.test/", "--login-url", "https://a.test/login", "--auth-exclude", "("});
  CHECK(bad_regex.exit_code == 2);
  unsetenv("GAPSCAN_PASSWORD");
  const Invocation no_pw =
      parse_args({"scan", "https://a.test/", "--login-url", "https://a.test/login"});
  CHECK(no_pw.exit_code == 2);
  CHECK(no_pw.err_text.find("GAPSCAN_PASSWORD (the login password) is not set") !=
        std::string::npos);
  const Invocation orphan = parse_args({"scan", "https://a.test/", "--logged-in-regex", "x"});
  CHECK(orphan.exit_code == 2);
  CHECK(orphan.err_text.find("need --login-url") != std::string::npos);
  unsetenv("GAPSCAN_USERNAME");
}

}  // namespace
}  // namespace gapscan

namespace gapscan {
namespace {

TEST_CASE("config check: login options need no secrets, but bad values carry their line") {
  unsetenv("GS_TEST_NO_SUCH_USER");
  TempFile good(
      "login-url: https://a.test/login\nlogged-in-regex: Sign out\nusername-env: "
      "GS_TEST_NO_SUCH_USER\nintrusive: true\nlogin-burst: 30\n");
  const Invocation ok = parse_args({"config", "check", good.path.c_str()});
  INFO(ok.err_text);
  CHECK(ok.exit_code == 0);
  TempFile bad("login-url: not-a-url\nlogged-out-regex: \"(\"\n");
  const Invocation inv = parse_args({"config", "check", bad.path.c_str()});
  CHECK(inv.exit_code == 2);
  CHECK(inv.err_text.find(bad.path + ":1: login-url: --login-url 'not-a-url'") !=
        std::string::npos);
  CHECK(
      inv.err_text.find(bad.path + ":2: logged-out-regex: --logged-out-regex '(': invalid regex") !=
      std::string::npos);
  // Scanning with the file needs the credentials, and says which variable is missing.
  const Invocation scan = parse_args({"scan", "--config", good.path.c_str(), "https://a.test/"});
  CHECK(scan.exit_code == 2);
  CHECK(scan.err_text.find("GS_TEST_NO_SUCH_USER (the login user name) is not set") !=
        std::string::npos);
}

}  // namespace
}  // namespace gapscan
