// Test helpers for checks: a sink that collects findings, a fetcher serving canned
// responses, and a one-call runner for passive checks.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "checks/common/check.h"
#include "scanner/base/finding.h"
#include "scanner/base/html.h"
#include "scanner/base/http.h"

namespace gapscan::testing {

class VectorSink : public FindingSink {
 public:
  void report(Finding finding) override {
    std::lock_guard lock(mu_);
    findings.push_back(std::move(finding));
  }
  std::vector<Finding> findings;

 private:
  std::mutex mu_;
};

// Maps URL -> raw HTTP response. Unknown URLs get a plain 404; URLs in `errors` fail with a
// transport error. `handler`, when set, is asked first and may answer any request (by method,
// headers, ...) with a raw response. Records every request in order.
class FakeFetcher : public Fetcher {
 public:
  std::map<std::string, std::string> responses;
  std::map<std::string, std::string> errors;
  std::function<std::optional<std::string>(const HttpRequest&)> handler;
  std::vector<std::string> requested;  // URLs
  std::vector<HttpRequest> requests;   // the whole requests

  Exchange fetch(const HttpRequest& request) override {
    {
      std::lock_guard lock(mu_);
      requested.push_back(request.url);
      requests.push_back(request);
    }
    Exchange ex;
    if (handler) {
      if (std::optional<std::string> raw = handler(request)) {
        ex = make_exchange(request.url, *raw);
        ex.request = request;
        return ex;
      }
    }
    if (auto e = errors.find(request.url); e != errors.end()) {
      ex.request = request;
      ex.error = e->second;
      return ex;
    }
    auto it = responses.find(request.url);
    ex = make_exchange(request.url,
                       it != responses.end()
                           ? std::string_view(it->second)
                           : std::string_view("HTTP/1.1 404 Not Found\r\n"
                                              "Content-Type: text/plain\r\n\r\nnot found"));
    ex.request = request;
    return ex;
  }

  std::vector<Exchange> fetch_all(const std::vector<HttpRequest>& requests) override {
    std::vector<Exchange> out;
    out.reserve(requests.size());
    for (const auto& r : requests) out.push_back(fetch(r));
    return out;
  }

 private:
  std::mutex mu_;
};

// Runs a passive check on one literal response. HTML responses get `html` when given, else
// an empty document, mirroring the engine (which passes null for non-HTML).
inline std::vector<Finding> run_passive(const PassiveCheck& check, std::string_view url,
                                        std::string_view raw, const HtmlDocument* html = nullptr) {
  const Exchange ex = make_exchange(url, raw);
  const HtmlDocument empty;
  const HtmlDocument* doc = html != nullptr ? html : (is_html(ex.response) ? &empty : nullptr);
  VectorSink sink;
  check.inspect(PassiveContext{ex, doc}, sink);
  return std::move(sink.findings);
}

}  // namespace gapscan::testing
