#include <doctest/doctest.h>

#include <string>

#include "checks/common/all_checks.h"
#include "test/checks/collect_testing.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

std::vector<Finding> run_body(std::string_view body, std::string_view content_type,
                              std::string_view headers = "") {
  const auto check = make_secret_in_response();
  return run_passive(*check, "https://example.com/app.js",
                     "HTTP/1.1 200 OK\r\nContent-Type: " + std::string(content_type) + "\r\n" +
                         std::string(headers) + "\r\n" + std::string(body));
}

// Nothing a report prints may contain the secret.
void check_redacted(const Finding& f, std::string_view secret) {
  CAPTURE(secret);
  CHECK(f.message.find(secret) == std::string::npos);
  CHECK(f.evidence.note.find(secret) == std::string::npos);
  CHECK(f.evidence.snippet.find(secret) == std::string::npos);
  CHECK(f.evidence.header_value.find(secret) == std::string::npos);
  CHECK(f.key.find(secret) == std::string::npos);
  CHECK(f.exchange.body_snippet.find(secret) == std::string::npos);
  for (const Header& h : f.exchange.response_headers)
    CHECK(h.value.find(secret) == std::string::npos);
}

// The kind part of a finding key ("github-token" of "github-token:1a2b3c4d").
std::string_view kind_of(const Finding& f) {
  return std::string_view(f.key).substr(0, f.key.find(':'));
}

const Finding* with_key(const std::vector<Finding>& findings, std::string_view key) {
  for (const Finding& f : findings) {
    if (kind_of(f) == key) return &f;
  }
  return nullptr;
}

constexpr std::string_view kAws = "AKIAZ7Q3R5T8U2W4Y6XY";
constexpr std::string_view kGithub = "ghp_R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3s12";
constexpr std::string_view kSlack = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx";
constexpr std::string_view kStripe = "sk_live_51HxYzAbCdEfGhIjKlMnOpQr";
constexpr std::string_view kGoogle = "AIzaSyD9tQ2kLm8Pq4Rs6Tu0Vw3Xy5Za7Bc1De2";

TEST_CASE("secret-in-response: cloud and API tokens") {
  struct Case {
    std::string_view secret;
    std::string_view key;
    std::string_view shown;
  };
  for (const Case& c : {Case{kAws, "aws-access-key-id", "AKIA\xE2\x80\xA6XY"},
                        Case{kGithub, "github-token",
                             "ghp_\xE2\x80\xA6"
                             "12"},
                        Case{"github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
                             "github-token", "gith\xE2\x80\xA6yz"},
                        Case{kSlack, "slack-token", "xoxb\xE2\x80\xA6Wx"},
                        Case{kStripe, "stripe-secret-key", "sk_l\xE2\x80\xA6Qr"},
                        Case{kGoogle, "google-api-key",
                             "AIza\xE2\x80\xA6"
                             "e2"}}) {
    CAPTURE(c.secret);
    const std::string body = "var a = 1;\nconst k = \"" + std::string(c.secret) + "\";\n";
    const auto findings = run_body(body, "application/javascript");
    REQUIRE(findings.size() == 1);
    const Finding& f = findings[0];
    CHECK(f.check_id == "secret-in-response");
    CHECK(kind_of(f) == c.key);
    CHECK(f.key.size() == c.key.size() + 9);  // ":" and 8 hex digits of the secret's hash
    CHECK(f.per_origin);
    CHECK(f.evidence.line == 2);
    CHECK(f.evidence.snippet == "const k = \"" + std::string(c.shown) + "\";");
    CHECK(f.message.find(c.shown) != std::string::npos);
    CHECK(f.exchange.body_snippet.empty());
    CHECK(f.severity == (c.key == "google-api-key" ? Severity::medium : Severity::high));
    check_redacted(f, c.secret);
    check_redacted(f, c.secret.substr(4, 10));
  }
}

