#include <doctest/doctest.h>

#include <string>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

std::vector<Finding> run_body(std::string_view body,
                              std::string_view content_type = "text/html;charset=UTF-8",
                              std::string_view status = "200 OK") {
  const auto check = make_directory_listing();
  const std::string raw = "HTTP/1.1 " + std::string(status) +
                          "\r\nContent-Type: " + std::string(content_type) + "\r\n\r\n" +
                          std::string(body);
  return run_passive(*check, "http://example.com/files/", raw);
}

constexpr std::string_view kApache =
    "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n"
    "<html>\n"
    " <head>\n"
    "  <title>Index of /files</title>\n"
    " </head>\n"
    " <body>\n"
    "<h1>Index of /files</h1>\n"
    "<ul><li><a href=\"/\"> Parent Directory</a></li>\n"
    "<li><a href=\"backup.zip\"> backup.zip</a></li>\n"
    "</ul>\n"
    "</body></html>\n";

constexpr std::string_view kNginx =
    "<html>\r\n<head><title>Index of /files/</title></head>\r\n<body>\r\n"
    "<h1>Index of /files/</h1><hr><pre><a href=\"../\">../</a>\r\n"
    "<a href=\"a.txt\">a.txt</a>                                              01-Jan-2024 00:00"
    "      12\r\n</pre><hr></body>\r\n</html>\r\n";

TEST_CASE("directory-listing: Apache") {
  const auto findings = run_body(kApache);
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "directory-listing");
  CHECK(f.severity == Severity::medium);
  CHECK_FALSE(f.per_origin);
  CHECK(f.evidence.line == 4);
  CHECK(f.evidence.snippet == "<title>Index of /files</title>");
  CHECK(f.message.find("Apache") != std::string::npos);
}

TEST_CASE("directory-listing: Apache's sorted views are the same listing") {
  const auto check = make_directory_listing();
  const std::string raw =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + std::string(kApache);
  const auto sorted = run_passive(*check, "http://example.com/files/?C=D;O=A", raw);
  REQUIRE(sorted.size() == 1);
  CHECK(sorted[0].url == "http://example.com/files/");
}

TEST_CASE("directory-listing: nginx autoindex") {
  const auto findings = run_body(kNginx);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message.find("nginx") != std::string::npos);
  CHECK(findings[0].evidence.line == 2);
  CHECK(findings[0].evidence.snippet == "<head><title>Index of /files/</title></head>");
}

TEST_CASE("directory-listing: IIS, lighttpd, Python, Tomcat, Jetty") {
  struct Case {
    std::string_view server;
    std::string_view body;
    int line;
  };
  const Case cases[] = {
      {"IIS",
       "<html><head><title>example.com - /files/</title></head><body><H1>example.com - "
       "/files/</H1><hr>\n\n<pre><A HREF=\"/\">[To Parent Directory]</A><br><br>\n</pre>",
       3},
      {"lighttpd",
       "<!DOCTYPE html>\n<html>\n<head>\n<title>Index of /files/</title>\n</head>\n<body>\n"
       "<h2>Index of /files/</h2>\n<div class=\"list\">\n<table></table></div>",
       4},
      {"Python http.server",
       "<!DOCTYPE HTML>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
       "<title>Directory listing for /files/</title>\n</head>\n<body>\n"
       "<h1>Directory listing for /files/</h1>\n<hr>\n<ul>\n</ul>",
       5},
      {"Tomcat",
       "<html>\n<head>\n<title>Directory Listing For [/files/]</title>\n</head>\n"
       "<body><h1>Directory Listing For [/files/]</h1></body></html>",
       3},
      {"Tomcat", "<html><head><title>Apache Tomcat/7.0.109 - Directory Listing For /</title>", 1},
      {"Jetty",
       "<HTML><HEAD>\n<TITLE>Directory: /files/</TITLE>\n</HEAD><BODY>\n"
       "<H1>Directory: /files/</H1>",
       2},
  };
  for (const Case& c : cases) {
    CAPTURE(c.server);
    const auto findings = run_body(c.body);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message.find(c.server) != std::string::npos);
    CHECK(findings[0].evidence.line == c.line);
    CHECK_FALSE(findings[0].evidence.snippet.empty());
  }
}

