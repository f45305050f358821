// exposed-config: configuration files, credentials and private keys readable over HTTP.
//
// Budget per origin: 31 GET probes (one per file below) plus soft-404 calibration of 14
// (directory, name class) profiles = 28 requests: 59 at most (the calibration is shared with
// the other path probes of the scan).
#include <algorithm>
#include <cctype>
#include <set>

#include "checks/common/all_checks.h"
#include "checks/exposure/exposure_signatures.h"
#include "checks/exposure/path_probe.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kExposedConfig{
    "exposed-config",
    "Configuration or credential file exposed",
    CheckKind::active,
    538,
    Severity::medium,
    Confidence::high,
    "A configuration file, credential store or private key can be downloaded from the web "
    "root: environment files (.env), PHP configuration backups (wp-config.php.bak, "
    "config.php~), web.config, appsettings.json, Spring application.properties/yml, .npmrc, "
    ".aws/credentials, .docker/config.json, docker-compose.yml, Dockerfile, .htpasswd, "
    ".htaccess, SSH/TLS private keys, shell history or .DS_Store. They typically reveal "
    "database passwords, API keys and tokens, or the server's layout. Severity is high when "
    "the file holds secrets (their values are masked in the evidence).",
    "Keep configuration, credentials and keys outside the document root, deploy only the files "
    "the site serves, and deny dot-files and backup names (*.bak, *~, *.old, *.orig, *.save) "
    "in the web server. Rotate every secret the file contained: assume it has been read.",
    {"https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_"
     "Security_Testing/02-Configuration_and_Deployment_Management_Testing/"
     "04-Review_Old_Backup_and_Unreferenced_Files_for_Sensitive_Information",
     "https://cwe.mitre.org/data/definitions/538.html",
     "https://cwe.mitre.org/data/definitions/552.html"},
    31,  // request budget per origin
};

namespace {

using exposure::clip;
using exposure::lead_trimmed;
using exposure::MaskedLine;
using exposure::text_lines;

constexpr std::size_t kMaxSnippetLines = 6;

// What a signature found: the proof lines (masked) and the secrets among them.
class Found {
 public:
  explicit Found(std::string what) : what_(std::move(what)) {}

  // A proof line; `marker` lines (what identifies the format) are always shown.
  void add(std::string_view line, bool marker) {
    MaskedLine m = exposure::mask_line(trim(line));
    add_masked(std::move(m), marker);
  }
  void add_masked(MaskedLine m, bool marker) {
    if (m.secret) {
      secret_ = true;
      if (!m.name.empty() && std::find(names_.begin(), names_.end(), m.name) == names_.end()) {
        names_.push_back(m.name);
      }
    }
    lines_.push_back({lines_.size(), clip(m.text, 200), marker, m.secret});
  }
  // Secrets by nature (private keys, password hashes).
  void always_secret(std::string name) {
    secret_ = true;
    if (std::find(names_.begin(), names_.end(), name) == names_.end()) names_.push_back(name);
  }

  ProbeProof proof() const {
    // Markers first, then secret lines, then context, at most kMaxSnippetLines, in file order.
    std::vector<const Line*> pick;
    for (int pass = 0; pass < 3; ++pass) {
      for (const Line& l : lines_) {
        if (pick.size() >= kMaxSnippetLines) break;
        const bool take = pass == 0   ? l.marker
                          : pass == 1 ? (!l.marker && l.secret)
                                      : (!l.marker && !l.secret);
        if (take && (pass < 2 || pick.size() < 3)) pick.push_back(&l);
      }
    }
    std::sort(pick.begin(), pick.end(),
              [](const Line* a, const Line* b) { return a->order < b->order; });
    ProbeProof p;
    for (const Line* l : pick) p.snippet += (p.snippet.empty() ? "" : "\n") + l->text;
    p.detail = what_;
    if (secret_) {
      p.severity = Severity::high;
      std::string names;
      for (std::size_t i = 0; i < names_.size() && i < 5; ++i) {
        names += (names.empty() ? "" : ", ") + names_[i];
      }
      p.detail += " holding secrets" + (names.empty() ? "" : " (" + names + ")");
    }
    return p;
  }

