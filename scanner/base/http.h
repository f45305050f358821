// HTTP data model shared by the engine, the crawler, the checks and the reporters.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gapscan {

struct Header {
  std::string name;
  std::string value;
};
using HeaderList = std::vector<Header>;

// Case-insensitive header lookups. Repeated headers (Set-Cookie) stay separate entries.
const std::string* find_header(const HeaderList& headers, std::string_view name);
std::vector<const std::string*> find_headers(const HeaderList& headers, std::string_view name);
bool has_header(const HeaderList& headers, std::string_view name);

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  HeaderList headers;  // extra headers beyond what libcurl adds (Host, Accept-Encoding)
  std::string body;
  // Send the URL's path exactly as written ("/./admin", "%2e"): no normalization by us or by
  // libcurl. Scope is still decided on the normalized URL.
  bool path_as_is = false;
  // Send none of the user's credential headers (--header, identity headers): for probes
  // that check what an anonymous visitor gets.
  bool without_credentials = false;
  // The body holds the user's credentials (a login's password): the request goes only to the
  // targets' own origins, like credential headers, whatever the scan's scope allows.
  bool credentials_in_body = false;
  // The request carries credentials: the user's credential headers, an identity's session
  // cookie or token, or a login (credentials_in_body implies it). Over https it is sent only
  // with the server's certificate verified (and libcurl's default TLS settings), unless the
  // user opted out with --insecure-credentials. Set by whoever adds the credentials.
  bool carries_credentials = false;

  bool with_credentials() const { return carries_credentials || credentials_in_body; }
};

struct TlsInfo {
  bool present = false;
  std::string protocol;  // e.g. "TLSv1.3"
  std::string cipher;
  std::string cert_subject;
  std::string cert_issuer;
  std::string cert_not_after;
  long verify_result = 0;  // X509 verify result code; 0 = trusted
};

struct Timings {
  double dns_ms = 0;
  double connect_ms = 0;
  double tls_ms = 0;
  double ttfb_ms = 0;
  double total_ms = 0;
};

struct HttpResponse {
  long status = 0;           // 0 when no response was received
  std::string http_version;  // "HTTP/1.1"
  std::string reason;        // reason phrase as sent
  HeaderList headers;        // every header line of the final response, in order
  std::string body;          // decoded body, at most the body cap
  bool body_truncated = false;
  bool headers_truncated = false;
  std::uint64_t body_bytes_received = 0;  // decoded bytes seen (may exceed body.size())
};

// One request/response pair as the engine saw it.
struct Exchange {
  HttpRequest request;
  HttpResponse response;
  Timings timings;
  TlsInfo tls;
  std::string error;  // transport error text; empty when a response arrived
  int curl_code = 0;
  std::string primary_ip;
  int depth = 0;          // crawl depth of the URL
  std::string initiator;  // "crawl", "seed", "robots", "sitemap", or "probe:<check-id>"

  bool ok() const { return error.empty() && response.status != 0; }
};

// Content-Type without parameters, lower-cased ("text/html").
std::string media_type(const HttpResponse& response);
bool is_html(const HttpResponse& response);
// The charset parameter of Content-Type, lower-cased; empty when absent.
std::string content_type_charset(const HttpResponse& response);

// Parses a literal raw HTTP/1.x response ("HTTP/1.1 200 OK\r\nName: v\r\n\r\nbody").
// Used by unit tests and the testbed's hostile mode; tolerant of bare \n line ends.
HttpResponse parse_raw_response(std::string_view raw);

// Builds an Exchange for unit tests: GET url, with the raw response parsed.
Exchange make_exchange(std::string_view url, std::string_view raw_response);

}  // namespace gapscan
