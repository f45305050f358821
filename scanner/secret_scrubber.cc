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

// Applies `scrub_text` to every text field of a finding that can hold an echoed secret.
template <typename ScrubText>
void scrub_fields(Finding& f, const ScrubText& scrub_text) {
  for (std::string* text :
       {&f.url, &f.parameter, &f.message, &f.key, &f.evidence.header_value, &f.evidence.snippet,
        &f.evidence.note, &f.exchange.url, &f.exchange.body_snippet}) {
    scrub_text(*text);
  }
  for (Header& h : f.exchange.request_headers) scrub_text(h.value);
  for (Header& h : f.exchange.response_headers) scrub_text(h.value);
  for (std::string& u : f.affected_urls) scrub_text(u);
  if (f.comparison) {
    for (std::string* text : {&f.comparison->url, &f.comparison->body_snippet}) scrub_text(*text);
    for (Header& h : f.comparison->request_headers) scrub_text(h.value);
    for (Header& h : f.comparison->response_headers) scrub_text(h.value);
  }
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
  for (const auto& v : values) {
    if (v.size() < kMinSecret) continue;
    const auto [it, added] = values_.insert(v);
    if (added) by_length_[it->size()].insert(*it);
  }
}

std::vector<std::string> SecretSet::snapshot() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out(values_.begin(), values_.end());
  std::stable_sort(out.begin(), out.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return out;
}

void SecretSet::scrub_text(std::string& text) const {
  if (by_length_.empty() || text.size() < by_length_.rbegin()->first) return;
  std::string out;
  std::size_t copied = 0;  // text[copied, i) is still to be copied to out
  for (std::size_t i = 0; i < text.size();) {
    std::size_t matched = 0;
    for (const auto& [length, set] : by_length_) {
      if (length <= text.size() - i && set.count(std::string_view(text).substr(i, length)) != 0) {
        matched = length;
        break;
      }
    }
    if (matched == 0) {
      ++i;
      continue;
    }
    out.append(text, copied, i - copied);
    out += kRedacted;
    i += matched;
    copied = i;
  }
  if (copied == 0) return;  // nothing found
  out.append(text, copied, std::string::npos);
  text = std::move(out);
}

void SecretSet::scrub(Finding& f) const {
  std::lock_guard lock(mu_);
  if (by_length_.empty()) return;
  scrub_fields(f, [this](std::string& text) { scrub_text(text); });
}

std::string SecretSet::scrubbed(std::string text) const {
  std::lock_guard lock(mu_);
  if (!by_length_.empty()) scrub_text(text);
  return text;
}

void scrub_finding(Finding& f, const std::vector<std::string>& secrets) {
  SecretSet set(secrets);
  set.scrub(f);
}

}  // namespace gapscan
