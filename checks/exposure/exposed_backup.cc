// exposed-backup: database dumps, site archives, backup directories and backup copies of
// crawled pages (page.php~, page.html.bak, ...) downloadable from the web root.
//
// Budget per origin:
//   - 12 GET probes: /backup.sql, /dump.sql, /db.sql, /database.sql, /<host>.sql,
//     /backup.zip, /backup.tar.gz, /site.tar.gz, /<host>.tar.gz, /<host>.zip, /backup/,
//     /backups/; their soft-404 calibration: 4 profiles (/ .sql, .zip, .gz, directories) = 8.
//   - backup copies of at most max_backup_pages crawled pages (default 10), 7 suffixes each,
//     picked so that these probes plus the calibration they need stay within
//     7 x max_backup_pages + 14 requests (84 by default; pages in few directories share
//     calibration, so the cap mostly limits how many directories are visited).
//   - for each page with a candidate copy: the original and one control URL (2 requests).
// By default: 20 + 84 = 104 requests at most, plus 2 per page that has a candidate copy.
#include <algorithm>
#include <cctype>
#include <map>
#include <random>
#include <set>

#include "checks/common/all_checks.h"
#include "checks/exposure/exposure_signatures.h"
#include "checks/exposure/not_found.h"
#include "checks/exposure/path_probe.h"
#include "scanner/base/text.h"
#include "scanner/base/url.h"

namespace gapscan {

const CheckInfo kExposedBackup{
    "exposed-backup",
    "Backup or database dump exposed",
    CheckKind::active,
    530,
    Severity::high,
    Confidence::high,
    "A backup can be downloaded from the web root: a database dump (backup.sql), an archive of "
    "the site (backup.zip, <host>.tar.gz), a directory of backups, or a backup copy of a page "
    "left by an editor or an administrator (index.php~, page.php.bak, page.html.old). Dumps "
    "and archives give away data, source code and credentials (high severity); a backup copy "
    "of a server-side page shows its source code instead of running it (medium).",
    "Keep backups and dumps out of the document root (and off the web server), remove editor "
    "and manual backup copies from deployments, and deny backup names in the web server "
    "(*.sql, *.zip, *.tar.gz, *~, *.bak, *.old, *.orig, *.swp, *.save, *.copy).",
    {"https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_"
     "Security_Testing/02-Configuration_and_Deployment_Management_Testing/"
     "04-Review_Old_Backup_and_Unreferenced_Files_for_Sensitive_Information",
     "https://cwe.mitre.org/data/definitions/530.html"},
    102,  // request budget per origin
};

namespace {

using exposure::clip;
using exposure::text_lines;

constexpr std::string_view kPageSuffixes[] = {"~",    ".bak",  ".old", ".orig",
                                              ".swp", ".save", ".copy"};
// Page copies: 7 probes per page, plus 14 requests of calibration (one new directory's worth of
// name classes) beyond what pages in already calibrated directories need.
constexpr int kPageProbeBudgetPerPage = 7;
constexpr int kPageCalibrationBudget = 14;
constexpr double kCopyOverlap = 0.6;  // share of the smaller page's shingles found in the other
constexpr double kCopyMinSize = 0.3;  // smaller / larger shingle count

std::string path_of(std::string_view url) {
  const auto u = parse_url(url);
  return u ? u->path : std::string(url);
}

// ---- database dumps ----------------------------------------------------------------------

std::optional<ProbeProof> sql_dump(const Exchange& ex) {
  const std::string_view body = ex.response.body;
  if (exposure::html_document(body)) return std::nullopt;
  std::string header, create, insert, kind = "SQL statements";
  std::vector<std::string> tables;
  int statements = 0;
  for (std::string_view raw : text_lines(body, 600)) {
    const std::string_view t = trim(raw);
    if (header.empty()) {
      static constexpr std::pair<std::string_view, std::string_view> kHeaders[] = {
          {"-- MySQL dump", "MySQL dump"},
          {"-- MariaDB dump", "MariaDB dump"},
          {"-- PostgreSQL database dump", "PostgreSQL dump"},
          {"-- Dumped from database", "PostgreSQL dump"}};
      for (const auto& [prefix, name] : kHeaders) {
        if (t.starts_with(prefix)) {
          header = clip(t, 120);
          kind = std::string(name);
        }
      }
    }
    const bool is_create = istarts_with(t, "CREATE TABLE ");
    const bool is_insert = istarts_with(t, "INSERT INTO ");
    const bool other = istarts_with(t, "CREATE DATABASE ") || istarts_with(t, "DROP TABLE ") ||
                       istarts_with(t, "LOCK TABLES ") || istarts_with(t, "ALTER TABLE ") ||
                       (istarts_with(t, "COPY ") && t.find("FROM stdin") != std::string::npos);
    if (!is_create && !is_insert && !other) continue;
    ++statements;
    if (is_create) {
      std::string_view rest = trim(t.substr(13));
      if (istarts_with(rest, "IF NOT EXISTS ")) rest = trim(rest.substr(14));
      std::string name(rest.substr(0, rest.find_first_of(" (")));
      name.erase(std::remove_if(name.begin(), name.end(),
                                [](char c) { return c == '`' || c == '"' || c == '['; }),
                 name.end());
      if (!name.empty() && tables.size() < 5) tables.push_back(clip(name, 40));
      if (create.empty()) create = clip(t, 120);
    }
    if (is_insert && insert.empty()) {
      // Show the table, not the rows (personal data, password hashes).
      const std::string lower = to_lower(t);
      const auto values = lower.find(" values");
      insert = std::string(t.substr(0, values == std::string::npos ? 40 : values)) + " VALUES ...";
      insert = clip(insert, 120);
    }
  }
  if (statements == 0 || (header.empty() && statements < 2)) return std::nullopt;
  ProbeProof p;
  for (const std::string& l : {header, create, insert}) {
    if (!l.empty()) p.snippet += (p.snippet.empty() ? "" : "\n") + l;
  }
  if (p.snippet.empty()) p.snippet = "SQL statements";
  p.detail = kind;
  if (!tables.empty()) {
    p.detail += ", tables:";
    for (std::size_t i = 0; i < tables.size(); ++i) p.detail += (i ? ", " : " ") + tables[i];
  }
  return p;
}

// ---- archives ----------------------------------------------------------------------------

std::string printable_name(std::string_view raw) {
  std::string name;
  for (char c : raw.substr(0, 200)) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u == 0) break;
    if (u < 0x20 || u >= 0x7f) return {};
    name += c;
  }
  return name;
}

