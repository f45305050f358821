// Test helpers for the exposed-* checks: canned responses, a runner, and servers that never
// answer 404 (the soft-404 behaviours every path probe must see through).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checks/common/check.h"
#include "test/checks/test_sink.h"

namespace gapscan::testing {

inline constexpr std::string_view kExposureOrigin = "https://example.com";

inline std::string raw_response(long status, std::string_view type, std::string_view body,
                                std::string_view extra_headers = "") {
  return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " + std::string(type) +
         "\r\n" + std::string(extra_headers) + "\r\n" + std::string(body);
}

inline std::string text_200(std::string_view body, std::string_view type = "text/plain") {
  return raw_response(200, type, body);
}

inline const char* const kExposureHome =
    "<!DOCTYPE html><html><head><title>Shop</title></head><body><h1>Welcome to the shop</h1>"
    "<ul><li><a href=/a>Cheap shoes for every season</a></li><li><a href=/b>Warm coats and "
    "jackets</a></li></ul><p>Free delivery on orders over 50 euros. Returns within thirty "
    "days.</p></body></html>";

// The soft-404 behaviours of the testbed's --soft404 modes.
enum class Soft404 { home, custom, redirect, area401, dot403 };

inline bool has_dot_segment(std::string_view url) {
  const auto scheme = url.find("://");
  const auto path = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  if (path == std::string_view::npos) return false;
  return url.find("/.", path) != std::string_view::npos;
}

// A handler answering every URL not in `fetcher.responses` the way `mode` does.
inline void install_soft404(FakeFetcher& fetcher, Soft404 mode) {
  fetcher.handler = [&fetcher, mode](const HttpRequest& req) -> std::optional<std::string> {
    if (fetcher.responses.count(req.url) != 0) return std::nullopt;
    const auto scheme = req.url.find("://");
    const std::string path = req.url.substr(req.url.find('/', scheme + 3));
    switch (mode) {
      case Soft404::home:
        return raw_response(200, "text/html", kExposureHome);
      case Soft404::custom:
        return raw_response(
            200, "text/html",
            "<!DOCTYPE html><html><head><title>Page not found</title></head><body><h1>Oops! "
            "That page can't be found.</h1><p>We looked everywhere for <code>" +
                path +
                "</code> but it is not here. It may have moved, or the link may be broken. Try "
                "the search or go back to the home page.</p><p>Request id " +
                std::to_string(std::hash<std::string>{}(req.url) % 100000) + "</p></body></html>");
      case Soft404::redirect:
        return raw_response(302, "text/html", "<p>Moved</p>", "Location: /\r\n");
      case Soft404::area401:
        return raw_response(401, "text/html", "<p>Authorization Required</p>",
                            "WWW-Authenticate: Basic realm=\"x\"\r\n");
      case Soft404::dot403:
        if (has_dot_segment(req.url)) return raw_response(403, "text/html", "<p>Forbidden</p>");
        return std::nullopt;
    }
    return std::nullopt;
  };
}

inline constexpr Soft404 kAllSoft404[] = {Soft404::home, Soft404::custom, Soft404::redirect,
                                          Soft404::area401, Soft404::dot403};

inline std::vector<Finding> run_active(const ActiveCheck& check, FakeFetcher& fetcher,
                                       std::vector<CrawledPage> pages = {},
                                       const CheckSettings* settings = nullptr) {
  VectorSink sink;
  ActiveContext ctx{std::string(kExposureOrigin), {}, fetcher};
  ctx.pages = std::move(pages);
  ctx.settings = settings;
  check.run(ctx, sink);
  return std::move(sink.findings);
}

inline std::string url_of(std::string_view path) {
  return std::string(kExposureOrigin) + std::string(path);
}

}  // namespace gapscan::testing
