#include <doctest/doctest.h>

#include <set>

#include "checks/common/all_checks.h"
#include "test/checks/exposure_testing.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::raw_response;
using testing::text_200;
using testing::url_of;

CrawledPage page(std::string_view path, std::string media = "text/html", long status = 200) {
  CrawledPage p;
  p.url = url_of(path);
  p.status = status;
  p.media_type = std::move(media);
  return p;
}

std::vector<Finding> run(FakeFetcher& fetcher, std::vector<CrawledPage> pages = {},
                         const CheckSettings* settings = nullptr) {
  const auto check = make_exposed_backup();
  return testing::run_active(*check, fetcher, std::move(pages), settings);
}

const char* const kDump =
    "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n--\n-- Host: localhost    "
    "Database: shop\n\nDROP TABLE IF EXISTS `users`;\nCREATE TABLE `users` (\n  `id` int NOT "
    "NULL,\n  `email` varchar(255)\n);\nLOCK TABLES `users` WRITE;\nINSERT INTO `users` VALUES "
    "(1,'alice@example.com','$2y$10$abcdefghijklmnopqrstuv');\nUNLOCK TABLES;\n";

const char* const kAbout =
    "<!DOCTYPE html><html><head><title>About us</title></head><body><h1>About us</h1><p>We are "
    "a small family business selling handmade furniture since 1987. Every table and chair is "
    "built in our own workshop from locally grown oak and walnut.</p><p>Visit our showroom "
    "from Monday to Saturday.</p></body></html>";

TEST_CASE("exposed-backup: a MySQL dump is high, rows are not shown") {
  FakeFetcher fetcher;
  fetcher.responses[url_of("/backup.sql")] = text_200(kDump, "application/sql");
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "exposed-backup");
  CHECK(f.severity == Severity::high);
  CHECK(f.per_origin);
  CHECK(f.key == "/backup.sql");
  CHECK(f.url == url_of("/backup.sql"));
  CHECK(f.evidence.snippet ==
        "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\nCREATE TABLE `users` (\n"
        "INSERT INTO `users` VALUES ...");
  CHECK(f.message.find("MySQL dump, tables: users") != std::string::npos);
  CHECK(f.exchange.body_snippet.find("alice@") == std::string::npos);
}

TEST_CASE("exposed-backup: the host name dump and a PostgreSQL dump") {
  FakeFetcher fetcher;
  fetcher.responses[url_of("/example.com.sql")] = text_200(
      "--\n-- PostgreSQL database dump\n--\nSET statement_timeout = 0;\n"
      "CREATE TABLE public.orders (\n    id integer NOT NULL\n);\n"
      "COPY public.orders (id) FROM stdin;\n1\n\\.\n");
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].url == url_of("/example.com.sql"));
  CHECK(findings[0].message.find("PostgreSQL dump, tables: public.orders") != std::string::npos);
}

TEST_CASE("exposed-backup: text that mentions SQL is no dump") {
  FakeFetcher fetcher;
  fetcher.responses[url_of("/dump.sql")] = text_200("We do not keep dumps here. CREATE TABLE?");
  fetcher.responses[url_of("/db.sql")] = text_200(
      "<!DOCTYPE html><html><body><pre>\nCREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\n"
      "</pre></body></html>",
      "text/html");
  fetcher.responses[url_of("/database.sql")] = text_200("INSERT INTO x VALUES (1);\n");
  CHECK(run(fetcher).empty());
}

