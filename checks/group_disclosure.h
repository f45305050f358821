// Information-disclosure checks: static info and factories (the registry lists them).
#pragma once

#include <memory>

#include "checks/check.h"

namespace gapscan {

extern const CheckInfo kBackendDisclosure;
std::unique_ptr<PassiveCheck> make_backend_disclosure();

extern const CheckInfo kComponentDetected;
std::unique_ptr<PassiveCheck> make_component_detected();

extern const CheckInfo kDebugHeaderDisclosure;
std::unique_ptr<PassiveCheck> make_debug_header_disclosure();

extern const CheckInfo kDefaultPage;
std::unique_ptr<PassiveCheck> make_default_page();

extern const CheckInfo kEmailDisclosure;
std::unique_ptr<PassiveCheck> make_email_disclosure();

extern const CheckInfo kErrorDisclosure;
std::unique_ptr<PassiveCheck> make_error_disclosure();

extern const CheckInfo kJwtWeak;
std::unique_ptr<PassiveCheck> make_jwt_weak();

extern const CheckInfo kPhpSourceDisclosure;
std::unique_ptr<PassiveCheck> make_php_source_disclosure();

extern const CheckInfo kPrivateIpDisclosure;
std::unique_ptr<PassiveCheck> make_private_ip_disclosure();

extern const CheckInfo kSecretInResponse;
std::unique_ptr<PassiveCheck> make_secret_in_response();

extern const CheckInfo kSensitiveDataInUrl;
std::unique_ptr<PassiveCheck> make_sensitive_data_in_url();

extern const CheckInfo kXPoweredByDisclosure;
std::unique_ptr<PassiveCheck> make_x_powered_by_disclosure();

}  // namespace gapscan
