#include "scanner/login_ledger.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using namespace gapscan;

TEST_CASE("login ledger: at most the limit per account per host, across schemes and ports") {
  std::vector<std::string> refusals;
  LoginLedger ledger(kMaxFailedLogins, [&](const std::string& url, const std::string& message) {
    refusals.push_back(url + " | " + message);
  });
  CHECK(ledger.limit() == 3);
  CHECK(ledger.reserve("default-credentials", "http://127.0.0.1:8080/manager/html", "admin"));
  CHECK(ledger.reserve("default-credentials", "https://127.0.0.1:8443/basic/", "admin"));
  CHECK(ledger.reserve("user-enumeration", "http://127.0.0.1:9000/login", "ADMIN"));
  CHECK(ledger.count("https://127.0.0.1/", "Admin") == 3);
  // A fourth attempt on the same host is refused, whatever the scheme, port or check.
  CHECK_FALSE(
      ledger.reserve("default-credentials", "https://127.0.0.1:8443/wp-login.php", "admin"));
  CHECK(ledger.count("http://127.0.0.1/", "admin") == 3);
  REQUIRE(refusals.size() == 1);
  CHECK(refusals[0].find("https://127.0.0.1:8443/wp-login.php | default-credentials: a login "
                         "attempt for account 'admin' on host 127.0.0.1 not sent: the lockout "
                         "limit held") == 0);
  CHECK(refusals[0].find("at most 3 per account per host") != std::string::npos);
  // Other accounts and other hosts have their own count.
  CHECK(ledger.reserve("default-credentials", "http://127.0.0.1:8080/", "root"));
  CHECK(ledger.reserve("default-credentials", "http://localhost:8080/", "admin"));
  CHECK(ledger.max_count() == 3);
}

TEST_CASE("login ledger: reservations are all or none; a proven success is released") {
  LoginLedger ledger;
  CHECK(ledger.reserve("user-enumeration", "https://app.test/login", "alice", 2));
  CHECK_FALSE(ledger.reserve("user-enumeration", "https://app.test/login", "alice", 2));
  CHECK(ledger.count("https://app.test/", "alice") == 2);
  CHECK(ledger.reserve("default-credentials", "https://app.test/", "alice"));
  CHECK_FALSE(ledger.reserve("default-credentials", "https://app.test/", "alice"));
  ledger.release("https://app.test/", "alice");  // that one logged in
  CHECK(ledger.count("https://app.test/", "alice") == 2);
  CHECK(ledger.reserve("default-credentials", "https://app.test/", "alice"));
  ledger.release("https://app.test/", "nobody");  // nothing to release: no effect
  CHECK(ledger.count("https://app.test/", "nobody") == 0);
  CHECK(ledger.reserve("x", "https://app.test/", "bob", 0));  // nothing asked: always fine
}

TEST_CASE("login ledger: the identity's own failed login counts, past the limit too") {
  LoginLedger ledger;
  ledger.record_failure("https://app.test/login", "alice");
  CHECK(ledger.count("https://app.test/", "alice") == 1);
  CHECK(ledger.reserve("user-enumeration", "https://app.test/login", "alice", 2));
  CHECK_FALSE(ledger.reserve("default-credentials", "https://app.test/", "alice"));
  ledger.record_failure("https://app.test/login", "alice");
  CHECK(ledger.count("https://app.test/", "alice") == 4);
  ledger.record_opted_in("https://app.test/login", "gapscan-0123456789", 20);
  CHECK(ledger.count("https://app.test/", "gapscan-0123456789") == 20);
}

TEST_CASE("login ledger: a lower limit; host keys") {
  LoginLedger none(0);
  CHECK_FALSE(none.reserve("default-credentials", "https://app.test/", "admin"));
  LoginLedger one(1);
  CHECK(one.reserve("default-credentials", "https://app.test/", "admin"));
  CHECK_FALSE(one.reserve("default-credentials", "http://app.test:8080/", "admin"));
  CHECK(LoginLedger::host_of("https://App.Test:8443/x?y") == "app.test");
  CHECK(LoginLedger::host_of("http://[::1]:8080/") == "::1");
  CHECK(LoginLedger::host_of("not a url") == "not a url");
}

TEST_CASE("login ledger: concurrent reservations never exceed the limit") {
  LoginLedger ledger;
  std::atomic<int> granted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        if (ledger.reserve("test", "https://app.test/", "admin")) ++granted;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(granted == 3);
  CHECK(ledger.count("https://app.test/", "admin") == 3);
}

TEST_CASE("login ledger: an identity's account keeps its last attempt for its own logins") {
  std::vector<std::string> refusals;
  LoginLedger ledger(kMaxFailedLogins, [&](const std::string&, const std::string& message) {
    refusals.push_back(message);
  });
  ledger.protect("https://app.test/login", "Admin");
  CHECK(ledger.reserve("user-enumeration", "https://app.test/login", "admin", 2));
  // A guess would take the last attempt: refused, on any port of the host.
  CHECK_FALSE(ledger.reserve("default-credentials", "http://app.test:8080/", "admin"));
  REQUIRE(refusals.size() == 1);
  CHECK(refusals[0].find("the last one is kept for the identity's own login") != std::string::npos);
  // A login with the real password (a session check's) may use it.
  CHECK(ledger.reserve_real("session-fixation", "https://app.test/login", "admin"));
  ledger.release_real("https://app.test/login", "admin");  // it logged in
  CHECK(ledger.count("https://app.test/", "admin") == 2);
  CHECK(ledger.reserve_real("session-fixation", "https://app.test/login", "admin"));
  ledger.record_failure("https://app.test/login", "admin");  // it failed: the session says so
  ledger.release_real("https://app.test/login", "admin");
  CHECK(ledger.count("https://app.test/", "admin") == 3);
  CHECK_FALSE(ledger.reserve_real("session-fixation", "https://app.test/login", "admin"));
  // Other accounts are not protected.
  CHECK(ledger.reserve("default-credentials", "https://app.test/", "root", 3));
}

TEST_CASE("login ledger: a reservation waits for a real-password login under way") {
  LoginLedger ledger;
  ledger.protect("https://app.test/login", "alice");
  REQUIRE(ledger.reserve_real("session-cookie-weak", "https://app.test/login", "alice"));
  // user-enumeration's two wrong passwords fit only once that login is through.
  std::atomic<bool> granted{false};
  std::thread other(
      [&] { granted = ledger.reserve("user-enumeration", "https://app.test/login", "alice", 2); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK_FALSE(granted);
  ledger.release_real("https://app.test/login", "alice");  // logged in: nothing counted
  other.join();
  CHECK(granted);
  CHECK(ledger.count("https://app.test/", "alice") == 2);
  // A guess that would not fit even then is refused at once.
  CHECK(ledger.reserve_real("session-fixation", "https://app.test/login", "alice"));
  CHECK_FALSE(ledger.reserve("default-credentials", "https://app.test/", "alice"));
  ledger.release_real("https://app.test/login", "alice");
}
