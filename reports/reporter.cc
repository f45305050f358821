// Redaction shared by every reporter, and the helpers of report_common.h.
#include "reports/reporter.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iostream>
#include <tuple>

#include "reports/report_common.h"
#include "scanner/base/text.h"

namespace gapscan {

namespace {

constexpr std::string_view kRedacted = "<redacted>";

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

std::string_view trim_ws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_secret_param(std::string_view raw_name) {
  // Query names arrive encoded ("access%5Ftoken"); decode before matching so encoding cannot
  // smuggle a secret past the redaction.
  const std::string name = to_lower(trim_ws(percent_decode(raw_name, true)));
  static constexpr std::array<std::string_view, 20> kExact = {
      "password",      "passwd", "pwd",        "token",     "access_token",
      "api_key",       "apikey", "key",        "secret",    "session",
      "sessionid",     "sid",    "jsessionid", "phpsessid", "auth",
      "authorization", "code",   "signature",  "sig",       "pass"};
  for (std::string_view e : kExact) {
    if (name == e) return true;
  }
  // Families: refresh_token, client_secret, X-Amz-Signature, X-Amz-Credential, ...
  static constexpr std::array<std::string_view, 9> kParts = {"token",   "secret",    "passw",
                                                             "apikey",  "api_key",   "api-key",
                                                             "session", "signature", "credential"};
  for (std::string_view p : kParts) {
    if (contains(name, p)) return true;
  }
  return false;
}

// Redacts the values of secret-looking "name=value" pairs in a query, fragment or path
// parameter list, keeping names, order and separators.
std::string redact_pairs(std::string_view text, char sep) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(sep, start);
    const std::string_view piece =
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    const std::size_t eq = piece.find('=');
    if (eq != std::string_view::npos && eq + 1 < piece.size() &&
        is_secret_param(piece.substr(0, eq))) {
      out.append(piece.substr(0, eq + 1));
      out.append(kRedacted);
    } else {
      out.append(piece);
    }
    if (end == std::string_view::npos) break;
    out += sep;
    start = end + 1;
  }
  return out;
}

// Path parameters (";jsessionid=..."), segment by segment.
std::string redact_path(std::string_view path) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = path.find('/', start);
    const std::string_view segment =
        path.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    const std::size_t semi = segment.find(';');
    if (semi == std::string_view::npos) {
      out.append(segment);
    } else {
      out.append(segment.substr(0, semi + 1));
      out.append(redact_pairs(segment.substr(semi + 1), ';'));
    }
    if (end == std::string_view::npos) break;
    out += '/';
    start = end + 1;
  }
  return out;
}

// Splits on sep, keeping empty pieces (local so the redaction has no hidden dependencies).
std::vector<std::string_view> split_all(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = s.find(sep, start);
    if (end == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
}

bool is_scheme(std::string_view s) {
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
  });
}

// "Bearer abc" -> "Bearer <redacted>": the scheme tells the reader what kind of credential
// was sent without revealing it. A lone word may be the credential itself, so it goes.
std::string redact_authorization(std::string_view value) {
  value = trim_ws(value);
  const std::size_t sp = value.find_first_of(" \t");
  if (sp != std::string_view::npos && sp > 0 && sp <= 24) {
    const std::string_view scheme = value.substr(0, sp);
    const bool plausible =
        std::isalpha(static_cast<unsigned char>(scheme[0])) &&
        std::all_of(scheme.begin(), scheme.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
        });
    if (plausible) return std::string(scheme) + " " + std::string(kRedacted);
  }
  return std::string(kRedacted);
}

// "name=value" -> "name=<redacted>"; an empty value stays empty (nothing to hide).
std::string redact_cookie_pair(std::string_view pair) {
  pair = trim_ws(pair);
  const std::size_t eq = pair.find('=');
  if (eq == std::string_view::npos || eq == 0) return std::string(kRedacted);
  const std::string_view name = trim_ws(pair.substr(0, eq));
  if (trim_ws(pair.substr(eq + 1)).empty()) return std::string(name) + "=";
  return std::string(name) + "=" + std::string(kRedacted);
}

std::string redact_cookie(std::string_view value) {
  std::string out;
  for (std::string_view part : split_all(value, ';')) {
    if (trim_ws(part).empty()) continue;
    if (!out.empty()) out += "; ";
    out += redact_cookie_pair(part);
  }
  return out;
}

