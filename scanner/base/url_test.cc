#include "scanner/base/url.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace gapscan;

namespace {

std::string norm(std::string_view s) { return normalize_url(s); }

std::string resolve(std::string_view base, std::string_view ref) {
  const auto b = parse_url(base);
  REQUIRE(b.has_value());
  const auto r = resolve_url(*b, ref);
  return r ? r->to_string() : std::string("<none>");
}

}  // namespace

TEST_CASE("url: scheme and host are lower-cased, default ports and fragments dropped") {
  CHECK(norm("HTTP://Example.COM/Path?Q=A#Frag") == "http://example.com/Path?Q=A");
  CHECK(norm("http://example.com:80/") == "http://example.com/");
  CHECK(norm("https://example.com:443/x") == "https://example.com/x");
  CHECK(norm("http://example.com:443/") == "http://example.com:443/");
  CHECK(norm("https://example.com:80/") == "https://example.com:80/");
  CHECK(norm("http://example.com:8080") == "http://example.com:8080/");
  CHECK(norm("http://example.com") == "http://example.com/");
  CHECK(norm("http://example.com?q") == "http://example.com/?q");
  CHECK(norm("http://example.com/p?") == "http://example.com/p");
  CHECK(norm("http://example.com/#") == "http://example.com/");

  const auto u = parse_url("HTTPS://Example.COM:8443/a/b.html?x=1#top");
  REQUIRE(u.has_value());
  CHECK(u->scheme == "https");
  CHECK(u->host == "example.com");
  CHECK(u->port == 8443);
  CHECK(u->path == "/a/b.html");
  CHECK(u->query == "x=1");
  CHECK(parse_url("http://example.com/")->port == 80);
  CHECK(parse_url("https://example.com/")->port == 443);
}

TEST_CASE("url: dot segments are removed") {
  CHECK(norm("http://a.test/a/./b/../c") == "http://a.test/a/c");
  CHECK(norm("http://a.test/../../x") == "http://a.test/x");
  CHECK(norm("http://a.test/a/b/..") == "http://a.test/a/");
  CHECK(norm("http://a.test/a/.") == "http://a.test/a/");
  // Encoded dots are dots too (as in browsers), once decoded.
  CHECK(norm("http://a.test/a/%2e%2E/b") == "http://a.test/b");
  CHECK(norm("http://a.test/a/%2e/b") == "http://a.test/a/b");
  // Only the path: dots in the query are data.
  CHECK(norm("http://a.test/p?x=../y") == "http://a.test/p?x=../y");
}

TEST_CASE("url: percent-encoding is normalized") {
  // Unreserved characters decoded, other escapes upper-cased but kept.
  CHECK(norm("http://a.test/%7euser/%41%62%2d%2E%5F") == "http://a.test/~user/Ab-._");
  CHECK(norm("http://a.test/a%2fb%3f?k=%3d%26%e9") == "http://a.test/a%2Fb%3F?k=%3D%26%E9");
  // Unsafe characters encoded, in path and query alike.
  CHECK(norm("http://a.test/a b?c d") == "http://a.test/a%20b?c%20d");
  CHECK(norm("http://a.test/<x>\"{|}^`") == "http://a.test/%3Cx%3E%22%7B%7C%7D%5E%60");
  CHECK(norm("http://a.test/caf\xC3\xA9?q=\xC3\xA9") == "http://a.test/caf%C3%A9?q=%C3%A9");
  // Reserved characters are meaningful and stay as they are.
  CHECK(norm("http://a.test/a;b=c,d!$'()*+@:?x=1&y=2/3?4") ==
        "http://a.test/a;b=c,d!$'()*+@:?x=1&y=2/3?4");
  // A stray % is kept as browsers do; the result is stable.
  CHECK(norm("http://a.test/100%zz") == "http://a.test/100%zz");
  CHECK(norm("http://a.test/100%") == "http://a.test/100%");
  // Normalizing twice changes nothing.
  for (const char* s : {"http://a.test/a b/%7e/%2f?q=%3d x", "http://a.test/100%zz%41"}) {
    CHECK(norm(norm(s)) == norm(s));
  }
}

TEST_CASE("url: IPv6 hosts") {
  const auto u = parse_url("http://[2001:DB8::1]:8080/x");
  REQUIRE(u.has_value());
  CHECK(u->host == "2001:db8::1");
  CHECK(u->port == 8080);
  CHECK(u->origin() == "http://[2001:db8::1]:8080");
  CHECK(u->to_string() == "http://[2001:db8::1]:8080/x");
  CHECK(norm("https://[::1]:443/") == "https://[::1]/");
  // The zone id is dropped.
  CHECK(norm("http://[fe80::1%25eth0]/") == "http://[fe80::1]/");
  CHECK_FALSE(parse_url("http://[::1/").has_value());
  CHECK_FALSE(parse_url("http://[zz::1]/").has_value());
}

TEST_CASE("url: IPv4 hosts") {
  CHECK(norm("http://127.0.0.1:8080/") == "http://127.0.0.1:8080/");
  CHECK(parse_url("http://127.0.0.1/")->host == "127.0.0.1");
}