std::optional<ProbeProof> archive(const Exchange& ex) {
  const std::string_view b = ex.response.body;
  if (media_type(ex.response) == "text/html" || exposure::html_document(b)) return std::nullopt;
  ProbeProof p;
  if (b.starts_with(std::string_view("PK\x03\x04", 4)) && b.size() >= 30) {
    const std::size_t len = static_cast<unsigned char>(b[26]) |
                            (static_cast<std::size_t>(static_cast<unsigned char>(b[27])) << 8);
    const std::string first = b.size() >= 30 + len ? printable_name(b.substr(30, len)) : "";
    p.snippet = "PK\\x03\\x04 (zip archive" + (first.empty() ? "" : ", first entry " + first) + ")";
    p.detail = "zip archive";
    return p;
  }
  if (b.starts_with("\x1f\x8b\x08")) {
    p.snippet = "\\x1f\\x8b\\x08 (gzip data)";
    p.detail = "gzip archive";
    return p;
  }
  // A .tar.gz sent with Content-Encoding: gzip arrives decoded: a tar archive.
  if (b.size() >= 512 && b.substr(257, 5) == "ustar") {
    const std::string first = printable_name(b.substr(0, 100));
    p.snippet = "ustar (tar archive" + (first.empty() ? "" : ", first entry " + first) + ")";
    p.detail = "tar archive";
    return p;
  }
  return std::nullopt;
}

// ---- backup directories ------------------------------------------------------------------