TEST_CASE("secret-in-response: private keys, also JSON-escaped") {
  const std::string key_data =
      "MIIEpAIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/"
      "IzW7yWR7QkrmBL7"
      "jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/"
      "VDL5AaWTg0nLVk"
      "jRo9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNAwxXFg0x/"
      "XFw005UW"
      "VRIkdgcKWTjpBP2dPwVZ4WWC+9aGVd+Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbcmwIDAQABAoIBAQ";
  const std::string pem = "-----BEGIN RSA PRIVATE KEY-----\n" + key_data.substr(0, 64) + "\n" +
                          key_data.substr(64, 64) + "\n" + key_data.substr(128) +
                          "==\n-----END RSA PRIVATE KEY-----\n";
  const auto findings = run_body("# key\n" + pem, "application/x-pem-file");
  REQUIRE(findings.size() == 1);
  CHECK(kind_of(findings[0]) == "private-key");
  CHECK(findings[0].evidence.line == 2);
  CHECK(findings[0].evidence.snippet == "-----BEGIN RSA PRIVATE KEY-----");
  CHECK(findings[0].evidence.note.find("MIIE\xE2\x80\xA6==") != std::string::npos);
  check_redacted(findings[0], key_data.substr(0, 20));

  const std::string json =
      "{\"type\":\"service_account\",\"private_key\":\"-----BEGIN PRIVATE "
      "KEY-----\\n" +
      key_data.substr(0, 64) + "\\n" + key_data.substr(64) +
      "\\n-----END PRIVATE KEY-----\\n\",\"client_email\":\"x\"}";
  const auto j = run_body(json, "application/json");
  REQUIRE(j.size() == 1);
  CHECK(kind_of(j[0]) == "private-key");
  CHECK(j[0].evidence.snippet.find("MIIE\xE2\x80\xA6") != std::string::npos);
  check_redacted(j[0], key_data.substr(0, 20));
  check_redacted(j[0], key_data.substr(100, 20));

  CHECK(
      run_body("-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----", "text/plain")
          .empty());
  CHECK(run_body("-----BEGIN PUBLIC KEY-----\n" + key_data + "\n-----END PUBLIC KEY-----",
                 "text/plain")
            .empty());
}

TEST_CASE("secret-in-response: password, API key and secret assignments") {
  struct Case {
    std::string_view body;
    std::string_view content_type;
    std::string_view key;
    std::string_view secret;
  };
  const Case cases[] = {
      {"var cfg = {\n  user: \"admin\",\n  password: \"Hunter2!x\"\n};", "application/javascript",
       "password-assignment", "Hunter2!x"},
      {"{\"db\":{\"host\":\"db1\",\"password\":\"s3cr3t-P4ss\"}}", "application/json",
       "password-assignment", "s3cr3t-P4ss"},
      {"APP_ENV=prod\nDB_PASSWORD=changeme\n", "text/plain", "password-assignment", "changeme"},
      {"export DB_PASSWORD='changeme'\n", "application/octet-stream", "password-assignment",
       "changeme"},
      {"database:\n  password: hunter22 # prod\n", "text/yaml", "password-assignment", "hunter22"},
      {"<settings><password>P4ssw0rd!</password></settings>", "application/xml",
       "password-assignment", "P4ssw0rd!"},
      {"<script>\nwindow.cfg = {\"api_key\": \"9f8e7d6c5b4a39281706f5e4d3c2b1a0\"};\n</script>",
       "text/html", "api-key-assignment", "9f8e7d6c5b4a39281706f5e4d3c2b1a0"},
      {"const apiKey = 'zq8Rk2LmP0vX7w';", "application/javascript", "api-key-assignment",
       "zq8Rk2LmP0vX7w"},
      {"$config['client_secret'] => 'QmFzZTY0U2VjcmV0VmFsdWU';", "text/plain", "secret-assignment",
       "QmFzZTY0U2VjcmV0VmFsdWU"},
      {"[default]\naws_access_key_id = AKIAZ7Q3R5T8U2W4Y6XY\naws_secret_access_key = "
       "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ9kR3tLx1\n",
       "text/plain", "aws-secret-access-key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ9kR3tLx1"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.body);
    const auto findings = run_body(c.body, c.content_type);
    const Finding* f = with_key(findings, c.key);
    REQUIRE(f != nullptr);
    CHECK(f->confidence ==
          (c.key == "aws-secret-access-key" ? Confidence::high : Confidence::medium));
    for (const Finding& g : findings) check_redacted(g, c.secret);
  }
  const auto aws = run_body(cases[9].body, cases[9].content_type);
  CHECK(aws.size() == 2);  // the key id and the secret
  const Finding* secret = with_key(aws, "aws-secret-access-key");
  REQUIRE(secret != nullptr);
  CHECK(secret->evidence.line == 3);
  CHECK(secret->evidence.snippet == "aws_secret_access_key = wJal\xE2\x80\xA6x1");
}

TEST_CASE("secret-in-response: the token kind wins over the assignment around it") {
  const auto findings =
      run_body("{\"api_key\": \"" + std::string(kStripe) + "\"}", "application/json");
  REQUIRE(findings.size() == 1);
  CHECK(kind_of(findings[0]) == "stripe-secret-key");
  check_redacted(findings[0], kStripe);
}

