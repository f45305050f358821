#include "checks/disclosure/component_inventory.h"

#include <optional>
#include <string_view>

#include "checks/disclosure/util.h"
#include "scanner/base/text.h"

namespace gapscan {

namespace {

using disclosure::is_alnum;
using disclosure::is_alpha;
using disclosure::is_digit;
using disclosure::npos;

// Length of a version at s[pos] ("3.5.1", "1.1.1f", "9.4.44.v20210927", "3.0.0-rc.1"): digits,
// then dot-separated components; stops before ".min", ".js" and similar file parts.
std::size_t version_length(std::string_view s, std::size_t pos) {
  std::size_t i = pos;
  const std::size_t d = disclosure::digits_at(s, i);
  if (d == 0) return 0;
  i += d;
  while (i + 1 < s.size() && s[i] == '.' && is_alnum(s[i + 1])) {
    // A component made only of letters ("min", "js", "slim") ends the version.
    std::size_t j = i + 1;
    bool has_digit = false;
    while (j < s.size() && is_alnum(s[j])) {
      has_digit = has_digit || is_digit(s[j]);
      ++j;
    }
    if (!has_digit) break;
    i = j;
  }
  // Letters glued to the last component ("1.1.1f") and a pre-release ("-rc.1", "-beta2").
  while (i < s.size() && is_alpha(s[i]) && i - pos < 40) ++i;
  if (i + 1 < s.size() && s[i] == '-' && is_alnum(s[i + 1])) {
    std::size_t j = i + 1;
    while (j < s.size() &&
           (is_alnum(s[j]) || (s[j] == '.' && j + 1 < s.size() && is_digit(s[j + 1])))) {
      ++j;
    }
    const std::string_view pre = s.substr(i + 1, j - i - 1);
    if (pre.starts_with("rc") || pre.starts_with("beta") || pre.starts_with("alpha") ||
        pre.starts_with("pre") || is_digit(pre.front())) {
      i = j;
    }
  }
  return i - pos;
}

struct Library {
  std::string_view alias;  // as written in URLs (lower-case)
  std::string_view name;   // canonical name
};

// Libraries recognised in URLs. Longer aliases first where one is a prefix of another.
constexpr Library kLibraries[] = {
    {"jquery-ui", "jquery-ui"},
    {"jqueryui", "jquery-ui"},
    {"jquery-migrate", "jquery-migrate"},
    {"jquery-validate", "jquery-validation"},
    {"jquery-validation", "jquery-validation"},
    {"jquery.validate", "jquery-validation"},
    {"jquery", "jquery"},
    {"twitter-bootstrap", "bootstrap"},
    {"bootstrap", "bootstrap"},
    {"angular.js", "angularjs"},
    {"angularjs", "angularjs"},
    {"angular", "angularjs"},
    {"react-dom", "react-dom"},
    {"react", "react"},
    {"vue", "vue"},
    {"lodash.js", "lodash"},
    {"lodash", "lodash"},
    {"moment.js", "moment"},
    {"moment", "moment"},
    {"underscore.js", "underscore"},
    {"underscore", "underscore"},
    {"backbone.js", "backbone"},
    {"backbone", "backbone"},
    {"handlebars.js", "handlebars"},
    {"handlebars", "handlebars"},
    {"knockout", "knockout"},
    {"ember.js", "ember"},
    {"d3", "d3"},
    {"chart.js", "chart.js"},
    {"axios", "axios"},
    {"popper.js", "popper.js"},
    {"dompurify", "dompurify"},
    {"modernizr", "modernizr"},
    {"select2", "select2"},
    {"swiper", "swiper"},
    {"alpinejs", "alpinejs"},
    {"htmx.org", "htmx.org"},
    {"prototype", "prototype"},
    {"mootools", "mootools"},
    {"datatables", "datatables"},
    {"font-awesome", "font-awesome"},
};

const Library* library_named(std::string_view alias) {
  for (const Library& l : kLibraries) {
    if (l.alias == alias) return &l;
  }
  return nullptr;
}

class Collector {
 public:
  std::vector<Component> out;
  void add(std::string name, std::string version, std::string source, std::string evidence) {
    if (name.empty() || version.empty()) return;
    for (const Component& c : out) {
      if (c.name == name && c.version == version) return;
    }
    out.push_back({std::move(name), std::move(version), std::move(source), std::move(evidence)});
  }
};

bool is_product_char(char c) { return is_alnum(c) || c == '-' || c == '_' || c == '.' || c == '+'; }

// "Apache/2.4.41 (Ubuntu) OpenSSL/1.1.1f", "Jetty(9.4.44.v20210927)", "PHP/8.1.2, ASP.NET".
void product_tokens(std::string_view value, std::string_view source, Collector* c) {
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '/' && value[i] != '(') continue;
    if (i == 0 || !is_product_char(value[i - 1])) continue;
    std::size_t start = i;
    while (start > 0 && is_product_char(value[start - 1])) --start;
    if (!is_alpha(value[start])) continue;
    std::size_t v = i + 1;
    if (v < value.size() && (value[v] == 'v' || value[v] == 'V')) ++v;
    const std::size_t n = version_length(value, v);
    if (n == 0) continue;
    if (value[i] == '(' && (v + n >= value.size() || value[v + n] != ')')) continue;
    c->add(std::string(value.substr(start, i - start)), std::string(value.substr(v, n)),
           std::string(source), std::string(value));
    i = v + n - 1;
  }
}

