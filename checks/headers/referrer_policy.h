// The effective Referrer-Policy of a response (header and <meta name=referrer>), shared by
// the referrer-policy checks.
#pragma once

#include <string>
#include <string_view>

#include "scanner/base/html.h"
#include "scanner/base/http.h"

namespace gapscan {

struct EffectiveReferrerPolicy {
  std::string policy;           // lower-case policy token; empty when none is set
  bool from_meta = false;       // set by <meta name="referrer"> (which overrides the header)
  std::string raw;              // the header value(s), joined with ", ", or the meta content
  bool header_present = false;  // some Referrer-Policy header exists (even unrecognised)
};

// The Referrer Policy spec's policy tokens (case-insensitive here, as browsers accept).
bool is_referrer_policy_token(std::string_view token);

// Referrer Policy §8.1: the last recognised token of the comma-separated header values wins.
// HTML: a <meta name="referrer"> with a valid value (legacy never/default/always/
// origin-when-crossorigin mapped) overrides it; the last valid meta wins.
EffectiveReferrerPolicy effective_referrer_policy(const HttpResponse& response,
                                                  const HtmlDocument* html);

}  // namespace gapscan