TEST_CASE("url: invalid input and non-http schemes give nullopt") {
  for (const char* s : {"",
                        "   ",
                        "example.com",
                        "/path",
                        "//example.com/",
                        "javascript:alert(1)",
                        "JavaScript:alert(1)",
                        "mailto:a@example.com",
                        "data:text/html,<b>x</b>",
                        "tel:+123",
                        "ftp://example.com/",
                        "file:///etc/passwd",
                        "ws://example.com/",
                        "http://",
                        "http://:80/",
                        "http://exa mple.com/",
                        "http://example.com:99999/",
                        "http://example.com:0/",
                        "http://example.com:abc/",
                        "1http://example.com/",
                        "about:blank"}) {
    CAPTURE(s);
    CHECK_FALSE(parse_url(s).has_value());
    CHECK(normalize_url(s).empty());
    CHECK(origin_of(s).empty());
  }
}

TEST_CASE("url: credentials are dropped") {
  CHECK(norm("http://user:secret@example.com/x") == "http://example.com/x");
  CHECK(norm("http://user@example.com/") == "http://example.com/");
  // The host is what follows the last @ of the authority, as in browsers.
  CHECK(parse_url("http://good.test@evil.test/")->host == "evil.test");
}

TEST_CASE("url: browser-style cleanup of the input") {
  CHECK(norm("  http://example.com/a \n") == "http://example.com/a");
  CHECK(norm("ht\ttp://exa\nmple.com/a\r\nb") == "http://example.com/ab");
  CHECK(norm("http:\\\\example.com\\a\\b?c\\d") == "http://example.com/a/b?c%5Cd");
  CHECK(norm("http:example.com/x") == "http://example.com/x");
  CHECK(norm("http:///example.com/x") == "http://example.com/x");
  CHECK(norm("http://example.com/a\x01z") == "http://example.com/a%01z");
}

TEST_CASE("url: accessors") {
  const auto u = parse_url("https://Example.com:8443/a/b/c.php?x=1");
  REQUIRE(u.has_value());
  CHECK(u->origin() == "https://example.com:8443");
  CHECK(u->to_string() == "https://example.com:8443/a/b/c.php?x=1");
  CHECK(u->directory() == "/a/b/");
  CHECK(parse_url("http://a.test/")->directory() == "/");
  CHECK(parse_url("http://a.test/dir/")->directory() == "/dir/");
  CHECK(parse_url("http://a.test")->path == "/");
  CHECK(origin_of("HTTP://A.test:80/x?y#z") == "http://a.test");
  CHECK(origin_of("http://a.test:8080/") == "http://a.test:8080");

  Url manual;  // built by hand: an empty path still prints as "/"
  manual.scheme = "http";
  manual.host = "h.test";
  manual.port = 80;
  CHECK(manual.to_string() == "http://h.test/");
}

TEST_CASE("url: relative references (RFC 3986 section 5.4)") {
  const char* base = "http://a/b/c/d;p?q";
  CHECK(resolve(base, "g") == "http://a/b/c/g");
  CHECK(resolve(base, "./g") == "http://a/b/c/g");
  CHECK(resolve(base, "g/") == "http://a/b/c/g/");
  CHECK(resolve(base, "/g") == "http://a/g");
  CHECK(resolve(base, "//g") == "http://g/");
  CHECK(resolve(base, "?y") == "http://a/b/c/d;p?y");
  CHECK(resolve(base, "g?y") == "http://a/b/c/g?y");
  CHECK(resolve(base, "#s") == "http://a/b/c/d;p?q");
  CHECK(resolve(base, "g#s") == "http://a/b/c/g");
  CHECK(resolve(base, ";x") == "http://a/b/c/;x");
  CHECK(resolve(base, "") == "http://a/b/c/d;p?q");
  CHECK(resolve(base, ".") == "http://a/b/c/");
  CHECK(resolve(base, "./") == "http://a/b/c/");
  CHECK(resolve(base, "..") == "http://a/b/");
  CHECK(resolve(base, "../") == "http://a/b/");
  CHECK(resolve(base, "../g") == "http://a/b/g");
  CHECK(resolve(base, "../..") == "http://a/");
  CHECK(resolve(base, "../../g") == "http://a/g");
  CHECK(resolve(base, "../../../g") == "http://a/g");
  CHECK(resolve(base, "/./g") == "http://a/g");
  CHECK(resolve(base, "/../g") == "http://a/g");
  CHECK(resolve(base, "g.") == "http://a/b/c/g.");
  CHECK(resolve(base, "..g") == "http://a/b/c/..g");
  CHECK(resolve(base, "g?y/./x") == "http://a/b/c/g?y/./x");
}

