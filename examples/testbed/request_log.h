// --log: one JSON object per received request, one per line, flushed at once so tests
// can read the file while the server runs.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "examples/testbed/site.h"

namespace testbed {

// JSON string body (without quotes); bytes >= 0x80 become \u00XX so any input is valid JSON.
std::string JsonEscape(std::string_view s);

class RequestLog {
 public:
  RequestLog() = default;
  RequestLog(const RequestLog&) = delete;
  RequestLog& operator=(const RequestLog&) = delete;
  ~RequestLog();

  bool Open(const std::string& path, std::string& error);
  // No-op when not open. `status`: the answer's status when known (not for raw replies).
  void Write(const Request& req, int status = -1);

 private:
  std::FILE* file_ = nullptr;
};

}  // namespace testbed
