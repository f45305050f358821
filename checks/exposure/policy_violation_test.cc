#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "checks/tls/tls_probe.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::VectorSink;

constexpr const char* kHardened =
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
    "Strict-Transport-Security: max-age=63072000; includeSubDomains\r\n"
    "Content-Security-Policy: default-src 'self'; frame-ancestors 'none'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "Set-Cookie: session=abc; Secure; HttpOnly; SameSite=Lax; Path=/\r\n\r\n<p>home</p>";
constexpr const char* kDrifted =
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
    "Strict-Transport-Security: max-age=300\r\n"
    "Content-Security-Policy: default-src 'self'\r\n"
    "X-Powered-By: Express\r\n"
    "Set-Cookie: session=abc; Path=/\r\n\r\n<p>home</p>";

std::shared_ptr<IntendedState> state() {
  auto st = std::make_shared<IntendedState>();
  st->source = "gapscan.yml";
  st->headers.push_back({"Strict-Transport-Security", {"/"}, {}, {}, 31536000, false, {}, 10});
  st->headers.push_back(
      {"Content-Security-Policy", {"/"}, {}, {"frame-ancestors 'none'"}, {}, false, {}, 12});
  st->headers.push_back({"X-Content-Type-Options", {"/"}, "nosniff", {}, {}, false, {}, 14});
  st->headers.push_back({"X-Powered-By", {"/"}, {}, {}, {}, true, Severity::low, 16});
  st->cookies.push_back({"session", {"/"}, true, true, "lax", {}, 18});
  st->protected_paths.push_back({"/admin/", {401, 403, 404}, {}, 20});
  st->absent_paths.push_back({"/server-status", {}, {}, 22});
  return st;
}

std::vector<Finding> run(FakeFetcher& fetcher, std::shared_ptr<IntendedState> st,
                         std::string origin = "https://example.com", TlsPostures* tls = nullptr) {
  CheckSettings settings;
  settings.intended_state = std::move(st);
  const auto check = make_policy_violation();
  VectorSink sink;
  ActiveContext ctx{std::move(origin), {}, fetcher, &settings};
  ctx.tls = tls;
  check->run(ctx, sink);
  return std::move(sink.findings);
}

