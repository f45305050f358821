#include "checks/headers/csp.h"

#include <algorithm>
#include <iterator>
#include <unordered_set>

#include "scanner/base/text.h"

namespace gapscan {
namespace {

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string_view strip_ascii_space(std::string_view s) {
  while (!s.empty() && is_ascii_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ascii_space(s.back())) s.remove_suffix(1);
  return s;
}

constexpr std::string_view kKnownDirectives[] = {
    // CSP3 fetch directives
    "default-src", "script-src", "script-src-elem", "script-src-attr", "style-src",
    "style-src-elem", "style-src-attr", "img-src", "font-src", "connect-src", "media-src",
    "object-src", "frame-src", "child-src", "worker-src", "manifest-src", "prefetch-src",
    "fenced-frame-src",
    // document, navigation and reporting directives
    "base-uri", "form-action", "frame-ancestors", "navigate-to", "sandbox", "report-uri",
    "report-to", "webrtc",
    // other directives in CSP3 and its companion specifications
    "upgrade-insecure-requests", "block-all-mixed-content", "require-trusted-types-for",
    "trusted-types",
    // legacy or proposed, still recognised by some browsers
    "plugin-types", "referrer", "require-sri-for"};

}  // namespace

bool csp_is_known_directive(std::string_view lower_name) {
  return std::find(std::begin(kKnownDirectives), std::end(kKnownDirectives), lower_name) !=
         std::end(kKnownDirectives);
}

std::vector<std::string_view> csp_fallback_list(std::string_view d) {
  if (d == "script-src-elem" || d == "script-src-attr") return {d, "script-src", "default-src"};
  if (d == "style-src-elem" || d == "style-src-attr") return {d, "style-src", "default-src"};
  if (d == "worker-src") return {d, "child-src", "script-src", "default-src"};
  if (d == "frame-src") return {d, "child-src", "default-src"};
  if (d == "fenced-frame-src") return {d, "frame-src", "child-src", "default-src"};
  if (d == "script-src" || d == "style-src" || d == "img-src" || d == "font-src" ||
      d == "connect-src" || d == "media-src" || d == "object-src" || d == "child-src" ||
      d == "manifest-src" || d == "prefetch-src") {
    return {d, "default-src"};
  }
  return {d};
}

const CspDirective* CspPolicy::find(std::string_view name) const {
  for (const CspDirective& d : directives) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

const CspDirective* CspPolicy::effective(std::string_view directive) const {
  for (std::string_view name : csp_fallback_list(directive)) {
    if (const CspDirective* d = find(name); d != nullptr) return d;
  }
  return nullptr;
}

// CSP3 §2.2.1 "parse a serialized CSP": strictly split on ';', strip ASCII whitespace, the
// name runs to the first whitespace and is lower-cased, the first occurrence of a name wins.
CspPolicy parse_csp_policy(std::string_view text, CspDelivery delivery) {
  CspPolicy policy;
  policy.delivery = delivery;
  policy.text = std::string(strip_ascii_space(text));
  std::unordered_set<std::string> seen_names;  // a directive list of 128 KiB: no linear lookups
  for (std::string_view token : split(text, ';')) {
    token = strip_ascii_space(token);
    if (token.empty()) continue;
    std::size_t end = 0;
    while (end < token.size() && !is_ascii_space(token[end])) ++end;
    CspDirective d;
    d.name = to_lower(token.substr(0, end));
    d.text = std::string(token);
    d.known = csp_is_known_directive(d.name);
    std::string_view rest = token.substr(end);
    std::size_t i = 0;
    while (i < rest.size()) {
      while (i < rest.size() && is_ascii_space(rest[i])) ++i;
      const std::size_t start = i;
      while (i < rest.size() && !is_ascii_space(rest[i])) ++i;
      if (i > start) d.sources.emplace_back(rest.substr(start, i - start));
    }
    if (!seen_names.insert(d.name).second) {
      policy.duplicates.push_back(std::move(d));
    } else if (delivery == CspDelivery::meta &&
               (d.name == "frame-ancestors" || d.name == "report-uri" || d.name == "sandbox")) {
      policy.meta_ignored.push_back(std::move(d));
    } else {
      policy.directives.push_back(std::move(d));
    }
  }
  return policy;
}

std::vector<CspPolicy> parse_csp_list(std::string_view value, CspDelivery delivery) {
  std::vector<CspPolicy> out;
  for (std::string_view serialized : split(value, ',')) {
    CspPolicy p = parse_csp_policy(serialized, delivery);
    if (p.directives.empty() && p.duplicates.empty() && p.meta_ignored.empty()) continue;
    p.carrier = value;
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<CspPolicy> collect_csp(const HttpResponse& response, const HtmlDocument* html,
                                   bool include_report_only) {
  std::vector<CspPolicy> out;
  auto add = [&out](std::vector<CspPolicy> policies) {
    for (CspPolicy& p : policies) out.push_back(std::move(p));
  };
  for (const std::string* v : find_headers(response.headers, "Content-Security-Policy")) {
    add(parse_csp_list(*v, CspDelivery::header));
  }
  if (html != nullptr) {
    for (const HtmlMeta& m : html->metas) {
      if (!m.http_equiv || m.name != "content-security-policy") continue;
      // HTML: a meta policy is one serialized CSP; commas are not policy separators there.
      CspPolicy p = parse_csp_policy(m.content, CspDelivery::meta);
      if (p.directives.empty() && p.duplicates.empty() && p.meta_ignored.empty()) continue;
      p.carrier = m.content;
      out.push_back(std::move(p));
    }
  }
  if (include_report_only) {
    for (const std::string* v :
         find_headers(response.headers, "Content-Security-Policy-Report-Only")) {
      add(parse_csp_list(*v, CspDelivery::report_only));
    }
  }
  return out;
}

bool csp_has_source(const CspDirective& d, std::string_view source) {
  return std::any_of(d.sources.begin(), d.sources.end(),
                     [&](const std::string& s) { return iequals(s, source); });
}

namespace {
bool quoted_with_prefix(std::string_view token, std::string_view prefix) {
  return token.size() > prefix.size() + 1 && istarts_with(token, prefix) && token.back() == '\'';
}
}  // namespace

bool csp_is_nonce_source(std::string_view token) { return quoted_with_prefix(token, "'nonce-"); }

bool csp_is_hash_source(std::string_view token) {
  return quoted_with_prefix(token, "'sha256-") || quoted_with_prefix(token, "'sha384-") ||
         quoted_with_prefix(token, "'sha512-");
}

bool csp_has_nonce_or_hash(const CspDirective& d) {
  return std::any_of(d.sources.begin(), d.sources.end(), [](const std::string& s) {
    return csp_is_nonce_source(s) || csp_is_hash_source(s);
  });
}

bool csp_has_strict_dynamic(const CspDirective& d) { return csp_has_source(d, "'strict-dynamic'"); }

bool csp_allows_all_inline(const CspDirective& d, bool script) {
  if (!csp_has_source(d, "'unsafe-inline'")) return false;
  if (csp_has_nonce_or_hash(d)) return false;
  return !(script && csp_has_strict_dynamic(d));
}

std::string_view csp_header_name(CspDelivery delivery) {
  switch (delivery) {
    case CspDelivery::header:
      return "Content-Security-Policy";
    case CspDelivery::report_only:
      return "Content-Security-Policy-Report-Only";
    case CspDelivery::meta:
      break;
  }
  return "<meta http-equiv=\"Content-Security-Policy\">";
}

int csp_line_in_body(std::string_view body, std::string_view needle) {
  if (needle.empty()) return 0;
  const std::size_t pos = body.find(needle);
  return pos == std::string_view::npos ? 0 : line_number_at(body, pos);
}

void set_csp_evidence(Evidence& evidence, const CspPolicy& policy, std::string_view body) {
  if (policy.delivery == CspDelivery::meta) {
    evidence.snippet = "<meta http-equiv=\"Content-Security-Policy\" content=\"" +
                       std::string(policy.carrier) + "\">";
    evidence.line = csp_line_in_body(body, policy.carrier);
  } else {
    evidence.header_name = std::string(csp_header_name(policy.delivery));
    evidence.header_value = policy.carrier;
  }
}

}  // namespace gapscan