bool backup_name(std::string_view name, bool* data) {
  const std::string n = to_lower(name);
  for (std::string_view e : {".sql", ".sql.gz", ".zip", ".tar", ".tar.gz", ".tgz", ".gz", ".bz2",
                             ".xz", ".7z", ".rar", ".dump", ".sqlite", ".db"}) {
    if (n.ends_with(e)) {
      *data = true;
      return true;
    }
  }
  for (std::string_view e : {".bak", ".old", ".orig", "~"}) {
    if (n.ends_with(e)) return true;
  }
  return false;
}

// An automatic index ("Index of /backup") listing backup-like files.
std::optional<ProbeProof> backup_listing(const Exchange& ex) {
  const std::string_view body = std::string_view(ex.response.body).substr(0, 512 * 1024);
  const std::string lower = to_lower(body);
  std::string title;
  for (std::string_view marker :
       {"<title>index of /", "<h1>index of /", "<title>directory listing for /"}) {
    if (const auto p = lower.find(marker); p != std::string::npos && title.empty()) {
      const auto end = lower.find('<', p + 1);
      title = exposure::strip_tags(body.substr(p, end == std::string::npos ? 80 : end - p));
    }
  }
  if (title.empty() && lower.find("[to parent directory]") != std::string::npos) {
    title = "[To Parent Directory]";
  }
  if (title.empty()) return std::nullopt;
  std::vector<std::string> files;
  bool data = false;
  for (auto p = lower.find("href=\""); p != std::string::npos && files.size() < 50;
       p = lower.find("href=\"", p + 6)) {
    const auto end = lower.find('"', p + 6);
    if (end == std::string::npos) break;
    std::string_view href = body.substr(p + 6, end - p - 6);
    if (href.find('?') != std::string_view::npos || href.find("://") != std::string_view::npos) {
      continue;
    }
    if (href.ends_with('/')) continue;  // subdirectories
    if (const auto slash = href.rfind('/'); slash != std::string_view::npos) {
      href.remove_prefix(slash + 1);
    }
    if (href.empty()) continue;
    if (backup_name(href, &data) &&
        std::find(files.begin(), files.end(), std::string(href)) == files.end()) {
      files.emplace_back(href);
    }
  }
  if (files.empty()) return std::nullopt;
  ProbeProof p;
  p.snippet = clip(title, 100) + "\n";
  for (std::size_t i = 0; i < files.size() && i < 5; ++i) {
    p.snippet += (i ? ", " : "") + clip(files[i], 80);
  }
  p.detail = "a directory listing of " + std::to_string(files.size()) + " backup file" +
             (files.size() == 1 ? "" : "s");
  if (!data) p.severity = Severity::medium;
  return p;
}

// ---- backup copies of crawled pages --------------------------------------------------------

std::string extension_of(std::string_view path) {
  const std::string_view name = path.substr(path.rfind('/') + 1);
  const auto dot = name.rfind('.');
  return dot == std::string_view::npos ? "" : to_lower(name.substr(dot + 1));
}

bool server_side(std::string_view ext) {
  for (std::string_view e :
       {"php", "php3", "php4", "php5", "phtml", "inc", "asp", "aspx", "ascx", "ashx", "asmx", "jsp",
        "jspx", "cfm", "cfml", "cgi", "pl", "py", "rb"}) {
    if (ext == e) return true;
  }
  return false;
}

bool static_asset(std::string_view ext) {
  for (std::string_view e :
       {"css",  "js",   "mjs", "map",  "png",   "jpg", "jpeg", "gif", "svg",
        "ico",  "webp", "bmp", "woff", "woff2", "ttf", "otf",  "eot", "mp4",
        "webm", "mp3",  "wav", "ogg",  "pdf",   "zip", "gz",   "tgz", "rar",
        "7z",   "txt",  "xml", "json", "csv",   "rss", "atom", "swf", "wasm"}) {
    if (ext == e) return true;
  }
  return false;
}