 private:
  struct Line {
    std::size_t order;
    std::string text;
    bool marker, secret;
  };
  std::string what_;
  std::vector<Line> lines_;
  std::vector<std::string> names_;
  bool secret_ = false;
};

using Signature = std::optional<Found> (*)(std::string_view body);

bool meaningful(std::string_view t) {
  return !t.empty() && !t.starts_with('#') && !t.starts_with(';') && !t.starts_with("//");
}

bool name_chars(std::string_view k, std::string_view extra) {
  if (k.empty() || k.size() > 128) return false;
  return std::all_of(k.begin(), k.end(), [&](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
           extra.find(c) != std::string_view::npos;
  });
}

// .env: KEY=value lines, at most one line in five of anything else.
std::optional<Found> env_file(std::string_view body) {
  Found f("an environment file");
  int kv = 0, other = 0;
  for (std::string_view raw : text_lines(body)) {
    std::string_view t = trim(raw);
    if (t.empty() || t.starts_with('#')) continue;
    std::string_view u = t;
    if (u.starts_with("export ")) u.remove_prefix(7);
    const auto eq = u.find('=');
    const std::string_view key = eq == std::string_view::npos ? "" : u.substr(0, eq);
    if (!key.empty() && name_chars(key, ".-") &&
        !std::isdigit(static_cast<unsigned char>(key.front()))) {
      ++kv;
      f.add(t, kv <= 2);
    } else {
      ++other;
    }
  }
  if (kv < 3 || other * 5 > kv) return std::nullopt;
  return f;
}

bool php_config_name(std::string_view line) {
  const std::string l = to_lower(line);
  for (std::string_view w : {"db", "database", "host", "user", "pass", "key", "secret", "salt",
                             "config", "cfg", "conf", "dsn", "token"}) {
    if (l.find(w) != std::string::npos) return true;
  }
  return false;
}

// PHP configuration (and its backups): starts with <?php, defines constants or variables.
std::optional<Found> php_config(std::string_view body) {
  const std::string_view t = lead_trimmed(body);
  if (!istarts_with(t, "<?php")) return std::nullopt;
  Found f("PHP configuration source");
  int settings = 0;
  bool config_like = false;
  f.add("<?php", true);
  for (std::string_view raw : text_lines(t)) {
    const std::string_view line = trim(raw);
    const bool define = istarts_with(line, "define(") || istarts_with(line, "define (");
    const bool variable = line.starts_with('$') && line.find('=') != std::string_view::npos;
    if (!define && !variable) continue;
    ++settings;
    const bool named = php_config_name(line);
    config_like = config_like || named;
    f.add(line, false);
  }
  if (settings < 2 || !config_like) return std::nullopt;
  return f;
}

// web.config (ASP.NET / IIS).
std::optional<Found> web_config(std::string_view body) {
  const std::string_view t = lead_trimmed(body);
  if (!t.starts_with("<?xml") && !t.starts_with("<configuration")) return std::nullopt;
  const std::string lower = to_lower(t.substr(0, 256 * 1024));
  if (lower.find("<configuration") == std::string::npos) return std::nullopt;
  bool section = false;
  for (std::string_view s :
       {"<system.web", "<appsettings", "<connectionstrings", "<location", "<system.webserver"}) {
    section = section || lower.find(s) != std::string::npos;
  }
  if (!section) return std::nullopt;
  Found f("an ASP.NET/IIS web.config");
  for (std::string_view raw : text_lines(t)) {
    const std::string_view line = trim(raw);
    const std::string l = to_lower(line);
    if (l.starts_with("<configuration")) {
      f.add(line, true);
    } else if (l.find("connectionstring") != std::string::npos || l.starts_with("<add ")) {
      f.add(line, false);
    }
  }
  return f;
}

// A JSON document with one of `keys` as a member name ("Logging": ...).
bool json_with_key(std::string_view body, std::initializer_list<std::string_view> keys) {
  const std::string_view t = lead_trimmed(body);
  if (!t.starts_with('{')) return false;
  const std::string lower = to_lower(t.substr(0, 256 * 1024));
  for (std::string_view k : keys) {
    for (auto p = lower.find("\"" + std::string(k) + "\""); p != std::string::npos;
         p = lower.find("\"" + std::string(k) + "\"", p + 1)) {
      std::size_t q = p + k.size() + 2;
      while (q < lower.size() &&
             (lower[q] == ' ' || lower[q] == '\t' || lower[q] == '\r' || lower[q] == '\n')) {
        ++q;
      }
      if (q < lower.size() && lower[q] == ':') return true;
    }
  }
  return false;
}

// JSON proof lines: lines naming a marker key, and lines with secrets.
Found json_found(std::string_view body, std::string what,
                 std::initializer_list<std::string_view> markers) {
  Found f(std::move(what));
  for (std::string_view raw : text_lines(lead_trimmed(body))) {
    const std::string_view line = trim(raw);
    if (line.size() <= 1) continue;
    const std::string l = to_lower(line);
    bool marker = false;
    for (std::string_view m : markers) marker = marker || l.find(m) != std::string::npos;
    MaskedLine masked = exposure::mask_line(line);
    if (marker || masked.secret) f.add_masked(std::move(masked), marker);
  }
  return f;
}

std::optional<Found> appsettings(std::string_view body) {
  if (!json_with_key(body, {"connectionstrings", "logging"})) return std::nullopt;
  return json_found(body, "an ASP.NET Core appsettings file",
                    {"\"connectionstrings\"", "\"logging\""});
}

std::optional<Found> docker_config(std::string_view body) {
  if (!json_with_key(body, {"auths"})) return std::nullopt;
  return json_found(body, "a Docker client configuration", {"\"auths\""});
}

// Spring application.properties: key=value (or key: value) lines, some of them spring.* or
// server.*.
std::optional<Found> properties(std::string_view body) {
  Found f("a Spring application.properties");
  int kv = 0, other = 0;
  bool spring = false;
  for (std::string_view raw : text_lines(body)) {
    const std::string_view t = trim(raw);
    if (t.empty() || t.starts_with('#') || t.starts_with('!')) continue;
    const auto sep = t.find_first_of("=:");
    const std::string_view key = sep == std::string_view::npos ? "" : trim(t.substr(0, sep));
    if (!name_chars(key, ".-[]")) {
      ++other;
      continue;
    }
    ++kv;
    const bool marker = key.starts_with("spring.") || key.starts_with("server.");
    spring = spring || marker;
    f.add(t, marker);
  }
  if (!spring || kv < 2 || other * 5 > kv) return std::nullopt;
  return f;
}

std::size_t indent_of(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && line[i] == ' ') ++i;
  return i;
}

