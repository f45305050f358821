#include "scanner/base/http.h"

#include <cstdlib>

#include "scanner/base/text.h"

namespace gapscan {

const std::string* find_header(const HeaderList& headers, std::string_view name) {
  for (const auto& h : headers) {
    if (iequals(h.name, name)) return &h.value;
  }
  return nullptr;
}

std::vector<const std::string*> find_headers(const HeaderList& headers, std::string_view name) {
  std::vector<const std::string*> out;
  for (const auto& h : headers) {
    if (iequals(h.name, name)) out.push_back(&h.value);
  }
  return out;
}

bool has_header(const HeaderList& headers, std::string_view name) {
  return find_header(headers, name) != nullptr;
}

std::string media_type(const HttpResponse& response) {
  const std::string* ct = find_header(response.headers, "Content-Type");
  if (ct == nullptr) return {};
  std::string_view v = *ct;
  v = v.substr(0, v.find(';'));
  return to_lower(trim(v));
}

bool is_html(const HttpResponse& response) {
  const std::string type = media_type(response);
  return type == "text/html" || type == "application/xhtml+xml";
}

std::string content_type_charset(const HttpResponse& response) {
  const std::string* ct = find_header(response.headers, "Content-Type");
  if (ct == nullptr) return {};
  const auto params = split(*ct, ';');
  for (std::size_t i = 1; i < params.size(); ++i) {
    const auto p = trim(params[i]);
    if (istarts_with(p, "charset=")) {
      auto value = trim(p.substr(8));
      if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'')) {
        value = value.substr(1, value.size() - 2);
      }
      return to_lower(value);
    }
  }
  return {};
}

HttpResponse parse_raw_response(std::string_view raw) {
  HttpResponse r;
  std::size_t pos = 0;
  auto next_line = [&](std::string_view* line) {
    if (pos >= raw.size()) return false;
    auto end = raw.find('\n', pos);
    if (end == std::string_view::npos) end = raw.size();
    *line = raw.substr(pos, end - pos);
    if (!line->empty() && line->back() == '\r') line->remove_suffix(1);
    pos = end + 1;
    return true;
  };
  std::string_view line;
  if (!next_line(&line)) return r;
  // Status line: HTTP/1.1 200 OK
  const auto sp1 = line.find(' ');
  r.http_version = std::string(line.substr(0, sp1));
  if (sp1 != std::string_view::npos) {
    auto rest = line.substr(sp1 + 1);
    const auto sp2 = rest.find(' ');
    r.status = std::strtol(std::string(rest.substr(0, sp2)).c_str(), nullptr, 10);
    if (sp2 != std::string_view::npos) r.reason = std::string(rest.substr(sp2 + 1));
  }
  while (next_line(&line)) {
    if (line.empty()) break;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // malformed line: ignored, like browsers
    r.headers.push_back(
        {std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1)))});
  }
  if (pos < raw.size()) r.body = std::string(raw.substr(pos));
  r.body_bytes_received = r.body.size();
  return r;
}

Exchange make_exchange(std::string_view url, std::string_view raw_response) {
  Exchange ex;
  ex.request.method = "GET";
  ex.request.url = std::string(url);
  ex.response = parse_raw_response(raw_response);
  ex.initiator = "crawl";
  return ex;
}

}  // namespace gapscan
