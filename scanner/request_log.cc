#include "scanner/request_log.h"

#include <cstdio>

#include "scanner/base/text.h"

namespace gapscan {

namespace {

bool carries_credentials(std::string_view name) {
  const std::string n = to_lower(name);
  if (n == "cookie" || n == "set-cookie" || n == "authorization" || n == "proxy-authorization") {
    return true;
  }
  for (std::string_view part : {"token", "secret", "key", "session", "auth", "password"}) {
    if (n.find(part) != std::string::npos) return true;
  }
  return false;
}

void add_headers(std::string& out, const HeaderList& headers, const char* arrow) {
  for (const Header& h : headers) {
    out += "\n  ";
    out += arrow;
    out += " " + printable_snippet(h.name, 200) + ": ";
    out += carries_credentials(h.name) ? "<masked>" : printable_snippet(h.value, 400);
  }
}

}  // namespace

std::string request_log_entry(const Exchange& ex, RequestLogDetail detail) {
  char timing[64];
  std::snprintf(timing, sizeof timing, " %.0fms %lluB", ex.timings.total_ms,
                static_cast<unsigned long long>(ex.response.body_bytes_received));
  std::string out = (ex.request.method.empty() ? std::string("GET") : ex.request.method) + " " +
                    printable_snippet(ex.request.url, 2000) + " ";
  out += ex.ok() ? std::to_string(ex.response.status)
                 : "error (" + printable_snippet(ex.error, 300) + ")";
  out += timing;
  if (detail == RequestLogDetail::headers) {
    add_headers(out, ex.request.headers, ">");
    if (ex.ok()) add_headers(out, ex.response.headers, "<");
  }
  return out;
}

}  // namespace gapscan