// Where server-side source code starts in `body` (npos when it holds none) for a page with
// extension `ext`.
std::size_t source_marker(std::string_view body, std::string_view ext) {
  std::vector<std::string_view> markers;
  if (ext.starts_with("php") || ext == "phtml" || ext == "inc") {
    markers = {"<?php", "<?="};
  } else if (ext.starts_with("as")) {
    markers = {"<%@", "<%=", "runat=\"server\""};
  } else if (ext.starts_with("jsp")) {
    markers = {"<%@", "<%!", "<jsp:"};
  } else if (ext.starts_with("cfm")) {
    markers = {"<cfset", "<cfquery", "<cfinclude"};
  } else {
    return exposure::lead_trimmed(body).starts_with("#!") ? body.find("#!") : std::string::npos;
  }
  std::size_t best = std::string::npos;
  for (std::string_view m : markers) best = std::min(best, body.find(m));
  return best;
}

struct PagePick {
  std::string url;   // the original page
  std::string path;  // its path
  std::string ext;
};

// Crawled pages worth probing for backup copies, most promising first: server-side pages,
// then other HTML pages, shallow before deep.
std::vector<PagePick> candidate_pages(const ActiveContext& ctx) {
  struct Ranked {
    PagePick pick;
    bool server;
    std::size_t depth;
  };
  std::vector<Ranked> ranked;
  std::set<std::string> seen;
  for (const CrawledPage& page : ctx.pages) {
    if (page.status != 200) continue;
    if (page.url.find_first_of("?#;") != std::string::npos) continue;
    const auto u = parse_url(page.url);
    if (!u || u->path.empty() || u->path.back() == '/') continue;
    const std::string ext = extension_of(u->path);
    if (static_asset(ext)) continue;
    const bool server = server_side(ext);
    if (!server && page.media_type != "text/html" && page.media_type != "application/xhtml+xml") {
      continue;
    }
    if (!seen.insert(u->path).second) continue;
    ranked.push_back({{u->to_string(), u->path, ext},
                      server,
                      static_cast<std::size_t>(std::count(u->path.begin(), u->path.end(), '/'))});
  }
  std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    if (a.server != b.server) return a.server;
    if (a.depth != b.depth) return a.depth < b.depth;
    return a.pick.path < b.pick.path;
  });
  std::vector<PagePick> out;
  for (Ranked& r : ranked) out.push_back(std::move(r.pick));
  return out;
}

// The pages to probe: at most `max_pages`, and their probes plus the calibration profiles
// they need (2 requests each) within `budget` requests.
std::vector<PagePick> pick_pages(const ActiveContext& ctx, int max_pages, int budget) {
  std::vector<PagePick> out;
  std::set<std::string> profiles;
  int spent = 0;
  for (PagePick& page : candidate_pages(ctx)) {
    if (static_cast<int>(out.size()) >= max_pages) break;
    std::set<std::string> fresh;
    for (std::string_view suffix : kPageSuffixes) {
      const auto [dir, name] = split_directory(page.url + std::string(suffix));
      const std::string key = dir + " " + name_class(name);
      if (profiles.count(key) == 0) fresh.insert(key);
    }
    const int cost = static_cast<int>(std::size(kPageSuffixes) + 2 * fresh.size());
    if (spent + cost > budget) continue;
    spent += cost;
    profiles.insert(fresh.begin(), fresh.end());
    out.push_back(std::move(page));
  }
  return out;
}

std::string random_token() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "gs";
  for (int i = 0; i < 12; ++i) out += kHex[rng() % 16];
  return out;
}

// Share of the smaller sketch's shingles that the other has, and the size ratio.
std::pair<double, double> overlap(const BodySketch& a, const BodySketch& b) {
  if (a.shingles.empty() || b.shingles.empty()) return {0.0, 0.0};
  std::size_t common = 0;
  auto ia = a.shingles.begin();
  auto ib = b.shingles.begin();
  while (ia != a.shingles.end() && ib != b.shingles.end()) {
    if (*ia == *ib) {
      ++common;
      ++ia;
      ++ib;
    } else if (*ia < *ib) {
      ++ia;
    } else {
      ++ib;
    }
  }
  const double small = static_cast<double>(std::min(a.shingles.size(), b.shingles.size()));
  const double large = static_cast<double>(std::max(a.shingles.size(), b.shingles.size()));
  return {common / small, small / large};
}