// Keeps the cookie name and its attributes (checks cite Secure/HttpOnly/SameSite as
// evidence). An attribute value holding '=' smells of folded headers ("Path=/, b=2"), so it
// is redacted; unknown attributes are redacted too.
std::string redact_set_cookie(std::string_view value) {
  static constexpr std::array<std::string_view, 14> kAttributes = {
      "expires",     "max-age",  "domain",  "path",    "secure",  "httponly", "samesite",
      "partitioned", "priority", "comment", "version", "discard", "port",     "commenturl"};
  std::string out;
  bool first = true;
  for (std::string_view part : split_all(value, ';')) {
    part = trim_ws(part);
    if (first) {
      out += redact_cookie_pair(part);
      first = false;
      continue;
    }
    if (part.empty()) continue;
    const std::size_t eq = part.find('=');
    const std::string name = to_lower(trim_ws(part.substr(0, eq)));
    const bool known = std::find(kAttributes.begin(), kAttributes.end(), name) != kAttributes.end();
    const bool folded =
        eq != std::string_view::npos && part.find('=', eq + 1) != std::string_view::npos;
    out += "; ";
    if (known && !folded) {
      out.append(part);
    } else if (eq != std::string_view::npos) {
      out.append(trim_ws(part.substr(0, eq)));
      out += "=";
      out.append(kRedacted);
    } else {
      out.append(kRedacted);
    }
  }
  return out;
}

}  // namespace

bool is_secret_header(std::string_view name) {
  const std::string n = to_lower(trim_ws(name));
  static constexpr std::array<std::string_view, 7> kExact = {
      "authorization", "proxy-authorization", "cookie",      "set-cookie",
      "x-api-key",     "x-auth-token",        "x-csrf-token"};
  for (std::string_view e : kExact) {
    if (n == e) return true;
  }
  static constexpr std::array<std::string_view, 7> kParts = {
      "token", "secret", "api-key", "apikey", "api_key", "session", "password"};
  for (std::string_view p : kParts) {
    if (contains(n, p)) return true;
  }
  return false;
}

