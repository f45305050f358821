#include "scanner/crawl_rules.h"

#include <cctype>
#include <string_view>
#include <utility>

#include "scanner/base/text.h"

namespace gapscan {

RobotsTxt parse_robots(std::string_view text) {
  RobotsTxt out;
  for (auto raw : split(text, '\n')) {
    auto line = raw.substr(0, raw.find('#'));
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const auto field = trim(line.substr(0, colon));
    auto value = trim(line.substr(colon + 1));
    if (iequals(field, "sitemap")) {
      if (!value.empty()) out.sitemaps.emplace_back(value);
      continue;
    }
    if (!iequals(field, "allow") && !iequals(field, "disallow")) continue;
    // Harvest the literal part of the rule; patterns cannot be requested as such.
    value = value.substr(0, value.find_first_of("*$"));
    if (value.empty() || value == "/" || value.find("://") != std::string_view::npos) continue;
    // "Disallow: data/" means /data/, as Google's and Bing's parsers read it.
    if (value[0] != '/') {
      out.paths.push_back("/" + std::string(value));
      continue;
    }
    out.paths.emplace_back(value);
  }
  return out;
}

namespace {

// The five XML entities a URL can carry, decoded in one pass (linear in the text; an entity's
// result is never decoded again).
std::string decode_xml_entities(std::string_view text) {
  static constexpr std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    bool decoded = false;
    if (text[i] == '&') {
      for (const auto& [entity, ch] : kEntities) {
        if (text.substr(i, entity.size()) == entity) {
          out += ch;
          i += entity.size();
          decoded = true;
          break;
        }
      }
    }
    if (!decoded) out += text[i++];
  }
  return out;
}

}  // namespace

Sitemap parse_sitemap(std::string_view xml, std::size_t max_locs) {
  Sitemap out;
  out.is_index = xml.find("<sitemapindex") != std::string_view::npos;
  std::size_t pos = 0;
  while (out.locs.size() < max_locs) {
    const auto open = xml.find("<loc>", pos);
    if (open == std::string_view::npos) break;
    const auto close = xml.find("</loc>", open);
    if (close == std::string_view::npos) break;
    std::string loc = decode_xml_entities(trim(xml.substr(open + 5, close - open - 5)));
    if (!loc.empty()) out.locs.push_back(std::move(loc));
    pos = close + 6;
  }
  return out;
}

std::string path_pattern(std::string_view path) {
  std::string out;
  bool first = true;
  for (auto segment : split(path, '/')) {
    if (!first) out += '/';
    first = false;
    if (segment.empty()) continue;
    bool hexish = segment.size() >= 16;
    for (char c : segment) {
      if (!std::isxdigit(static_cast<unsigned char>(c)) && c != '-') hexish = false;
    }
    if (hexish) {
      out += "{id}";
      continue;
    }
    bool in_digits = false;
    for (char c : segment) {
      if (std::isdigit(static_cast<unsigned char>(c))) {
        if (!in_digits) out += "{n}";
        in_digits = true;
      } else {
        out += c;
        in_digits = false;
      }
    }
  }
  return out;
}

std::vector<std::string> parent_directories(std::string_view path) {
  std::vector<std::string> out;
  if (path.empty()) return out;
  auto end = path.size();
  if (path.back() == '/') --end;  // "/a/b/" -> parents of "/a/b"
  while (true) {
    const auto slash = path.rfind('/', end == 0 ? 0 : end - 1);
    if (slash == std::string_view::npos || slash == 0) break;
    out.emplace_back(path.substr(0, slash + 1));
    end = slash;
  }
  return out;
}

std::string url_encode_component(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
  }
  return out;
}

namespace {
std::string sample_value(const FormInput& in) {
  if (!in.value.empty()) return in.value;
  const std::string name = to_lower(in.name);
  if (in.type == "email" || name.find("mail") != std::string::npos) return "gapscan@example.com";
  if (in.type == "number" || in.type == "range") return "1";
  if (in.type == "tel") return "5550100";
  if (in.type == "url") return "https://example.com/";
  if (in.type == "date") return "2020-01-01";
  if (in.type == "checkbox" || in.type == "radio") return "on";
  if (in.type == "password") return "gapscan-Passw0rd";
  return "gapscan";
}
}  // namespace

std::string form_encode(const HtmlForm& form) {
  std::string out;
  for (const auto& in : form.inputs) {
    if (in.name.empty() || in.type == "file" || in.type == "image" || in.type == "reset") continue;
    if ((in.type == "submit" || in.type == "button") && in.value.empty()) continue;
    if (!out.empty()) out += '&';
    out += url_encode_component(in.name) + "=" + url_encode_component(sample_value(in));
  }
  return out;
}

}  // namespace gapscan