bool copy_of(const BodySketch& candidate, const BodySketch& original) {
  const auto [share, size] = overlap(candidate, original);
  return share >= kCopyOverlap && size >= kCopyMinSize;
}

// A short proof line of a page copy: its <title>, else its first non-empty line.
std::string page_excerpt(std::string_view body) {
  const std::string lower = to_lower(body.substr(0, 64 * 1024));
  if (const auto t = lower.find("<title"); t != std::string::npos) {
    const auto end = lower.find("</title>", t);
    if (end != std::string::npos) return clip(trim(body.substr(t, end + 8 - t)), 160);
  }
  for (std::string_view line : text_lines(body, 50)) {
    if (!trim(line).empty()) return clip(trim(line), 160);
  }
  return {};
}

// Source code lines from `pos` on (masked: configuration often sits in page sources).
std::string source_excerpt(std::string_view body, std::size_t pos) {
  std::vector<std::string> out;
  for (std::string_view line : text_lines(body.substr(pos), 12)) {
    if (trim(line).empty()) continue;
    out.push_back(clip(exposure::mask_line(trim(line)).text, 160));
    if (out.size() == 3) break;
  }
  return exposure::join_lines(out);
}

class ExposedBackup final : public ActiveCheck {
 public:
  // The declared budget holds for the default --max-backup-pages (10): each further page
  // costs its 7 copies plus the original and a control.
  int request_budget(const CheckSettings& settings, int declared) const override {
    return declared + (kPageProbeBudgetPerPage + 2) * (settings.max_backup_pages - 10);
  }

  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    std::vector<PathProbe> probes;
    std::vector<std::string> names = {"backup", "dump", "db", "database"};
    const auto origin = parse_url(ctx.origin);
    const std::string host =
        origin && origin->host.find(':') == std::string::npos ? origin->host : "";
    if (!host.empty()) names.push_back(host);
    for (const std::string& n : names)
      probes.push_back(exposure::probe("/" + n + ".sql", sql_dump));
    std::vector<std::string> archives = {"/backup.zip", "/backup.tar.gz", "/site.tar.gz"};
    if (!host.empty()) {
      archives.push_back("/" + host + ".tar.gz");
      archives.push_back("/" + host + ".zip");
    }
    for (const std::string& a : archives) probes.push_back(exposure::probe(a, archive));
    probes.push_back(exposure::probe("/backup/", backup_listing));
    probes.push_back(exposure::probe("/backups/", backup_listing));
    const std::size_t fixed = probes.size();

    const int max_pages = std::max(0, settings_of(ctx).max_backup_pages);
    const std::vector<PagePick> pages =
        pick_pages(ctx, max_pages, kPageProbeBudgetPerPage * max_pages + kPageCalibrationBudget);
    std::vector<std::size_t> page_of;  // per page-backup probe: index into `pages`
    for (std::size_t i = 0; i < pages.size(); ++i) {
      for (std::string_view suffix : kPageSuffixes) {
        // A candidate: anything with a body. It is judged against the original below.
        probes.push_back(exposure::probe(pages[i].url + std::string(suffix),
                                         [](const Exchange& ex) -> std::optional<ProbeProof> {
                                           if (exposure::empty_body(ex.response))
                                             return std::nullopt;
                                           return ProbeProof{};
                                         }));
        page_of.push_back(i);
      }
    }

    std::vector<const ProbeHit*> candidates;
    const std::vector<ProbeHit> hits = run_path_probes(ctx, probes);
    for (const ProbeHit& hit : hits) {
      const std::size_t index = static_cast<std::size_t>(hit.probe - probes.data());
      if (index < fixed) {
        report_file(hit, sink);
      } else {
        candidates.push_back(&hit);
      }
    }
    if (candidates.empty()) return;

