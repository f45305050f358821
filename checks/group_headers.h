// Transport and browser hardening checks (passive catalogue): static info and factories.
// To be merged into all_checks.h / registry.cc by the lead.
#pragma once

#include <memory>

#include "checks/check.h"

namespace gapscan {

extern const CheckInfo kCharsetMissing;
std::unique_ptr<PassiveCheck> make_charset_missing();

extern const CheckInfo kContentTypeMissing;
std::unique_ptr<PassiveCheck> make_content_type_missing();

extern const CheckInfo kCrossOriginIsolationMissing;
std::unique_ptr<PassiveCheck> make_cross_origin_isolation_missing();

extern const CheckInfo kCspMalformed;
std::unique_ptr<PassiveCheck> make_csp_malformed();

extern const CheckInfo kCspNoBaseUri;
std::unique_ptr<PassiveCheck> make_csp_no_base_uri();

extern const CheckInfo kCspNoObjectSrc;
std::unique_ptr<PassiveCheck> make_csp_no_object_src();

extern const CheckInfo kCspReportOnly;
std::unique_ptr<PassiveCheck> make_csp_report_only();

extern const CheckInfo kCspUnsafeEval;
std::unique_ptr<PassiveCheck> make_csp_unsafe_eval();

extern const CheckInfo kCspUnsafeInline;
std::unique_ptr<PassiveCheck> make_csp_unsafe_inline();

extern const CheckInfo kCspWildcardSource;
std::unique_ptr<PassiveCheck> make_csp_wildcard_source();

extern const CheckInfo kHstsMalformed;
std::unique_ptr<PassiveCheck> make_hsts_malformed();

extern const CheckInfo kHstsShortMaxAge;
std::unique_ptr<PassiveCheck> make_hsts_short_max_age();

extern const CheckInfo kPermissionsPolicyMissing;
std::unique_ptr<PassiveCheck> make_permissions_policy_missing();

extern const CheckInfo kReferrerPolicyMissing;
std::unique_ptr<PassiveCheck> make_referrer_policy_missing();

extern const CheckInfo kReferrerPolicyUnsafe;
std::unique_ptr<PassiveCheck> make_referrer_policy_unsafe();

extern const CheckInfo kXFrameOptionsMalformed;
std::unique_ptr<PassiveCheck> make_x_frame_options_malformed();

}  // namespace gapscan
