#include "checks/exposure/exposure_signatures.h"

#include <doctest/doctest.h>

namespace gapscan::exposure {
namespace {

TEST_CASE("exposure-signatures: secret names") {
  for (const char* name :
       {"DB_PASSWORD", "password", "Password", "MAIL_PASS", "APP_KEY", "AUTH_KEY", "JWT_SECRET",
        "aws_secret_access_key", "_authToken", "//registry.npmjs.org/:_authToken", "api_key",
        "STRIPE_SECRET_KEY", "SECURE_AUTH_SALT", "identitytoken", "auth", "db_pwd",
        "spring.datasource.password", "clientSecret"}) {
    CAPTURE(name);
    CHECK(is_secret_name(name));
  }
  for (const char* name :
       {"DB_HOST", "DB_USERNAME", "APP_ENV", "aws_access_key_id", "PASSWORD_RESET_URL", "token_ttl",
        "author", "public_key", "key", "SESSION_LIFETIME", "bypass", "passport", "DB_PASSWORD_FILE",
        "compass"}) {
    CAPTURE(name);
    CHECK_FALSE(is_secret_name(name));
  }
}

TEST_CASE("exposure-signatures: placeholders are no secrets") {
  for (const char* v : {"", "''", "\"\"", "changeme", "${DB_PASSWORD}", "%env(DB_PASS)%",
                        "<your-password>", "xxxxxx", "********", "null", "your_token_here"}) {
    CAPTURE(v);
    CHECK(is_placeholder(v));
  }
  for (const char* v : {"s3cr3t-Pa55", "hunter2", "AKIAZ7Q4"}) {
    CAPTURE(v);
    CHECK_FALSE(is_placeholder(v));
  }
}

TEST_CASE("exposure-signatures: mask_value keeps at most two characters") {
  CHECK(mask_value("s3cr3t-Pa55word") == "s3****");
  CHECK(mask_value("short") == "****");
}

TEST_CASE("exposure-signatures: mask_line formats") {
  struct Case {
    const char* line;
    const char* masked;
    const char* name;
  };
  const Case cases[] = {
      {"DB_PASSWORD=s3cr3t-Pa55word", "DB_PASSWORD=s3****", "DB_PASSWORD"},
      {"export API_TOKEN=\"abcdefghijkl\"", "export API_TOKEN=\"ab****\"", "API_TOKEN"},
      {"  password: hunter2", "  password: ****", "password"},
      {"define( 'DB_PASSWORD', 'wp-Secret-99' );", "define( 'DB_PASSWORD', 'wp****' );",
       "DB_PASSWORD"},
      {"$db['default']['password'] = 'rootroot';", "$db['default']['password'] = 'ro****';",
       "password"},
      {"\"Password\": \"VeryS3cretValue\",", "\"Password\": \"Ve****\",", "Password"},
      {"{\"auths\":{\"r.io\":{\"auth\":\"dXNlcjpwYXNzd29yZA==\"}}}",
       "{\"auths\":{\"r.io\":{\"auth\":\"dX****\"}}}", "auth"},
      {"<add key=\"DbPassword\" value=\"Pa55w0rd!x\" />",
       "<add key=\"DbPassword\" value=\"Pa****\" />", "DbPassword"},
      {"<add name=\"Main\" connectionString=\"Server=db;User Id=sa;Password=Sa-Secret-1;\" />",
       "<add name=\"Main\" connectionString=\"Server=db;User Id=sa;Password=Sa****;\" />",
       "Password"},
      {"DATABASE_URL=mysql://app:topsecretpw@db:3306/app",
       "DATABASE_URL=mysql://app:to****@db:3306/app", "URL password"},
      {"//registry.npmjs.org/:_authToken=npm_abcdefghijklmnop",
       "//registry.npmjs.org/:_authToken=np****", "_authToken"},
      {"<password>hunter22</password>", "<password>hu****</password>", "password"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.line);
    const MaskedLine m = mask_line(c.line);
    CHECK(m.text == c.masked);
    CHECK(m.secret);
    CHECK(m.name == c.name);
  }
}

TEST_CASE("exposure-signatures: mask_line leaves ordinary settings alone") {
  for (const char* line :
       {"APP_ENV=production", "DB_HOST=127.0.0.1", "DB_PASSWORD=", "DB_PASSWORD=${DB_PASSWORD}",
        "define('DB_NAME', 'wordpress');", "server.port=8080", "services:", "FROM php:8.2-apache",
        "if ($a == $password) {"}) {
    CAPTURE(line);
    const MaskedLine m = mask_line(line);
    CHECK(m.text == line);
    CHECK_FALSE(m.secret);
  }
}

TEST_CASE("exposure-signatures: redact_userinfo") {
  CHECK(redact_userinfo("https://user:ghp_token@github.com/acme/site.git") ==
        "https://***@github.com/acme/site.git");
  CHECK(redact_userinfo("https://ghp_token@github.com/acme/site.git") ==
        "https://***@github.com/acme/site.git");
  CHECK(redact_userinfo("https://github.com/acme/site.git") == "https://github.com/acme/site.git");
  CHECK(redact_userinfo("git@github.com:acme/site.git") == "git@github.com:acme/site.git");
  CHECK(redact_userinfo("https://github.com/a?x=me@y") == "https://github.com/a?x=me@y");
}

TEST_CASE("exposure-signatures: html_document") {
  CHECK(html_document("<!DOCTYPE html><html><body>x</body></html>"));
  CHECK(html_document("\xEF\xBB\xBF  <html lang=en>"));
  CHECK(html_document("<p>hi</p><body>"));
  CHECK_FALSE(html_document("DB_HOST=localhost\nDB_PASSWORD=x\n"));
  CHECK_FALSE(html_document("<?xml version=\"1.0\"?><configuration></configuration>"));
  CHECK_FALSE(html_document("<?php\ndefine('A', 1);"));
}

TEST_CASE("exposure-signatures: lines, tags, clipping") {
  const auto lines = text_lines("a\r\nb\n\nc", 10);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == "a");
  CHECK(lines[2].empty());
  CHECK(text_lines("a\nb\nc", 2).size() == 2);
  CHECK(clip("abcdef", 3) == "abc...");
  CHECK(clip("abc", 3) == "abc");
  CHECK(clip("a\xC3\xA9z", 2) == "a...");
}

}  // namespace
}  // namespace gapscan::exposure
