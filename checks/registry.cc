#include "checks/registry.h"

#include <iterator>

#include "checks/all_checks.h"

namespace gapscan {
namespace {

// Registry order is alphabetical by id; registry_test.cc keeps it that way.
const CheckEntry kChecks[] = {
    {&kAccessControlMissing, nullptr, &make_access_control_missing},
    {&kBackendDisclosure, &make_backend_disclosure, nullptr},
    {&kCacheControlSensitive, &make_cache_control_sensitive, nullptr},
    {&kCharsetMissing, &make_charset_missing, nullptr},
    {&kCleartextHttpAuth, &make_cleartext_http_auth, nullptr},
    {&kClickjackingProtectionMissing, &make_clickjacking_protection_missing, nullptr},
    {&kComponentDetected, &make_component_detected, nullptr},
    {&kContentTypeMissing, &make_content_type_missing, nullptr},
    {&kCookieBroadDomain, &make_cookie_broad_domain, nullptr},
    {&kCookieLongLivedSession, &make_cookie_long_lived_session, nullptr},
    {&kCookieNoHttponly, &make_cookie_no_httponly, nullptr},
    {&kCookieNoSamesite, &make_cookie_no_samesite, nullptr},
    {&kCookieNoSecure, &make_cookie_no_secure, nullptr},
    {&kCookiePrefixViolation, &make_cookie_prefix_violation, nullptr},
    {&kCookieSamesiteNoneInsecure, &make_cookie_samesite_none_insecure, nullptr},
    {&kCorsNullOrigin, nullptr, &make_cors_null_origin},
    {&kCorsOriginReflection, nullptr, &make_cors_origin_reflection},
    {&kCorsWildcardOnSensitive, &make_cors_wildcard_on_sensitive, nullptr},
    {&kCorsWildcardWithCredentials, &make_cors_wildcard_with_credentials, nullptr},
    {&kCredentialsOverHttp, nullptr, &make_credentials_over_http},
    {&kCrossOriginIsolationMissing, &make_cross_origin_isolation_missing, nullptr},
    {&kCrossdomainPolicyPermissive, nullptr, &make_crossdomain_policy_permissive},
    {&kCspMalformed, &make_csp_malformed, nullptr},
    {&kCspMissing, &make_csp_missing, nullptr},
    {&kCspNoBaseUri, &make_csp_no_base_uri, nullptr},
    {&kCspNoObjectSrc, &make_csp_no_object_src, nullptr},
    {&kCspReportOnly, &make_csp_report_only, nullptr},
    {&kCspUnsafeEval, &make_csp_unsafe_eval, nullptr},
    {&kCspUnsafeInline, &make_csp_unsafe_inline, nullptr},
    {&kCspWildcardSource, &make_csp_wildcard_source, nullptr},
    {&kCsrfTokenMissing, &make_csrf_token_missing, nullptr},
    {&kDebugHeaderDisclosure, &make_debug_header_disclosure, nullptr},
    {&kDefaultCredentials, nullptr, &make_default_credentials},
    {&kDefaultPage, &make_default_page, nullptr},
    {&kDirectoryListing, &make_directory_listing, nullptr},
    {&kEmailDisclosure, &make_email_disclosure, nullptr},
    {&kErrorDisclosure, &make_error_disclosure, nullptr},
    {&kExposedAdminConsole, nullptr, &make_exposed_admin_console},
    {&kExposedBackup, nullptr, &make_exposed_backup},
    {&kExposedConfig, nullptr, &make_exposed_config},
    {&kExposedDebugEndpoint, nullptr, &make_exposed_debug_endpoint},
    {&kExposedLog, nullptr, &make_exposed_log},
    {&kExposedStatusPage, nullptr, &make_exposed_status_page},
    {&kExposedVcs, nullptr, &make_exposed_vcs},
    {&kForbiddenBypass, nullptr, &make_forbidden_bypass},
    {&kHostHeaderInjection, nullptr, &make_host_header_injection},
    {&kHstsMalformed, &make_hsts_malformed, nullptr},
    {&kHstsMissing, &make_hsts_missing, nullptr},
    {&kHstsShortMaxAge, &make_hsts_short_max_age, nullptr},
    {&kHttpMethodTrace, nullptr, &make_http_method_trace},
    {&kHttpMethodsUnsafe, nullptr, &make_http_methods_unsafe},
    {&kHttpOnlySite, nullptr, &make_http_only_site},
    {&kHttpsDowngradeRedirect, nullptr, &make_https_downgrade_redirect},
    {&kHttpsNotEnforced, nullptr, &make_https_not_enforced},
    {&kJwtSignatureNotVerified, nullptr, &make_jwt_signature_not_verified},
    {&kJwtWeak, &make_jwt_weak, nullptr},
    {&kLoginFormOverHttp, &make_login_form_over_http, nullptr},
    {&kLoginFormPostsToHttp, &make_login_form_posts_to_http, nullptr},
    {&kLoginNoRateLimit, nullptr, &make_login_no_rate_limit},
    {&kMixedContent, &make_mixed_content, nullptr},
    {&kOpenRedirect, nullptr, &make_open_redirect},
    {&kPasswordAutocomplete, &make_password_autocomplete, nullptr},
    {&kPasswordInGetForm, &make_password_in_get_form, nullptr},
    {&kPermissionsPolicyMissing, &make_permissions_policy_missing, nullptr},
    {&kPhpSourceDisclosure, &make_php_source_disclosure, nullptr},
    {&kPolicyViolation, nullptr, &make_policy_violation},
    {&kPrivateIpDisclosure, &make_private_ip_disclosure, nullptr},
    {&kReferrerPolicyMissing, &make_referrer_policy_missing, nullptr},
    {&kReferrerPolicyUnsafe, &make_referrer_policy_unsafe, nullptr},
    {&kSecretInResponse, &make_secret_in_response, nullptr},
    {&kSecurityTxtMissing, nullptr, &make_security_txt_missing},
    {&kSensitiveDataInUrl, &make_sensitive_data_in_url, nullptr},
    {&kServerVersionDisclosure, &make_server_version_disclosure, nullptr},
    {&kSessionCookieOverHttp, &make_session_cookie_over_http, nullptr},
    {&kSessionCookieWeak, nullptr, &make_session_cookie_weak},
    {&kSessionFixation, nullptr, &make_session_fixation},
    {&kSessionIdInUrl, &make_session_id_in_url, nullptr},
    {&kSessionNotInvalidated, nullptr, &make_session_not_invalidated},
    {&kSriMissing, &make_sri_missing, nullptr},
    {&kTlsCertExpired, nullptr, &make_tls_cert_expired},
    {&kTlsCertExpiring, nullptr, &make_tls_cert_expiring},
    {&kTlsCertHostnameMismatch, nullptr, &make_tls_cert_hostname_mismatch},
    {&kTlsCertNotYetValid, nullptr, &make_tls_cert_not_yet_valid},
    {&kTlsCertUntrusted, nullptr, &make_tls_cert_untrusted},
    {&kTlsCertWeakKey, nullptr, &make_tls_cert_weak_key},
    {&kTlsCertWeakSignature, nullptr, &make_tls_cert_weak_signature},
    {&kTlsNoForwardSecrecy, nullptr, &make_tls_no_forward_secrecy},
    {&kTlsProtocolObsolete, nullptr, &make_tls_protocol_obsolete},
    {&kTlsWeakCipher, nullptr, &make_tls_weak_cipher},
    {&kUnauthenticatedApi, nullptr, &make_unauthenticated_api},
    {&kUserEnumeration, nullptr, &make_user_enumeration},
    {&kXContentTypeOptionsMissing, &make_x_content_type_options_missing, nullptr},
    {&kXFrameOptionsMalformed, &make_x_frame_options_malformed, nullptr},
    {&kXPoweredByDisclosure, &make_x_powered_by_disclosure, nullptr},
};

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::span<const CheckEntry> all_checks() { return {std::begin(kChecks), std::end(kChecks)}; }

const CheckInfo* find_check(std::string_view id) {
  for (const CheckEntry& e : kChecks) {
    if (e.info->id == id) return e.info;
  }
  return nullptr;
}

// Iterative matcher with single-star backtracking: linear in practice, no recursion.
// Case-insensitive because ids are lower-case and users type either.
bool glob_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0;
  std::size_t star = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || lower(pattern[p]) == lower(text[t]))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_t = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
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
