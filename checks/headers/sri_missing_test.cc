#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
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
  CHECK_FALSE(findings[0].per_origin);
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

}  // namespace
}  // namespace gapscan
