// Account lockout shared by the testbed's login surfaces (implemented in console_pages.cc).
//
// Every login attempt is recorded per (listener port, user name): an account locks after
// --lockout-after failed attempts (default 5, 0 = never) and from then on even the right
// password is refused. Keying by port keeps the http and https origins of one testbed apart,
// so a scan of both does not add up its attempts on one account. State is process-global and
// never expires (restart the testbed to unlock).
#pragma once

#include <cstdint>
#include <string_view>

namespace testbed {

enum class LoginResult { kOk, kFailed, kLocked };

// Records one attempt. kLocked when the account was already locked (whatever the password),
// else kOk when `password_ok`, else kFailed (and the account locks once it has
// `lockout_after` failures; a success resets the count).
LoginResult RecordLogin(uint16_t port, std::string_view user, bool password_ok, int lockout_after);

}  // namespace testbed
