#include "cli/config_file.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <set>
#include <sstream>

#include "checks/common/registry.h"
#include "scanner/base/pattern.h"
#include "scanner/base/text.h"

namespace gapscan {

namespace {

int line_of(const YAML::Node& n) { return n.Mark().line >= 0 ? n.Mark().line + 1 : 0; }

bool valid_date(const std::string& s) {
  // YYYY-MM-DD, digits only.
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  const int y = std::stoi(s.substr(0, 4)), mo = std::stoi(s.substr(5, 2)),
            d = std::stoi(s.substr(8, 2));
  if (mo < 1 || mo > 12 || d < 1) return false;
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= days[mo - 1] + (mo == 2 && leap ? 1 : 0);
}

// Walks one document, collecting issues instead of stopping at the first.
class Loader {
 public:
  Loader(ConfigFile& out, const std::vector<ConfigOptionSpec>& known, bool resolve_env)
      : out_(out), known_(known), resolve_env_(resolve_env) {}

  void load(const YAML::Node& root) {
    if (!root || root.IsNull()) return;  // an empty file is a valid, empty policy
    if (!root.IsMap()) {
      error(root, "the file must be a mapping of keys (options, rules, suppressions, expect)");
      return;
    }
    std::vector<std::string> top = {"targets", "identity",     "identities",
                                    "rules",   "suppressions", "expect"};
    for (const auto& k : known_) top.push_back(k.name);
    for (const auto& [key_node, value] : each_key(root, "")) {
      const std::string key = key_node.Scalar();
      if (key == "targets") {
        targets(value);
      } else if (key == "identity") {
        identity(value);
      } else if (key == "identities") {
        identities(value);
      } else if (key == "rules") {
        rules(value);
      } else if (key == "suppressions") {
        suppressions(value);
      } else if (key == "expect") {
        expect(value);
      } else if (const ConfigOptionSpec* spec = find_spec(key)) {
        option(*spec, key_node, value);
      } else {
        error(key_node, "unknown key '" + key + "'" + suggestion(key, top));
      }
    }
  }

 private:
  void error(const YAML::Node& at, std::string message) {
    out_.errors.push_back({line_of(at), std::move(message)});
  }

  const ConfigOptionSpec* find_spec(const std::string& key) const {
    if (key == "config" || key == "url") return nullptr;  // no nesting; targets instead
    for (const auto& k : known_) {
      if (k.name == key) return &k;
    }
    return nullptr;
  }

  // The entries of a mapping, with duplicate and non-scalar keys reported.
  std::vector<std::pair<YAML::Node, YAML::Node>> each_key(const YAML::Node& map,
                                                          const std::string& where) {
    std::vector<std::pair<YAML::Node, YAML::Node>> entries;
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (!it->first.IsScalar()) {
        error(it->first, "keys must be plain names" + where);
        continue;
      }
      if (!seen.insert(it->first.Scalar()).second) {
        error(it->first, "duplicate key '" + it->first.Scalar() + "'" + where);
        continue;
      }
      entries.emplace_back(it->first, it->second);
    }
    return entries;
  }

  // A scalar or a list of scalars, as strings.
  std::optional<std::vector<std::string>> scalars(const YAML::Node& v, const std::string& what) {
    std::vector<std::string> out;
    if (v.IsScalar()) {
      out.push_back(v.Scalar());
    } else if (v.IsSequence()) {
      for (const auto& item : v) {
        if (!item.IsScalar()) {
          error(item, what + ": expected a plain value");
          return std::nullopt;
        }
        out.push_back(item.Scalar());
      }
    } else {
      error(v, what + ": expected a value or a list of values");
      return std::nullopt;
    }
    return out;
  }

  std::optional<std::string> scalar(const YAML::Node& v, const std::string& what) {
    if (!v.IsScalar()) {
      error(v, what + ": expected a single value");
      return std::nullopt;
    }
    return v.Scalar();
  }

