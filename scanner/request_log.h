// --verbose / --debug: one line per request, as it completes (method, URL, status or error,
// time, bytes), and with --debug the headers both ways, credential values masked.
#pragma once

#include <string>

#include "scanner/base/http.h"

namespace gapscan {

enum class RequestLogDetail { off = 0, line = 1, headers = 2 };

// The log entry of one exchange (no trailing newline). Header values that carry credentials
// (Authorization, Cookie, Set-Cookie, names with token/secret/key/session/auth) are masked;
// the caller also scrubs the scan's known secrets from the whole text.
std::string request_log_entry(const Exchange& ex, RequestLogDetail detail);

}  // namespace gapscan
