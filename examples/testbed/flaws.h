// The testbed's flaw switches and, for each, where a scan must report it (--list-flaws).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace testbed {

// URLs shared by the pages and the flaw table.
inline constexpr std::string_view kJsessionUrl = "/docs/guide.html;jsessionid=0123456789ABCDEF0123";
inline constexpr std::string_view kPhpSessUrl =
    "/docs/api.html?PHPSESSID=9b1f4c7e2a6d8035c4e1f7a9b2d6c803";
inline constexpr std::string_view kApiKeyUrl = "/search?q=x&api_key=sk_test_0123456789abcdef0123";

// Where a flaw is observable when the testbed runs with both listeners and --all-flaws.
struct FlawSpec {
  std::string_view id;    // = the gapscan check id that detects it
  bool per_page = false;  // false: findings per origin (one per key); true: per listed path
  bool http = false;      // observable on the plain-http origin
  bool https = false;     // observable on the https origin
  // Per page: every request path (with query) where the finding appears; per origin: one
  // example.
  std::vector<std::string_view> paths;
  // Optional: the flawed URLs that `paths` link to (findings are on the linking page).
  std::vector<std::string_view> links;
  // Optional: observable only when the scan's target host is this name (never via an IP).
  std::string_view requires_host;
  std::string_view summary;  // one line for --help
  // Observable only by a scan that logs in to the members area (auth_pages.cc); such flaws
  // are not part of --all-flaws.
  bool needs_login = false;
  // Optional: where else the flaw shows once a scan logs in (paths of the members area).
  std::vector<std::string_view> login_paths;
  // Optional: other check ids that the flaw necessarily triggers too.
  std::vector<std::string_view> overlaps;
};

// Table rows for the group files: per-origin and per-page flaws. `schemes` is "http",
// "https" or "http https".
FlawSpec OriginFlaw(std::string_view id, std::string_view schemes,
                    std::vector<std::string_view> paths, std::string_view summary);
FlawSpec PageFlaw(std::string_view id, std::string_view schemes,
                  std::vector<std::string_view> paths, std::string_view summary);

// The active-check flaws, one list per group file (appended to the table in this order).
std::vector<FlawSpec> TransportFlaws();  // transport_pages.cc
std::vector<FlawSpec> ProbeFlaws();      // probe_pages.cc
std::vector<FlawSpec> ExposureFlaws();   // exposure_pages.cc
std::vector<FlawSpec> ConsoleFlaws();    // console_pages.cc
std::vector<FlawSpec> AuthFlaws();       // auth_pages.cc (needs_login)

// Every flaw, in a stable order (the order of --help and --list-flaws).
const std::vector<FlawSpec>& AllFlaws();

bool IsKnownFlaw(std::string_view id);

// The --list-flaws document: a JSON array of
// {"id","scope":"origin"|"page","schemes":[...],"paths":[...]} (plus "links",
// "requires_host", "needs_login", "login_paths" and "overlaps" where set), one object per line.
std::string FlawsJson();

}  // namespace testbed
