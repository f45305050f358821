// Every check's static info and factory; registry.cc lists them in its table.
#pragma once

#include <memory>

#include "checks/check.h"

namespace gapscan {

extern const CheckInfo kClickjackingProtectionMissing;
std::unique_ptr<PassiveCheck> make_clickjacking_protection_missing();

extern const CheckInfo kCookieNoHttponly;
std::unique_ptr<PassiveCheck> make_cookie_no_httponly();

extern const CheckInfo kCookieNoSamesite;
std::unique_ptr<PassiveCheck> make_cookie_no_samesite();

extern const CheckInfo kCookieNoSecure;
std::unique_ptr<PassiveCheck> make_cookie_no_secure();

extern const CheckInfo kCspMissing;
std::unique_ptr<PassiveCheck> make_csp_missing();

extern const CheckInfo kDirectoryListing;
std::unique_ptr<PassiveCheck> make_directory_listing();

extern const CheckInfo kHstsMissing;
std::unique_ptr<PassiveCheck> make_hsts_missing();

extern const CheckInfo kSecurityTxtMissing;
std::unique_ptr<ActiveCheck> make_security_txt_missing();

extern const CheckInfo kServerVersionDisclosure;
std::unique_ptr<PassiveCheck> make_server_version_disclosure();

extern const CheckInfo kXContentTypeOptionsMissing;
std::unique_ptr<PassiveCheck> make_x_content_type_options_missing();

}  // namespace gapscan
