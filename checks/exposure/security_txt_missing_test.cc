#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::VectorSink;

constexpr std::string_view kOrigin = "https://example.com";
constexpr const char* kWellKnown = "https://example.com/.well-known/security.txt";
constexpr const char* kLegacy = "https://example.com/security.txt";
constexpr const char* kValid =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    "# security.txt\nContact: mailto:security@example.com\nExpires: 2030-01-01T00:00:00Z\n";

std::vector<Finding> run(FakeFetcher& fetcher, std::string origin = std::string(kOrigin)) {
  const auto check = make_security_txt_missing();
  VectorSink sink;
  ActiveContext ctx{std::move(origin), {}, fetcher};
  check->run(ctx, sink);
  return std::move(sink.findings);
}

TEST_CASE("security-txt-missing: valid file at /.well-known") {
  FakeFetcher fetcher;
  fetcher.responses[kWellKnown] = kValid;
  CHECK(run(fetcher).empty());
  CHECK(fetcher.requested == std::vector<std::string>{kWellKnown});
}

TEST_CASE("security-txt-missing: valid file at the legacy location only") {
  FakeFetcher fetcher;
  fetcher.responses[kLegacy] = kValid;
  CHECK(run(fetcher).empty());
  CHECK(fetcher.requested == std::vector<std::string>{kWellKnown, kLegacy});
}

TEST_CASE("security-txt-missing: neither exists") {
  FakeFetcher fetcher;
  const auto findings = run(fetcher, "https://example.com/");
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "security-txt-missing");
  CHECK(f.severity == Severity::info);
  CHECK(f.per_origin);
  CHECK(f.url == kWellKnown);
  CHECK(f.evidence.note.find("/.well-known/security.txt: 404 text/plain") != std::string::npos);
  CHECK(f.evidence.note.find("/security.txt: 404 text/plain") != std::string::npos);
}

TEST_CASE("security-txt-missing: a 200 HTML soft-404 is not a security.txt") {
  FakeFetcher fetcher;
  const char* soft404 =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>Contact: us at ...</html>";
  fetcher.responses[kWellKnown] = soft404;
  fetcher.responses[kLegacy] = soft404;
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].evidence.note.find("200 text/html") != std::string::npos);
}

TEST_CASE("security-txt-missing: text/plain without a Contact field is not valid") {
  FakeFetcher fetcher;
  fetcher.responses[kWellKnown] =
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nExpires: 2030-01-01T00:00:00Z\n";
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].evidence.note.find("no Contact: field") != std::string::npos);
}

TEST_CASE("security-txt-missing: Contact is case-insensitive, CRLF and BOM tolerated") {
  FakeFetcher fetcher;
  fetcher.responses[kWellKnown] =
      "HTTP/1.1 200 OK\r\nContent-Type: TEXT/PLAIN\r\n\r\n\xEF\xBB\xBF"
      "contact: https://example.com/report\r\n";
  CHECK(run(fetcher).empty());
}

TEST_CASE("security-txt-missing: a same-host redirect is followed") {
  FakeFetcher fetcher;
  fetcher.responses["http://example.com/.well-known/security.txt"] =
      "HTTP/1.1 301 Moved Permanently\r\n"
      "Location: https://example.com/.well-known/security.txt\r\n\r\n";
  fetcher.responses[kWellKnown] = kValid;
  CHECK(run(fetcher, "http://example.com").empty());
}

TEST_CASE("security-txt-missing: transport errors are inconclusive") {
  FakeFetcher fetcher;
  fetcher.errors[kWellKnown] = "connection reset";
  CHECK(run(fetcher).empty());
}

}  // namespace
}  // namespace gapscan
