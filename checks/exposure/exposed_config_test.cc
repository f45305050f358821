#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/exposure_testing.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::text_200;
using testing::url_of;

std::vector<Finding> run(FakeFetcher& fetcher) {
  const auto check = make_exposed_config();
  return testing::run_active(*check, fetcher);
}

// The single finding for `path` serving `body` (fails the test when there is not exactly one).
Finding only(std::string_view path, std::string body, std::string type = "text/plain") {
  FakeFetcher fetcher;
  fetcher.responses[url_of(path)] = text_200(body, type);
  auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].url == url_of(path));
  CHECK(findings[0].key == path);
  CHECK(findings[0].per_origin);
  CHECK(findings[0].check_id == "exposed-config");
  return findings[0];
}

void none(std::string_view path, std::string body, std::string type = "text/plain") {
  FakeFetcher fetcher;
  fetcher.responses[url_of(path)] = text_200(body, type);
  CHECK(run(fetcher).empty());
}

TEST_CASE("exposed-config: .env with secrets is high, values masked") {
  const Finding f = only("/.env",
                         "APP_NAME=Shop\nAPP_ENV=production\nAPP_KEY=base64:Zm9vYmFyYmF6cXV4\n"
                         "# database\nDB_HOST=127.0.0.1\nDB_USERNAME=shop\n"
                         "DB_PASSWORD=Sup3r-S3cret-Pw\n");
  CHECK(f.severity == Severity::high);
  CHECK(f.evidence.snippet.find("APP_NAME=Shop") != std::string::npos);
  CHECK(f.evidence.snippet.find("DB_PASSWORD=Su****") != std::string::npos);
  CHECK(f.evidence.snippet.find("APP_KEY=ba****") != std::string::npos);
  CHECK(f.message.find("DB_PASSWORD") != std::string::npos);
  CHECK(f.message.find("APP_KEY") != std::string::npos);
  for (const std::string& text :
       {f.message, f.evidence.snippet, f.evidence.note, f.exchange.body_snippet}) {
    CHECK(text.find("Sup3r-S3cret-Pw") == std::string::npos);
    CHECK(text.find("Zm9vYmFyYmF6cXV4") == std::string::npos);
  }
}

TEST_CASE("exposed-config: .env without secrets is medium") {
  const Finding f =
      only("/.env.local", "APP_ENV=local\nAPP_DEBUG=true\nDB_PASSWORD=\nLOG_LEVEL=debug\n");
  CHECK(f.severity == Severity::medium);
}

TEST_CASE("exposed-config: wp-config backup") {
  const Finding f = only("/wp-config.php.bak",
                         "<?php\n/** The name of the database for WordPress */\n"
                         "define( 'DB_NAME', 'wordpress' );\ndefine( 'DB_USER', 'wp' );\n"
                         "define( 'DB_PASSWORD', 'wp-Secret-99' );\n"
                         "define( 'AUTH_KEY', 'put your unique phrase here' );\n"
                         "$table_prefix = 'wp_';\n",
                         "application/x-trash");
  CHECK(f.severity == Severity::high);
  CHECK(f.evidence.snippet.starts_with("<?php"));
  CHECK(f.evidence.snippet.find("define( 'DB_PASSWORD', 'wp****' );") != std::string::npos);
  CHECK(f.message.find("PHP configuration") != std::string::npos);
}

TEST_CASE("exposed-config: php source that is no configuration") {
  none("/config.php~", "<?php\necho 'hello';\n");
  none("/config.php.bak", "<html><body>&lt;?php define('A', 1); $db = 2;</body></html>",
       "text/html");
}

