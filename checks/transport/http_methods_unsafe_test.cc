#include <doctest/doctest.h>

#include <map>
#include <mutex>

#include "checks/common/all_checks.h"
#include "test/checks/test_sink.h"

namespace gapscan {
namespace {

using testing::FakeFetcher;
using testing::VectorSink;

std::vector<Finding> run(FakeFetcher& fetcher, bool unsafe = false) {
  const auto check = make_http_methods_unsafe();
  VectorSink sink;
  CheckSettings settings;
  settings.unsafe_methods = unsafe;
  ActiveContext ctx{"https://example.com", {}, fetcher};
  ctx.settings = &settings;
  check->run(ctx, sink);
  return std::move(sink.findings);
}

constexpr const char* kMultistatus =
    "HTTP/1.1 207 Multi-Status\r\nContent-Type: application/xml\r\n\r\n"
    "<?xml version=\"1.0\"?><D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/</D:href>"
    "</D:response></D:multistatus>";

// A WebDAV server that stores what is PUT (and forgets what is DELETEd, unless `sticky`).
struct DavServer {
  std::map<std::string, std::string> files;
  bool accept_put = true;
  bool serve_files = true;
  bool allow_delete = true;
  std::optional<std::string> operator()(const HttpRequest& req) {
    if (req.method == "OPTIONS") {
      return std::string(
          "HTTP/1.1 200 OK\r\nAllow: OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND\r\nDAV: "
          "1,2\r\n\r\n");
    }
    if (req.method == "PROPFIND") return std::string(kMultistatus);
    if (req.method == "PUT" && accept_put) {
      files[req.url] = req.body;
      return std::string("HTTP/1.1 201 Created\r\n\r\n");
    }
    if (req.method == "DELETE" && allow_delete && files.erase(req.url) > 0) {
      return std::string("HTTP/1.1 204 No Content\r\n\r\n");
    }
    if (req.method == "DELETE") return std::string("HTTP/1.1 403 Forbidden\r\n\r\nno");
    if (req.method == "GET" && serve_files && files.count(req.url)) {
      return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n" + files[req.url];
    }
    return std::nullopt;
  }
};

std::vector<std::string> methods(const FakeFetcher& f) {
  std::vector<std::string> out;
  for (const auto& r : f.requests) out.push_back(r.method);
  return out;
}

TEST_CASE("http-methods-unsafe: a server refusing everything is fine (two requests)") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& req) -> std::optional<std::string> {
    if (req.method == "GET") return std::nullopt;
    return std::string("HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD\r\n\r\n");
  };
  CHECK(run(fetcher).empty());
  CHECK(methods(fetcher) == std::vector<std::string>{"OPTIONS", "PROPFIND"});
  const HttpRequest& propfind = fetcher.requests[1];
  CHECK(*find_header(propfind.headers, "Depth") == "0");
  CHECK(propfind.body.find("propfind") != std::string::npos);
}

TEST_CASE("http-methods-unsafe: methods advertised by OPTIONS are medium") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& req) -> std::optional<std::string> {
    if (req.method == "OPTIONS") {
      return std::string("HTTP/1.1 200 OK\r\nAllow: GET, HEAD, OPTIONS, PUT, DELETE\r\n\r\n");
    }
    return std::string("HTTP/1.1 405 Method Not Allowed\r\n\r\n");
  };
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.check_id == "http-methods-unsafe");
  CHECK(f.severity == Severity::medium);
  CHECK(f.confidence == Confidence::medium);
  CHECK(f.method == "OPTIONS");
  CHECK(f.evidence.header_name == "Allow");
  CHECK(f.evidence.note == "OPTIONS / lists PUT, DELETE in Allow");
}

TEST_CASE("http-methods-unsafe: safe Allow lists and 207 without DAV are not findings") {
  FakeFetcher fetcher;
  fetcher.handler = [](const HttpRequest& req) -> std::optional<std::string> {
    if (req.method == "OPTIONS") {
      return std::string("HTTP/1.1 200 OK\r\nAllow: GET, HEAD, POST, OPTIONS\r\n\r\n");
    }
    return std::string("HTTP/1.1 207 Multi-Status\r\n\r\n<html>multistatus page</html>");
  };
  CHECK(run(fetcher).empty());
}

TEST_CASE("http-methods-unsafe: WebDAV answering PROPFIND; never PUT/DELETE by default") {
  FakeFetcher fetcher;
  DavServer dav;
  fetcher.handler = [&](const HttpRequest& req) { return dav(req); };
  const auto findings = run(fetcher);
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.severity == Severity::medium);
  CHECK(f.confidence == Confidence::high);
  CHECK(f.method == "PROPFIND");
  CHECK(f.evidence.snippet.find("multistatus") != std::string::npos);
  CHECK(f.evidence.note.find("DAV: 1,2") != std::string::npos);
  CHECK(f.evidence.note.find("207 Multi-Status") != std::string::npos);
  // The safety rule: without --unsafe-methods nothing but OPTIONS and PROPFIND.
  CHECK(methods(fetcher) == std::vector<std::string>{"OPTIONS", "PROPFIND"});
  CHECK(dav.files.empty());
}

TEST_CASE("http-methods-unsafe: --unsafe-methods proves a PUT and deletes the file") {
  FakeFetcher fetcher;
  DavServer dav;
  fetcher.handler = [&](const HttpRequest& req) { return dav(req); };
  const auto findings = run(fetcher, true);
  CHECK(methods(fetcher) ==
        std::vector<std::string>{"OPTIONS", "PROPFIND", "PUT", "GET", "DELETE", "GET"});
  const HttpRequest& put = fetcher.requests[2];
  CHECK(put.url.starts_with("https://example.com/gapscan-"));
  CHECK(put.url.ends_with(".txt"));
  CHECK(fetcher.requests[4].url == put.url);
  CHECK(dav.files.empty());
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.severity == Severity::high);
  CHECK(f.method == "PUT");
  CHECK(f.url == put.url);
  CHECK(f.evidence.note.find("a GET returned the uploaded content") != std::string::npos);
  CHECK(f.evidence.note.find("the test file was removed") != std::string::npos);
}

TEST_CASE("http-methods-unsafe: an undeletable upload is reported as such") {
  FakeFetcher fetcher;
  DavServer dav;
  dav.allow_delete = false;
  fetcher.handler = [&](const HttpRequest& req) { return dav(req); };
  const auto findings = run(fetcher, true);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::high);
  CHECK(findings[0].evidence.note.find("could not be deleted (DELETE answered 403)") !=
        std::string::npos);
}

TEST_CASE("http-methods-unsafe: a PUT answered 2xx that is not stored proves nothing") {
  FakeFetcher fetcher;
  DavServer dav;
  dav.serve_files = false;
  fetcher.handler = [&](const HttpRequest& req) { return dav(req); };
  const auto findings = run(fetcher, true);
  // Cleaned up anyway; reported as WebDAV only.
  CHECK(methods(fetcher) ==
        std::vector<std::string>{"OPTIONS", "PROPFIND", "PUT", "GET", "DELETE"});
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].method == "PROPFIND");
}

TEST_CASE("http-methods-unsafe: a refused PUT stops there") {
  FakeFetcher fetcher;
  DavServer dav;
  dav.accept_put = false;
  fetcher.handler = [&](const HttpRequest& req) { return dav(req); };
  run(fetcher, true);
  CHECK(methods(fetcher) == std::vector<std::string>{"OPTIONS", "PROPFIND", "PUT"});
}

}  // namespace
}  // namespace gapscan