// A YAML mapping line ("key:" or "key: value"), list item or document marker.
bool yaml_line(std::string_view t) {
  if (t == "---" || t.starts_with("- ") || t == "-") return true;
  const auto colon = t.find(':');
  if (colon == std::string_view::npos) return false;
  if (colon + 1 < t.size() && t[colon + 1] != ' ') return false;
  std::string_view key = t.substr(0, colon);
  if (key.size() >= 2 && (key.front() == '"' || key.front() == '\'') && key.back() == key.front()) {
    key = key.substr(1, key.size() - 2);
  }
  return name_chars(key, ".-");
}

// YAML proof: every top-level key in `tops` found with an indented child; yaml lines only.
std::optional<Found> yaml_with(std::string_view body, std::string what,
                               std::initializer_list<std::string_view> tops,
                               std::initializer_list<std::string_view> child_markers) {
  Found f(std::move(what));
  const std::vector<std::string_view> lines = text_lines(body);
  int yaml = 0, other = 0;
  bool top = false, child = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view raw = lines[i];
    const std::string_view t = trim(raw);
    if (t.empty() || t.starts_with('#')) continue;
    if (!yaml_line(t)) {
      ++other;
      continue;
    }
    ++yaml;
    bool marker = false;
    if (indent_of(raw) == 0) {
      for (std::string_view k : tops) {
        if (t == std::string(k) + ":" && i + 1 < lines.size() && indent_of(lines[i + 1]) > 0) {
          marker = top = true;
        }
      }
    } else {
      for (std::string_view k : child_markers) {
        if (t.starts_with(k)) marker = child = true;
      }
    }
    f.add(raw, marker);
  }
  if (!top || (child_markers.size() > 0 && !child) || yaml < 3 || other * 5 > yaml) {
    return std::nullopt;
  }
  return f;
}

