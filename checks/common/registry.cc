#include "checks/common/registry.h"

#include <iterator>

#include "checks/common/all_checks.h"
#include "scanner/base/text.h"

namespace gapscan {
namespace {

// Registry order is alphabetical by id; registry_test.cc keeps it that way.
const CheckEntry kChecks[] = {
    {&kAccessControlMissing, &make_access_control_missing},
    {&kBackendDisclosure, &make_backend_disclosure},
    {&kCacheControlSensitive, &make_cache_control_sensitive},
    {&kCharsetMissing, &make_charset_missing},
    {&kCleartextHttpAuth, &make_cleartext_http_auth},
    {&kClickjackingProtectionMissing, &make_clickjacking_protection_missing},
    {&kComponentDetected, &make_component_detected},
    {&kContentTypeMissing, &make_content_type_missing},
    {&kCookieBroadDomain, &make_cookie_broad_domain},
    {&kCookieLongLivedSession, &make_cookie_long_lived_session},
    {&kCookieNoHttponly, &make_cookie_no_httponly},
    {&kCookieNoSamesite, &make_cookie_no_samesite},
    {&kCookieNoSecure, &make_cookie_no_secure},
    {&kCookiePrefixViolation, &make_cookie_prefix_violation},
    {&kCookieSamesiteNoneInsecure, &make_cookie_samesite_none_insecure},
    {&kCorsNullOrigin, &make_cors_null_origin},
    {&kCorsOriginReflection, &make_cors_origin_reflection},
    {&kCorsWildcardOnSensitive, &make_cors_wildcard_on_sensitive},
    {&kCorsWildcardWithCredentials, &make_cors_wildcard_with_credentials},
    {&kCredentialsOverHttp, &make_credentials_over_http},
    {&kCrossOriginIsolationMissing, &make_cross_origin_isolation_missing},
    {&kCrossdomainPolicyPermissive, &make_crossdomain_policy_permissive},
    {&kCspMalformed, &make_csp_malformed},
    {&kCspMissing, &make_csp_missing},
    {&kCspNoBaseUri, &make_csp_no_base_uri},
    {&kCspNoObjectSrc, &make_csp_no_object_src},
    {&kCspReportOnly, &make_csp_report_only},
    {&kCspUnsafeEval, &make_csp_unsafe_eval},
    {&kCspUnsafeInline, &make_csp_unsafe_inline},
    {&kCspWildcardSource, &make_csp_wildcard_source},
    {&kCsrfTokenMissing, &make_csrf_token_missing},
    {&kDebugHeaderDisclosure, &make_debug_header_disclosure},
    {&kDefaultCredentials, &make_default_credentials},
    {&kDefaultPage, &make_default_page},
    {&kDirectoryListing, &make_directory_listing},
    {&kEmailDisclosure, &make_email_disclosure},
    {&kErrorDisclosure, &make_error_disclosure},
    {&kExposedAdminConsole, &make_exposed_admin_console},
    {&kExposedBackup, &make_exposed_backup},
    {&kExposedConfig, &make_exposed_config},
    {&kExposedDebugEndpoint, &make_exposed_debug_endpoint},
    {&kExposedLog, &make_exposed_log},
    {&kExposedStatusPage, &make_exposed_status_page},
    {&kExposedVcs, &make_exposed_vcs},
    {&kForbiddenBypass, &make_forbidden_bypass},
    {&kHostHeaderInjection, &make_host_header_injection},
    {&kHstsMalformed, &make_hsts_malformed},
    {&kHstsMissing, &make_hsts_missing},
    {&kHstsShortMaxAge, &make_hsts_short_max_age},
    {&kHttpMethodTrace, &make_http_method_trace},
    {&kHttpMethodsUnsafe, &make_http_methods_unsafe},
    {&kHttpOnlySite, &make_http_only_site},
    {&kHttpsDowngradeRedirect, &make_https_downgrade_redirect},
    {&kHttpsNotEnforced, &make_https_not_enforced},
    {&kJwtSignatureNotVerified, &make_jwt_signature_not_verified},
    {&kJwtWeak, &make_jwt_weak},
    {&kLoginFormOverHttp, &make_login_form_over_http},
    {&kLoginFormPostsToHttp, &make_login_form_posts_to_http},
    {&kLoginNoRateLimit, &make_login_no_rate_limit},
    {&kMixedContent, &make_mixed_content},
    {&kOpenRedirect, &make_open_redirect},
    {&kPasswordAutocomplete, &make_password_autocomplete},
    {&kPasswordInGetForm, &make_password_in_get_form},
    {&kPermissionsPolicyMissing, &make_permissions_policy_missing},
    {&kPhpSourceDisclosure, &make_php_source_disclosure},
    {&kPolicyViolation, &make_policy_violation},
    {&kPrivateIpDisclosure, &make_private_ip_disclosure},
    {&kReferrerPolicyMissing, &make_referrer_policy_missing},
    {&kReferrerPolicyUnsafe, &make_referrer_policy_unsafe},
    {&kSecretInResponse, &make_secret_in_response},
    {&kSecurityTxtMissing, &make_security_txt_missing},
    {&kSensitiveDataInUrl, &make_sensitive_data_in_url},
    {&kServerVersionDisclosure, &make_server_version_disclosure},
    {&kSessionCookieOverHttp, &make_session_cookie_over_http},
    {&kSessionCookieWeak, &make_session_cookie_weak},
    {&kSessionFixation, &make_session_fixation},
    {&kSessionIdInUrl, &make_session_id_in_url},
    {&kSessionNotInvalidated, &make_session_not_invalidated},
    {&kSriMissing, &make_sri_missing},
    {&kTlsCertExpired, &make_tls_cert_expired},
    {&kTlsCertExpiring, &make_tls_cert_expiring},
    {&kTlsCertHostnameMismatch, &make_tls_cert_hostname_mismatch},
    {&kTlsCertNotYetValid, &make_tls_cert_not_yet_valid},
    {&kTlsCertUntrusted, &make_tls_cert_untrusted},
    {&kTlsCertWeakKey, &make_tls_cert_weak_key},
    {&kTlsCertWeakSignature, &make_tls_cert_weak_signature},
    {&kTlsNoForwardSecrecy, &make_tls_no_forward_secrecy},
    {&kTlsProtocolObsolete, &make_tls_protocol_obsolete},
    {&kTlsWeakCipher, &make_tls_weak_cipher},
    {&kUnauthenticatedApi, &make_unauthenticated_api},
    {&kUserEnumeration, &make_user_enumeration},
    {&kXContentTypeOptionsMissing, &make_x_content_type_options_missing},
    {&kXFrameOptionsMalformed, &make_x_frame_options_malformed},
    {&kXPoweredByDisclosure, &make_x_powered_by_disclosure},
};

}  // namespace

std::span<const CheckEntry> all_checks() { return {std::begin(kChecks), std::end(kChecks)}; }

const CheckInfo* find_check(std::string_view id) {
  for (const CheckEntry& e : kChecks) {
    if (e.info->id == id) return e.info;
  }
  return nullptr;
}

std::vector<const CheckEntry*> select_checks(const std::vector<std::string>& include,
                                             const std::vector<std::string>& exclude) {
  auto matches_any = [](const std::vector<std::string>& globs, std::string_view id) {
    for (const std::string& g : globs) {
      if (glob_match(g, id)) return true;
    }
    return false;
  };
  std::vector<const CheckEntry*> out;
  for (const CheckEntry& e : kChecks) {
    if (!include.empty() && !matches_any(include, e.info->id)) continue;
    if (matches_any(exclude, e.info->id)) continue;
    out.push_back(&e);
  }
  return out;
}

}  // namespace gapscan
