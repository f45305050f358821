#include "cli/options.h"

#include <doctest/doctest.h>

#include <stdlib.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

using namespace gapscan;

namespace {
Invocation parse(std::vector<const char*> args) {
  args.insert(args.begin(), "gapscan");
  return parse_command_line(static_cast<int>(args.size()), args.data());
}
}  // namespace

TEST_CASE("scan options are parsed and normalized") {
  const auto inv = parse({"scan",
                          "HTTP://Example.COM:80/a/../b#x",
                          "--scope",
                          "subdomains",
                          "--max-pages",
                          "50",
                          "--max-duration",
                          "2m",
                          "--timeout",
                          "3s",
                          "--max-body",
                          "1MiB",
                          "--concurrency",
                          "4",
                          "--per-host",
                          "2",
                          "--rate",
                          "0",
                          "--header",
                          "Authorization: Bearer t",
                          "--fail-on",
                          "medium",
                          "--checks",
                          "csp-*,cookie-*",
                          "--exclude-checks",
                          "cookie-no-samesite"});
  REQUIRE_FALSE(inv.exit_code);
  CHECK(inv.command == Invocation::Command::scan);
  CHECK(inv.scan.targets == std::vector<std::string>{"http://example.com/b"});
  CHECK(inv.scan.crawl.scope == ScopeMode::subdomains);
  CHECK(inv.scan.crawl.max_pages == 50);
  CHECK(inv.scan.crawl.max_duration_ms == 120000);
  CHECK(inv.scan.engine.timeout_ms == 3000);
  CHECK(inv.scan.engine.max_body == 1024 * 1024);
  CHECK(inv.scan.engine.concurrency == 4);
  CHECK(inv.scan.engine.per_host == 2);
  CHECK(inv.scan.engine.rate == 0);
  REQUIRE(inv.scan.crawl.headers.size() == 1);
  CHECK(inv.scan.crawl.headers[0].name == "Authorization");
  CHECK(inv.scan.crawl.headers[0].value == "Bearer t");
  CHECK(inv.output.fail_on == Severity::medium);
  CHECK(inv.scan.checks == std::vector<std::string>{"csp-*", "cookie-*"});
}

TEST_CASE("defaults") {
  const auto inv = parse({"scan", "https://a.test"});
  REQUIRE_FALSE(inv.exit_code);
  CHECK(inv.scan.crawl.max_pages == 2000);
  CHECK(inv.scan.engine.timeout_ms == 10000);
  CHECK(inv.scan.engine.max_body == 5 * 1024 * 1024);
  CHECK(inv.scan.engine.concurrency == 32);
  CHECK(inv.scan.engine.per_host == 8);
  CHECK(inv.scan.engine.rate > 0);
  CHECK(inv.output.fail_on == Severity::high);
  CHECK(inv.scan.crawl.scope == ScopeMode::origin);
  // Never more than 3 failed logins per account per host by default; credentials only over
  // verified TLS unless opted in.
  CHECK(inv.scan.max_failed_logins == 3);
  CHECK(inv.scan.max_failed_logins == kMaxFailedLogins);
  CHECK_FALSE(inv.scan.engine.insecure_credentials);
  CHECK_FALSE(inv.scan.engine.verify_tls);
  const auto set =
      parse({"scan", "https://a.test", "--max-failed-logins", "1", "--insecure-credentials"});
  REQUIRE_FALSE(set.exit_code);
  CHECK(set.scan.max_failed_logins == 1);
  CHECK(set.scan.engine.insecure_credentials);
}

