// The testbed web site: routing and page content, independent of the network code.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "examples/testbed/options.h"

namespace testbed {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;
  std::string target;
  HeaderList headers;
  std::string body;
  bool tls = false;
  uint16_t port = 0;  // local (listener) port

  // First header named `name` (case-insensitive), or "".
  std::string_view Header(std::string_view name) const;
};

struct Reply {
  enum class Kind {
    kNormal,       // status/headers/body, serialized by Beast (Content-Length added there)
    kRaw,          // `raw` written verbatim, then the connection is closed
    kHugeBody,     // `raw` head, then kHugeBodySize bytes of filler
    kEndless,      // `raw` head, then 16 KiB chunks until the client leaves
    kHang,         // no answer at all; wait for the client to give up
    kSlowHeaders,  // `raw` status line, then one header byte per second
  };
  Kind kind = Kind::kNormal;
  int status = 200;
  HeaderList headers;
  std::string body;
  std::string raw;
  bool close = false;  // close the connection after a normal reply
};

inline constexpr size_t kHugeBodySize = 20u << 20;  // 20 MiB

class Site {
 public:
  explicit Site(const Options& opt);

  Reply Handle(const Request& req) const;

  // Raw error answer for a request that could not be parsed (then the connection closes).
  std::string RawError(int status) const;

 private:
  Reply Route(const Request& req, std::string_view path, std::string_view query) const;
  Reply Hostile(std::string_view path) const;
  Reply Home(const Request& req) const;
  Reply Html(int status, std::string_view title, std::string_view body_html) const;
  Reply Redirect(int status, std::string_view location) const;
  void AddCommonHeaders(const Request& req, Reply& r) const;
  bool Flaw(std::string_view id) const { return opt_.HasFlaw(id); }

  const Options& opt_;
  std::string gzip_bomb_;  // precomputed when --hostile
};

// Helpers shared with the server and tests.
std::string HtmlEscape(std::string_view s);
std::string HttpDate();
std::string RandomHex(size_t bytes);

}  // namespace testbed