TEST_CASE("url: scheme-relative and absolute references") {
  CHECK(resolve("https://a.test/x/y", "//cdn.test/lib.js") == "https://cdn.test/lib.js");
  CHECK(resolve("http://a.test/x/y", "//cdn.test") == "http://cdn.test/");
  CHECK(resolve("http://a.test/x/y", "//[::1]:8080/z") == "http://[::1]:8080/z");
  CHECK(resolve("http://a.test/x", "HTTPS://B.test:443/Q") == "https://b.test/Q");
  // Backslashes act as slashes, so this leaves the site like in a browser.
  CHECK(resolve("http://a.test/x/y", "\\\\evil.test/p") == "http://evil.test/p");
  CHECK(resolve("http://a.test/x/y", "/\\evil.test/p") == "http://evil.test/p");
  CHECK(resolve("http://a.test/x/y", "///evil.test/p") == "http://evil.test/p");
  CHECK(resolve("http://a.test/x/y", "a\\b") == "http://a.test/x/a/b");
  // Same scheme without slashes is relative; another special scheme is absolute.
  CHECK(resolve("http://a.test/x/y", "http:g") == "http://a.test/x/g");
  CHECK(resolve("http://a.test/x/y", "https:g.test") == "https://g.test/");
  CHECK(resolve("http://a.test/x/y", "//") == "<none>");
}

TEST_CASE("url: references are trimmed and cleaned like browsers do") {
  CHECK(resolve("http://a.test/d/", "  page.html\n") == "http://a.test/d/page.html");
  CHECK(resolve("http://a.test/d/", "\n\t/x\r\n") == "http://a.test/x");
  CHECK(resolve("http://a.test/d/", "my page.html") == "http://a.test/d/my%20page.html");
  CHECK(resolve("http://a.test/d/", "%7Euser/%2e%2e/x") == "http://a.test/d/x");
  CHECK(resolve("http://a.test/d/", "  ") == "http://a.test/d/");
}

TEST_CASE("url: references to other schemes are rejected") {
  for (const char* ref : {"javascript:alert(1)", " javascript:alert(1)", "JAVASCRIPT:alert(1)",
                          "java\nscript:alert(1)", "java\tscript:alert(1)", "mailto:x@a.test",
                          "tel:123", "data:text/html,x", "ftp://a.test/", "vbscript:x",
                          "about:blank", "blob:http://a/x", "c:\\windows"}) {
    CAPTURE(ref);
    CHECK(resolve("http://a.test/", ref) == "<none>");
  }
}

TEST_CASE("url: resolution result is normalized") {
  CHECK(resolve("http://a.test/d/", "//B.TEST:80/%7ex/./y#f") == "http://b.test/~x/y");
  CHECK(resolve("http://a.test/d/", "?q=%3d%41") == "http://a.test/d/?q=%3DA");
  const auto base = parse_url("http://a.test/d/");
  REQUIRE(base.has_value());
  const auto r = resolve_url(*base, "http://user:pw@b.test/");
  REQUIRE(r.has_value());
  CHECK(r->to_string() == "http://b.test/");
}

TEST_CASE("url: a decoded escape never completes a stray % (normalising is idempotent)") {
  // Found by fuzzing: "%2%44" became "%2D", then "-" on a second pass.
  CHECK(norm("http://a.test/%2%44") == "http://a.test/%2%44");
  CHECK(norm("http://a.test/%%41") == "http://a.test/%%41");
  CHECK(norm("http://a.test/%4%41b") == "http://a.test/%4%41b");
  CHECK(norm("http://a.test/%zz%41") == "http://a.test/%zzA");  // not hex-completing: decoded
  for (const char* s :
       {"http://a.test/%2%44", "http://a.test/%%41%42", "http://a.test/x%2%2d?q=%%34%31",
        "http://a.test/%7%65", "http://a.test/%%2541"}) {
    CAPTURE(s);
    CHECK(norm(norm(s)) == norm(s));
  }
}

TEST_CASE("url: normalising is idempotent for every short path over an escape-heavy alphabet") {
  constexpr std::string_view kAlphabet = "%24Adz-/.";
  std::string path;
  std::size_t checked = 0;
  // Every path of up to 5 characters: odometer over the alphabet.
  std::vector<std::size_t> digits;
  while (digits.size() <= 5) {
    path.clear();
    for (std::size_t d : digits) path += kAlphabet[d];
    const std::string once = norm("http://a.test/" + path);
    if (once != norm(once)) FAIL_CHECK("not idempotent: /" << path << " -> " << once);
    ++checked;
    std::size_t i = 0;
    for (; i < digits.size(); ++i) {
      if (++digits[i] < kAlphabet.size()) break;
      digits[i] = 0;
    }
    if (i == digits.size()) digits.push_back(0);
  }
  CHECK(checked > 60000);
}

TEST_CASE("url: non-ASCII hosts parse without leaking (punycode when libcurl can convert)") {
  // Found by fuzzing (LeakSanitizer): a failed punycode conversion left its buffer allocated.
  for (const char* u : {"http://b\xC3\xBC"
                        "cher.example/",
                        "https://\xE4\xBE\x8B\xE5\xAD\x90.test/a"}) {
    CAPTURE(u);
    const auto url = parse_url(u);
    REQUIRE(url.has_value());
    CHECK_FALSE(url->host.empty());
    CHECK(url->path.starts_with("/"));
  }
}
