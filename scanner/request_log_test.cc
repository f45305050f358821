#include "scanner/request_log.h"

#include <doctest/doctest.h>

namespace gapscan {
namespace {

Exchange exchange() {
  Exchange ex;
  ex.request.method = "GET";
  ex.request.url = "http://127.0.0.1:8080/admin/";
  ex.request.headers = {{"Cookie", "sid=s3cr3t-value"}, {"Accept", "text/html"}};
  ex.response.status = 302;
  ex.response.headers = {{"Location", "/login"},
                         {"Set-Cookie", "sid=fresh-s3cr3t; HttpOnly"},
                         {"X-Csrf-Token", "tok-123"}};
  ex.response.body_bytes_received = 512;
  ex.timings.total_ms = 12.4;
  return ex;
}

TEST_CASE("request log: one line per request; headers with credential values masked") {
  CHECK(request_log_entry(exchange(), RequestLogDetail::line) ==
        "GET http://127.0.0.1:8080/admin/ 302 12ms 512B");
  const std::string full = request_log_entry(exchange(), RequestLogDetail::headers);
  CHECK(full ==
        "GET http://127.0.0.1:8080/admin/ 302 12ms 512B\n"
        "  > Cookie: <masked>\n"
        "  > Accept: text/html\n"
        "  < Location: /login\n"
        "  < Set-Cookie: <masked>\n"
        "  < X-Csrf-Token: <masked>");
  CHECK(full.find("s3cr3t") == std::string::npos);
}

TEST_CASE("request log: transport errors and control bytes") {
  Exchange ex = exchange();
  ex.response = {};
  ex.error = "Connection refused";
  ex.request.url = "http://127.0.0.1:9/\x1b[2J";
  CHECK(request_log_entry(ex, RequestLogDetail::line) ==
        "GET http://127.0.0.1:9/\\x1B[2J error (Connection refused) 12ms 0B");
}

}  // namespace
}  // namespace gapscan
