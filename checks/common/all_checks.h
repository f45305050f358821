// Every check's static info and factory; registry.cc lists them in its table.
#pragma once

#include <memory>

#include "checks/common/check.h"

namespace gapscan {

extern const CheckInfo kBackendDisclosure;
std::unique_ptr<PassiveCheck> make_backend_disclosure();

extern const CheckInfo kCacheControlSensitive;
std::unique_ptr<PassiveCheck> make_cache_control_sensitive();

extern const CheckInfo kCharsetMissing;
std::unique_ptr<PassiveCheck> make_charset_missing();

extern const CheckInfo kCleartextHttpAuth;
std::unique_ptr<PassiveCheck> make_cleartext_http_auth();

extern const CheckInfo kClickjackingProtectionMissing;
std::unique_ptr<PassiveCheck> make_clickjacking_protection_missing();

extern const CheckInfo kComponentDetected;
std::unique_ptr<PassiveCheck> make_component_detected();

extern const CheckInfo kContentTypeMissing;
std::unique_ptr<PassiveCheck> make_content_type_missing();

extern const CheckInfo kCookieBroadDomain;
std::unique_ptr<PassiveCheck> make_cookie_broad_domain();

extern const CheckInfo kCookieLongLivedSession;
std::unique_ptr<PassiveCheck> make_cookie_long_lived_session();

extern const CheckInfo kCookieNoHttponly;
std::unique_ptr<PassiveCheck> make_cookie_no_httponly();

extern const CheckInfo kCookieNoSamesite;
std::unique_ptr<PassiveCheck> make_cookie_no_samesite();

extern const CheckInfo kCookieNoSecure;
std::unique_ptr<PassiveCheck> make_cookie_no_secure();

extern const CheckInfo kCookiePrefixViolation;
std::unique_ptr<PassiveCheck> make_cookie_prefix_violation();

extern const CheckInfo kCookieSamesiteNoneInsecure;
std::unique_ptr<PassiveCheck> make_cookie_samesite_none_insecure();

extern const CheckInfo kCorsNullOrigin;
std::unique_ptr<ActiveCheck> make_cors_null_origin();

extern const CheckInfo kCorsOriginReflection;
std::unique_ptr<ActiveCheck> make_cors_origin_reflection();

extern const CheckInfo kCorsWildcardOnSensitive;
std::unique_ptr<PassiveCheck> make_cors_wildcard_on_sensitive();

extern const CheckInfo kCorsWildcardWithCredentials;
std::unique_ptr<PassiveCheck> make_cors_wildcard_with_credentials();

extern const CheckInfo kCrossOriginIsolationMissing;
std::unique_ptr<PassiveCheck> make_cross_origin_isolation_missing();

extern const CheckInfo kCrossdomainPolicyPermissive;
std::unique_ptr<ActiveCheck> make_crossdomain_policy_permissive();

extern const CheckInfo kCspMalformed;
std::unique_ptr<PassiveCheck> make_csp_malformed();

extern const CheckInfo kCspMissing;
std::unique_ptr<PassiveCheck> make_csp_missing();

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

extern const CheckInfo kCsrfTokenMissing;
std::unique_ptr<PassiveCheck> make_csrf_token_missing();

extern const CheckInfo kDebugHeaderDisclosure;
std::unique_ptr<PassiveCheck> make_debug_header_disclosure();

extern const CheckInfo kDefaultCredentials;
std::unique_ptr<ActiveCheck> make_default_credentials();

extern const CheckInfo kDefaultPage;
std::unique_ptr<PassiveCheck> make_default_page();

extern const CheckInfo kDirectoryListing;
std::unique_ptr<PassiveCheck> make_directory_listing();

extern const CheckInfo kEmailDisclosure;
std::unique_ptr<PassiveCheck> make_email_disclosure();

extern const CheckInfo kErrorDisclosure;
std::unique_ptr<PassiveCheck> make_error_disclosure();

extern const CheckInfo kExposedAdminConsole;
std::unique_ptr<ActiveCheck> make_exposed_admin_console();

extern const CheckInfo kExposedBackup;
std::unique_ptr<ActiveCheck> make_exposed_backup();

extern const CheckInfo kExposedConfig;
std::unique_ptr<ActiveCheck> make_exposed_config();

extern const CheckInfo kExposedDebugEndpoint;
std::unique_ptr<ActiveCheck> make_exposed_debug_endpoint();

extern const CheckInfo kExposedLog;
std::unique_ptr<ActiveCheck> make_exposed_log();

extern const CheckInfo kExposedStatusPage;
std::unique_ptr<ActiveCheck> make_exposed_status_page();

extern const CheckInfo kExposedVcs;
std::unique_ptr<ActiveCheck> make_exposed_vcs();

extern const CheckInfo kForbiddenBypass;
std::unique_ptr<ActiveCheck> make_forbidden_bypass();

extern const CheckInfo kHostHeaderInjection;
std::unique_ptr<ActiveCheck> make_host_header_injection();

extern const CheckInfo kHstsMalformed;
std::unique_ptr<PassiveCheck> make_hsts_malformed();

extern const CheckInfo kHstsMissing;
std::unique_ptr<PassiveCheck> make_hsts_missing();

extern const CheckInfo kHstsShortMaxAge;
std::unique_ptr<PassiveCheck> make_hsts_short_max_age();

extern const CheckInfo kHttpMethodTrace;
std::unique_ptr<ActiveCheck> make_http_method_trace();

extern const CheckInfo kHttpMethodsUnsafe;
std::unique_ptr<ActiveCheck> make_http_methods_unsafe();

extern const CheckInfo kHttpOnlySite;
std::unique_ptr<ActiveCheck> make_http_only_site();

extern const CheckInfo kHttpsDowngradeRedirect;
std::unique_ptr<ActiveCheck> make_https_downgrade_redirect();

extern const CheckInfo kHttpsNotEnforced;
std::unique_ptr<ActiveCheck> make_https_not_enforced();

extern const CheckInfo kJwtWeak;
std::unique_ptr<PassiveCheck> make_jwt_weak();

extern const CheckInfo kLoginFormOverHttp;
std::unique_ptr<PassiveCheck> make_login_form_over_http();

extern const CheckInfo kLoginFormPostsToHttp;
std::unique_ptr<PassiveCheck> make_login_form_posts_to_http();

extern const CheckInfo kMixedContent;
std::unique_ptr<PassiveCheck> make_mixed_content();

extern const CheckInfo kOpenRedirect;
std::unique_ptr<ActiveCheck> make_open_redirect();

extern const CheckInfo kPasswordAutocomplete;
std::unique_ptr<PassiveCheck> make_password_autocomplete();

extern const CheckInfo kPasswordInGetForm;
std::unique_ptr<PassiveCheck> make_password_in_get_form();

extern const CheckInfo kPermissionsPolicyMissing;
std::unique_ptr<PassiveCheck> make_permissions_policy_missing();

extern const CheckInfo kPhpSourceDisclosure;
std::unique_ptr<PassiveCheck> make_php_source_disclosure();

extern const CheckInfo kPolicyViolation;
std::unique_ptr<ActiveCheck> make_policy_violation();

extern const CheckInfo kPrivateIpDisclosure;
std::unique_ptr<PassiveCheck> make_private_ip_disclosure();

extern const CheckInfo kReferrerPolicyMissing;
std::unique_ptr<PassiveCheck> make_referrer_policy_missing();

extern const CheckInfo kReferrerPolicyUnsafe;
std::unique_ptr<PassiveCheck> make_referrer_policy_unsafe();

extern const CheckInfo kSecretInResponse;
std::unique_ptr<PassiveCheck> make_secret_in_response();

extern const CheckInfo kSecurityTxtMissing;
std::unique_ptr<ActiveCheck> make_security_txt_missing();

extern const CheckInfo kSensitiveDataInUrl;
std::unique_ptr<PassiveCheck> make_sensitive_data_in_url();

extern const CheckInfo kServerVersionDisclosure;
std::unique_ptr<PassiveCheck> make_server_version_disclosure();

extern const CheckInfo kSessionCookieOverHttp;
std::unique_ptr<PassiveCheck> make_session_cookie_over_http();

extern const CheckInfo kSessionIdInUrl;
std::unique_ptr<PassiveCheck> make_session_id_in_url();

extern const CheckInfo kSriMissing;
std::unique_ptr<PassiveCheck> make_sri_missing();

extern const CheckInfo kTlsCertExpired;
std::unique_ptr<ActiveCheck> make_tls_cert_expired();

extern const CheckInfo kTlsCertExpiring;
std::unique_ptr<ActiveCheck> make_tls_cert_expiring();

extern const CheckInfo kTlsCertHostnameMismatch;
std::unique_ptr<ActiveCheck> make_tls_cert_hostname_mismatch();

extern const CheckInfo kTlsCertNotYetValid;
std::unique_ptr<ActiveCheck> make_tls_cert_not_yet_valid();

extern const CheckInfo kTlsCertUntrusted;
std::unique_ptr<ActiveCheck> make_tls_cert_untrusted();

extern const CheckInfo kTlsCertWeakKey;
std::unique_ptr<ActiveCheck> make_tls_cert_weak_key();

extern const CheckInfo kTlsCertWeakSignature;
std::unique_ptr<ActiveCheck> make_tls_cert_weak_signature();

extern const CheckInfo kTlsNoForwardSecrecy;
std::unique_ptr<ActiveCheck> make_tls_no_forward_secrecy();

extern const CheckInfo kTlsProtocolObsolete;
std::unique_ptr<ActiveCheck> make_tls_protocol_obsolete();

extern const CheckInfo kTlsWeakCipher;
std::unique_ptr<ActiveCheck> make_tls_weak_cipher();

extern const CheckInfo kUnauthenticatedApi;
std::unique_ptr<ActiveCheck> make_unauthenticated_api();

extern const CheckInfo kXContentTypeOptionsMissing;
std::unique_ptr<PassiveCheck> make_x_content_type_options_missing();

extern const CheckInfo kXFrameOptionsMalformed;
std::unique_ptr<PassiveCheck> make_x_frame_options_malformed();

extern const CheckInfo kXPoweredByDisclosure;
std::unique_ptr<PassiveCheck> make_x_powered_by_disclosure();

// Checks a login enables (they run only when the scan has an identity).
extern const CheckInfo kAccessControlMissing;
std::unique_ptr<ActiveCheck> make_access_control_missing();
extern const CheckInfo kCredentialsOverHttp;
std::unique_ptr<ActiveCheck> make_credentials_over_http();
extern const CheckInfo kJwtSignatureNotVerified;
std::unique_ptr<ActiveCheck> make_jwt_signature_not_verified();
extern const CheckInfo kLoginNoRateLimit;
std::unique_ptr<ActiveCheck> make_login_no_rate_limit();
extern const CheckInfo kSessionCookieWeak;
std::unique_ptr<ActiveCheck> make_session_cookie_weak();
extern const CheckInfo kSessionFixation;
std::unique_ptr<ActiveCheck> make_session_fixation();
extern const CheckInfo kSessionNotInvalidated;
std::unique_ptr<ActiveCheck> make_session_not_invalidated();
extern const CheckInfo kUserEnumeration;
std::unique_ptr<ActiveCheck> make_user_enumeration();

}  // namespace gapscan
