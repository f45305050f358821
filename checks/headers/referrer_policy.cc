#include "checks/headers/referrer_policy.h"

#include "scanner/base/text.h"

namespace gapscan {

bool is_referrer_policy_token(std::string_view token) {
  for (std::string_view p :
       {"no-referrer", "no-referrer-when-downgrade", "same-origin", "origin", "strict-origin",
        "origin-when-cross-origin", "strict-origin-when-cross-origin", "unsafe-url"}) {
    if (iequals(token, p)) return true;
  }
  return false;
}

EffectiveReferrerPolicy effective_referrer_policy(const HttpResponse& response,
                                                  const HtmlDocument* html) {
  EffectiveReferrerPolicy out;
  for (const std::string* v : find_headers(response.headers, "Referrer-Policy")) {
    out.header_present = true;
    if (!out.raw.empty()) out.raw += ", ";
    out.raw += *v;
    for (std::string_view token : split(*v, ',')) {
      token = trim(token);
      if (is_referrer_policy_token(token)) out.policy = to_lower(token);
    }
  }
  if (html == nullptr) return out;
  for (const HtmlMeta& m : html->metas) {
    if (m.http_equiv || m.name != "referrer") continue;
    const std::string_view v = trim(m.content);
    std::string policy;
    if (is_referrer_policy_token(v)) {
      policy = to_lower(v);
    } else if (iequals(v, "never")) {
      policy = "no-referrer";
    } else if (iequals(v, "default")) {
      policy = "strict-origin-when-cross-origin";
    } else if (iequals(v, "always")) {
      policy = "unsafe-url";
    } else if (iequals(v, "origin-when-crossorigin")) {
      policy = "origin-when-cross-origin";
    }
    if (policy.empty()) continue;
    out.policy = std::move(policy);
    out.from_meta = true;
    out.raw = m.content;
  }
  return out;
}

}  // namespace gapscan
