#include "examples/testbed/options.h"

#include <cctype>
#include <charconv>

namespace testbed {
namespace {

bool ParseInt(std::string_view s, long lo, long hi, long& out) {
  long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < lo || v > hi) return false;
  out = v;
  return true;
}

// A URL goes into a Location header or an HTML attribute: refuse control characters.
bool IsSafeUrl(std::string_view url) {
  if (url.empty()) return false;
  for (unsigned char c : url)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

// NAME:PASS:ROLE; the password may contain ':' (NAME ends at the first, ROLE starts after the
// last).
bool ParseAuthUser(std::string_view v, AuthUser& out, std::string& error) {
  const auto first = v.find(':'), last = v.rfind(':');
  if (first == std::string_view::npos || first == last) {
    error = "--auth-user needs NAME:PASSWORD:ROLE";
    return false;
  }
  out.name = std::string(v.substr(0, first));
  out.password = std::string(v.substr(first + 1, last - first - 1));
  out.role = std::string(v.substr(last + 1));
  if (out.name.empty() || out.name.size() > 64) {
    error = "--auth-user: the name must have 1 to 64 characters";
    return false;
  }
  for (char c : out.name) {
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' || c == '@')) {
      error = "--auth-user: the name may hold letters, digits and . _ - @ only";
      return false;
    }
  }
  if (out.password.empty() || out.password.size() > 128) {
    error = "--auth-user: the password must have 1 to 128 characters";
    return false;
  }
  for (unsigned char c : out.password) {
    if (c < 0x20 || c == 0x7f) {
      error = "--auth-user: no control characters in the password";
      return false;
    }
  }
  if (out.role != "user" && out.role != "admin") {
    error = "--auth-user: the role must be user or admin";
    return false;
  }
  return true;
}

}  // namespace

std::vector<AuthUser> DefaultAuthUsers() {
  return {{"alice", "wonderland-2026", "user"}, {"admin", "admin-2026-secret", "admin"}};
}

std::string Usage() {
  std::string u =
      "usage: gapscan-testbed [options]\n"
      "Deliberately flawed demo web site for gapscan (listens on 127.0.0.1 only).\n\n"
      "  --http-port N       http listener port (0 = pick a free port)\n"
      "  --https-port N      https listener port, self-signed cert (0 = pick; omit = none)\n"
      "                      (with neither flag: http on a free port)\n"
      "  --flaw ID           enable one flaw (repeatable)\n"
      "  --all-flaws         enable every flaw that an anonymous scan can see (not the\n"
      "                      [login] ones: those need --flaw)\n"
      "  --hardened          no flaws: every hardening header, security.txt (same as no\n"
      "                      --flaw; refuses to combine with --flaw/--all-flaws)\n"
      "  --list-flaws        print where each flaw must be reported (JSON) and exit\n"
      "  --ready-file PATH   once listening, write {\"http_port\":N,\"https_port\":M,\"pid\":P}\n"
      "                      (a missing listener has port 0)\n"
      "  --log PATH          append one JSON line per request received\n"
      "  --cert-file PATH    write the generated certificate (PEM) to PATH\n"
      "  --also-link URL     home page links to URL (repeatable)\n"
      "  --redirect-to URL   /go-away answers 302 to URL\n"
      "  --pages N           add N generated interlinked pages under /gen/\n"
      "  --hostile           enable hostile endpoints under /hostile/\n"
      "  --slow-ms N         delay every response by N ms\n"
      "  --soft404 MODE      how unknown paths are answered (no flaw): home (200 + the home\n"
      "                      page), custom (200 + a custom not-found page), redirect (302 to\n"
      "                      /), area401 (401 Basic everywhere), dot403 (403 for dot-files)\n"
      "  --lockout-after N   login surfaces lock an account after N failed attempts\n"
      "                      (default 5; 0 = never)\n"
      "  --auth-user N:P:R   members-area user N with password P and role R (user or\n"
      "                      admin); repeatable; replaces the default users alice and admin\n"
      "  --session-max-requests N\n"
      "                      a members session (cookie or bearer token) ends after N\n"
      "                      authenticated requests (default 0 = never)\n"
      "  --list-auth         print the members area (users, login URLs, pages) as JSON and\n"
      "                      exit (reflects the other flags)\n"
      "  --help              show this help\n\n"
      "Transport: with an https listener, the http listener redirects every request to https\n"
      "unless https-not-enforced is on (--all-flaws); without one, http serves the site.\n\n"
      "flaw ids (= gapscan check ids; [login]: seen only by a logged-in scan, not part of\n"
      "--all-flaws):\n";
  for (const auto& f : AllFlaws()) {
    std::string id(f.id);
    u += "  " + id + std::string(id.size() < 32 ? 32 - id.size() : 1, ' ') +
         (f.needs_login ? "[login] " : "") + std::string(f.summary) + "\n";
  }
  return u;
}

