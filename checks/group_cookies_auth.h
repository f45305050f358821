// Static info and factories of the cookie, authentication, transport and CORS checks; to be
// merged into all_checks.h (and their rows into registry.cc).
#pragma once

#include <memory>

#include "checks/check.h"

namespace gapscan {

extern const CheckInfo kCacheControlSensitive;
std::unique_ptr<PassiveCheck> make_cache_control_sensitive();

extern const CheckInfo kCleartextHttpAuth;
std::unique_ptr<PassiveCheck> make_cleartext_http_auth();

extern const CheckInfo kCookieBroadDomain;
std::unique_ptr<PassiveCheck> make_cookie_broad_domain();

extern const CheckInfo kCookieLongLivedSession;
std::unique_ptr<PassiveCheck> make_cookie_long_lived_session();

extern const CheckInfo kCookiePrefixViolation;
std::unique_ptr<PassiveCheck> make_cookie_prefix_violation();

extern const CheckInfo kCookieSamesiteNoneInsecure;
std::unique_ptr<PassiveCheck> make_cookie_samesite_none_insecure();

extern const CheckInfo kCorsWildcardOnSensitive;
std::unique_ptr<PassiveCheck> make_cors_wildcard_on_sensitive();

extern const CheckInfo kCorsWildcardWithCredentials;
std::unique_ptr<PassiveCheck> make_cors_wildcard_with_credentials();

extern const CheckInfo kCsrfTokenMissing;
std::unique_ptr<PassiveCheck> make_csrf_token_missing();

extern const CheckInfo kLoginFormOverHttp;
std::unique_ptr<PassiveCheck> make_login_form_over_http();

extern const CheckInfo kLoginFormPostsToHttp;
std::unique_ptr<PassiveCheck> make_login_form_posts_to_http();

extern const CheckInfo kMixedContent;
std::unique_ptr<PassiveCheck> make_mixed_content();

extern const CheckInfo kPasswordAutocomplete;
std::unique_ptr<PassiveCheck> make_password_autocomplete();

extern const CheckInfo kPasswordInGetForm;
std::unique_ptr<PassiveCheck> make_password_in_get_form();

extern const CheckInfo kSessionCookieOverHttp;
std::unique_ptr<PassiveCheck> make_session_cookie_over_http();

extern const CheckInfo kSessionIdInUrl;
std::unique_ptr<PassiveCheck> make_session_id_in_url();

extern const CheckInfo kSriMissing;
std::unique_ptr<PassiveCheck> make_sri_missing();

}  // namespace gapscan