std::optional<Found> application_yml(std::string_view body) {
  return yaml_with(body, "a Spring application.yml", {"spring", "server"}, {});
}

std::optional<Found> compose(std::string_view body) {
  return yaml_with(body, "a Docker Compose file", {"services"}, {"image:", "build:"});
}

// .npmrc: key=value lines with a registry or auth setting.
std::optional<Found> npmrc(std::string_view body) {
  Found f("an npm configuration (.npmrc)");
  int kv = 0, other = 0;
  bool npm = false;
  for (std::string_view raw : text_lines(body)) {
    const std::string_view t = trim(raw);
    // Not meaningful(): auth lines start with "//registry.example.com/:".
    if (t.empty() || t.starts_with('#') || t.starts_with(';')) continue;
    const auto eq = t.find('=');
    const std::string_view key = eq == std::string_view::npos ? "" : trim(t.substr(0, eq));
    if (key.empty() || key.find_first_of(" \t") != std::string_view::npos) {
      ++other;
      continue;
    }
    ++kv;
    const bool marker = key == "registry" || key.ends_with(":registry") ||
                        key.find("_authToken") != std::string_view::npos ||
                        key.ends_with("_auth") || key.ends_with("_password") ||
                        key == "always-auth";
    npm = npm || marker;
    f.add(t, marker);
  }
  if (!npm || other * 5 > kv) return std::nullopt;
  return f;
}

// .aws/credentials: an INI profile with aws_access_key_id.
std::optional<Found> aws_credentials(std::string_view body) {
  Found f("AWS credentials");
  bool profile = false, key_id = false;
  for (std::string_view raw : text_lines(body)) {
    const std::string_view t = trim(raw);
    if (!meaningful(t)) continue;
    if (t.starts_with('[') && t.ends_with(']')) {
      profile = true;
      f.add(t, true);
      continue;
    }
    const auto eq = t.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    const std::string key = to_lower(trim(t.substr(0, eq)));
    if (key == "aws_access_key_id") key_id = true;
    f.add(t, key == "aws_access_key_id");
  }
  if (!profile || !key_id) return std::nullopt;
  return f;
}

bool dockerfile_instruction(std::string_view word) {
  static constexpr std::string_view kInstructions[] = {
      "FROM",    "RUN", "CMD",     "LABEL",      "MAINTAINER",  "EXPOSE",
      "ENV",     "ADD", "COPY",    "ENTRYPOINT", "VOLUME",      "USER",
      "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"};
  return std::find(std::begin(kInstructions), std::end(kInstructions), word) !=
         std::end(kInstructions);
}

// Dockerfile: instructions, the first of them FROM (or ARG before FROM).
std::optional<Found> dockerfile(std::string_view body) {
  Found f("a Dockerfile");
  int instructions = 0, other = 0;
  bool from = false, first_ok = false, continued = false;
  for (std::string_view raw : text_lines(body)) {
    const std::string_view t = trim(raw);
    const bool was_continued = continued;
    continued = t.ends_with('\\');
    if (was_continued || t.empty() || t.starts_with('#')) continue;
    const std::string_view word = t.substr(0, t.find_first_of(" \t"));
    if (!dockerfile_instruction(word)) {
      ++other;
      continue;
    }
    if (instructions == 0) first_ok = word == "FROM" || word == "ARG";
    ++instructions;
    from = from || word == "FROM";
    // ENV/ARG "NAME value" is masked like "NAME=value".
    std::string shown(t);
    if ((word == "ENV" || word == "ARG") && shown.find('=') == std::string::npos) {
      const auto sp = shown.find(' ', word.size() + 1);
      if (sp != std::string::npos) shown[sp] = '=';
    }
    f.add(shown, word == "FROM");
  }
  if (!from || !first_ok || instructions < 2 || other * 5 > instructions) return std::nullopt;
  return f;
}