ParseResult ParseArgs(int argc, char** argv, Options& out, std::string& error) {
  bool any_flaw = false, list_auth = false, custom_users = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::string_view name = arg;
    std::optional<std::string_view> inline_value;  // --flag=value form
    if (auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
    }
    auto value = [&](std::string_view& v) {
      if (inline_value) {
        v = *inline_value;
        return true;
      }
      if (i + 1 >= argc) {
        error = std::string(name) + " needs a value";
        return false;
      }
      v = argv[++i];
      return true;
    };
    auto flag_only = [&] {
      if (!inline_value) return true;
      error = std::string(name) + " takes no value";
      return false;
    };
    std::string_view v;
    long n = 0;
    if (name == "--help" || name == "-h") {
      return ParseResult::kHelp;
    } else if (name == "--list-flaws") {
      if (!flag_only()) return ParseResult::kError;
      return ParseResult::kListFlaws;
    } else if (name == "--http-port" || name == "--https-port") {
      if (!value(v)) return ParseResult::kError;
      if (!ParseInt(v, 0, 65535, n)) {
        error = "bad port for " + std::string(name) + ": " + std::string(v);
        return ParseResult::kError;
      }
      (name == "--http-port" ? out.http_port : out.https_port) = static_cast<uint16_t>(n);
    } else if (name == "--flaw") {
      if (!value(v)) return ParseResult::kError;
      if (!IsKnownFlaw(v)) {
        error = "unknown flaw id: " + std::string(v);
        return ParseResult::kError;
      }
      out.flaws.emplace(v);
      any_flaw = true;
    } else if (name == "--all-flaws") {
      if (!flag_only()) return ParseResult::kError;
      for (const auto& f : AllFlaws())
        if (!f.needs_login) out.flaws.emplace(f.id);
      any_flaw = true;
    } else if (name == "--hardened") {
      if (!flag_only()) return ParseResult::kError;
      out.hardened = true;
    } else if (name == "--hostile") {
      if (!flag_only()) return ParseResult::kError;
      out.hostile = true;
    } else if (name == "--ready-file" || name == "--log" || name == "--cert-file") {
      if (!value(v)) return ParseResult::kError;
      if (v.empty()) {
        error = std::string(name) + " needs a non-empty path";
        return ParseResult::kError;
      }
      (name == "--ready-file" ? out.ready_file
       : name == "--log"      ? out.log_file
                              : out.cert_file) = std::string(v);
    } else if (name == "--also-link" || name == "--redirect-to") {
      if (!value(v)) return ParseResult::kError;
      if (!IsSafeUrl(v)) {
        error = "bad URL for " + std::string(name);
        return ParseResult::kError;
      }
      if (name == "--also-link")
        out.also_links.emplace_back(v);
      else
        out.redirect_to = std::string(v);
    } else if (name == "--pages") {
      if (!value(v)) return ParseResult::kError;
      if (!ParseInt(v, 0, 1000000, n)) {
        error = "bad --pages value: " + std::string(v);
        return ParseResult::kError;
      }
      out.pages = static_cast<int>(n);
    } else if (name == "--slow-ms") {
      if (!value(v)) return ParseResult::kError;
      if (!ParseInt(v, 0, 3600000, n)) {
        error = "bad --slow-ms value: " + std::string(v);
        return ParseResult::kError;
      }
      out.slow_ms = static_cast<int>(n);
    } else if (name == "--soft404") {
      if (!value(v)) return ParseResult::kError;
      if (v != "home" && v != "custom" && v != "redirect" && v != "area401" && v != "dot403") {
        error = "bad --soft404 mode: " + std::string(v);
        return ParseResult::kError;
      }
      out.soft404 = std::string(v);
    } else if (name == "--lockout-after") {
      if (!value(v)) return ParseResult::kError;
      if (!ParseInt(v, 0, 1000000, n)) {
        error = "bad --lockout-after value: " + std::string(v);
        return ParseResult::kError;
      }
      out.lockout_after = static_cast<int>(n);
    } else if (name == "--session-max-requests") {
      if (!value(v)) return ParseResult::kError;
      if (!ParseInt(v, 0, 1000000, n)) {
        error = "bad --session-max-requests value: " + std::string(v);
        return ParseResult::kError;
      }
      out.session_max_requests = static_cast<int>(n);
    } else if (name == "--auth-user") {
      if (!value(v)) return ParseResult::kError;
      AuthUser u;
      if (!ParseAuthUser(v, u, error)) return ParseResult::kError;
      if (!custom_users) out.auth_users.clear();
      custom_users = true;
      for (const auto& other : out.auth_users) {
        if (other.name == u.name) {
          error = "--auth-user: " + u.name + " given twice";
          return ParseResult::kError;
        }
      }
      out.auth_users.push_back(std::move(u));
    } else if (name == "--list-auth") {
      if (!flag_only()) return ParseResult::kError;
      list_auth = true;
    } else {
      error = "unknown argument: " + std::string(arg);
      return ParseResult::kError;
    }
  }
  if (out.hardened && any_flaw) {
    error = "--hardened cannot be combined with --flaw or --all-flaws";
    return ParseResult::kError;
  }
  if (!out.http_port && !out.https_port) out.http_port = 0;
  return list_auth ? ParseResult::kListAuth : ParseResult::kRun;
}

}  // namespace testbed
