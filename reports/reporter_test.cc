// Redaction shared by all reporters.
#include "reports/reporter.h"

#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "reports/report_common.h"

namespace gapscan {
namespace {

std::string redacted_value(const std::string& name, const std::string& value) {
  return redact_headers({{name, value}}).front().value;
}

}  // namespace

TEST_CASE("is_secret_header: fixed names and secret-looking families, any case") {
  for (const char* name :
       {"Authorization", "proxy-authorization", "COOKIE", "Set-Cookie", "X-Api-Key", "x-auth-token",
        "X-CSRF-Token", "X-XSRF-TOKEN", "X-Client-Secret", "X-Session-Id", "X-ApiKey", "Api-Key",
        "X-Password"}) {
    CAPTURE(name);
    CHECK(is_secret_header(name));
  }
  for (const char* name :
       {"Content-Type", "Server", "Location", "X-Frame-Options", "Accept", "Keyboard"}) {
    CAPTURE(name);
    CHECK_FALSE(is_secret_header(name));
  }
}

TEST_CASE("redact_headers: Authorization keeps the scheme word only") {
  CHECK(redacted_value("Authorization", "Bearer abc.def.ghi") == "Bearer <redacted>");
  CHECK(redacted_value("authorization", "Basic dXNlcjpwYXNz") == "Basic <redacted>");
  CHECK(redacted_value("Proxy-Authorization", "Digest username=\"u\", nonce=\"n\"") ==
        "Digest <redacted>");
  // A lone word may be the credential itself.
  CHECK(redacted_value("Authorization", "sk_live_0123456789") == "<redacted>");
  // A "scheme" that looks like a secret (too long) is not kept either.
  CHECK(redacted_value("Authorization", "0123456789abcdef0123456789abcdef rest") == "<redacted>");
}

TEST_CASE("redact_headers: Cookie keeps names") {
  CHECK(redacted_value("Cookie", "a=1; b=two") == "a=<redacted>; b=<redacted>");
  CHECK(redacted_value("Cookie", "a=1;b=2;") == "a=<redacted>; b=<redacted>");
  CHECK(redacted_value("Cookie", "lonevalue") == "<redacted>");
  CHECK(redacted_value("Cookie", "empty=") == "empty=");
}

TEST_CASE("redact_headers: Set-Cookie keeps name and attributes") {
  CHECK(redacted_value("Set-Cookie", "SESSIONID=abc123; Path=/; HttpOnly") ==
        "SESSIONID=<redacted>; Path=/; HttpOnly");
  CHECK(redacted_value("set-cookie",
                       "id=x; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Secure; SameSite=Lax") ==
        "id=<redacted>; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Secure; SameSite=Lax");
  // Unknown attributes and folded headers ("Path=/, b=2") could hide another cookie's value.
  CHECK(redacted_value("Set-Cookie", "a=1; Path=/, b=2") == "a=<redacted>; Path=<redacted>");
  CHECK(redacted_value("Set-Cookie", "a=1; weird=stuff; flag") ==
        "a=<redacted>; weird=<redacted>; <redacted>");
}

TEST_CASE("redact_headers: other secret headers lose the whole value; the rest is untouched") {
  CHECK(redacted_value("X-Api-Key", "k-123") == "<redacted>");
  CHECK(redacted_value("X-Session-Token", "t") == "<redacted>");
  CHECK(redacted_value("Content-Type", "text/html") == "text/html");
  CHECK(redacted_value("Authorization", "") == "");
  // Redirect targets carry OAuth codes and signed URLs.
  CHECK(redacted_value("Location", "https://x.test/cb?code=abc&state=s") ==
        "https://x.test/cb?code=<redacted>&state=s");
  const HeaderList in = {{"A", "1"}, {"Cookie", "c=2"}, {"B", "3"}};
  const HeaderList out = redact_headers(in);
  REQUIRE(out.size() == 3);
  CHECK(out[0].name == "A");
  CHECK(out[1].name == "Cookie");
  CHECK(out[2].value == "3");
}

TEST_CASE("redact_url: secret query parameters, userinfo, path parameters, fragments") {
  CHECK(redact_url("https://example.com/") == "https://example.com/");
  CHECK(redact_url("https://example.com/a?q=1&page=2") == "https://example.com/a?q=1&page=2");
  CHECK(redact_url("https://example.com/a?token=abc&q=1") ==
        "https://example.com/a?token=<redacted>&q=1");
  CHECK(redact_url("https://example.com/?PASSWORD=x&Sid=y&access_token=z&code=c&sig=s") ==
        "https://example.com/?PASSWORD=<redacted>&Sid=<redacted>&access_token=<redacted>"
        "&code=<redacted>&sig=<redacted>");
  CHECK(redact_url("https://example.com/?refresh_token=a&client_secret=b&X-Amz-Signature=c") ==
        "https://example.com/?refresh_token=<redacted>&client_secret=<redacted>"
        "&X-Amz-Signature=<redacted>");
  // Encoded names are decoded before matching.
  CHECK(redact_url("https://example.com/?api%5Fkey=abc") ==
        "https://example.com/?api%5Fkey=<redacted>");
  // Empty and valueless parameters have nothing to hide.
  CHECK(redact_url("https://example.com/?token=&token") == "https://example.com/?token=&token");
  CHECK(redact_url("https://user:pw@example.com:8443/x") == "https://example.com:8443/x");
  CHECK(redact_url("http://example.com/shop;jsessionid=ABC123/cart;JSESSIONID=Z?x=1") ==
        "http://example.com/shop;jsessionid=<redacted>/cart;JSESSIONID=<redacted>?x=1");
  CHECK(redact_url("https://example.com/cb#access_token=abc&state=1") ==
        "https://example.com/cb#access_token=<redacted>&state=1");
  CHECK(redact_url("https://example.com/page#section-2") == "https://example.com/page#section-2");
  CHECK(redact_url("") == "");
  CHECK(redact_url("/relative?key=v") == "/relative?key=<redacted>");
}

TEST_CASE("effective_fingerprint: collector value wins; fallback is stable and secret-free") {
  Finding f;
  f.check_id = "x";
  f.url = "https://example.com/?sid=one";
  f.fingerprint = "feedfacefeedface";
  CHECK(effective_fingerprint(f) == "feedfacefeedface");
  f.fingerprint.clear();
  const std::string a = effective_fingerprint(f);
  CHECK(a.size() == 16);
  f.url = "https://example.com/?sid=two";  // another session, same finding
  CHECK(effective_fingerprint(f) == a);
  f.parameter = "p";
  CHECK(effective_fingerprint(f) != a);
}

TEST_CASE("write_file_atomic: writes, replaces, and reports errors") {
  CHECK_FALSE(write_file_atomic("/nonexistent-dir-gapscan/x.json", "x", nullptr));
  std::string error;
  CHECK_FALSE(write_file_atomic("/nonexistent-dir-gapscan/x.json", "x", &error));
  CHECK(error.find("/nonexistent-dir-gapscan/x.json.tmp") != std::string::npos);
}

TEST_CASE("report paths: regular files and links to them only; devices and folders refused") {
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() / ("gapscan-report-paths-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string file = (dir / "r.json").string();
  CHECK(report_path_problem("-").empty());
  CHECK(report_path_problem(file).empty());  // new file in a writable folder
  CHECK(report_path_problem(dir.string()).find("is a directory") != std::string::npos);
  CHECK(report_path_problem("/dev/null").find("not a regular file") != std::string::npos);
  CHECK(report_path_problem("/nonexistent-dir-gapscan/x.json").find("does not exist") !=
        std::string::npos);
  CHECK(report_path_problem("").find("empty") != std::string::npos);

  std::string error;
  CHECK_FALSE(write_file_atomic("/dev/full", "x", &error));  // never replaces a device
  CHECK(error.find("not a regular file") != std::string::npos);
  CHECK(fs::is_character_file("/dev/full"));
  CHECK_FALSE(write_file_atomic(dir.string(), "x", &error));
  CHECK(fs::is_directory(dir));

  // A link to a regular file: the file gets the report, the link stays a link.
  REQUIRE(write_file_atomic(file, "old", nullptr));
  const fs::path link = dir / "link.json";
  fs::create_symlink(file, link);
  CHECK(report_path_problem(link.string()).empty());
  REQUIRE(write_file_atomic(link.string(), "new", &error));
  CHECK(fs::is_symlink(link));
  std::ifstream in(file);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(content == "new");

  const fs::path dangling = dir / "dangling.json";
  fs::create_symlink(dir / "missing" / "x.json", dangling);
  CHECK(report_path_problem(dangling.string()).find("link to nothing") != std::string::npos);
  fs::remove_all(dir);
}

}  // namespace gapscan
