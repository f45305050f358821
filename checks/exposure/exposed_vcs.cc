// exposed-vcs: version control metadata (.git/, .svn/, .hg/, .bzr/) readable over HTTP.
//
// Budget per origin: 8 GET probes (.git/HEAD, .git/config, .git/index, .svn/entries,
// .svn/wc.db, .hg/requires, .bzr/branch-format, .bzr/README) plus soft-404 calibration of
// 5 (directory, name class) profiles = 10 requests: 18 at most.
#include <algorithm>
#include <cctype>
#include <map>

#include "checks/common/all_checks.h"
#include "checks/exposure/exposure_signatures.h"
#include "checks/exposure/path_probe.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kExposedVcs{
    "exposed-vcs",
    "Version control metadata exposed",
    CheckKind::active,
    527,
    Severity::high,
    Confidence::high,
    "The web server serves the metadata directory of a version control working copy (.git/, "
    ".svn/, .hg/ or .bzr/). From it an attacker can usually download the whole repository: "
    "source code, its history, configuration files and the credentials committed to them, "
    "and the address (sometimes with a token) of the upstream repository.",
    "Deploy without the version control metadata (export or build artifacts instead of a "
    "checkout), or deny access to every path segment starting with a dot (Apache: "
    "RedirectMatch 404 /\\.(git|svn|hg|bzr); nginx: location ~ /\\.(git|svn|hg|bzr) { deny all; "
    "}). Treat every secret that was ever committed as leaked and rotate it.",
    {"https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_"
     "Security_Testing/02-Configuration_and_Deployment_Management_Testing/"
     "04-Review_Old_Backup_and_Unreferenced_Files_for_Sensitive_Information",
     "https://cwe.mitre.org/data/definitions/527.html"},
    8,  // request budget per origin
};

namespace {

using exposure::lead_trimmed;
using exposure::text_lines;

bool all_hex(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f');
  });
}

ProbeProof proof(std::string_view kind, std::string snippet, std::string detail = {}) {
  ProbeProof p;
  p.snippet = std::move(snippet);
  p.detail = std::move(detail);
  p.key = std::string(kind);
  return p;
}

// .git/HEAD: "ref: refs/heads/main" or a detached commit id (40 or 64 hex digits).
std::optional<ProbeProof> git_head(const Exchange& ex) {
  const std::string_view t = trim(lead_trimmed(ex.response.body));
  if (t.size() > 256 || t.find('\n') != std::string_view::npos) return std::nullopt;
  if (t.starts_with("ref: refs/") && t.find(' ', 5) == std::string_view::npos) {
    return proof("git", std::string(t));
  }
  if ((t.size() == 40 || t.size() == 64) && all_hex(t)) return proof("git", std::string(t));
  return std::nullopt;
}

// .git/config: a [core] section with key = value lines; reports the remote URL.
std::optional<ProbeProof> git_config(const Exchange& ex) {
  const std::string_view body = ex.response.body;
  if (exposure::html_document(body)) return std::nullopt;
  bool core = false, assignment = false;
  std::string section, remote_name, remote_url, remote_section_line;
  for (std::string_view raw : text_lines(body)) {
    const std::string_view line = trim(raw);
    if (line.empty() || line.starts_with('#') || line.starts_with(';')) continue;
    if (line.starts_with('[') && line.ends_with(']')) {
      section = std::string(line);
      if (line == "[core]") core = true;
      continue;
    }
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    assignment = true;
    const std::string_view name = trim(line.substr(0, eq));
    if (section.starts_with("[remote \"") && iequals(name, "url")) {
      const std::string rname = section.substr(9, section.size() - 11);
      // The first remote, or "origin" over any other.
      if (remote_url.empty() || (rname == "origin" && remote_name != "origin")) {
        remote_name = rname;
        remote_url = std::string(trim(line.substr(eq + 1)));
        remote_section_line = section;
      }
    }
  }
  if (!core || !assignment) return std::nullopt;
  std::string snippet = "[core]";
  std::string detail;
  if (!remote_url.empty()) {
    const std::string shown = exposure::redact_userinfo(remote_url);
    snippet += "\n" + remote_section_line + "\n\turl = " + shown;
    detail = "remote " + remote_name + " " + shown;
    if (shown != remote_url) detail += ", with credentials in the URL";
  }
  return proof("git", std::move(snippet), std::move(detail));
}

