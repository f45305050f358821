#include <doctest/doctest.h>

#include <string>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::run_passive;

std::vector<Finding> run_body(std::string_view body,
                              std::string_view content_type = "text/html; charset=utf-8") {
  const auto check = make_email_disclosure();
  return run_passive(*check, "https://shop.acme.io/contact",
                     "HTTP/1.1 200 OK\r\nContent-Type: " + std::string(content_type) + "\r\n\r\n" +
                         std::string(body));
}

TEST_CASE("email-disclosure: addresses in HTML, text and JSON") {
  const auto html = run_body("<html>\n<p>Contact <a href=\"mailto:Jane.Doe@Acme.io\">Jane</a></p>");
  REQUIRE(html.size() == 1);
  const Finding& f = html[0];
  CHECK(f.check_id == "email-disclosure");
  CHECK(f.severity == Severity::info);
  CHECK(f.per_origin);
  CHECK(f.key == "jane.doe@acme.io");
  CHECK(f.evidence.line == 2);
  CHECK(f.evidence.snippet.find("Jane.Doe@Acme.io") != std::string::npos);
  CHECK(run_body("{\"owner\":\"ops+alerts@corp.acme.co.uk\"}", "application/json")[0].key ==
        "ops+alerts@corp.acme.co.uk");
  CHECK(run_body("maintainer: bob_smith@mail.acme-corp.com\n", "text/plain").size() == 1);
}

TEST_CASE("email-disclosure: each address once per response") {
  const auto findings = run_body("<p>a@acme.io b@acme.io A@ACME.IO a@acme.io</p>");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].key == "a@acme.io");
  CHECK(findings[1].key == "b@acme.io");
}

TEST_CASE("email-disclosure: reserved domains and look-alikes are ignored") {
  for (std::string_view body :
       {"<p>user@example.com, admin@mail.example.org, x@example.net</p>",
        "<p>dev@app.test and nobody@nowhere.invalid and me@host.localhost</p>",
        "<img src=\"/img/logo@2x.png\"><img srcset=\"icon@3x.webp 3x\">",
        "<script src=\"https://cdn.jsdelivr.net/npm/bootstrap@4.6.0/dist/js/b.js\"></script>",
        "<style>@media (max-width: 600px) {}</style><p>@handle</p>",
        "<p>git clone git@github.com:acme/repo.git</p>",
        "<p>https://abc123@o123.ingest.sentry.io/42</p>", "<p>user@localhost</p>",
        "<p>a@b.c</p>"}) {
    CAPTURE(body);
    CHECK(run_body(body).empty());
  }
}

TEST_CASE("email-disclosure: scripts, stylesheets and binaries are not inspected") {
  CHECK(run_body("/* author: dev@acme.io */", "application/javascript").empty());
  CHECK(run_body("/* author: dev@acme.io */", "text/css").empty());
  CHECK(run_body("dev@acme.io", "image/png").empty());
}

TEST_CASE("email-disclosure: a flood of '@' stays bounded") {
  std::string body(300000, '@');
  CHECK(run_body(body).empty());
  std::string many;
  for (int i = 0; i < 100; ++i) many += "u" + std::to_string(i) + "@acme.io ";
  CHECK(run_body(many).size() == 20);
}

}  // namespace
}  // namespace gapscan