TEST_CASE("exposed-backup: archives by magic bytes") {
  FakeFetcher fetcher;
  std::string zip("PK\x03\x04\x14\0\0\0\x08\0", 10);
  zip += std::string(16, '\0');
  zip += std::string("\x0d\0\0\0", 4);  // name length 13, extra length 0
  zip += "wp-config.php";
  zip += "compressed data";
  fetcher.responses[url_of("/backup.zip")] = text_200(zip, "application/zip");
  fetcher.responses[url_of("/site.tar.gz")] =
      text_200(std::string("\x1f\x8b\x08\0\0\0\0\0\0\x03", 10) + "data", "application/gzip");
  std::string tar = "var/www/html/index.php";
  tar += std::string(512 - tar.size(), '\0');
  tar.replace(257, 5, "ustar");
  fetcher.responses[url_of("/example.com.tar.gz")] = text_200(tar, "application/x-tar");
  // An HTML page that happens to start with the zip magic is no archive.
  fetcher.responses[url_of("/example.com.zip")] = text_200("PK\x03\x04 <html>", "text/html");
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 3);
  std::set<std::string> urls;
  for (const Finding& f : findings) {
    urls.insert(f.url);
    CHECK(f.severity == Severity::high);
  }
  CHECK(urls == std::set<std::string>{url_of("/backup.zip"), url_of("/site.tar.gz"),
                                      url_of("/example.com.tar.gz")});
  for (const Finding& f : findings) {
    if (f.url == url_of("/backup.zip")) {
      CHECK(f.evidence.snippet == "PK\\x03\\x04 (zip archive, first entry wp-config.php)");
    }
    if (f.url == url_of("/example.com.tar.gz")) {
      CHECK(f.evidence.snippet == "ustar (tar archive, first entry var/www/html/index.php)");
    }
  }
}

TEST_CASE("exposed-backup: a backup directory listing") {
  FakeFetcher fetcher;
  fetcher.responses[url_of("/backup/")] = text_200(
      "<html><head><title>Index of /backup</title></head><body><h1>Index of /backup</h1><ul>"
      "<li><a href=\"/\"> Parent Directory</a></li><li><a href=\"shop-2024-01-15.sql.gz\">"
      "shop-2024-01-15.sql.gz</a></li><li><a href=\"site.tar.gz\">site.tar.gz</a></li>"
      "<li><a href=\"old/\">old/</a></li></ul></body></html>",
      "text/html");
  // /files/-style listings without backups are not this check's business.
  fetcher.responses[url_of("/backups/")] = text_200(
      "<html><head><title>Index of /backups</title></head><body><h1>Index of /backups</h1>"
      "<a href=\"notes.txt\">notes.txt</a></body></html>",
      "text/html");
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].url == url_of("/backup/"));
  CHECK(findings[0].severity == Severity::high);
  CHECK(findings[0].evidence.snippet == "Index of /backup\nshop-2024-01-15.sql.gz, site.tar.gz");
  CHECK(findings[0].message.find("2 backup files") != std::string::npos);
}

TEST_CASE("exposed-backup: a copy of a crawled page") {
  FakeFetcher fetcher;
  fetcher.responses[url_of("/about.html")] = text_200(kAbout, "text/html");
  fetcher.responses[url_of("/about.html.bak")] = text_200(kAbout, "application/octet-stream");
  const auto findings = run(fetcher, {page("/about.html"), page("/")});
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.url == url_of("/about.html.bak"));
  CHECK(f.key == "/about.html.bak");
  CHECK(f.severity == Severity::medium);
  CHECK(f.evidence.snippet == "<title>About us</title>");
  CHECK(f.message == "/about.html.bak is a backup copy of /about.html");
  CHECK(f.evidence.note.find("100% of its text matches /about.html") != std::string::npos);
}

TEST_CASE("exposed-backup: a PHP page's backup shows source") {
  FakeFetcher fetcher;
  fetcher.responses[url_of("/login.php")] = text_200(
      "<!DOCTYPE html><html><body><form method=post>...</form></body></html>", "text/html");
  fetcher.responses[url_of("/login.php~")] =
      text_200("<?php\nrequire 'db.php';\n$password = 'db-Secret-123';\nsession_start();\n");
  const auto findings = run(fetcher, {page("/login.php")});
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.url == url_of("/login.php~"));
  CHECK(f.severity == Severity::medium);
  CHECK(f.message.find("shows its source code") != std::string::npos);
  CHECK(f.evidence.snippet == "<?php\nrequire 'db.php';\n$password = 'db****';");
  CHECK(f.exchange.body_snippet.find("db-Secret-123") == std::string::npos);
}