  std::optional<bool> boolean(const YAML::Node& v, const std::string& what) {
    const auto s = scalar(v, what);
    if (!s) return std::nullopt;
    const std::string l = to_lower(*s);
    if (l == "true" || l == "yes" || l == "on") return true;
    if (l == "false" || l == "no" || l == "off") return false;
    error(v, what + ": expected true or false, not '" + *s + "'");
    return std::nullopt;
  }

  std::optional<Severity> severity(const YAML::Node& v, const std::string& what) {
    const auto s = scalar(v, what);
    if (!s) return std::nullopt;
    const auto sev = parse_severity(to_lower(*s));
    if (!sev) error(v, what + ": '" + *s + "' is not one of info, low, medium, high, critical");
    return sev;
  }

  std::vector<std::string> paths(const YAML::Node& v, const std::string& what) {
    std::vector<std::string> out;
    const auto list = scalars(v, what);
    if (!list) return out;
    for (const auto& p : *list) {
      if (p.empty() || p[0] != '/') {
        error(v, what + ": '" + p + "' must be a path starting with '/'");
        continue;
      }
      out.push_back(p);
    }
    return out;
  }

  void option(const ConfigOptionSpec& spec, const YAML::Node& key, const YAML::Node& v) {
    ConfigOptionValue o{spec.name, {}, line_of(key)};
    if (spec.flag) {
      const auto b = boolean(v, spec.name);
      if (!b) return;
      o.values.push_back(*b ? "true" : "false");
    } else {
      auto list = scalars(v, spec.name);
      if (!list) return;
      if (!spec.multi && list->size() != 1) {
        error(v, spec.name + ": takes one value, not a list");
        return;
      }
      o.values = std::move(*list);
    }
    out_.options.push_back(std::move(o));
  }

  void targets(const YAML::Node& v) {
    auto list = scalars(v, "targets");
    if (!list) return;
    out_.options.push_back({"url", std::move(*list), line_of(v)});
  }

  void identity(const YAML::Node& v) {
    if (!v.IsMap()) return error(v, "identity: expected a mapping with 'headers'");
    for (const auto& [k, val] : each_key(v, " in identity")) {
      if (k.Scalar() != "headers") {
        error(k,
              "unknown key '" + k.Scalar() + "' in identity" + suggestion(k.Scalar(), {"headers"}));
        continue;
      }
      header_list(val, "identity.headers", out_.identity_headers);
    }
  }

  // `identities:`: several identities, each with its own login and cookie jar.
  void identities(const YAML::Node& v) {
    if (!v.IsSequence()) return error(v, "identities: expected a list of {name, login-url, ...}");
    for (const auto& item : v) {
      if (!item.IsMap()) {
        error(item, "identities: expected {name, login-url, username-env, password-env, ...}");
        continue;
      }
      ConfigIdentity id;
      id.line = line_of(item);
      bool ok = true;
      for (const auto& [k, val] : each_key(item, " in an identity")) {
        const std::string name = k.Scalar();
        if (name == "name") {
          id.name = scalar(val, "identities.name").value_or("");
        } else if (name == "headers") {
          header_list(val, "identities.headers", id.headers);
        } else if (std::find(kIdentityKeys.begin(), kIdentityKeys.end(), name) !=
                   kIdentityKeys.end()) {
          if (const auto text = scalar(val, "identities." + name)) id.fields[name] = *text;
        } else {
          std::vector<std::string> keys(kIdentityKeys.begin(), kIdentityKeys.end());
          keys.insert(keys.end(), {"name", "headers"});
          error(k, "unknown key '" + name + "' in an identity" + suggestion(name, keys));
          ok = false;
        }
      }
      if (id.name.empty()) {
        error(item, "identities: 'name' is required");
        continue;
      }
      for (const auto& other : out_.identities) {
        if (other.name == id.name) {
          error(item, "identities: '" + id.name + "' is listed twice");
          ok = false;
        }
      }
      if (ok) out_.identities.push_back(std::move(id));
    }
  }