TEST_CASE("the rules against state changes apply to every scan; flags add and remove them") {
  const auto anonymous = parse({"scan", "https://a.test"});
  REQUIRE_FALSE(anonymous.exit_code);
  CHECK(anonymous.scan.crawl.default_excludes);
  CHECK(anonymous.scan.crawl.auth_exclude.empty());
  CHECK(anonymous.scan.crawl.submit_form.empty());
  const auto set = parse({"scan", "https://a.test", "--no-default-auth-excludes", "--auth-exclude",
                          "/danger", "--submit-form", "/search", "--submit-form", "/filter"});
  REQUIRE_FALSE(set.exit_code);
  CHECK_FALSE(set.scan.crawl.default_excludes);
  CHECK(set.scan.crawl.auth_exclude == std::vector<std::string>{"/danger"});
  CHECK(set.scan.crawl.submit_form == std::vector<std::string>{"/search", "/filter"});
  setenv("GAPSCAN_USERNAME", "alice", 1);
  setenv("GAPSCAN_PASSWORD", "pw-abcdef", 1);
  const auto logout = parse({"scan", "https://a.test", "--login-url", "https://a.test/login",
                             "--logout-url", "https://A.test/session/end"});
  unsetenv("GAPSCAN_USERNAME");
  unsetenv("GAPSCAN_PASSWORD");
  REQUIRE_FALSE(logout.exit_code);
  CHECK(logout.scan.crawl.logout_urls == std::vector<std::string>{"https://a.test/session/end"});
  const auto bad = parse({"scan", "https://a.test", "--submit-form", "(oops"});
  REQUIRE(bad.exit_code);
  CHECK(bad.err_text.find("--submit-form '(oops'") != std::string::npos);
}

TEST_CASE("usage errors are exit code 2 with one line naming the bad input") {
  for (auto args : std::vector<std::vector<const char*>>{
           {"scan", "ftp://a.test/"},
           {"scan", "not a url"},
           {"scan"},
           {"scan", "https://a.test", "--fail-on", "severe"},
           {"scan", "https://a.test", "--timeout", "-1"},
           {"scan", "https://a.test", "--header", "NoColon"},
           {"scan", "https://a.test", "--include", "(oops"},
           {"scan", "https://a.test", "--checks", "nothing-matches-this"},
           {"scan", "https://a.test", "--json", "/no/such/dir/r.json"},
           {"scan", "https://a.test", "--shard", "3/2"},
           {"scan", "https://a.test", "--shard", "0/2"},
           {"scan", "https://a.test", "--shard", "1-2"},
           {"scan", "https://a.test", "--shard", "1/2x"},
           {"scan", "https://a.test", "--fail-on-new"},
           {"scan", "https://a.test", "--max-failed-logins", "-1"},
           {"scan", "https://a.test", "--max-failed-logins", "11"},
           {"frobnicate"},
       }) {
    const auto inv = parse(args);
    REQUIRE(inv.exit_code);
    CHECK(*inv.exit_code == 2);
    CHECK(inv.err_text.rfind("gapscan: ", 0) == 0);
    CHECK(inv.err_text.find('\n') == std::string::npos);
  }
  CHECK(parse({"scan", "ftp://a.test/"}).err_text.find("ftp://a.test/") != std::string::npos);
}

TEST_CASE("--fail-on none and --version") {
  CHECK_FALSE(parse({"scan", "https://a.test", "--fail-on", "none"}).output.fail_on);
  const auto v = parse({"--version"});
  REQUIRE(v.exit_code);
  CHECK(*v.exit_code == 0);
  CHECK(v.out_text.rfind("gapscan ", 0) == 0);
}

TEST_CASE("--shard partitions the targets by host, every host in exactly one shard") {
  std::vector<const char*> args = {"scan"};
  const std::vector<std::string> targets = {
      "https://a.test/", "http://a.test/x", "https://b.test/", "http://c.test:8080/",
      "https://d.test/", "https://e.test/", "https://f.test/", "https://g.test/"};
  for (const auto& t : targets) args.push_back(t.c_str());
  std::vector<std::string> all;
  for (int k = 1; k <= 3; ++k) {
    const std::string shard = std::to_string(k) + "/3";
    auto with = args;
    with.push_back("--shard");
    with.push_back(shard.c_str());
    const auto inv = parse(with);
    REQUIRE_FALSE(inv.exit_code);
    for (const auto& t : inv.scan.targets) all.push_back(t);
    // Both origins of one host stay together.
    const auto& mine = inv.scan.targets;
    const bool has_a = std::find(mine.begin(), mine.end(), "https://a.test/") != mine.end();
    const bool has_ax = std::find(mine.begin(), mine.end(), "http://a.test/x") != mine.end();
    CHECK(has_a == has_ax);
    CHECK(inv.output.shard_empty == mine.empty());
  }
  std::sort(all.begin(), all.end());
  auto expected = targets;
  std::sort(expected.begin(), expected.end());
  CHECK(all == expected);
  CHECK(in_shard("a.test", 1, 1));
}