// "WordPress 6.4.2", "Drupal 10 (https://www.drupal.org)", "Powered by Slider Revolution 6.6".
std::optional<std::pair<std::string, std::string>> name_and_version(std::string_view text) {
  text = trim(text);
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (text[i - 1] != ' ') continue;
    std::size_t v = i;
    if (text[v] == 'v' || text[v] == 'V') ++v;
    const std::size_t n = version_length(text, v);
    if (n == 0) continue;
    if (v + n < text.size() && (is_alnum(text[v + n]) || text[v + n] == '/')) continue;
    std::string_view name = trim(text.substr(0, i));
    while (!name.empty() && (name.back() == '-' || name.back() == ':' || name.back() == ',')) {
      name = trim(name.substr(0, name.size() - 1));
    }
    if (istarts_with(name, "powered by ")) name = trim(name.substr(11));
    if (name.empty() || name.size() > 60 || !is_alpha(name.front())) return std::nullopt;
    return std::make_pair(std::string(name), std::string(text.substr(v, n)));
  }
  return std::nullopt;
}

// Library versions in a script or stylesheet URL.
void url_components(std::string_view url, Collector* c) {
  std::size_t path_start = 0;
  if (const std::size_t scheme = url.find("://"); scheme != npos) {
    path_start = url.find('/', scheme + 3);
    if (path_start == npos) return;
  }
  std::string_view path = url.substr(path_start);
  path = path.substr(0, path.find_first_of("?#"));
  const std::string lower = to_lower(path);
  const std::vector<std::string_view> segments = split(lower, '/');
  const std::string source = "script-url";
  for (std::size_t k = 0; k < segments.size(); ++k) {
    const std::string_view seg = segments[k];
    if (seg.empty()) continue;
    // npm CDNs: "bootstrap@4.6.0", "@popperjs/core@2.11.8"
    if (const std::size_t at = seg.find('@'); at != npos && at > 0) {
      std::string_view alias = seg.substr(0, at);
      std::string scoped;
      if (k > 0 && segments[k - 1].starts_with("@")) {
        scoped = std::string(segments[k - 1]) + "/" + std::string(alias);
      }
      const std::size_t n = version_length(seg, at + 1);
      if (n > 0) {
        if (const Library* lib = library_named(alias)) {
          c->add(std::string(lib->name), std::string(seg.substr(at + 1, n)), source,
                 std::string(url));
        } else if (scoped == "@popperjs/core") {
          c->add("@popperjs/core", std::string(seg.substr(at + 1, n)), source, std::string(url));
        }
      }
      continue;
    }
    // cdnjs / Google: ".../jquery/3.5.1/jquery.min.js"
    if (const Library* lib = library_named(seg); lib != nullptr && k + 1 < segments.size()) {
      const std::string_view next = segments[k + 1];
      std::size_t v = (!next.empty() && next[0] == 'v') ? 1 : 0;
      const std::size_t n = version_length(next, v);
      if (n > 0 && v + n == next.size()) {
        c->add(std::string(lib->name), std::string(next.substr(v, n)), source, std::string(url));
        continue;
      }
    }
    // File names: "jquery-3.5.1.min.js", "jquery.ui-1.12.1.js", "bootstrap.4.6.0.min.css"
    if (k + 1 == segments.size()) {
      for (const Library& lib : kLibraries) {
        if (!seg.starts_with(lib.alias) || seg.size() <= lib.alias.size() + 1) continue;
        const char sep = seg[lib.alias.size()];
        if (sep != '-' && sep != '.' && sep != '_') continue;
        std::size_t v = lib.alias.size() + 1;
        if (seg[v] == 'v') ++v;
        const std::size_t n = version_length(seg, v);
        if (n == 0) continue;
        c->add(std::string(lib.name), std::string(seg.substr(v, n)), source, std::string(url));
        break;
      }
    }
  }
}