  void header_list(const YAML::Node& val, const std::string& where,
                   std::vector<IdentityHeader>& out) {
    {
      if (!val.IsSequence()) {
        error(val, where + ": expected a list of {name, env}");
        return;
      }
      for (const auto& item : val) {
        if (!item.IsMap()) {
          error(item, where + ": expected {name: HEADER, env: VARIABLE}");
          continue;
        }
        IdentityHeader h;
        h.line = line_of(item);
        for (const auto& [hk, hv] : each_key(item, " in " + where)) {
          const std::string name = hk.Scalar();
          if (name == "name") {
            h.name = scalar(hv, where + ".name").value_or("");
          } else if (name == "env") {
            h.env = scalar(hv, where + ".env").value_or("");
          } else {
            error(hk, "unknown key '" + name + "' in " + where + suggestion(name, {"name", "env"}) +
                          "; header values come from environment variables (env), never from "
                          "the file");
          }
        }
        if (h.name.empty() || h.env.empty()) {
          error(item, where + ": both 'name' and 'env' are required");
          continue;
        }
        if (resolve_env_) {
          const char* value = std::getenv(h.env.c_str());
          if (value == nullptr || *value == '\0') {
            error(item,
                  "identity header " + h.name + ": environment variable " + h.env + " is not set");
            continue;
          }
          h.value = value;
        }
        out.push_back(std::move(h));
      }
    }
  }

  void rules(const YAML::Node& v) {
    if (!v.IsSequence()) return error(v, "rules: expected a list of {check, action, severity}");
    for (const auto& item : v) {
      if (!item.IsMap()) {
        error(item, "rules: expected {check: ID-OR-GLOB, action: fail|warn|ignore}");
        continue;
      }
      PolicyRule r;
      r.line = line_of(item);
      bool ok = true;
      for (const auto& [k, val] : each_key(item, " in a rule")) {
        const std::string name = k.Scalar();
        if (name == "check") {
          r.check = scalar(val, "rules.check").value_or("");
          if (!r.check.empty() && !matches_some_check(r.check)) {
            error(val, "rules.check: '" + r.check + "' matches no check (see 'gapscan checks')");
            ok = false;
          }
        } else if (name == "action") {
          r.action = to_lower(scalar(val, "rules.action").value_or(""));
          if (r.action != "fail" && r.action != "warn" && r.action != "ignore") {
            error(val, "rules.action: expected fail, warn or ignore");
            ok = false;
          }
        } else if (name == "severity") {
          r.severity = severity(val, "rules.severity");
          ok = ok && r.severity.has_value();
        } else {
          error(k, "unknown key '" + name + "' in a rule" +
                       suggestion(name, {"check", "action", "severity"}));
          ok = false;
        }
      }
      if (r.check.empty()) {
        error(item, "rules: 'check' is required");
        continue;
      }
      if (r.action.empty() && !r.severity) {
        error(item, "rules: give an 'action' or a 'severity' (or both)");
        continue;
      }
      if (ok) out_.policy.rules.push_back(std::move(r));
    }
  }

  static bool matches_some_check(const std::string& glob) {
    for (const auto& e : all_checks()) {
      if (glob_match(glob, e.info->id)) return true;
    }
    return false;
  }

