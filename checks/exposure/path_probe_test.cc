#include "checks/exposure/path_probe.h"

#include <doctest/doctest.h>

#include "scanner/base/text.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;

const CheckInfo kDemo{
    "demo-probe", "Demo", CheckKind::active, 1, Severity::medium, Confidence::high, "d", "r", {}};

std::optional<ProbeProof> git_head(const Exchange& ex) {
  if (!ex.response.body.starts_with("ref: ")) return std::nullopt;
  return ProbeProof{std::string(trim(ex.response.body)), "", std::nullopt, "git"};
}

std::vector<PathProbe> probes() {
  PathProbe head;
  head.path = "/.git/HEAD";
  head.signature = git_head;
  return {head};
}

TEST_CASE("path-probe: a real file with its content signature is a hit") {
  FakeFetcher fetcher;
  fetcher.responses["https://h/.git/HEAD"] =
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nref: refs/heads/main\n";
  ActiveContext ctx{"https://h", {}, fetcher};
  const auto list = probes();
  const auto hits = run_path_probes(ctx, list);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].proof.snippet == "ref: refs/heads/main");
  // Two calibration requests for (/.git/, plain names), then the probe.
  CHECK(fetcher.requested.size() == 3);
  const Finding f = finding_for_hit(kDemo, hits[0], "Git repository exposed");
  CHECK(f.per_origin);
  CHECK(f.key == "git");
  CHECK(f.exchange.status == 200);
  CHECK(f.evidence.snippet == "ref: refs/heads/main");
}

TEST_CASE("path-probe: a catch-all that happens to match the signature is not a hit") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest&) -> std::optional<std::string> {
    return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nref: refs/heads/main\n";
  };
  ActiveContext ctx{"https://h/", {}, fetcher};
  const auto list = probes();
  CHECK(run_path_probes(ctx, list).empty());
}

TEST_CASE("path-probe: status alone is never enough") {
  FakeFetcher fetcher;
  fetcher.responses["https://h/.git/HEAD"] =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>Welcome</html>";
  ActiveContext ctx{"https://h", {}, fetcher};
  const auto list = probes();
  CHECK(run_path_probes(ctx, list).empty());
}

TEST_CASE("path-probe: protected areas are noted once, not reported") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest&) -> std::optional<std::string> {
    return "HTTP/1.1 403 Forbidden\r\nContent-Type: text/html\r\n\r\nForbidden";
  };
  std::vector<std::string> notes;
  ActiveContext ctx{"https://h", {}, fetcher};
  ctx.notify = [&](const std::string& code, const std::string&, const std::string& url) {
    notes.push_back(code + " " + url);
  };
  auto list = probes();
  PathProbe config;
  config.path = "/.git/config";
  config.signature = git_head;
  list.push_back(config);
  CHECK(run_path_probes(ctx, list).empty());
  CHECK(notes == std::vector<std::string>{"protected-area https://h/.git/"});
}

TEST_CASE("path-probe: the shared oracle calibrates each directory once per scan") {
  FakeFetcher fetcher;
  NotFoundOracle oracle;
  ActiveContext ctx{"https://h", {}, fetcher};
  ctx.not_found = &oracle;
  const auto list = probes();
  run_path_probes(ctx, list);
  run_path_probes(ctx, list);
  CHECK(fetcher.requested.size() == 4);  // 2 calibration + 2 probes
  CHECK(oracle.requests_sent() == 2);
}

}  // namespace
}  // namespace gapscan