TEST_CASE("static identities: --cookie, --basic-auth and ${VAR} in credentials") {
  setenv("GAPSCAN_TEST_API_TOKEN", "tok-1234567890", 1);
  setenv("GAPSCAN_TEST_PW", "s3cret-pass", 1);
  const auto inv =
      parse({"scan", "https://example.com/", "--header", "X-Api-Key: ${GAPSCAN_TEST_API_TOKEN}",
             "--cookie", "session=abc123", "--cookie", "tenant=${GAPSCAN_TEST_API_TOKEN}",
             "--basic-auth", "alice", "--password-env", "GAPSCAN_TEST_PW"});
  REQUIRE_FALSE(inv.exit_code.has_value());
  const HeaderList& h = inv.scan.crawl.headers;
  REQUIRE(h.size() == 3);
  CHECK(h[0].name == "X-Api-Key");
  CHECK(h[0].value == "tok-1234567890");
  CHECK(h[1].name == "Cookie");
  CHECK(h[1].value == "session=abc123; tenant=tok-1234567890");
  CHECK(h[2].name == "Authorization");
  CHECK(h[2].value == "Basic YWxpY2U6czNjcmV0LXBhc3M=");  // alice:s3cret-pass
  CHECK(inv.scan.secrets == std::vector<std::string>{"s3cret-pass"});

  unsetenv("GAPSCAN_TEST_PW");
  auto missing = parse({"scan", "https://example.com/", "--basic-auth", "alice", "--password-env",
                        "GAPSCAN_TEST_PW"});
  REQUIRE(missing.exit_code == 2);
  CHECK(missing.err_text.find("GAPSCAN_TEST_PW (the password) is not set") != std::string::npos);
  missing = parse({"scan", "https://example.com/", "--header", "Authorization: ${GAPSCAN_NOPE_X}"});
  REQUIRE(missing.exit_code == 2);
  CHECK(missing.err_text.find("environment variable GAPSCAN_NOPE_X is not set") !=
        std::string::npos);
  const auto bad_cookie = parse({"scan", "https://example.com/", "--cookie", "a=1; b=2"});
  CHECK(bad_cookie.exit_code == 2);
  const auto two_auth =
      parse({"scan", "https://example.com/", "--header", "Authorization: x", "--basic-auth",
             "alice", "--password-env", "GAPSCAN_TEST_API_TOKEN"});
  REQUIRE(two_auth.exit_code == 2);
  CHECK(two_auth.err_text.find("more than one Authorization header") != std::string::npos);
  unsetenv("GAPSCAN_TEST_API_TOKEN");
}

TEST_CASE("habits from nuclei, katana and curl: -u, -H, -o by extension, -c, -rl, -v") {
  const auto inv =
      parse({"scan", "-u", "https://a.test/", "-u", "https://b.test/", "-H", "X-Team: red", "-o",
             "out.sarif", "-o", "report.HTML", "-c", "7", "-rl", "3", "-vv", "--insecure"});
  INFO(inv.err_text);
  REQUIRE_FALSE(inv.exit_code.has_value());
  CHECK(inv.scan.targets == std::vector<std::string>{"https://a.test/", "https://b.test/"});
  REQUIRE(inv.scan.crawl.headers.size() == 1);
  CHECK(inv.scan.crawl.headers[0].name == "X-Team");
  CHECK(inv.output.sarif_path == "out.sarif");
  CHECK(inv.output.html_path == "report.HTML");
  CHECK(inv.scan.engine.concurrency == 7);
  CHECK(inv.scan.engine.rate == 3);
  CHECK(inv.output.verbosity == 2);
  CHECK_FALSE(inv.scan.engine.insecure_credentials);  // --insecure never sends credentials
  CHECK(parse({"scan", "https://a.test/", "--debug"}).output.verbosity == 2);
  CHECK(parse({"scan", "https://a.test/", "-v"}).output.verbosity == 1);
  CHECK(parse({"scan", "https://a.test/", "-rl=9"}).scan.engine.rate == 9);
  const auto bad_ext = parse({"scan", "https://a.test/", "-o", "out.txt"});
  CHECK(bad_ext.exit_code == 2);
  CHECK(bad_ext.err_text.find("format comes from the extension") != std::string::npos);
}