  void suppressions(const YAML::Node& v) {
    if (!v.IsSequence()) return error(v, "suppressions: expected a list");
    for (const auto& item : v) {
      if (!item.IsMap()) {
        error(item, "suppressions: expected {check, url, parameter, reason, expires}");
        continue;
      }
      Suppression s;
      s.line = line_of(item);
      bool ok = true;
      for (const auto& [k, val] : each_key(item, " in a suppression")) {
        const std::string name = k.Scalar();
        if (name == "check") {
          s.check = scalar(val, "suppressions.check").value_or("");
          if (!s.check.empty() && !matches_some_check(s.check)) {
            error(val, "suppressions.check: '" + s.check + "' matches no check");
            ok = false;
          }
        } else if (name == "url") {
          s.url_regex = scalar(val, "suppressions.url").value_or("");
          if (const std::string why = pattern_problem(s.url_regex); !why.empty()) {
            error(val, "suppressions.url: invalid regex '" + s.url_regex + "' (" + why + ")");
            ok = false;
          }
        } else if (name == "parameter") {
          s.parameter = scalar(val, "suppressions.parameter").value_or("");
        } else if (name == "reason") {
          s.reason = trim(scalar(val, "suppressions.reason").value_or(""));
        } else if (name == "expires") {
          s.expires = scalar(val, "suppressions.expires").value_or("");
          if (!valid_date(s.expires)) {
            error(val, "suppressions.expires: '" + s.expires + "' is not a date YYYY-MM-DD");
            ok = false;
          }
        } else {
          error(k, "unknown key '" + name + "' in a suppression" +
                       suggestion(name, {"check", "url", "parameter", "reason", "expires"}));
          ok = false;
        }
      }
      if (s.check.empty()) {
        error(item, "suppressions: 'check' is required");
        continue;
      }
      if (s.reason.empty()) {
        error(item, "suppressions: 'reason' is required (say why the finding is accepted)");
        continue;
      }
      if (ok) out_.policy.suppressions.push_back(std::move(s));
    }
  }

  void expect(const YAML::Node& v) {
    if (!v.IsMap()) return error(v, "expect: expected a mapping");
    IntendedState& st = out_.policy.expect;
    const std::vector<std::string> keys = {"headers",      "cookies",         "protected-paths",
                                           "absent-paths", "min-tls-version", "min-tls-severity"};
    for (const auto& [k, val] : each_key(v, " in expect")) {
      const std::string name = k.Scalar();
      if (name == "headers") {
        expect_headers(val);
      } else if (name == "cookies") {
        expect_cookies(val);
      } else if (name == "protected-paths") {
        expect_paths(val, "expect.protected-paths", st.protected_paths, true);
      } else if (name == "absent-paths") {
        expect_paths(val, "expect.absent-paths", st.absent_paths, false);
      } else if (name == "min-tls-version") {
        const auto s = scalar(val, "expect.min-tls-version");
        if (s && *s != "1.0" && *s != "1.1" && *s != "1.2" && *s != "1.3") {
          error(val, "expect.min-tls-version: expected 1.0, 1.1, 1.2 or 1.3, not '" + *s + "'");
        } else if (s) {
          st.min_tls_version = *s;
          st.min_tls_line = line_of(val);
        }
      } else if (name == "min-tls-severity") {
        st.min_tls_severity = severity(val, "expect.min-tls-severity");
      } else {
        error(k, "unknown key '" + name + "' in expect" + suggestion(name, keys));
      }
    }
  }