std::uint32_t be32(std::string_view s, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

// .git/index: "DIRC", version 2..4, entry count; names the first tracked file when readable.
std::optional<ProbeProof> git_index(const Exchange& ex) {
  const std::string_view b = ex.response.body;
  if (b.size() < 12 || !b.starts_with("DIRC")) return std::nullopt;
  const std::uint32_t version = be32(b, 4);
  if (version < 2 || version > 4) return std::nullopt;
  const std::uint32_t entries = be32(b, 8);
  std::string snippet = "DIRC (Git index version " + std::to_string(version) + ", " +
                        std::to_string(entries) + " entries";
  // Entry 0: 62 fixed bytes from offset 12 (flags in the last two), then the path.
  if (entries > 0 && b.size() > 75) {
    std::size_t at = 74;
    const unsigned flags =
        (static_cast<unsigned char>(b[72]) << 8) | static_cast<unsigned char>(b[73]);
    if (version >= 3 && (flags & 0x4000) != 0) at += 2;  // extended flags
    if (version == 4) at += 1;                           // prefix length varint (0)
    std::string name;
    for (; at < b.size() && b[at] != '\0' && name.size() <= 200; ++at) {
      const unsigned char c = static_cast<unsigned char>(b[at]);
      if (c < 0x20 || c >= 0x7f) {
        name.clear();
        break;
      }
      name += static_cast<char>(c);
    }
    if (!name.empty() && name.size() <= 200) snippet += "; first file: " + name;
  }
  return proof("git", snippet + ")");
}

// .svn/entries: a format number line (1.7+ keep just "12"), or the old XML format.
std::optional<ProbeProof> svn_entries(const Exchange& ex) {
  const std::string_view t = lead_trimmed(ex.response.body);
  if (t.starts_with("<?xml") && t.find("<wc-entries") != std::string_view::npos) {
    return proof("svn", "<wc-entries");
  }
  const std::vector<std::string_view> lines = text_lines(t, 8);
  if (lines.empty()) return std::nullopt;
  const std::string_view first = trim(lines[0]);
  if (first.empty() || first.size() > 2 || !std::all_of(first.begin(), first.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      })) {
    return std::nullopt;
  }
  const int format = std::stoi(std::string(first));
  if (format < 4) return std::nullopt;
  // Formats 8-10 continue with the working copy root entry: "", "dir", revision, URL.
  const bool only_number = trim(t).size() == first.size();
  const bool dir_entry = std::any_of(lines.begin() + 1, lines.end(),
                                     [](std::string_view l) { return trim(l) == "dir"; });
  if (!only_number && !dir_entry) return std::nullopt;
  return proof("svn",
               std::string(first) + " (Subversion entries format " + std::to_string(format) + ")");
}

// .svn/wc.db: the SQLite database of a Subversion 1.7+ working copy.
std::optional<ProbeProof> svn_wc_db(const Exchange& ex) {
  if (!ex.response.body.starts_with(std::string_view("SQLite format 3\0", 16))) {
    return std::nullopt;
  }
  return proof("svn", "SQLite format 3 (Subversion working copy database)");
}

