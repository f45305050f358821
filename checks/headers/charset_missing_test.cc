#include <doctest/doctest.h>

#include <string>

#include "checks/common/all_checks.h"
#include "test/checks/headers_testing.h"

namespace gapscan {
namespace {

using headers_testing::run;

constexpr std::string_view kUrl = "https://example.com/";

std::vector<Finding> run_ct(const PassiveCheck& check, std::string_view content_type,
                            std::string_view body) {
  return run(check, kUrl,
             "HTTP/1.1 200 OK\r\nContent-Type: " + std::string(content_type) + "\r\n\r\n" +
                 std::string(body));
}

TEST_CASE("charset-missing: HTML without charset anywhere") {
  const auto check = make_charset_missing();
  const auto findings =
      run_ct(*check, "text/html", "<html><head><title>t</title></head><body>x</body></html>");
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "charset-missing");
  CHECK(f.severity == Severity::info);
  CHECK(f.per_origin);
  CHECK(f.evidence.header_name == "Content-Type");
  CHECK(f.evidence.header_value == "text/html");
  CHECK(f.evidence.note.find("<meta charset>") != std::string::npos);
  CHECK(f.message.find("text/html") != std::string::npos);
}

TEST_CASE("charset-missing: charset in Content-Type, <meta>, or a BOM") {
  const auto check = make_charset_missing();
  CHECK(run_ct(*check, "text/html; charset=UTF-8", "<p>x</p>").empty());
  CHECK(run_ct(*check, "text/html;charset=\"utf-8\"", "<p>x</p>").empty());
  CHECK(run_ct(*check, "text/html", "<!doctype html><html><head><META CharSet=utf-8>").empty());
  CHECK(run_ct(*check, "text/html",
               "<html><head><meta http-equiv=\"Content-Type\" "
               "content=\"text/html; charset=iso-8859-1\"></head></html>")
            .empty());
  CHECK(run_ct(*check, "text/html", "\xEF\xBB\xBF<p>x</p>").empty());
  CHECK(run_ct(*check, "text/css", "@charset \"utf-8\";\nbody{}").empty());
  CHECK(run_ct(*check, "text/xml", "<?xml version=\"1.0\" encoding=\"utf-8\"?><a/>").empty());
}

TEST_CASE("charset-missing: <meta charset> after the first 1024 bytes is too late") {
  const auto check = make_charset_missing();
  const std::string late =
      "<html><head><!--" + std::string(1100, 'x') + "--><meta charset=\"utf-8\"></head></html>";
  CHECK(run_ct(*check, "text/html", late).size() == 1);
}

TEST_CASE("charset-missing: other text types") {
  const auto check = make_charset_missing();
  const auto plain = run_ct(*check, "text/plain", "hello");
  REQUIRE(plain.size() == 1);
  CHECK(plain[0].message.find("text/plain") != std::string::npos);
  CHECK(run_ct(*check, "text/css", "body{}").size() == 1);
  CHECK(run_ct(*check, "text/javascript", "var a;").size() == 1);
  CHECK(run_ct(*check, "text/plain; charset=us-ascii", "hello").empty());
}

TEST_CASE("charset-missing: non-text, empty body and non-2xx are not findings") {
  const auto check = make_charset_missing();
  CHECK(run_ct(*check, "application/json", "{}").empty());
  CHECK(run_ct(*check, "image/svg+xml", "<svg/>").empty());
  CHECK(run_ct(*check, "text/html", "").empty());
  CHECK(run(*check, kUrl, "HTTP/1.1 200 OK\r\n\r\nno type").empty());
  CHECK(run(*check, kUrl, "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\nx").empty());
}

}  // namespace
}  // namespace gapscan