TEST_CASE("secret-in-response: one line with several secrets redacts all of them") {
  const std::string body = "{\"password\":\"Zx9-pQ7!wLm2\",\"token\":\"" + std::string(kGithub) +
                           "\",\"aws\":\"" + std::string(kAws) + "\"}";
  const auto findings = run_body(body, "application/json");
  CHECK(findings.size() == 3);
  for (const Finding& f : findings) {
    check_redacted(f, "Zx9-pQ7!wLm2");
    check_redacted(f, kGithub);
    check_redacted(f, kAws);
  }
}

TEST_CASE("secret-in-response: one finding per secret and origin") {
  const auto check = make_secret_in_response();
  auto js = [](std::string_view secrets) {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/javascript\r\n\r\n" + std::string(secrets);
  };
  const std::string github = "const k = \"" + std::string(kGithub) + "\";\n";
  const std::string other = "const k = \"ghp_An0thrT0k3nV4lu3F0rT3st1ngPurp0s3s34\";\n";
  const auto findings =
      collect_testing::collect(*check, {
                                           {"https://example.com/b.js", js(github)},
                                           {"https://example.com/a.js", js(github)},
                                           {"https://example.com/c.js", js(github + other)},
                                           {"https://example.com/d.js", js(other)},
                                       });
  REQUIRE(findings.size() == 2);
  for (const Finding& f : findings) {
    CHECK(kind_of(f) == "github-token");
    CHECK(f.affected_count == (f.url == "https://example.com/a.js" ? 3 : 2));
    check_redacted(f, kGithub);
  }
  CHECK(findings[0].key != findings[1].key);
}

TEST_CASE("secret-in-response: tokens in response headers") {
  const auto findings =
      run_body("ok", "text/plain", "X-Internal-Key: " + std::string(kAws) + "\r\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].evidence.header_name == "X-Internal-Key");
  CHECK(findings[0].evidence.header_value == "AKIA\xE2\x80\xA6XY");
  check_redacted(findings[0], kAws);
}

TEST_CASE("secret-in-response: form fields, labels, placeholders and code are not secrets") {
  struct Case {
    std::string_view body;
    std::string_view content_type;
  };
  const Case cases[] = {
      {"<form><input type=\"password\" name=\"password\" value=\"hunter22\">\n"
       "<input name=\"api_key\" value=\"abcd1234efgh\" data-secret=\"zzzz9999\"></form>",
       "text/html"},
      {"{\"password\":\"Password\",\"forgot_password\":\"Forgot your password?\","
       "\"secret\":\"Geheimnis\",\"password_hint\":\"x1y2z3w4\",\"pw\":\"auth.password\"}",
       "application/json"},
      {"password: \"***\"\napi_key: \"YOUR_API_KEY\"\nsecret: \"xxxxxxxx\"\n", "text/yaml"},
      {"const p = {password: \"${DB_PASSWORD}\", secret: \"<secret>\", api_key: \"\"};",
       "application/javascript"},
      {"PASSWORD=$DB_PASS\nSECRET={{ vault_secret }}\n", "text/plain"},
      {"if (e.password === \"abc123456\") {}\nx.password=t.value;\nfield = {type:\"password\"};",
       "application/javascript"},
      {"Your password: must be at least 8 characters long.\npassword: hunter2 is a bad one\n",
       "text/plain"},
      {"aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n", "text/plain"},
      {"token = \"ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"", "text/plain"},
      {"xoxb-not-a-real-token-this-will-not-work", "text/plain"},
      {"password: new-password\nautocomplete=\"current-password\"", "text/plain"},
      {".password { color: red } /* api_key: 'abcdef123456' */", "text/css"},
      {"MYAKIAZ7Q3R5T8U2W4Y6XY and AKIAZ7Q3R5T8U2W4Y6XYZ", "text/plain"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.body);
    CHECK(run_body(c.body, c.content_type).empty());
  }
}

TEST_CASE("secret-in-response: hostile bodies stay bounded") {
  std::string body;
  for (int i = 0; i < 50000; ++i) body += "password=";
  CHECK(run_body(body, "text/plain").empty());
  std::string keys;
  for (int i = 0; i < 30000; ++i) keys += "-----BEGIN ";
  CHECK(run_body(keys, "text/plain").empty());
}

}  // namespace
}  // namespace gapscan