TEST_CASE("directory-listing: Express serve-index and nginx fancyindex") {
  // serve-index 1.9.1's public/directory.html and createHtmlFileList (npm), as an app serves
  // its /ftp folder.
  const auto express = run_body(
      "<!DOCTYPE html>\n<html>\n  <head>\n    <meta charset='utf-8'>\n"
      "    <title>listing directory /ftp</title>\n  </head>\n  <body class=\"directory\">\n"
      "    <input id=\"search\" type=\"text\" placeholder=\"Search\" autocomplete=\"off\" />\n"
      "    <div id=\"wrapper\">\n      <h1><a href=\"/\">~</a> / <a href=\"/ftp\">ftp</a></h1>\n"
      "<ul id=\"files\" class=\"view-tiles\"><li><a href=\"/ftp/acquisitions.md\" "
      "class=\"icon icon-md\" title=\"acquisitions.md\"><span class=\"name\">acquisitions.md"
      "</span></a></li></ul>\n    </div>\n  </body>\n</html>");
  REQUIRE(express.size() == 1);
  CHECK(express[0].message == "Directory listing generated by Express serve-index is exposed");
  CHECK(express[0].evidence.snippet.find("listing directory /ftp") != std::string::npos);
  // ngx-fancyindex 0.5.2 (Debian's libnginx-mod-http-fancyindex): h1 "Index of:", a table.
  const auto fancy = run_body(
      "<!DOCTYPE html>\n<html>\n<head><meta name=\"viewport\" content=\"width=device-width\"/>"
      "<meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\"/>"
      "<title>Index of /files/</title>\n</head><body><h1>Index of:\n/files/</h1>\n"
      "<table id=\"list\"><thead><tr><th style=\"width:55%\"><a href=\"?C=N&amp;O=A\">File "
      "Name</a></th></tr></thead>\n<tbody>\n<tr><td class=\"link\"><a href=\"../\">Parent "
      "directory/</a></td></tr></tbody></table></body></html>");
  REQUIRE(fancy.size() == 1);
  CHECK(fancy[0].message.find("nginx fancyindex") != std::string::npos);
  // A page titled like a serve-index listing, without its file list, is not one.
  CHECK(run_body("<title>listing directory /docs</title><p>How we list directories</p>").empty());
}

TEST_CASE("directory-listing: pages that merely mention listings") {
  CHECK(run_body("<html><head><title>Index of topics</title></head><body><h1>Index of "
                 "topics</h1><p>Parent Directory</p></body></html>")
            .empty());
  CHECK(run_body("<html><head><title>Docs</title></head><body><p>Apache shows \"Index of /\" "
                 "and a Parent Directory link when autoindex is on.</p></body></html>")
            .empty());
  CHECK(run_body("<html><head><title>Tomcat help</title></head><body><p>It says "
                 "Directory Listing For / and Directory: / in Jetty</p></body></html>")
            .empty());
  // Title alone, without the h1 or parent link, is not enough.
  CHECK(run_body("<html><head><title>Index of /blog</title></head><body>posts</body></html>")
            .empty());
}

TEST_CASE("directory-listing: a body repeating the markers without tags stays linear") {
  std::string body = "<p>";
  for (int i = 0; i < 20000; ++i) body += "Index of /x Directory: / ";
  CHECK(run_body(body).empty());
}

TEST_CASE("directory-listing: only 2xx HTML") {
  CHECK(run_body(kApache, "text/plain").empty());
  CHECK(run_body(kApache, "text/html", "404 Not Found").empty());
  CHECK(run_body(kApache, "text/html", "403 Forbidden").empty());
}

}  // namespace
}  // namespace gapscan
