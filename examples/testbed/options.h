// Command-line options of gapscan-testbed (hand-parsed, no CLI library).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "examples/testbed/flaws.h"

namespace testbed {

// A member of the testbed's members area (auth_pages.cc).
struct AuthUser {
  std::string name;
  std::string password;
  std::string role;  // "user" or "admin"
};

// alice / wonderland-2026 (user) and admin / admin-2026-secret (admin).
std::vector<AuthUser> DefaultAuthUsers();

struct Options {
  std::optional<uint16_t> http_port;         // unset = no http listener
  std::optional<uint16_t> https_port;        // unset = no https listener
  std::set<std::string, std::less<>> flaws;  // ids of AllFlaws()
  bool hardened = false;                     // no flaws (also the default)
  std::string ready_file;
  std::string log_file;
  std::string cert_file;  // optional: write the generated certificate (PEM) here
  std::vector<std::string> also_links;
  std::string redirect_to;
  int pages = 0;
  bool hostile = false;
  int slow_ms = 0;
  std::string soft404;    // "" or a --soft404 mode: how unknown paths are answered
  int lockout_after = 5;  // failed logins before a login surface locks the account (0 = never)
  std::vector<AuthUser> auth_users = DefaultAuthUsers();  // members area (--auth-user)
  int session_max_requests = 0;  // members sessions end after N authenticated requests (0 = never)

  bool HasFlaw(std::string_view id) const { return flaws.find(id) != flaws.end(); }
};

enum class ParseResult { kRun, kHelp, kListFlaws, kListAuth, kError };

// Parses argv into `out`. On kError, `error` says why (the caller exits with 2).
ParseResult ParseArgs(int argc, char** argv, Options& out, std::string& error);

std::string Usage();

}  // namespace testbed