TEST_CASE("exposed-config: web.config with a connection string") {
  const Finding f =
      only("/web.config",
           "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <connectionStrings>\n"
           "    <add name=\"Main\" connectionString=\"Server=db;User Id=sa;Password=Sa-Secret-1;\" "
           "/>\n  </connectionStrings>\n  <system.web><compilation debug=\"true\" /></system.web>\n"
           "</configuration>\n",
           "application/xml");
  CHECK(f.severity == Severity::high);
  CHECK(f.evidence.snippet.find("<configuration>") != std::string::npos);
  CHECK(f.evidence.snippet.find("Password=Sa****") != std::string::npos);
}

TEST_CASE("exposed-config: appsettings.json") {
  const Finding f = only("/appsettings.Development.json",
                         "{\n  \"ConnectionStrings\": {\n    \"Default\": "
                         "\"Server=db;Database=shop;User Id=app;Password=AppPassw0rd!;\"\n  },\n"
                         "  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } }\n}\n",
                         "application/json");
  CHECK(f.severity == Severity::high);
  CHECK(f.evidence.snippet.find("\"ConnectionStrings\"") != std::string::npos);
  CHECK(f.evidence.snippet.find("Password=Ap****") != std::string::npos);
  none("/appsettings.json", "{\"status\":\"ok\",\"logging_enabled\":true}", "application/json");
}

TEST_CASE("exposed-config: Spring properties and yml") {
  const Finding p =
      only("/application.properties",
           "server.port=8080\nspring.datasource.url=jdbc:mysql://db/shop\n"
           "spring.datasource.username=shop\nspring.datasource.password=Spr1ngPass\n");
  CHECK(p.severity == Severity::high);
  CHECK(p.evidence.snippet.find("spring.datasource.password=Sp****") != std::string::npos);
  const Finding y = only("/application.yml",
                         "server:\n  port: 8080\nspring:\n  datasource:\n    url: jdbc:h2:mem:db\n"
                         "    username: sa\n");
  CHECK(y.severity == Severity::medium);
  none("/application.properties", "name=value\nother=thing\n");
}

TEST_CASE("exposed-config: .npmrc, .aws/credentials and .docker/config.json") {
  const Finding n = only("/.npmrc",
                         "registry=https://registry.npmjs.org/\n"
                         "//registry.npmjs.org/:_authToken=npm_AbCdEfGhIjKlMnOpQrSt\n");
  CHECK(n.severity == Severity::high);
  CHECK(n.evidence.snippet.find("_authToken=np****") != std::string::npos);
  const Finding a = only("/.aws/credentials",
                         "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
                         "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");
  CHECK(a.severity == Severity::high);
  CHECK(a.evidence.snippet.find("[default]") != std::string::npos);
  CHECK(a.evidence.snippet.find("aws_secret_access_key = wJ****") != std::string::npos);
  const Finding d = only("/.docker/config.json",
                         "{\n\t\"auths\": {\n\t\t\"registry.example.com\": {\n\t\t\t\"auth\": "
                         "\"ZGVwbG95OnMzY3JldA==\"\n\t\t}\n\t}\n}\n",
                         "application/json");
  CHECK(d.severity == Severity::high);
  CHECK(d.evidence.snippet.find("\"auth\": \"ZG****\"") != std::string::npos);
}

TEST_CASE("exposed-config: docker-compose.yml and Dockerfile") {
  const Finding c = only("/docker-compose.yml",
                         "version: '3.8'\nservices:\n  db:\n    image: mysql:8\n    environment:\n"
                         "      - MYSQL_ROOT_PASSWORD=r00tPassw0rd\n  web:\n    build: .\n");
  CHECK(c.severity == Severity::high);
  CHECK(c.evidence.snippet.find("MYSQL_ROOT_PASSWORD=r0****") != std::string::npos);
  const Finding d = only("/Dockerfile",
                         "FROM php:8.2-apache\nWORKDIR /var/www/html\nCOPY . .\n"
                         "RUN apt-get update && \\\n    apt-get install -y git\nEXPOSE 80\n");
  CHECK(d.severity == Severity::medium);
  CHECK(d.evidence.snippet.starts_with("FROM php:8.2-apache"));
  const Finding s =
      only("/Dockerfile", "FROM node:20\nENV NPM_TOKEN abcdef123456789\nCMD [\"node\"]\n");
  CHECK(s.severity == Severity::high);
  none("/Dockerfile", "From the makers of fine software\nRun fast.\n");
}

