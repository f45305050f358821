// Hostile endpoints (--hostile): responses that break parsers, exhaust memory or time.
// Most are raw bytes so that Beast's serializer cannot "fix" them.
#include <string>

#include "examples/testbed/site.h"

namespace testbed {
namespace {

using namespace std::string_literals;

std::string Head(std::string_view status, std::string_view extra) {
  return "HTTP/1.1 "s + std::string(status) + "\r\nDate: " + HttpDate() +
         "\r\nServer: testbed\r\n" + std::string(extra);
}

std::string WithBody(std::string head, std::string_view body) {
  return head + "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
         std::string(body);
}

Reply Raw(Reply::Kind kind, std::string raw) {
  Reply r;
  r.kind = kind;
  r.raw = std::move(raw);
  return r;
}

}  // namespace

Reply Site::Hostile(std::string_view path) const {
  if (path == "/hostile/bad-utf8") {
    // Literals are split so "\xFF" is not merged with following hex digits.
    std::string body = "<html><head><title>bad utf-8</title></head><body><p>"s +
                       "truncated: \xC3\x28 invalid: \xFF\xFE lone continuation: \x80\xBF"
                       " nul: "s +
                       "\0"s + "x\0y"s + "</p></body></html>\n";
    std::string weird = "X-Weird: a\xFF\xFE"s + "\0"s + "b\r\n";
    return Raw(Reply::Kind::kRaw,
               WithBody(Head("200 OK", "Content-Type: text/html\r\n" + weird), body));
  }
  if (path == "/hostile/bad-bytes-evidence") {
    // Bytes libcurl lets through (it refuses NUL in headers) and that end up as evidence:
    // a versioned Server banner with invalid UTF-8, and a directory listing whose body carries
    // NUL bytes and invalid UTF-8 on the matched lines.
    std::string body = "<html><head><title>Index of /hostile/bad-bytes-evidence \xFF\xC3\x28"s +
                       "\0"s + "</title></head>\n<body><h1>Index of /hostile/bad-bytes-evidence "s +
                       "\x80\xBF"s + "\0"s + "x</h1>\n<a href=\"../\">Parent Directory</a>\n"s +
                       "</body></html>\n";
    std::string head = "HTTP/1.1 200 OK\r\nDate: "s + HttpDate() +
                       "\r\nServer: Apache/2.4.41 \xFF\xFE\xC3\x28\r\nContent-Type: text/html\r\n";
    return Raw(Reply::Kind::kRaw, WithBody(head, body));
  }
  if (path == "/hostile/malformed-headers") {
    std::string extra =
        "Content-Type: text/html; charset=utf-8\r\n"
        "ThisHeaderLineHasNoColon\r\n"
        "X-Spaced-Name   : value\r\n"
        "X-Huge: " +
        std::string(20 * 1024, 'A') + "\r\n";
    return Raw(Reply::Kind::kRaw,
               WithBody(Head("200 OK", extra),
                        "<html><body><p>malformed headers above</p></body></html>\n"));
  }
  if (path == "/hostile/huge-body") {
    return Raw(Reply::Kind::kHugeBody,
               Head("200 OK", "Content-Type: text/html; charset=utf-8\r\nContent-Length: " +
                                  std::to_string(kHugeBodySize) + "\r\nConnection: close\r\n\r\n"));
  }
  if (path == "/hostile/endless") {
    return Raw(Reply::Kind::kEndless,
               Head("200 OK",
                    "Content-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n"
                    "Connection: close\r\n\r\n"));
  }
  if (path == "/hostile/gzip-bomb") {
    return Raw(
        Reply::Kind::kRaw,
        WithBody(
            Head("200 OK", "Content-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n"),
            gzip_bomb_));
  }
  if (path == "/hostile/redirect-loop" || path == "/hostile/redirect-loop-b") {
    Reply r = Redirect(302, path == "/hostile/redirect-loop" ? "/hostile/redirect-loop-b"
                                                             : "/hostile/redirect-loop");
    return r;  // a normal reply; common headers are added by Handle()
  }
  if (path == "/hostile/hang") return Raw(Reply::Kind::kHang, "");
  if (path == "/hostile/slow-headers") return Raw(Reply::Kind::kSlowHeaders, "HTTP/1.1 200 OK\r\n");
  return Html(404, "Not Found", "<p>The requested URL was not found on this server.</p>");
}

}  // namespace testbed
