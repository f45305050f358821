#include <doctest/doctest.h>

#include <string>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

// {"alg":"none","typ":"JWT"} . {"sub":"42","exp":1999999999} . (empty)
constexpr std::string_view kNone =
    "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiI0MiIsImV4cCI6MTk5OTk5OTk5OX0.";
// HS256 signed with "secret", with exp.
constexpr std::string_view kWeak =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiIsImV4cCI6MTk5OTk5OTk5OX0."
    "8UP5UOqDzXFRTjEwlXBGZNlHSm-vnQqpQVT0QzuQXIE";
// HS512 signed with "your-512-bit-secret", no exp: {"sub":"42","role":"user"}.
constexpr std::string_view kWeak512NoExp =
    "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiIsInJvbGUiOiJ1c2VyIn0."
    "6ZzkP00Ttl_Idd74daL3BLEttKPtyhpVPDXORqAtoDGoLTsXUQNc66nHczQVjNftkCAkKvOflXJ-9aoQlCIMpQ";
// HS256 with a strong secret, with exp: nothing to report.
constexpr std::string_view kStrong =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiIsImV4cCI6MTk5OTk5OTk5OX0."
    "GNLYk0DXkRrY25lCdTSFaCfsKOpfin5EMffyDjaqiBs";
// Strong secret, exp, but "password" and a card number in the payload.
constexpr std::string_view kSensitive =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiIsImV4cCI6MTk5OTk5OTk5OSwicGFzc3dvcmQiOiJo"
    "dW50ZXIyIiwiY2FyZCI6IjQxMTEgMTExMSAxMTExIDExMTEifQ.ZCPAZ3icCUhPRD3ss2crry8gkrn6B6EXo3ozhfFV-"
    "M0";

std::vector<Finding> run_raw(std::string_view raw, std::string_view url = "https://example.com/") {
  const auto check = make_jwt_weak();
  return run_passive(*check, url, raw);
}

std::vector<Finding> run_body(std::string_view body,
                              std::string_view content_type = "application/json") {
  return run_raw("HTTP/1.1 200 OK\r\nContent-Type: " + std::string(content_type) + "\r\n\r\n" +
                 std::string(body));
}

const Finding* with_key(const std::vector<Finding>& findings, std::string_view key) {
  for (const Finding& f : findings) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

void check_no_token(const Finding& f, std::string_view token) {
  // Neither the whole token nor its signature appears anywhere in the finding.
  const std::string_view sig = token.substr(token.rfind('.') + 1);
  for (const std::string* s : {&f.message, &f.evidence.note, &f.evidence.snippet,
                               &f.evidence.header_value, &f.exchange.body_snippet}) {
    CHECK(s->find(token) == std::string::npos);
    if (!sig.empty()) CHECK(s->find(sig) == std::string::npos);
  }
  for (const Header& h : f.exchange.response_headers)
    CHECK(h.value.find(token) == std::string::npos);
}

TEST_CASE("jwt-weak: alg none in a cookie") {
  const auto findings = run_raw("HTTP/1.1 200 OK\r\nSet-Cookie: session=" + std::string(kNone) +
                                "; Path=/; HttpOnly\r\n\r\nok");
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "jwt-weak");
  CHECK(f.key == "alg-none:cookie");
  CHECK(f.severity == Severity::high);
  CHECK(f.per_origin);
  CHECK(f.evidence.header_name == "Set-Cookie");
  CHECK(f.evidence.note.find("alg=none") != std::string::npos);
  CHECK(f.evidence.note.find("claims: sub, exp") != std::string::npos);
  check_no_token(f, kNone);
}

TEST_CASE("jwt-weak: a guessable HMAC secret is named, the token is not") {
  const auto findings = run_body("{\"access_token\":\"" + std::string(kWeak) + "\"}");
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.key == "weak-secret:body");
  CHECK(f.severity == Severity::high);
  CHECK(f.per_origin);
  CHECK(f.evidence.note.find("built-in secret \"secret\"") != std::string::npos);
  CHECK(f.evidence.note.find("alg=HS256, typ=JWT") != std::string::npos);
  CHECK(f.message.find("\"secret\"") != std::string::npos);
  CHECK(f.evidence.line == 1);
  CHECK(f.evidence.snippet.find("eyJh\xE2\x80\xA6") != std::string::npos);
  check_no_token(f, kWeak);
}

TEST_CASE("jwt-weak: HS512 sample secret and no expiry") {
  const auto findings =
      run_raw("HTTP/1.1 200 OK\r\nX-Auth-Token: " + std::string(kWeak512NoExp) + "\r\n\r\nok");
  REQUIRE(findings.size() == 2);
  const Finding* weak = with_key(findings, "weak-secret:header");
  REQUIRE(weak != nullptr);
  CHECK(weak->evidence.note.find("your-512-bit-secret") != std::string::npos);
  const Finding* noexp = with_key(findings, "no-exp:header");
  REQUIRE(noexp != nullptr);
  CHECK(noexp->severity == Severity::low);
  CHECK(noexp->evidence.note.find("claims: sub, role") != std::string::npos);
  for (const Finding& f : findings) check_no_token(f, kWeak512NoExp);
}

TEST_CASE("jwt-weak: sensitive claims are named") {
  const auto findings =
      run_body("<script>var t = '" + std::string(kSensitive) + "';</script>", "text/html");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].key == "sensitive-claims:body");
  CHECK(findings[0].severity == Severity::info);
  CHECK(findings[0].evidence.note.find("password, card") != std::string::npos);
  CHECK(findings[0].evidence.note.find("hunter2") == std::string::npos);
  check_no_token(findings[0], kSensitive);
}

TEST_CASE("jwt-weak: tokens in the request URL") {
  const auto findings = run_raw("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nok",
                                "https://example.com/cb?id_token=" + std::string(kNone));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].key == "alg-none:url");
  CHECK(findings[0].per_origin);
}

TEST_CASE("jwt-weak: strong tokens and non-tokens are fine") {
  CHECK(run_body("{\"token\":\"" + std::string(kStrong) + "\"}").empty());
  for (std::string_view body :
       {"{\"x\":\"eyJhbGciOiJIUzI1NiJ9\"}", "eyJub3QganNvbg.eyJhIjoxfQ.sig",
        "eyJhbGciOiJIUzI1NiJ9.bm90LWpzb24.sig", "xeyJhbGciOiJub25lIn0.eyJhIjoxfQ.",
        "eyJhbGciOiJub25lIn0.eyJhIjoxfQ.a.b.c"}) {
    CAPTURE(body);
    CHECK(run_body(body).empty());
  }
}

TEST_CASE("jwt-weak: the same token twice is analysed once") {
  const std::string body = std::string(kNone) + " " + std::string(kNone);
  const auto findings = run_body(body, "text/plain");
  CHECK(findings.size() == 1);
}

}  // namespace
}  // namespace gapscan