TEST_CASE("exposed-config: .htpasswd, .htaccess and private keys") {
  const Finding h = only("/.htpasswd",
                         "admin:$apr1$x8Kz1mQ2$Hq1wY3nQm1uT0Lr6w2uY11\n"
                         "bob:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n");
  CHECK(h.severity == Severity::high);
  CHECK(h.evidence.snippet == "admin:$apr1$****\nbob:{SHA}****");
  none("/.htpasswd", "admin:password\n");

  const Finding a = only("/.htaccess",
                         "RewriteEngine On\nRewriteCond %{REQUEST_FILENAME} !-f\n"
                         "RewriteRule ^ index.php [L]\n");
  CHECK(a.severity == Severity::medium);

  const Finding k =
      only("/id_rsa",
           "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAE\n"
           "-----END OPENSSH PRIVATE KEY-----\n",
           "application/octet-stream");
  CHECK(k.severity == Severity::high);
  CHECK(k.evidence.snippet == "-----BEGIN OPENSSH PRIVATE KEY-----");
  CHECK(k.exchange.body_snippet == "-----BEGIN OPENSSH PRIVATE KEY-----");
  none("/server.key", "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkq\n-----END PUBLIC KEY-----\n");
}

TEST_CASE("exposed-config: .bash_history and .DS_Store") {
  const Finding b = only("/.bash_history",
                         "cd /var/www\nls -la\nmysql -u root -pT0pSecret shop\nvim .env\nexit\n");
  CHECK(b.severity == Severity::high);
  CHECK(b.evidence.snippet.find("-pT0****") != std::string::npos);
  CHECK(b.evidence.snippet.find("T0pSecret") == std::string::npos);

  std::string ds("\0\0\0\1Bud1\0\0\x10\0", 12);
  ds += std::string(20, '\0');
  const std::string name = "backup.zip";
  ds += std::string("\0\0\0", 3) + static_cast<char>(name.size());
  for (char c : name) ds += std::string(1, '\0') + c;
  ds += "Ilocblob";
  ds += std::string(16, '\0');
  const Finding d = only("/.DS_Store", ds, "application/octet-stream");
  CHECK(d.severity == Severity::medium);
  CHECK(d.evidence.snippet.find("backup.zip") != std::string::npos);
}

TEST_CASE("exposed-config: every file needs its own format") {
  // A JSON status page at /.env, an HTML page at every name, prose.
  none("/.env", "{\"a\":1}");
  none("/.env", "<!DOCTYPE html><html><body>A=1\nB=2\nC=3\n</body></html>", "text/html");
  none("/.env", "A=1\nB=2\nThis is a sentence.\nAnother sentence here.\n");
  none("/.aws/credentials", "[default]\nregion = us-east-1\n");
  none("/docker-compose.yml", "services: none\n");
  none("/.bash_history", "Hello world\nthis is text\nnothing else\n");
  none("/web.config", "<configuration/>");
  none("/id_rsa", "-----BEGIN RSA PRIVATE KEY-----");
}

TEST_CASE("exposed-config: no findings from soft-404 servers") {
  for (auto mode : testing::kAllSoft404) {
    CAPTURE(static_cast<int>(mode));
    FakeFetcher fetcher;
    testing::install_soft404(fetcher, mode);
    CHECK(run(fetcher).empty());
  }
}

TEST_CASE("exposed-config: request budget") {
  FakeFetcher fetcher;
  run(fetcher);
  // 31 probes and 14 calibrated (directory, class) profiles of 2 requests each.
  CHECK(fetcher.requested.size() == 31 + 28);
}

}  // namespace
}  // namespace gapscan