const Finding* by_key(const std::vector<Finding>& fs, std::string_view key) {
  for (const auto& f : fs) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

TEST_CASE("policy-violation: nothing to do without a policy") {
  FakeFetcher fetcher;
  const auto check = make_policy_violation();
  VectorSink sink;
  ActiveContext ctx{"https://example.com", {}, fetcher};
  check->run(ctx, sink);
  CHECK(sink.findings.empty());
  CHECK(fetcher.requested.empty());
}

TEST_CASE("policy-violation: a system in its intended state has no violation") {
  FakeFetcher fetcher;
  fetcher.responses["https://example.com/"] = kHardened;
  fetcher.responses["https://example.com/admin/"] =
      "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=x\r\n\r\n";
  const auto findings = run(fetcher, state());
  for (const auto& f : findings) MESSAGE(f.message);
  CHECK(findings.empty());
  // One fetch of "/" serves every header and cookie expectation.
  CHECK(std::count(fetcher.requested.begin(), fetcher.requested.end(), "https://example.com/") ==
        1);
}

TEST_CASE("policy-violation: each drifted expectation is one finding with evidence") {
  FakeFetcher fetcher;
  fetcher.responses["https://example.com/"] = kDrifted;
  fetcher.responses["https://example.com/admin/"] =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<h1>Admin dashboard</h1>";
  fetcher.responses["https://example.com/server-status"] =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<h1>Apache Server Status</h1>";
  const auto findings = run(fetcher, state());
  CHECK(findings.size() == 7);
  const Finding* hsts = by_key(findings, "header:strict-transport-security:/");
  REQUIRE(hsts != nullptr);
  CHECK(hsts->message.find("max-age=300, below the required 31536000") != std::string::npos);
  CHECK(hsts->message.find("gapscan.yml:10") != std::string::npos);
  CHECK(hsts->evidence.header_value == "max-age=300");
  CHECK(hsts->severity == Severity::medium);
  const Finding* csp = by_key(findings, "header:content-security-policy:/");
  REQUIRE(csp != nullptr);
  CHECK(csp->message.find("lacks 'frame-ancestors 'none''") != std::string::npos);
  const Finding* xcto = by_key(findings, "header:x-content-type-options:/");
  REQUIRE(xcto != nullptr);
  CHECK(xcto->message.find("is missing") != std::string::npos);
  const Finding* powered = by_key(findings, "header:x-powered-by:/");
  REQUIRE(powered != nullptr);
  CHECK(powered->severity == Severity::low);
  const Finding* cookie = by_key(findings, "cookie:session:/");
  REQUIRE(cookie != nullptr);
  CHECK(cookie->message.find("without Secure, HttpOnly, SameSite=lax") != std::string::npos);
  CHECK(cookie->evidence.header_value == "session=abc; Path=/");
  const Finding* admin = by_key(findings, "protected:/admin/");
  REQUIRE(admin != nullptr);
  CHECK(admin->severity == Severity::high);
  CHECK(admin->exchange.status == 200);
  CHECK(admin->message.find("answers 200 without credentials") != std::string::npos);
  const Finding* status = by_key(findings, "absent:/server-status");
  REQUIRE(status != nullptr);
  CHECK(status->url == "https://example.com/server-status");
}

TEST_CASE("policy-violation: protected paths go without credentials") {
  FakeFetcher fetcher;
  auto st = std::make_shared<IntendedState>();
  st->protected_paths.push_back({"/admin/", {401, 403, 404}, {}, 1});
  run(fetcher, st);
  REQUIRE(fetcher.requests.size() == 1);
  CHECK(fetcher.requests[0].without_credentials);
}

TEST_CASE("policy-violation: HSTS is not expected over plain http; redirects are not judged") {
  FakeFetcher fetcher;
  auto st = std::make_shared<IntendedState>();
  st->headers.push_back({"Strict-Transport-Security", {"/"}, {}, {}, 31536000, false, {}, 1});
  st->headers.push_back({"X-Frame-Options", {"/"}, "DENY", {}, {}, false, {}, 2});
  fetcher.responses["http://example.com/"] =
      "HTTP/1.1 301 Moved Permanently\r\nLocation: https://example.com/\r\n\r\n";
  std::vector<std::string> notes;
  CheckSettings settings;
  settings.intended_state = st;
  VectorSink sink;
  ActiveContext ctx{"http://example.com", {}, fetcher, &settings};
  ctx.notify = [&](const std::string& code, const std::string& message, const std::string&) {
    notes.push_back(code + ": " + message);
  };
  make_policy_violation()->run(ctx, sink);
  CHECK(sink.findings.empty());
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].find("policy-unverified: header X-Frame-Options not verified") == 0);
}

TEST_CASE("policy-violation: minimum TLS version from the shared posture") {
  TlsPostures postures;
  TlsPosture p;
  p.host = "tls.example";
  p.port = 443;
  p.reachable = true;
  p.protocols = {{"TLSv1.0", ProbeOutcome::accepted, "TLSv1", "AES128-SHA", "", false},
                 {"TLSv1.1", ProbeOutcome::rejected, "", "", "", false},
                 {"TLSv1.2", ProbeOutcome::accepted, "TLSv1.2", "x", "", false}};
  postures.seed(p);
  auto st = std::make_shared<IntendedState>();
  st->source = "p.yml";
  st->min_tls_version = "1.2";
  st->min_tls_line = 7;
  FakeFetcher fetcher;
  CHECK(by_key(run(fetcher, st, "https://tls.example"), "min-tls-version") == nullptr);
  auto findings = run(fetcher, st, "https://tls.example", &postures);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].key == "min-tls-version");
  CHECK(findings[0].message.find("accepts TLSv1.0, below the policy's minimum TLS 1.2 (p.yml:7)") !=
        std::string::npos);
  st->min_tls_version = "1.0";
  CHECK(run(fetcher, st, "https://tls.example", &postures).empty());
}

TEST_CASE("policy-violation: budget follows the policy") {
  CheckSettings settings;
  const auto check = make_policy_violation();
  CHECK(check->request_budget(settings, kPolicyViolation.request_budget) == 1);
  settings.intended_state = state();
  CHECK(check->request_budget(settings, kPolicyViolation.request_budget) == 3);
}

}  // namespace
}  // namespace gapscan
