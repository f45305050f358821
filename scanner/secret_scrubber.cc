#include "scanner/secret_scrubber.h"

#include <algorithm>

#include "reports/reporter.h"
#include "scanner/base/text.h"

namespace gapscan {
namespace {

constexpr std::size_t kMinSecret = 4;  // whole header values
constexpr std::size_t kMinPart = 8;    // parts (a token after its scheme, a cookie value)
constexpr std::string_view kRedacted = "<redacted>";

void add(std::vector<std::string>& out, std::string_view value, std::size_t min_size) {
  value = trim(value);
  if (value.size() >= min_size) out.emplace_back(value);
}

void scrub(std::string& text, const std::vector<std::string>& secrets) {
  for (const std::string& s : secrets) {
    for (std::size_t pos = 0; (pos = text.find(s, pos)) != std::string::npos;
         pos += kRedacted.size()) {
      text.replace(pos, s.size(), kRedacted);
    }
  }
}

void scrub(HeaderList& headers, const std::vector<std::string>& secrets) {
  for (Header& h : headers) scrub(h.value, secrets);
}

}  // namespace

std::vector<std::string> secrets_of(const HeaderList& user_headers,
                                    const std::vector<std::string>& extra) {
  std::vector<std::string> out;
  for (const std::string& e : extra) add(out, e, kMinSecret);
  for (const Header& h : user_headers) {
    if (!is_secret_header(h.name)) continue;
    add(out, h.value, kMinSecret);
    const std::string_view v = trim(h.value);
    if (const auto space = v.find(' '); space != std::string_view::npos) {
      add(out, v.substr(space + 1), kMinPart);  // "Bearer <token>", "Basic <base64>"
    }
    if (iequals(h.name, "cookie")) {
      for (std::string_view pair : split(v, ';')) {
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos) add(out, pair.substr(eq + 1), kMinPart);
      }
    }
  }
  // Longest first, so that a value containing another is replaced whole.
  std::sort(out.begin(), out.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void SecretSet::add(const std::vector<std::string>& values) {
  std::lock_guard lock(mu_);
  bool changed = false;
  for (const auto& v : values) {
    if (v.size() < kMinSecret || std::find(values_.begin(), values_.end(), v) != values_.end())
      continue;
    values_.push_back(v);
    changed = true;
  }
  if (changed) {
    std::sort(values_.begin(), values_.end(), [](const std::string& a, const std::string& b) {
      return a.size() != b.size() ? a.size() > b.size() : a < b;
    });
  }
}

std::vector<std::string> SecretSet::snapshot() const {
  std::lock_guard lock(mu_);
  return values_;
}

void scrub_finding(Finding& f, const std::vector<std::string>& secrets) {
  for (std::string* text :
       {&f.url, &f.parameter, &f.message, &f.key, &f.evidence.header_value, &f.evidence.snippet,
        &f.evidence.note, &f.exchange.url, &f.exchange.body_snippet}) {
    scrub(*text, secrets);
  }
  scrub(f.exchange.request_headers, secrets);
  scrub(f.exchange.response_headers, secrets);
  for (std::string& u : f.affected_urls) scrub(u, secrets);
  if (f.comparison) {
    for (std::string* text : {&f.comparison->url, &f.comparison->body_snippet})
      scrub(*text, secrets);
    scrub(f.comparison->request_headers, secrets);
    scrub(f.comparison->response_headers, secrets);
  }
}

}  // namespace gapscan