HeaderList redact_headers(const HeaderList& headers) {
  HeaderList out;
  out.reserve(headers.size());
  for (const Header& h : headers) {
    const std::string n = to_lower(trim_ws(h.name));
    Header r{h.name, h.value};
    if (is_secret_header(n)) {
      if (trim_ws(h.value).empty()) {
        // Nothing to hide; keeping "" tells the reader the header was sent empty.
      } else if (n == "authorization" || n == "proxy-authorization") {
        r.value = redact_authorization(h.value);
      } else if (n == "cookie") {
        r.value = redact_cookie(h.value);
      } else if (n == "set-cookie") {
        r.value = redact_set_cookie(h.value);
      } else {
        r.value = std::string(kRedacted);
      }
    } else if (n == "location" || n == "content-location" || n == "referer") {
      // Redirects routinely carry tokens (OAuth codes, signed URLs).
      r.value = redact_url(h.value);
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::string redact_url(const std::string& url) {
  std::string_view u = url;
  std::string_view fragment;
  bool has_fragment = false;
  if (const std::size_t hash = u.find('#'); hash != std::string_view::npos) {
    fragment = u.substr(hash + 1);
    u = u.substr(0, hash);
    has_fragment = true;
  }
  std::string_view query;
  bool has_query = false;
  if (const std::size_t qm = u.find('?'); qm != std::string_view::npos) {
    query = u.substr(qm + 1);
    u = u.substr(0, qm);
    has_query = true;
  }
  std::string out;
  std::size_t path_start = 0;
  const std::size_t sep = u.find("://");
  if (sep != std::string_view::npos && is_scheme(u.substr(0, sep))) {
    out.append(u.substr(0, sep + 3));
    const std::size_t auth_start = sep + 3;
    std::size_t auth_end = u.find('/', auth_start);
    if (auth_end == std::string_view::npos) auth_end = u.size();
    std::string_view authority = u.substr(auth_start, auth_end - auth_start);
    // Userinfo ("user:password@") is dropped entirely.
    if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
      authority = authority.substr(at + 1);
    }
    out.append(authority);
    path_start = auth_end;
  }
  out += redact_path(u.substr(path_start));
  if (has_query) {
    out += '?';
    out += redact_pairs(query, '&');
  }
  if (has_fragment) {
    out += '#';
    out += redact_pairs(fragment, '&');  // implicit-flow tokens live in "#access_token=..."
  }
  return out;
}

// ---- report_common.h ----

std::vector<const Finding*> sorted_findings(const std::vector<Finding>& findings) {
  std::vector<const Finding*> out;
  out.reserve(findings.size());
  for (const Finding& f : findings) out.push_back(&f);
  auto key = [](const Finding* f) {
    return std::tie(f->check_id, f->url, f->method, f->parameter, f->key, f->per_origin, f->message,
                    f->severity, f->confidence, f->evidence.header_name, f->evidence.header_value,
                    f->evidence.snippet, f->evidence.line, f->evidence.note, f->exchange.url,
                    f->exchange.method, f->exchange.status, f->exchange.body_snippet,
                    f->affected_urls, f->affected_count, f->fingerprint);
  };
  std::stable_sort(out.begin(), out.end(),
                   [&](const Finding* a, const Finding* b) { return key(a) < key(b); });
  return out;
}

std::string effective_fingerprint(const Finding& finding) {
  if (!finding.fingerprint.empty()) return finding.fingerprint;
  // Redacted URL: session ids in the URL change every run and must not change the identity.
  const std::string material = finding.check_id + "|" + finding.method + "|" +
                               redact_url(finding.url) + "|" + finding.parameter + "|" +
                               finding.key;
  return sha256_hex(material).substr(0, 16);
}

const CheckInfo* find_rule(const ScanSummary& summary, std::string_view check_id) {
  for (const CheckInfo* info : summary.rules) {
    if (info != nullptr && info->id == check_id) return info;
  }
  return nullptr;
}

std::string report_text(std::string_view bytes, std::size_t max_bytes) {
  // printable_snippet already yields valid UTF-8; to_valid_utf8 is a cheap belt and braces.
  return to_valid_utf8(printable_snippet(bytes, max_bytes));
}

std::string dump_report(const nlohmann::ordered_json& doc, int indent) {
  std::string text = doc.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
  text += '\n';
  return text;
}

std::string report_path_problem(const std::string& path) {
  if (path == "-") return {};
  if (path.empty()) return "the report path is empty";
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (::stat(path.c_str(), &st) != 0) {
      return "report path " + path + " is a symbolic link to nothing (" + std::strerror(errno) +
             ")";
    }
    if (S_ISDIR(st.st_mode)) return "report path " + path + " is a directory";
    if (!S_ISREG(st.st_mode)) {
      return "report path " + path +
             " is not a regular file (a device, FIFO or socket); use - for standard output";
    }
    std::error_code ec;
    const std::filesystem::path real = std::filesystem::weakly_canonical(path, ec);
    if (ec) return "cannot resolve report path " + path + ": " + ec.message();
    if (::access(real.parent_path().c_str(), W_OK) != 0) {
      return "cannot write a report next to " + real.string() + ": " + std::strerror(errno);
    }
    return {};
  }
  if (errno != ENOENT) return "cannot use report path " + path + ": " + std::strerror(errno);
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) parent = ".";
  if (::stat(parent.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return "the folder of report path " + path + " does not exist";
  }
  if (::access(parent.c_str(), W_OK) != 0) {
    return "cannot write a report in " + parent.string() + ": " + std::strerror(errno);
  }
  return {};
}

bool write_file_atomic(const std::string& path, std::string_view content, std::string* error) {
  auto fail = [&](const std::string& what) {
    if (error != nullptr) *error = what;
    return false;
  };
  try {
    if (path == "-") {
      std::cout.write(content.data(), static_cast<std::streamsize>(content.size()));
      std::cout.flush();
      return std::cout.good() ? true : fail("cannot write report to stdout");
    }
    // The file is written next to its final place and renamed over it; only ever over a
    // regular file (a link is followed, and stays a link). A new file needs no check: creating
    // the temporary file next to it says whether its folder takes it.
    std::string target = path;
    struct stat link {};
    const bool exists = ::lstat(path.c_str(), &link) == 0;
    if (exists) {
      if (std::string why = report_path_problem(path); !why.empty()) return fail(why);
    }
    if (exists && S_ISLNK(link.st_mode)) {
      std::error_code ec;
      target = std::filesystem::canonical(path, ec).string();
      if (ec) return fail("cannot resolve report path " + path + ": " + ec.message());
    }
    const std::string tmp = target + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return fail("cannot create " + tmp + ": " + std::strerror(errno));
    std::size_t written = 0;
    while (written < content.size()) {
      const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
      if (n < 0) {
        if (errno == EINTR) continue;
        const std::string msg = "cannot write " + tmp + ": " + std::strerror(errno);
        ::close(fd);
        ::unlink(tmp.c_str());
        return fail(msg);
      }
      written += static_cast<std::size_t>(n);
    }
    // fsync before rename: otherwise a power loss can leave an empty file under the final name.
    if (::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) {
      const std::string msg = "cannot sync " + tmp + ": " + std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      return fail(msg);
    }
    if (::close(fd) != 0) {
      const std::string msg = "cannot close " + tmp + ": " + std::strerror(errno);
      ::unlink(tmp.c_str());
      return fail(msg);
    }
    if (std::rename(tmp.c_str(), target.c_str()) != 0) {
      const std::string msg =
          "cannot rename " + tmp + " to " + target + ": " + std::strerror(errno);
      ::unlink(tmp.c_str());
      return fail(msg);
    }
    return true;
  } catch (const std::exception& e) {
    return fail(std::string("cannot write ") + path + ": " + e.what());
  } catch (...) {
    return fail("cannot write " + path + ": unknown error");
  }
}

BufferedReporter::BufferedReporter(std::string path, std::string format)
    : path_(std::move(path)), format_(std::move(format)) {}

void BufferedReporter::add(const Finding& finding) {
  std::lock_guard lock(mutex_);
  findings_.push_back(finding);
}

bool BufferedReporter::finish(const ScanSummary& summary, std::string* error) {
  try {
    std::string text;
    {
      std::lock_guard lock(mutex_);
      text = render(findings_, summary);
    }
    return write(text, error);
  } catch (const std::exception& e) {
    if (error != nullptr) *error = "cannot build " + format_ + " report: " + e.what();
  } catch (...) {
    if (error != nullptr) *error = "cannot build " + format_ + " report: unknown error";
  }
  return false;
}

bool BufferedReporter::write(const std::string& text, std::string* error) const {
  return write_file_atomic(path_, text, error);
}

}  // namespace gapscan