bool crypt_chars(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '/';
  });
}

// .htpasswd: user:hash lines only.
std::optional<Found> htpasswd(std::string_view body) {
  Found f("an Apache password file (.htpasswd)");
  int users = 0;
  for (std::string_view raw : text_lines(body)) {
    const std::string_view t = trim(raw);
    if (t.empty()) continue;
    const auto colon = t.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 64) return std::nullopt;
    const std::string_view user = t.substr(0, colon);
    const std::string_view hash = t.substr(colon + 1);
    if (user.find_first_of(" \t<>\"") != std::string_view::npos) return std::nullopt;
    std::string_view scheme;
    for (std::string_view s : {"$apr1$", "{SHA}", "$2y$", "$2a$", "$2b$", "$5$", "$6$", "$1$"}) {
      if (hash.starts_with(s)) scheme = s;
    }
    if (scheme.empty() && !(hash.size() == 13 && crypt_chars(hash))) return std::nullopt;
    if (hash.size() < scheme.size() + 8) return std::nullopt;
    ++users;
    MaskedLine m;
    m.text = std::string(user) + ":" + std::string(scheme) + "****";
    m.secret = true;
    m.name = "password hash of " + std::string(user);
    f.add_masked(std::move(m), users <= 2);
  }
  if (users == 0) return std::nullopt;
  return f;
}

bool htaccess_directive(std::string_view t) {
  if (t.starts_with("<IfModule") || t.starts_with("</") || t.starts_with("<Files") ||
      t.starts_with("<Directory") || t.starts_with("<Limit") || t.starts_with("<Location") ||
      t.starts_with("<If")) {
    return true;
  }
  static constexpr std::string_view kDirectives[] = {"RewriteEngine",
                                                     "RewriteRule",
                                                     "RewriteCond",
                                                     "RewriteBase",
                                                     "Options",
                                                     "Order",
                                                     "Deny",
                                                     "Allow",
                                                     "Require",
                                                     "AuthType",
                                                     "AuthName",
                                                     "AuthUserFile",
                                                     "AuthGroupFile",
                                                     "ErrorDocument",
                                                     "DirectoryIndex",
                                                     "Header",
                                                     "SetEnv",
                                                     "SetEnvIf",
                                                     "php_value",
                                                     "php_flag",
                                                     "AddType",
                                                     "AddHandler",
                                                     "Redirect",
                                                     "RedirectMatch",
                                                     "ExpiresActive",
                                                     "ExpiresByType",
                                                     "ExpiresDefault",
                                                     "AddDefaultCharset",
                                                     "AddOutputFilterByType",
                                                     "FileETag",
                                                     "Satisfy",
                                                     "IndexIgnore",
                                                     "ServerSignature",
                                                     "SetHandler"};
  const std::string_view word = t.substr(0, t.find_first_of(" \t"));
  for (std::string_view d : kDirectives) {
    if (iequals(word, d)) return true;
  }
  return false;
}

// .htaccess: Apache directives.
std::optional<Found> htaccess(std::string_view body) {
  Found f("an Apache .htaccess file");
  int directives = 0, other = 0;
  for (std::string_view raw : text_lines(body)) {
    const std::string_view t = trim(raw);
    if (t.empty() || t.starts_with('#')) continue;
    if (!htaccess_directive(t)) {
      ++other;
      continue;
    }
    ++directives;
    f.add(t, directives <= 3);
  }
  if (directives < 2 || other * 5 > directives) return std::nullopt;
  return f;
}

// PEM or OpenSSH private keys: only the BEGIN line is shown.
std::optional<Found> private_key(std::string_view body) {
  const std::string_view t = lead_trimmed(body);
  const std::vector<std::string_view> lines = text_lines(t, 3);
  if (lines.size() < 2) return std::nullopt;
  const std::string_view first = trim(lines[0]);
  if (!first.starts_with("-----BEGIN ") || !first.ends_with("PRIVATE KEY-----")) {
    return std::nullopt;
  }
  Found f("a private key");
  MaskedLine m;
  m.text = std::string(first);
  f.add_masked(std::move(m), true);
  f.always_secret("private key");
  return f;
}