TEST_CASE("numeric options are validated") {
  for (const char* opt :
       {"--threads", "--max-relogins", "--login-burst", "--max-pages", "--concurrency"}) {
    CAPTURE(opt);
    const auto inv = parse({"scan", "https://a.test/", opt, "-3"});
    CHECK(inv.exit_code == 2);
  }
  CHECK(parse({"scan", "https://a.test/", "--threads", "0"}).exit_code == std::nullopt);
}

TEST_CASE("scan --help: grouped, placeholders, examples, wrapped to the terminal") {
  setenv("COLUMNS", "80", 1);
  const auto inv = parse({"scan", "--help"});
  unsetenv("COLUMNS");
  CHECK(inv.exit_code == 0);
  const std::string& help = inv.out_text;
  CHECK(help.find("Usage: gapscan scan") != std::string::npos);
  for (const char* group : {"Targets:", "Limits:", "Identity:", "Safety:", "Checks:", "Network:",
                            "Output:", "CI:", "Examples:"}) {
    CAPTURE(group);
    CHECK(help.find(group) != std::string::npos);
  }
  CHECK(help.find("Other:") == std::string::npos);  // every option has its group
  CHECK(help.find("--login-url URL") != std::string::npos);
  CHECK(help.find("--max-duration DURATION") != std::string::npos);
  // CLI11's generic TEXT/INT placeholders are all replaced (only --user-agent takes TEXT).
  CHECK(help.find(" INT") == std::string::npos);
  CHECK(help.find(":INT") == std::string::npos);
  CHECK(help.find("TEXT") == help.rfind("TEXT"));
  std::size_t start = 0, widest = 0;
  while (start < help.size()) {
    std::size_t end = help.find('\n', start);
    if (end == std::string::npos) end = help.size();
    widest = std::max(widest, end - start);
    start = end + 1;
  }
  CHECK(widest <= 100);  // an option name longer than the column shifts its text a little
}

TEST_CASE("targets: bare host[:port], clear reasons, file:line for a bad list line") {
  const auto bare = parse({"scan", "127.0.0.1:8080", "localhost:443", "127.0.0.1:80/app"});
  INFO(bare.err_text);
  REQUIRE_FALSE(bare.exit_code.has_value());
  CHECK(bare.scan.targets ==
        std::vector<std::string>{"https://127.0.0.1:8080/", "http://127.0.0.1:8080/",
                                 "https://localhost/", "http://127.0.0.1/app"});
  const auto port = parse({"scan", "http://127.0.0.1:99999/"});
  CHECK(port.exit_code == 2);
  CHECK(port.err_text ==
        "gapscan: invalid target 'http://127.0.0.1:99999/': the port must be a number from 1 to "
        "65535, not '99999'");
  const auto ftp = parse({"scan", "ftp://127.0.0.1/"});
  CHECK(ftp.err_text.find("only http:// and https:// targets are scanned, not ftp://") !=
        std::string::npos);
  const std::string path = "/tmp/gapscan-targets-" + std::to_string(getpid()) + ".txt";
  {
    std::ofstream f(path);
    f << "# staging\nhttp://127.0.0.1:8080/\n\nhttp://127.0.0.1:0/\n";
  }
  const auto list = parse({"scan", "-l", path.c_str()});
  std::remove(path.c_str());
  CHECK(list.exit_code == 2);
  CHECK(list.err_text == "gapscan: " + path +
                             ":4: invalid target 'http://127.0.0.1:0/': the port must be a "
                             "number from 1 to 65535, not '0'");
}
