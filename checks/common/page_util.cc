#include "checks/common/page_util.h"

#include "scanner/base/cookies.h"
#include "scanner/base/text.h"
#include "scanner/base/url.h"

namespace gapscan::pageutil {
namespace {

bool is_tag_name_end(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/' || c == '>';
}

// The next start tag named `tag` at or after `from` ("<form" followed by a delimiter).
std::size_t find_start_tag(std::string_view body, std::string_view tag, std::size_t from) {
  const std::string open = "<" + std::string(tag);
  for (std::size_t pos = ifind(body, open, from); pos != kNotFound;
       pos = ifind(body, open, pos + 1)) {
    const std::size_t after = pos + open.size();
    if (after >= body.size() || is_tag_name_end(body[after])) return pos;
  }
  return kNotFound;
}

}  // namespace

bool is_http_url(std::string_view url) { return istarts_with(url, "http://"); }
bool is_https_url(std::string_view url) { return istarts_with(url, "https://"); }

bool is_html_2xx(const PassiveContext& ctx) {
  const long status = ctx.exchange.response.status;
  return ctx.html != nullptr && status >= 200 && status < 300;
}

bool is_ip_host(std::string_view host) {
  if (host.find(':') != std::string_view::npos) return true;  // IPv6
  if (host.empty()) return false;
  for (char c : host) {
    if (!((c >= '0' && c <= '9') || c == '.')) return false;
  }
  return true;
}

bool request_has_session_cookie(const HttpRequest& request) {
  for (const std::string* header : find_headers(request.headers, "Cookie")) {
    for (std::string_view pair : split(*header, ';')) {
      const std::size_t eq = pair.find('=');
      if (eq == std::string_view::npos) continue;
      const std::string_view name = trim(pair.substr(0, eq));
      const std::string_view value = trim(pair.substr(eq + 1));
      if (!value.empty() && looks_like_session_cookie(name, value)) return true;
    }
  }
  return false;
}

bool has_cache_directive(const HeaderList& headers, std::string_view directive) {
  for (const std::string* header : find_headers(headers, "Cache-Control")) {
    for (std::string_view d : split(*header, ',')) {
      d = trim(d);
      if (iequals(trim(d.substr(0, d.find('='))), directive)) return true;
    }
  }
  return false;
}

std::size_t ifind(std::string_view hay, std::string_view needle, std::size_t from) {
  if (needle.empty()) return from <= hay.size() ? from : kNotFound;
  if (hay.size() < needle.size()) return kNotFound;
  const char first = ascii_lower(needle[0]);
  for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
    if (ascii_lower(hay[i]) != first) continue;
    std::size_t k = 1;
    while (k < needle.size() && ascii_lower(hay[i + k]) == ascii_lower(needle[k])) ++k;
    if (k == needle.size()) return i;
  }
  return kNotFound;
}

std::size_t find_in_start_tag(std::string_view body, std::string_view tag, std::string_view needle,
                              std::size_t from) {
  for (std::size_t pos = find_start_tag(body, tag, from); pos != kNotFound;) {
    std::size_t end = body.find('>', pos);
    if (end == std::string_view::npos) end = body.size();
    if (ifind(body.substr(pos, end - pos), needle) != kNotFound) return pos;
    pos = find_start_tag(body, tag, end);
  }
  return kNotFound;
}

std::size_t find_form_tag(std::string_view body, const HtmlForm& form, std::size_t index) {
  if (!form.id.empty()) {
    for (const char* quote : {"\"", "'", ""}) {
      const std::string needle = "id=" + std::string(quote) + form.id + quote;
      if (const std::size_t pos = find_in_start_tag(body, "form", needle); pos != kNotFound) {
        return pos;
      }
    }
  }
  std::size_t pos = find_start_tag(body, "form", 0);
  for (std::size_t i = 0; i < index && pos != kNotFound; ++i) {
    pos = find_start_tag(body, "form", pos + 1);
  }
  return pos;
}

std::size_t find_password_input(std::string_view body, const HtmlForm& form, std::size_t index) {
  const std::size_t form_pos = find_form_tag(body, form, index);
  const std::size_t from = form_pos == kNotFound ? 0 : form_pos;
  if (const std::size_t pos = find_in_start_tag(body, "input", "password", from);
      pos != kNotFound) {
    return pos;
  }
  return form_pos;
}

std::size_t find_url(std::string_view body, std::string_view url) {
  std::string_view forms[2] = {url, {}};
  // Written scheme-relative ("//cdn.example.com/x.js").
  if (const std::size_t s = url.find("://"); s != std::string_view::npos) {
    forms[1] = url.substr(s + 1);
  }
  for (std::string_view u : forms) {
    if (u.empty()) continue;
    if (std::size_t pos = ifind(body, u); pos != kNotFound) return pos;
    if (u.size() > 1 && u.back() == '/') {
      if (std::size_t pos = ifind(body, u.substr(0, u.size() - 1)); pos != kNotFound) return pos;
    }
  }
  const std::string origin = origin_of(url);
  return origin.empty() ? kNotFound : ifind(body, origin);
}

void set_body_evidence(Evidence& evidence, std::string_view body, std::size_t pos,
                       std::string_view fallback) {
  if (pos == kNotFound || pos >= body.size()) {
    evidence.snippet = std::string(fallback);
    evidence.line = 0;
    return;
  }
  evidence.line = line_number_at(body, pos);
  std::string_view line = line_at(body, pos);
  // On long (minified) lines show the text around the match rather than the line's start.
  const auto offset = static_cast<std::size_t>(body.data() + pos - line.data());
  if (offset <= line.size() && line.size() > 300 && offset > 80) line.remove_prefix(offset - 80);
  evidence.snippet = printable_snippet(trim(line), 300);
}

std::string form_endpoint(const HtmlForm& form) {
  return form.action.substr(0, form.action.find_first_of("?#"));
}

std::string describe_form(const HtmlForm& form) {
  return form.method + " form to " +
         (form.action.empty() ? std::string("a non-HTTP action") : form.action);
}

const FormInput* password_input(const HtmlForm& form) {
  for (const FormInput& in : form.inputs) {
    if (in.type == "password") return &in;
  }
  return nullptr;
}

}  // namespace gapscan::pageutil