bool shell_command(std::string_view word) {
  static constexpr std::string_view kCommands[] = {"cd",         "ls",      "ll",
                                                   "la",         "sudo",    "su",
                                                   "vi",         "vim",     "nano",
                                                   "cat",        "less",    "more",
                                                   "tail",       "head",    "grep",
                                                   "find",       "git",     "mysql",
                                                   "mysqldump",  "psql",    "ssh",
                                                   "scp",        "rsync",   "curl",
                                                   "wget",       "docker",  "docker-compose",
                                                   "kubectl",    "npm",     "yarn",
                                                   "node",       "php",     "composer",
                                                   "python",     "python3", "pip",
                                                   "pip3",       "apt",     "apt-get",
                                                   "yum",        "dnf",     "service",
                                                   "systemctl",  "exit",    "history",
                                                   "rm",         "cp",      "mv",
                                                   "mkdir",      "chmod",   "chown",
                                                   "tar",        "unzip",   "zip",
                                                   "echo",       "export",  "source",
                                                   "top",        "htop",    "ps",
                                                   "kill",       "killall", "crontab",
                                                   "passwd",     "nginx",   "apachectl",
                                                   "apache2ctl", "make",    "touch",
                                                   "pwd",        "clear",   "whoami",
                                                   "id",         "df",      "du",
                                                   "free",       "ping",    "ifconfig",
                                                   "ip",         "netstat", "ss",
                                                   "openssl",    "env",     "reboot",
                                                   "logout",     "screen",  "tmux",
                                                   "journalctl"};
  return std::find(std::begin(kCommands), std::end(kCommands), word) != std::end(kCommands);
}

// .bash_history: shell commands, one per line.
std::optional<Found> bash_history(std::string_view body) {
  Found f("a shell history");
  int commands = 0, other = 0;
  std::set<std::string> distinct;
  for (std::string_view raw : text_lines(body)) {
    const std::string_view t = trim(raw);
    if (t.empty() || t.starts_with('#')) continue;
    const std::string word(t.substr(0, t.find_first_of(" \t;|&")));
    if (!shell_command(word)) {
      ++other;
      continue;
    }
    ++commands;
    distinct.insert(word);
    MaskedLine m = exposure::mask_line(t);
    // mysql -pSECRET
    if (const auto p = m.text.find(" -p"); p != std::string::npos && p + 3 < m.text.size() &&
                                           m.text[p + 3] != ' ' &&
                                           m.text.find("mysql") != std::string::npos) {
      auto e = m.text.find(' ', p + 3);
      if (e == std::string::npos) e = m.text.size();
      const std::string value = m.text.substr(p + 3, e - p - 3);
      if (!exposure::is_placeholder(value)) {
        m.text.replace(p + 3, e - p - 3, exposure::mask_value(value));
        m.secret = true;
        if (m.name.empty()) m.name = "mysql -p";
      }
    }
    f.add_masked(std::move(m), commands <= 2);
  }
  if (commands < 3 || distinct.size() < 2 || other * 3 > commands) return std::nullopt;
  return f;
}

