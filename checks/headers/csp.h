// Content-Security-Policy parsing (CSP Level 3) shared by the CSP checks.
//
// A response may carry several policies: every Content-Security-Policy header, every
// comma-separated policy inside one header value, and every <meta http-equiv> policy. Each
// enforced policy is enforced independently, so a resource loads only if all of them allow
// it. Within one policy the first occurrence of a directive wins; later ones are ignored by
// browsers and kept here in `duplicates` for diagnostics.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/finding.h"
#include "scanner/base/html.h"
#include "scanner/base/http.h"

namespace gapscan {

// Where a policy was delivered.
enum class CspDelivery { header, report_only, meta };

struct CspDirective {
  std::string name;                  // ASCII lower-case
  std::vector<std::string> sources;  // the value split on ASCII whitespace, as written
  std::string text;                  // the directive as written, trimmed
  bool known = false;                // a CSP3 (or widely deployed legacy) directive name
};

struct CspPolicy {
  CspDelivery delivery = CspDelivery::header;
  std::string text;  // this policy's serialization, trimmed
  // The full header value or meta content the policy came from: a view of the response (or its
  // parsed document), which outlives the policies a check makes of it. A header of 32,768
  // comma-separated policies must not copy its 64 KiB once per policy.
  std::string_view carrier;
  // The directive set in force: first occurrence of each name, in order. Unknown names are
  // kept (browsers ignore them). In a meta policy, frame-ancestors, report-uri and sandbox
  // are moved to `meta_ignored` instead, as browsers drop them.
  std::vector<CspDirective> directives;
  std::vector<CspDirective> duplicates;    // later occurrences of a name: ignored by browsers
  std::vector<CspDirective> meta_ignored;  // meta policies only

  bool enforced() const { return delivery != CspDelivery::report_only; }
  const CspDirective* find(std::string_view name) const;  // name: lower-case
  // The directive governing `directive` after the CSP3 fallback list (script-src-elem ->
  // script-src -> default-src; object-src -> default-src; ...). Null when none applies,
  // i.e. the policy does not restrict that kind of resource.
  const CspDirective* effective(std::string_view directive) const;
};

// True for the CSP3 directive names (and the legacy ones browsers still recognise).
bool csp_is_known_directive(std::string_view lower_name);
// The CSP3 "directive fallback list" for a fetch directive, starting with itself. Names
// without fallback (base-uri, form-action, ...) return just themselves.
std::vector<std::string_view> csp_fallback_list(std::string_view directive);

// Parses one serialized policy (no commas expected). A policy without directives is empty.
CspPolicy parse_csp_policy(std::string_view text, CspDelivery delivery);
// Parses one header value or meta content: comma-separated policies; empty ones are dropped.
std::vector<CspPolicy> parse_csp_list(std::string_view value, CspDelivery delivery);

// Every policy of a response, in order: Content-Security-Policy headers, then <meta
// http-equiv=Content-Security-Policy> policies (when html is given), then, when
// include_report_only, Content-Security-Policy-Report-Only headers.
std::vector<CspPolicy> collect_csp(const HttpResponse& response, const HtmlDocument* html,
                                   bool include_report_only = false);

// Source-expression helpers. Keyword matching is ASCII case-insensitive, as in CSP3.
bool csp_has_source(const CspDirective& d, std::string_view source);  // e.g. "'self'"
bool csp_is_nonce_source(std::string_view token);                     // 'nonce-...'
bool csp_is_hash_source(std::string_view token);  // 'sha256-...', 'sha384-...', 'sha512-...'
bool csp_has_nonce_or_hash(const CspDirective& d);
bool csp_has_strict_dynamic(const CspDirective& d);
// CSP3 "does a source list allow all inline behavior": 'unsafe-inline' present and no
// nonce or hash (and, for scripts, no 'strict-dynamic'), any of which makes browsers
// ignore 'unsafe-inline'.
bool csp_allows_all_inline(const CspDirective& d, bool script);

// Evidence helpers: the header name a policy came from, and the 1-based line of `needle` in
// `body` (0 when not found).
std::string_view csp_header_name(CspDelivery delivery);
int csp_line_in_body(std::string_view body, std::string_view needle);
// Fills header_name/header_value for a header policy, or header_name plus snippet (the meta
// content) and its body line for a <meta> policy. The note is left to the caller.
void set_csp_evidence(Evidence& evidence, const CspPolicy& policy, std::string_view body);

// A weakness that every enforced policy lets through.
struct CspOpening {
  const CspPolicy* policy = nullptr;        // the first policy whose directive is weak
  const CspDirective* directive = nullptr;  // its effective directive for the resource kind
  explicit operator bool() const { return directive != nullptr; }
};

// Since a resource must pass every enforced policy, a weakness of one policy only matters
// when no other enforced policy closes it. For the resource kind `directive` (looked up
// through the fallback list), returns the first enforced policy whose effective directive
// satisfies `weak`, provided every other enforced policy either has no effective directive
// (does not restrict that kind) or is weak too. Report-only policies are skipped.
template <typename Weak>
CspOpening csp_open_in_all(const std::vector<CspPolicy>& policies, std::string_view directive,
                           Weak&& weak) {
  CspOpening first;
  for (const CspPolicy& p : policies) {
    if (!p.enforced()) continue;
    const CspDirective* d = p.effective(directive);
    if (d == nullptr) continue;
    if (!weak(*d)) return {};
    if (!first) first = CspOpening{&p, d};
  }
  return first;
}

}  // namespace gapscan