  void expect_headers(const YAML::Node& v) {
    if (!v.IsSequence()) return error(v, "expect.headers: expected a list");
    for (const auto& item : v) {
      if (!item.IsMap()) {
        error(item, "expect.headers: expected {name, equals|contains|min-max-age|absent}");
        continue;
      }
      HeaderExpectation h;
      h.line = line_of(item);
      h.paths = {"/"};
      bool ok = true;
      const std::vector<std::string> keys = {"name",        "paths",  "equals",  "contains",
                                             "min-max-age", "absent", "severity"};
      for (const auto& [k, val] : each_key(item, " in expect.headers")) {
        const std::string name = k.Scalar();
        if (name == "name") {
          h.name = scalar(val, "expect.headers.name").value_or("");
        } else if (name == "paths") {
          h.paths = paths(val, "expect.headers.paths");
          ok = ok && !h.paths.empty();
        } else if (name == "equals") {
          h.equals = scalar(val, "expect.headers.equals");
        } else if (name == "contains") {
          h.contains = scalars(val, "expect.headers.contains").value_or(std::vector<std::string>{});
        } else if (name == "min-max-age") {
          const auto s = scalar(val, "expect.headers.min-max-age");
          if (s && !s->empty() && s->find_first_not_of("0123456789") == std::string::npos &&
              s->size() < 19) {
            h.min_max_age = std::stoll(*s);
          } else if (s) {
            error(val, "expect.headers.min-max-age: expected a number of seconds");
            ok = false;
          }
        } else if (name == "absent") {
          h.absent = boolean(val, "expect.headers.absent").value_or(false);
        } else if (name == "severity") {
          h.severity = severity(val, "expect.headers.severity");
        } else {
          error(k, "unknown key '" + name + "' in expect.headers" + suggestion(name, keys));
          ok = false;
        }
      }
      if (h.name.empty()) {
        error(item, "expect.headers: 'name' is required");
        continue;
      }
      if (h.absent && (h.equals || !h.contains.empty() || h.min_max_age)) {
        error(item, "expect.headers: 'absent' cannot be combined with value expectations");
        continue;
      }
      if (ok) out_.policy.expect.headers.push_back(std::move(h));
    }
  }

  void expect_cookies(const YAML::Node& v) {
    if (!v.IsSequence()) return error(v, "expect.cookies: expected a list");
    for (const auto& item : v) {
      if (!item.IsMap()) {
        error(item, "expect.cookies: expected {name, flags, paths}");
        continue;
      }
      CookieExpectation c;
      c.line = line_of(item);
      c.paths = {"/"};
      bool ok = true;
      for (const auto& [k, val] : each_key(item, " in expect.cookies")) {
        const std::string name = k.Scalar();
        if (name == "name") {
          c.name = scalar(val, "expect.cookies.name").value_or("");
        } else if (name == "paths") {
          c.paths = paths(val, "expect.cookies.paths");
          ok = ok && !c.paths.empty();
        } else if (name == "flags") {
          for (const auto& raw :
               scalars(val, "expect.cookies.flags").value_or(std::vector<std::string>{})) {
            const std::string f = to_lower(raw);
            if (f == "secure") {
              c.secure = true;
            } else if (f == "httponly") {
              c.httponly = true;
            } else if (f == "samesite") {
              c.samesite = "any";
            } else if (f == "samesite=lax" || f == "samesite=strict" || f == "samesite=none") {
              c.samesite = f.substr(9);
            } else {
              error(val, "expect.cookies.flags: '" + raw +
                             "' is not secure, httponly, samesite or samesite=lax|strict|none");
              ok = false;
            }
          }
        } else if (name == "severity") {
          c.severity = severity(val, "expect.cookies.severity");
        } else {
          error(k, "unknown key '" + name + "' in expect.cookies" +
                       suggestion(name, {"name", "flags", "paths", "severity"}));
          ok = false;
        }
      }
      if (c.name.empty()) {
        error(item, "expect.cookies: 'name' is required");
        continue;
      }
      if (ok) out_.policy.expect.cookies.push_back(std::move(c));
    }
  }