// .DS_Store: the "Bud1" buddy allocator magic; names the files the directory holds.
std::optional<Found> ds_store(std::string_view body) {
  if (!body.starts_with(std::string_view("\0\0\0\1Bud1", 8))) return std::nullopt;
  // Records: a 4-byte big-endian name length, the name in UTF-16BE, a 4-byte record code
  // ("Iloc", "bwsp", ...) and a 4-byte type ("long", "blob", "ustr", ...).
  std::vector<std::string> names;
  const std::string_view b = body.substr(0, 256 * 1024);
  for (std::size_t i = 8; i + 4 < b.size() && names.size() < 6; ++i) {
    const std::size_t n =
        (static_cast<unsigned char>(b[i]) << 24) | (static_cast<unsigned char>(b[i + 1]) << 16) |
        (static_cast<unsigned char>(b[i + 2]) << 8) | static_cast<unsigned char>(b[i + 3]);
    if (n == 0 || n > 255 || i + 4 + 2 * n + 8 > b.size()) continue;
    std::string name;
    bool ok = true;
    for (std::size_t k = 0; k < n && ok; ++k) {
      const unsigned char hi = static_cast<unsigned char>(b[i + 4 + 2 * k]);
      const unsigned char lo = static_cast<unsigned char>(b[i + 5 + 2 * k]);
      ok = hi == 0 && lo >= 0x20 && lo < 0x7f;
      name += static_cast<char>(lo);
    }
    if (!ok) continue;
    const std::string_view code = b.substr(i + 4 + 2 * n, 4);
    const std::string_view type = b.substr(i + 8 + 2 * n, 4);
    const bool code_ok = std::all_of(code.begin(), code.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c));
    });
    const bool type_ok = type == "long" || type == "shor" || type == "bool" || type == "blob" ||
                         type == "type" || type == "ustr" || type == "comp" || type == "dutc";
    if (!code_ok || !type_ok) continue;
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    i += 4 + 2 * n + 7;
  }
  Found f("a macOS Finder .DS_Store");
  MaskedLine m;
  m.text = "\\x00\\x00\\x00\\x01Bud1";
  if (!names.empty()) {
    m.text += " (names:";
    for (std::size_t k = 0; k < names.size(); ++k) m.text += (k ? ", " : " ") + names[k];
    m.text += ")";
  }
  f.add_masked(std::move(m), true);
  return f;
}

struct ConfigFile {
  std::string_view path;
  Signature signature;
};

constexpr ConfigFile kFiles[] = {
    {"/.env", env_file},
    {"/.env.local", env_file},
    {"/.env.production", env_file},
    {"/.env.bak", env_file},
    {"/config.php.bak", php_config},
    {"/config.php~", php_config},
    {"/config.php.old", php_config},
    {"/wp-config.php.bak", php_config},
    {"/wp-config.php~", php_config},
    {"/wp-config.php.old", php_config},
    {"/wp-config.php.save", php_config},
    {"/wp-config.php.orig", php_config},
    {"/web.config", web_config},
    {"/appsettings.json", appsettings},
    {"/appsettings.Development.json", appsettings},
    {"/application.properties", properties},
    {"/application.yml", application_yml},
    {"/.npmrc", npmrc},
    {"/.aws/credentials", aws_credentials},
    {"/.docker/config.json", docker_config},
    {"/docker-compose.yml", compose},
    {"/Dockerfile", dockerfile},
    {"/.htpasswd", htpasswd},
    {"/.htaccess", htaccess},
    {"/id_rsa", private_key},
    {"/id_dsa", private_key},
    {"/id_ecdsa", private_key},
    {"/id_ed25519", private_key},
    {"/server.key", private_key},
    {"/.bash_history", bash_history},
    {"/.DS_Store", ds_store},
};

ContentSignature signature_for(Signature sig) {
  return [sig](const Exchange& ex) -> std::optional<ProbeProof> {
    const std::string_view body = ex.response.body;
    if (exposure::html_document(body)) return std::nullopt;
    std::optional<Found> found = sig(body);
    if (!found) return std::nullopt;
    return found->proof();
  };
}

class ExposedConfig final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    std::vector<PathProbe> probes;
    for (const ConfigFile& file : kFiles) {
      probes.push_back(exposure::probe(std::string(file.path), signature_for(file.signature)));
    }
    for (const ProbeHit& hit : run_path_probes(ctx, probes)) {
      Finding f = finding_for_hit(kExposedConfig, hit,
                                  hit.probe->path + " is publicly readable: " + hit.proof.detail);
      // The body holds the secrets themselves: the report shows the masked proof instead.
      f.exchange.body_snippet = hit.proof.snippet;
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_exposed_config() { return std::make_unique<ExposedConfig>(); }

}  // namespace gapscan