TEST_CASE("exposed-backup: a different page at the backup name is no copy") {
  FakeFetcher fetcher;
  fetcher.responses[url_of("/about.html")] = text_200(kAbout, "text/html");
  fetcher.responses[url_of("/about.html.old")] = text_200(testing::kExposureHome, "text/html");
  CHECK(run(fetcher, {page("/about.html")}).empty());
}

TEST_CASE("exposed-backup: a server that ignores suffixes (any /page.* is the page)") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& req) -> std::optional<std::string> {
    if (req.url.starts_with(url_of("/about"))) return text_200(kAbout, "text/html");
    return std::nullopt;
  };
  CHECK(run(fetcher, {page("/about")}).empty());
}

TEST_CASE("exposed-backup: a page that itself shows PHP source") {
  FakeFetcher fetcher;
  const std::string source = "<?php\necho 'hello';\n$x = 1;\n";
  fetcher.handler = [&](const HttpRequest& req) -> std::optional<std::string> {
    if (req.url.starts_with(url_of("/show.php"))) return text_200(source);
    return std::nullopt;
  };
  CHECK(run(fetcher, {page("/show.php", "text/plain")}).empty());
}

TEST_CASE("exposed-backup: no findings from soft-404 servers, pages included") {
  for (auto mode : testing::kAllSoft404) {
    CAPTURE(static_cast<int>(mode));
    FakeFetcher fetcher;
    fetcher.responses[url_of("/about.html")] = text_200(kAbout, "text/html");
    fetcher.responses[url_of("/")] = text_200(testing::kExposureHome, "text/html");
    fetcher.responses[url_of("/index.php")] = text_200(testing::kExposureHome, "text/html");
    testing::install_soft404(fetcher, mode);
    CHECK(run(fetcher, {page("/"), page("/about.html"), page("/index.php")}).empty());
  }
}

std::set<std::string> probed_pages(const FakeFetcher& fetcher) {
  std::set<std::string> probed;
  for (const std::string& u : fetcher.requested) {
    const std::string path = u.substr(url_of("").size());
    // Calibration names ("/shop/gs0123456789abcdef.bak") are not pages.
    if (path.ends_with(".bak") && path.find("/gs") == std::string::npos) {
      probed.insert(path.substr(0, path.size() - 4));
    }
  }
  return probed;
}

TEST_CASE("exposed-backup: page selection prefers server-side pages and skips assets") {
  const std::vector<CrawledPage> pages = {page("/docs/guide.html"),
                                          page("/static/app.js", "text/javascript"),
                                          page("/style.css", "text/css"),
                                          page("/shop/cart.php"),
                                          page("/about.html"),
                                          page("/search?q=x"),
                                          page("/files/"),
                                          page("/gone.html", "text/html", 404),
                                          page("/api/status", "application/json")};
  FakeFetcher all;
  run(all, pages);
  CHECK(probed_pages(all) ==
        std::set<std::string>{"/shop/cart.php", "/about.html", "/docs/guide.html"});
  FakeFetcher one;
  CheckSettings settings;
  settings.max_backup_pages = 1;
  run(one, pages, &settings);
  CHECK(probed_pages(one) == std::set<std::string>{"/shop/cart.php"});
}

TEST_CASE("exposed-backup: request budget") {
  FakeFetcher fetcher;
  std::vector<CrawledPage> pages;
  for (int i = 0; i < 30; ++i) {
    pages.push_back(page("/d" + std::to_string(i % 6) + "/p" + std::to_string(i) + ".html"));
  }
  run(fetcher, pages);
  // 12 fixed probes with 8 calibration requests; page copies with their calibration within
  // 7 x 10 + 14.
  CHECK(fetcher.requested.size() <= 20 + 84);
  CHECK(fetcher.requested.size() >= 20 + 77);

  FakeFetcher none;
  CheckSettings off;
  off.max_backup_pages = 0;
  run(none, pages, &off);
  CHECK(none.requested.size() == 20);
}

}  // namespace
}  // namespace gapscan