    // Verification: each page's original, and a control name the server cannot have (a
    // server that ignores suffixes, like Spring's suffix pattern matching, answers it with the
    // original too).
    std::vector<std::size_t> wanted;
    for (const ProbeHit* hit : candidates) {
      const std::size_t page =
          page_of[static_cast<std::size_t>(hit->probe - probes.data()) - fixed];
      if (std::find(wanted.begin(), wanted.end(), page) == wanted.end()) wanted.push_back(page);
    }
    std::vector<HttpRequest> requests;
    for (std::size_t page : wanted) {
      HttpRequest original;
      original.url = pages[page].url;
      HttpRequest control;
      control.url = pages[page].url + "." + random_token();
      requests.push_back(std::move(original));
      requests.push_back(std::move(control));
    }
    const std::vector<Exchange> answers = ctx.fetcher.fetch_all(requests);
    for (const ProbeHit* hit : candidates) {
      const std::size_t page =
          page_of[static_cast<std::size_t>(hit->probe - probes.data()) - fixed];
      const std::size_t at =
          static_cast<std::size_t>(std::find(wanted.begin(), wanted.end(), page) - wanted.begin());
      if (2 * at + 1 >= answers.size()) continue;
      judge_copy(pages[page], *hit, answers[2 * at], answers[2 * at + 1], sink);
    }
  }

 private:
  static void report_file(const ProbeHit& hit, FindingSink& sink) {
    const std::string& path = hit.probe->path;
    std::string message;
    if (path.ends_with("/")) {
      message = path + " is " + hit.proof.detail;
    } else if (path.ends_with(".sql")) {
      message = "Database dump " + path + " is publicly downloadable (" + hit.proof.detail + ")";
    } else {
      message = "Archive " + path + " is publicly downloadable (" + hit.proof.detail + ")";
    }
    Finding f = finding_for_hit(kExposedBackup, hit, std::move(message));
    // Dumps and archives hold data and credentials: the report shows the proof, not the body.
    f.exchange.body_snippet = hit.proof.snippet;
    sink.report(std::move(f));
  }

  static void judge_copy(const PagePick& page, const ProbeHit& hit, const Exchange& original,
                         const Exchange& control, FindingSink& sink) {
    const std::string_view body = hit.exchange.response.body;
    const std::string copy_path = path_of(hit.exchange.request.url);
    const bool original_ok =
        original.ok() && original.response.status >= 200 && original.response.status < 300;
    ProbeHit verified = hit;
    verified.proof.key = copy_path;
    std::string message;

    // Server-side source: the copy shows code that the page itself never does.
    const std::size_t src =
        server_side(page.ext) ? source_marker(body, page.ext) : std::string::npos;
    if (src != std::string::npos && original_ok &&
        source_marker(original.response.body, page.ext) == std::string::npos) {
      verified.proof.snippet = source_excerpt(body, src);
      verified.proof.detail = "server-side source code of " + page.path;
      message = copy_path + " is a backup copy of " + page.path + " and shows its source code";
    } else {
      if (!original_ok) return;
      const BodySketch copy = sketch_body(body, {});
      const BodySketch orig = sketch_body(original.response.body, {});
      if (!copy_of(copy, orig)) return;
      // The server must not answer any suffix with the page itself.
      if (control.ok() && control.response.status >= 200 && control.response.status < 300 &&
          copy_of(sketch_body(control.response.body, {}), orig)) {
        return;
      }
      const auto [share, size] = overlap(copy, orig);
      (void)size;
      verified.proof.snippet = page_excerpt(body);
      verified.proof.detail = std::to_string(static_cast<int>(share * 100 + 0.5)) +
                              "% of its text matches " + page.path;
      message = copy_path + " is a backup copy of " + page.path;
    }
    verified.proof.severity = Severity::medium;
    Finding f = finding_for_hit(kExposedBackup, verified, std::move(message));
    f.exchange.body_snippet = verified.proof.snippet;
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_exposed_backup() { return std::make_unique<ExposedBackup>(); }

}  // namespace gapscan
