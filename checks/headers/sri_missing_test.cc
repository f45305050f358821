#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/collect_testing.h"
#include "test/checks/page_testing.h"

namespace gapscan {
namespace {

using pageutil::testing::run_raw;

TEST_CASE("sri-missing: cross-origin script and stylesheet without integrity") {
  const auto check = make_sri_missing();
  const auto findings =
      run_raw(*check, "https://example.com/",
              "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
              "<html><head>\n"
              "<script src=\"https://cdn.example.net/jquery.min.js\"></script>\n"
              "<link rel=\"stylesheet\" href=\"//fonts.example.org/css?family=x\">\n"
              "<script src=\"https://cdn.example.net/ok.js\" integrity=\"sha384-abc\" "
              "crossorigin=anonymous></script>\n"
              "<script src=\"/local.js\"></script><script>inline()</script>\n"
              "<link rel=icon href=\"https://cdn.example.net/favicon.ico\">\n");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].check_id == "sri-missing");
  CHECK(findings[0].severity == Severity::low);
  CHECK(findings[0].per_origin);
  CHECK(findings[0].key == "https://cdn.example.net/jquery.min.js");
  CHECK(findings[0].evidence.line == 2);
  CHECK(findings[0].evidence.snippet ==
        "<script src=\"https://cdn.example.net/jquery.min.js\"></script>");
  CHECK(findings[1].key == "https://fonts.example.org/css?family=x");
  CHECK(findings[1].evidence.line == 3);
  CHECK(findings[1].evidence.note.starts_with("cross-origin stylesheet"));
}

TEST_CASE("sri-missing: same-origin, another port is cross-origin, non-2xx and non-HTML") {
  const auto check = make_sri_missing();
  CHECK(run_raw(*check, "https://example.com/a/",
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                "<script src=\"https://example.com/x.js\"></script>"
                "<script src=\"../y.js\"></script>")
            .empty());
  CHECK(run_raw(*check, "https://example.com/",
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                "<script src=\"https://example.com:8443/x.js\"></script>")
            .size() == 1);
  CHECK(run_raw(*check, "https://example.com/",
                "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n"
                "<script src=\"https://cdn.example.net/x.js\"></script>")
            .empty());
  CHECK(run_raw(*check, "https://example.com/",
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n"
                "<script src=\"https://cdn.example.net/x.js\"></script>")
            .empty());
}

TEST_CASE("sri-missing: one finding per origin and external resource") {
  const auto check = make_sri_missing();
  auto page = [](std::string_view scripts) {
    return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><head>" + std::string(scripts) +
           "</head></html>";
  };
  const std::string jquery = "<script src=\"https://cdn.example.net/jquery.min.js\"></script>";
  const std::string font = "<link rel=stylesheet href=\"https://fonts.example.org/x.css\">";
  const auto findings =
      collect_testing::collect(*check, {
                                           {"https://example.com/b", page(jquery)},
                                           {"https://example.com/a", page(jquery + font)},
                                           {"https://example.com/assets/assets/c", page(jquery)},
                                       });
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].key == "https://cdn.example.net/jquery.min.js");
  CHECK(findings[0].url == "https://example.com/a");
  CHECK(findings[0].affected_count == 3);
  CHECK(findings[0].affected_urls.size() == 3);
  CHECK(findings[1].key == "https://fonts.example.org/x.css");
  CHECK(findings[1].affected_count == 1);
  CHECK(findings[0].fingerprint != findings[1].fingerprint);
}

}  // namespace
}  // namespace gapscan
