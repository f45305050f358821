// Text helpers shared by the exposed-* file checks (exposed-vcs, exposed-config,
// exposed-backup, exposed-log, exposed-status-page): line splitting, "is this an HTML page"
// tests, and masking of secret values in evidence.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "checks/exposure/path_probe.h"
#include "scanner/base/http.h"
#include "scanner/base/text.h"

namespace gapscan::exposure {

// The body's first `max_lines` lines, without line ends ("\r\n" or "\n"), each cut to 4 KiB.
std::vector<std::string_view> text_lines(std::string_view body, std::size_t max_lines = 400);

// The body without a UTF-8 byte order mark and leading white space.
std::string_view lead_trimmed(std::string_view body);

// An HTML document (error pages, soft-404 pages, the home page): the body starts with
// <!DOCTYPE html, <html, <head or <body, or the first 2 KiB hold an <html or <body tag.
// Judged on the body, not the Content-Type (servers label text files all sorts of ways).
bool html_document(std::string_view body);

// A key name that usually holds a secret: password, passwd, pwd, pass, secret, token, salt,
// credential, auth (not author), private key, API key, access key, or a name ending in "key".
bool is_secret_name(std::string_view name);

// A value that is no real secret: empty, a placeholder ("changeme", "xxx", "<password>"), or
// a reference to somewhere else ("${DB_PASSWORD}", "%env(...)%", "{{ vault }}").
bool is_placeholder(std::string_view value);

// A secret value as shown in evidence: the first two characters of values of 8 or more
// characters, then "****" (so the length is not shown either); "****" for shorter ones.
std::string mask_value(std::string_view value);

// One configuration line for evidence, with secret values masked. It understands
// "KEY=value", "key: value", "key = 'value';", "$db['password'] = 'x';",
// "define('DB_PASSWORD', 'x');", "\"Password\": \"x\"", XML attributes
// (password="x", <add key="DbPassword" value="x"/>), connection strings
// ("Server=db;Password=x") and URLs with user information ("mysql://u:x@db/app").
struct MaskedLine {
  std::string text;
  bool secret = false;  // a real (non-placeholder) secret value was masked
  std::string name;     // the secret's key name, when known ("DB_PASSWORD", "Password")
};
MaskedLine mask_line(std::string_view line);

// `url` with any user information replaced: "https://***@host/x.git".
std::string redact_userinfo(std::string_view url);

// strip_tags lives in scanner/base/text.h (the login's failure message uses it too).
using gapscan::strip_tags;

// `s` cut to `max` bytes (on a UTF-8 boundary) with "..." appended when cut.
std::string clip(std::string_view s, std::size_t max);

// Lines joined with "\n".
std::string join_lines(const std::vector<std::string>& lines);

// A GET probe of `path` judged by `signature`.
PathProbe probe(std::string path, ContentSignature signature);

// Whether the response is a "no content" answer that no signature should look at.
bool empty_body(const HttpResponse& response);

}  // namespace gapscan::exposure