  void expect_paths(const YAML::Node& v, const std::string& what, std::vector<PathExpectation>& out,
                    bool with_status) {
    if (!v.IsSequence()) return error(v, what + ": expected a list of paths");
    for (const auto& item : v) {
      PathExpectation p;
      p.line = line_of(item);
      if (with_status) p.allowed_statuses = {401, 403, 404};
      if (item.IsScalar()) {
        p.path = item.Scalar();
      } else if (item.IsMap()) {
        for (const auto& [k, val] : each_key(item, " in " + what)) {
          const std::string name = k.Scalar();
          if (name == "path") {
            p.path = scalar(val, what + ".path").value_or("");
          } else if (name == "status" && with_status) {
            p.allowed_statuses.clear();
            for (const auto& s :
                 scalars(val, what + ".status").value_or(std::vector<std::string>{})) {
              if (s.size() == 3 && s.find_first_not_of("0123456789") == std::string::npos) {
                p.allowed_statuses.push_back(std::stoi(s));
              } else {
                error(val, what + ".status: '" + s + "' is not an HTTP status code");
              }
            }
          } else if (name == "severity") {
            p.severity = severity(val, what + ".severity");
          } else {
            error(k,
                  "unknown key '" + name + "' in " + what +
                      suggestion(name, with_status
                                           ? std::vector<std::string>{"path", "status", "severity"}
                                           : std::vector<std::string>{"path", "severity"}));
          }
        }
      } else {
        error(item, what + ": expected a path or {path: ...}");
        continue;
      }
      if (p.path.empty() || p.path[0] != '/') {
        error(item, what + ": '" + p.path + "' must be a path starting with '/'");
        continue;
      }
      if (with_status && p.allowed_statuses.empty()) {
        error(item, what + ": 'status' needs at least one status code");
        continue;
      }
      out.push_back(std::move(p));
    }
  }

  ConfigFile& out_;
  const std::vector<ConfigOptionSpec>& known_;
  bool resolve_env_;
};

}  // namespace

static std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// " (did you mean 'max-pages'?)" for a near miss, else "".
std::string suggestion(const std::string& key, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = 3;  // at most two edits away
  for (const auto& c : candidates) {
    // A length gap is a lower bound on the distance; skipping those keeps a hostile 1 MB key cheap.
    const std::size_t gap = key.size() > c.size() ? key.size() - c.size() : c.size() - key.size();
    if (gap >= best_d) continue;
    const std::size_t d = edit_distance(key, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

std::string expand_env(const std::string& text, std::string* missing) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      const auto close = text.find('}', i + 2);
      if (close != std::string::npos) {
        const std::string name = text.substr(i + 2, close - i - 2);
        const char* value = std::getenv(name.c_str());
        if (value == nullptr) {
          if (missing != nullptr && missing->empty()) *missing = name;
        } else {
          out += value;
        }
        i = close;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

std::string mask_env(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto close = text.find('}', i);
    if (text.compare(i, 2, "${") == 0 && close != std::string::npos) {
      out += "x";
      i = close;
      continue;
    }
    out += text[i];
  }
  return out;
}

ConfigFile load_config_file(const std::string& path, const std::vector<ConfigOptionSpec>& known,
                            bool resolve_env) {
  // As YAML::LoadFile: unopenable is "cannot read"; a directory reads as an empty document.
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ConfigFile out;
    out.path = path;
    out.policy.source = path;
    out.policy.expect.source = path;
    out.errors.push_back({0, "cannot read the file"});
    return out;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return load_config_text(text.str(), path, known, resolve_env);
}

ConfigFile load_config_text(const std::string& text, const std::string& path,
                            const std::vector<ConfigOptionSpec>& known, bool resolve_env) {
  ConfigFile out;
  out.path = path;
  out.policy.source = path;
  out.policy.expect.source = path;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    out.errors.push_back({e.mark.line >= 0 ? e.mark.line + 1 : 0, e.msg});
    return out;
  }
  try {
    Loader(out, known, resolve_env).load(root);
  } catch (const YAML::Exception& e) {
    out.errors.push_back({e.mark.line >= 0 ? e.mark.line + 1 : 0, e.msg});
  }
  std::stable_sort(out.errors.begin(), out.errors.end(),
                   [](const ConfigIssue& a, const ConfigIssue& b) { return a.line < b.line; });
  return out;
}

std::string format_config_issue(const std::string& path, const ConfigIssue& issue) {
  if (issue.line <= 0) return path + ": " + issue.message;
  return path + ":" + std::to_string(issue.line) + ": " + issue.message;
}

}  // namespace gapscan