struct Banner {
  std::string_view marker;  // as written in the banner comment
  std::string_view name;
};

constexpr Banner kBanners[] = {
    {"jQuery UI - v", "jquery-ui"},
    {"jQuery Migrate - v", "jquery-migrate"},
    {"jQuery Migrate v", "jquery-migrate"},
    {"jQuery Validation Plugin - v", "jquery-validation"},
    {"jQuery JavaScript Library v", "jquery"},
    {"jQuery v", "jquery"},
    {"Bootstrap v", "bootstrap"},
    {"AngularJS v", "angularjs"},
    {"React v", "react"},
    {"Vue.js v", "vue"},
    {"Chart.js v", "chart.js"},
    {"DOMPurify ", "dompurify"},
    {"@popperjs/core v", "@popperjs/core"},
    {"Popper.js v", "popper.js"},
    {"Modernizr v", "modernizr"},
    {"Modernizr ", "modernizr"},
    {"Select2 ", "select2"},
    {"Swiper ", "swiper"},
    {"Handlebars v", "handlebars"},
    {"Backbone.js ", "backbone"},
    {"axios v", "axios"},
    {"Lodash v", "lodash"},
};

void banner_components(std::string_view head, Collector* c) {
  for (const Banner& b : kBanners) {
    const std::size_t pos = head.find(b.marker);
    if (pos == npos) continue;
    const std::size_t v = pos + b.marker.size();
    const std::size_t n = version_length(head, v);
    if (n == 0) continue;
    c->add(std::string(b.name), std::string(head.substr(v, n)), "js-banner",
           std::string(trim(line_at(head, pos))));
  }
  // moment.js: "//! moment.js\n//! version : 2.29.4"
  if (const std::size_t pos = head.find("moment.js"); pos != npos) {
    const std::size_t ver = head.find("version : ", pos);
    if (ver != npos && ver - pos < 60) {
      const std::size_t n = version_length(head, ver + 10);
      if (n > 0) {
        c->add("moment", std::string(head.substr(ver + 10, n)), "js-banner",
               std::string(trim(line_at(head, ver))));
      }
    }
  }
}

bool looks_like_asset(std::string_view url) {
  std::string_view path = url.substr(0, url.find_first_of("?#"));
  return path.ends_with(".js") || path.ends_with(".css") || path.ends_with(".mjs");
}

}  // namespace

std::vector<Component> detect_components(const Exchange& exchange, const HtmlDocument* html) {
  Collector c;
  const HttpResponse& res = exchange.response;
  for (const Header& h : res.headers) {
    if (iequals(h.name, "Server") || iequals(h.name, "X-Powered-By")) {
      product_tokens(h.value, "header:" + h.name, &c);
      if (iequals(h.name, "X-Powered-By")) {
        // "Next.js 13.4.1" style, without a slash.
        for (std::string_view part : split(h.value, ',')) {
          if (part.find('/') != npos) continue;
          if (auto nv = name_and_version(part)) {
            c.add(nv->first, nv->second, "header:" + h.name, h.value);
          }
        }
      }
    } else if (iequals(h.name, "X-AspNet-Version") || iequals(h.name, "X-AspNetMvc-Version")) {
      const std::string_view v = trim(h.value);
      const std::size_t n = version_length(v, 0);
      if (n > 0) {
        c.add(iequals(h.name, "X-AspNet-Version") ? "ASP.NET" : "ASP.NET MVC",
              std::string(v.substr(0, n)), "header:" + h.name, h.value);
      }
    } else if (iequals(h.name, "X-Generator")) {
      if (auto nv = name_and_version(h.value)) {
        c.add(nv->first, nv->second, "header:" + h.name, h.value);
      }
    }
  }
  if (html != nullptr) {
    for (const HtmlMeta& m : html->metas) {
      if (m.http_equiv || m.name != "generator") continue;
      if (auto nv = name_and_version(m.content)) {
        c.add(nv->first, nv->second, "meta:generator", m.content);
      }
    }
    for (const HtmlScript& s : html->scripts) {
      if (!s.src.empty()) url_components(s.src, &c);
    }
  }
  if (looks_like_asset(exchange.request.url)) url_components(exchange.request.url, &c);
  const std::string type = media_type(res);
  const bool script =
      type.find("javascript") != npos || type.find("ecmascript") != npos ||
      ((type.empty() || type == "text/plain" || type == "application/octet-stream") &&
       looks_like_asset(exchange.request.url));
  if (script && !res.body.empty()) {
    banner_components(
        std::string_view(res.body).substr(0, std::min<std::size_t>(512, res.body.size())), &c);
  }
  return std::move(c.out);
}

}  // namespace gapscan
