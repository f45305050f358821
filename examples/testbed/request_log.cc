#include "examples/testbed/request_log.h"

#include <cerrno>
#include <chrono>
#include <cstring>

namespace testbed {

std::string JsonEscape(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size() + 8);
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c >= 0x7f) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += ch;
        }
    }
  }
  return out;
}

RequestLog::~RequestLog() {
  if (file_) std::fclose(file_);
}

bool RequestLog::Open(const std::string& path, std::string& error) {
  file_ = std::fopen(path.c_str(), "a");
  if (!file_) error = "cannot open log " + path + ": " + std::strerror(errno);
  return file_ != nullptr;
}

void RequestLog::Write(const Request& req, int status) {
  if (!file_) return;
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  std::string line = "{\"port\":" + std::to_string(req.port) +
                     ",\"tls\":" + (req.tls ? "true" : "false") + ",\"method\":\"" +
                     JsonEscape(req.method) + "\",\"target\":\"" + JsonEscape(req.target) +
                     "\",\"headers\":[";
  bool first = true;
  for (const auto& [k, v] : req.headers) {
    line += first ? "[\"" : ",[\"";
    line += JsonEscape(k) + "\",\"" + JsonEscape(v) + "\"]";
    first = false;
  }
  line += "]";
  if (status >= 0) line += ",\"status\":" + std::to_string(status);
  line += ",\"time\":" + std::to_string(ms) + "}\n";
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fflush(file_);
}

}  // namespace testbed