// .hg/requires: one repository feature per line.
std::optional<ProbeProof> hg_requires(const Exchange& ex) {
  const std::string_view body = ex.response.body;
  if (body.size() > 4096) return std::nullopt;
  static constexpr std::string_view kCore[] = {
      "revlogv1",     "store",      "fncache",     "dotencode",          "generaldelta",
      "sparserevlog", "share-safe", "dirstate-v2", "persistent-nodemap", "revlog-compression-zstd"};
  std::vector<std::string> features;
  bool core = false;
  for (std::string_view raw : text_lines(body)) {
    const std::string_view line = trim(raw);
    if (line.empty()) continue;
    const bool word = std::all_of(line.begin(), line.end(), [](char c) {
      return std::islower(static_cast<unsigned char>(c)) ||
             std::isdigit(static_cast<unsigned char>(c)) || c == '-';
    });
    if (!word) return std::nullopt;
    for (std::string_view k : kCore) core = core || line == k;
    features.emplace_back(line);
  }
  if (!core) return std::nullopt;
  std::string snippet;
  for (const std::string& f : features) snippet += (snippet.empty() ? "" : "\n") + f;
  return proof("hg", std::move(snippet));
}

std::optional<ProbeProof> bzr_format(const Exchange& ex) {
  const std::string_view t = lead_trimmed(ex.response.body);
  if (!t.starts_with("Bazaar")) return std::nullopt;
  return proof("bzr", std::string(trim(text_lines(t, 1).front())));
}

std::optional<ProbeProof> bzr_readme(const Exchange& ex) {
  const std::string_view t = lead_trimmed(ex.response.body);
  if (!t.starts_with("This is a Bazaar control directory")) return std::nullopt;
  return proof("bzr", std::string(trim(text_lines(t, 1).front())));
}

struct VcsKind {
  std::string_view key, name, dir;
};
constexpr VcsKind kKinds[] = {
    {"git", "Git repository", "/.git/"},
    {"svn", "Subversion working copy", "/.svn/"},
    {"hg", "Mercurial repository", "/.hg/"},
    {"bzr", "Bazaar branch", "/.bzr/"},
};

class ExposedVcs final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    const std::vector<PathProbe> probes = {
        exposure::probe("/.git/HEAD", git_head),
        exposure::probe("/.git/config", git_config),
        exposure::probe("/.git/index", git_index),
        exposure::probe("/.svn/entries", svn_entries),
        exposure::probe("/.svn/wc.db", svn_wc_db),
        exposure::probe("/.hg/requires", hg_requires),
        exposure::probe("/.bzr/branch-format", bzr_format),
        exposure::probe("/.bzr/README", bzr_readme),
    };
    const std::vector<ProbeHit> hits = run_path_probes(ctx, probes);
    for (const VcsKind& kind : kKinds) {
      std::vector<const ProbeHit*> mine;
      for (const ProbeHit& h : hits) {
        if (h.proof.key == kind.key) mine.push_back(&h);
      }
      if (mine.empty()) continue;
      std::string remote;
      for (const ProbeHit* h : mine) {
        if (!h->proof.detail.empty()) remote = h->proof.detail;
      }
      std::string message =
          std::string(kind.name) + " metadata is publicly readable under " + std::string(kind.dir);
      if (!remote.empty()) message += " (" + remote + ")";
      Finding f = finding_for_hit(kExposedVcs, *mine.front(), std::move(message));
      if (!remote.empty() && mine.front()->proof.detail.empty()) f.evidence.note += "; " + remote;
      if (mine.size() > 1) {
        std::string also;
        for (std::size_t i = 1; i < mine.size(); ++i) {
          also += (also.empty() ? "" : ", ") + mine[i]->probe->path;
          f.evidence.snippet += "\n" + mine[i]->proof.snippet;
        }
        f.evidence.note += "; also readable: " + also;
      }
      // .git/config may hold credentials (remote URLs, http.extraHeader): the report shows the
      // redacted proof instead of the body.
      if (mine.front()->probe->path == "/.git/config") {
        f.exchange.body_snippet = mine.front()->proof.snippet;
      }
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_exposed_vcs() { return std::make_unique<ExposedVcs>(); }

}  // namespace gapscan
