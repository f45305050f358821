#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/collect_testing.h"
#include "test/checks/page_testing.h"

namespace gapscan {
namespace {

using pageutil::testing::run_raw;

TEST_CASE("mixed-content: active content is medium, passive content low") {
  const auto check = make_mixed_content();
  const auto findings =
      run_raw(*check, "https://example.com/",
              "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
              "<html><head>\n"
              "<script src=\"http://cdn.example.net/app.js\"></script>\n"
              "<link rel=stylesheet href=\"http://cdn.example.net/s.css\">\n"
              "</head><body>\n"
              "<img src=\"http://img.example.net/a.png\">\n"
              "<iframe src=\"http://widgets.example.net/w\"></iframe>\n"
              "<form method=post action=\"http://example.com/send\"><input name=a></form>\n"
              "<video src=\"http://img.example.net/v.mp4\"></video>\n"
              "<a href=\"http://example.org/\">a plain link</a>\n"
              "<link rel=canonical href=\"http://example.com/\">\n");
  REQUIRE(findings.size() == 6);
  CHECK(findings[0].check_id == "mixed-content");
  CHECK(findings[0].key == "http://cdn.example.net/app.js");
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].evidence.line == 2);
  CHECK(findings[0].evidence.snippet == "<script src=\"http://cdn.example.net/app.js\"></script>");
  CHECK(findings[0].evidence.note ==
        "script loaded over plain HTTP: http://cdn.example.net/app.js");
  CHECK(findings[1].key == "http://cdn.example.net/s.css");
  CHECK(findings[1].severity == Severity::medium);
  CHECK(findings[1].evidence.note.starts_with("stylesheet"));
  CHECK(findings[2].key == "http://img.example.net/a.png");
  CHECK(findings[2].severity == Severity::low);
  CHECK(findings[2].evidence.line == 5);
  CHECK(findings[3].key == "http://widgets.example.net/w");
  CHECK(findings[3].severity == Severity::medium);
  CHECK(findings[4].key == "http://img.example.net/v.mp4");
  CHECK(findings[4].severity == Severity::low);
  CHECK(findings[5].key == "http://example.com/send");
  CHECK(findings[5].severity == Severity::medium);
  CHECK(findings[5].evidence.line == 7);
}

TEST_CASE("mixed-content: one finding per URL, at the highest severity") {
  const auto check = make_mixed_content();
  const auto findings = run_raw(*check, "https://example.com/",
                                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                                "<img src=\"http://x.example.net/f\">"
                                "<iframe src=\"http://x.example.net/f\"></iframe>"
                                "<img srcset=\"http://x.example.net/f 2x\">");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].evidence.note.starts_with("iframe"));
}

TEST_CASE("mixed-content: HTTP pages, https resources, upgrade-insecure-requests") {
  const auto check = make_mixed_content();
  const char* body = "<script src=\"http://cdn.example.net/app.js\"></script>";
  CHECK(run_raw(*check, "http://example.com/",
                std::string("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n") + body)
            .empty());
  CHECK(run_raw(*check, "https://example.com/",
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                "<script src=\"//cdn.example.net/app.js\"></script><img src=/a.png>"
                "<a href=\"http://example.org/\">x</a>")
            .empty());
  CHECK(run_raw(*check, "https://example.com/",
                std::string("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                            "Content-Security-Policy: default-src 'self'; "
                            "Upgrade-Insecure-Requests\r\n\r\n") +
                    body)
            .empty());
  CHECK(run_raw(*check, "https://example.com/",
                std::string("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                            "<meta http-equiv=\"Content-Security-Policy\" "
                            "content=\"upgrade-insecure-requests\">") +
                    body)
            .empty());
  // Report-Only does not upgrade anything.
  CHECK(run_raw(*check, "https://example.com/",
                std::string("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                            "Content-Security-Policy-Report-Only: upgrade-insecure-requests"
                            "\r\n\r\n") +
                    body)
            .size() == 1);
}

TEST_CASE("mixed-content: one finding per origin and insecure resource") {
  const auto check = make_mixed_content();
  auto page = [](std::string_view body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + std::string(body);
  };
  const std::string script = "<script src=\"http://cdn.example.net/app.js\"></script>";
  const std::string image = "<img src=\"http://img.example.net/a.png\">";
  const auto findings =
      collect_testing::collect(*check, {
                                           {"https://example.com/b", page(script)},
                                           {"https://example.com/a", page(script)},
                                           {"https://example.com/c", page(image)},
                                       });
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].key == "http://cdn.example.net/app.js");
  CHECK(findings[0].affected_count == 2);
  CHECK(findings[1].key == "http://img.example.net/a.png");
  CHECK(findings[1].affected_count == 1);
}

}  // namespace
}  // namespace gapscan
