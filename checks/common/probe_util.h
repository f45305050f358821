// Shared helpers of the request-forging probes (CORS, methods, Host header, open redirect,
// 403 bypass): page selection, redirect-target parsing and query rewriting.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "checks/common/check.h"
#include "scanner/base/http.h"
#include "scanner/base/url.h"

namespace gapscan::probe {

// A random lower-case hex string of `chars` characters (markers, file names).
std::string random_hex(std::size_t chars);

// The trimmed value of the first header `name`, or "" when absent.
std::string header_value(const HttpResponse& response, std::string_view name);

bool is_redirect_status(long status);

// "host[:port]" of an origin URL as it appears in the origin ("127.0.0.1:8443", "[::1]",
// "example.com").
std::string authority_of(const Url& url);

// The host (lower-case, without port, brackets or trailing dot) a browser navigates to when it
// follows `target` (a Location value, a meta refresh URL, a JS string) from the page at
// `request_url`. Backslashes count as slashes and extra slashes are skipped, as browsers do;
// "" when the target is not an http(s) navigation (javascript:, mailto:) or unparsable.
std::string navigation_host(std::string_view target, std::string_view request_url);

// A client-side redirect found in a body: `target` as written (JS "\/" unescaped) and the
// statement or tag that holds it.
struct BodyRedirect {
  std::string target;
  std::string snippet;
};

// <meta http-equiv="refresh" content="0; url=..."> tags and JavaScript navigations
// (location = "...", location.href = '...', location.replace("..."), location.assign(...))
// with a string literal target. Only the first 256 KiB of the body are searched.
std::vector<BodyRedirect> body_redirects(std::string_view body);

// The URL part of a Refresh header value ("0; url=https://x/"), or "".
std::string refresh_target(std::string_view value);

// URLs of crawled pages worth sending forged request headers to: answered 2xx, not static
// assets; API/JSON pages first, then the origin's root, then the rest (in URL order); at most
// `max`. Without crawl data, the crawled URLs are ranked alike; the root is always a candidate.
std::vector<std::string> pages_for_header_probes(const ActiveContext& ctx, std::size_t max);

// One query parameter as it appears in the URL (still percent-encoded).
struct QueryParam {
  std::string name;
  std::string value;
  bool has_equals = true;
};
std::vector<QueryParam> split_query(std::string_view query);
std::string join_query(const std::vector<QueryParam>& params);

// Percent-encodes everything but unreserved characters (a query value that survives any
// server's decoding intact).
std::string encode_component(std::string_view s);

// Cuts `s` to at most `max` bytes around nothing in particular: the first bytes, printable.
std::string short_text(std::string_view s, std::size_t max = 200);

}  // namespace gapscan::probe
