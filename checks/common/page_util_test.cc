#include "checks/common/page_util.h"

#include <doctest/doctest.h>

#include "scanner/base/cookies.h"
#include "scanner/base/html.h"
#include "scanner/base/text.h"
#include "scanner/base/url.h"

namespace gapscan::pageutil {
namespace {

TEST_CASE("response_cookies: first per name, deletions and ignored headers dropped") {
  const Exchange ex = make_exchange("https://example.com/",
                                    "HTTP/1.1 200 OK\r\n"
                                    "Set-Cookie: sid=; Path=/\r\n"
                                    "Set-Cookie: =\r\n"
                                    "Set-Cookie: sid=first; HttpOnly\r\n"
                                    "Set-Cookie: old=x; Max-Age=0\r\n"
                                    "Set-Cookie: theme=dark\r\n"
                                    "Set-Cookie: sid=second\r\n\r\n");
  const auto cookies = response_cookies(ex.response);
  REQUIRE(cookies.size() == 2);
  CHECK(cookies[0].cookie.name == "sid");
  CHECK(cookies[0].cookie.value == "first");
  CHECK(*cookies[0].header == "sid=first; HttpOnly");
  CHECK(cookies[1].cookie.name == "theme");
  CHECK(response_cookies(make_exchange("https://e.com/", "HTTP/1.1 200 OK\r\n\r\n").response)
            .empty());
}

TEST_CASE("response_cookies: deletion is judged at the given time") {
  const Exchange ex = make_exchange(
      "https://example.com/",
      "HTTP/1.1 200 OK\r\nSet-Cookie: a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT\r\n\r\n");
  CHECK(response_cookies(ex.response, 1400000000).size() == 1);  // 2014
  CHECK(response_cookies(ex.response).empty());
}

TEST_CASE("response_time: Date header, else now") {
  const Exchange dated = make_exchange(
      "https://e.com/", "HTTP/1.1 200 OK\r\nDate: Wed, 21 Oct 2015 07:28:00 GMT\r\n\r\n");
  CHECK(response_time(dated.response) == 1445412480);
  const Exchange bad = make_exchange("https://e.com/", "HTTP/1.1 200 OK\r\nDate: soon\r\n\r\n");
  CHECK(response_time(bad.response) > 1700000000);
}

TEST_CASE("group util: URL kinds, IP hosts, cache directives, session cookies in requests") {
  CHECK(is_http_url("HTTP://a/"));
  CHECK_FALSE(is_http_url("https://a/"));
  CHECK(is_https_url("https://a/"));
  CHECK(is_ip_host("127.0.0.1"));
  CHECK(is_ip_host("::1"));
  CHECK_FALSE(is_ip_host("app.example.com"));
  CHECK_FALSE(is_ip_host(""));
  const HeaderList h{{"Cache-Control", "private, max-age=0"}, {"cache-control", "No-Store"}};
  CHECK(has_cache_directive(h, "no-store"));
  CHECK(has_cache_directive(h, "max-age"));
  CHECK_FALSE(has_cache_directive(h, "no-cache"));
  HttpRequest req;
  req.headers = {{"Cookie", "theme=dark; lang=en"}};
  CHECK_FALSE(request_has_session_cookie(req));
  req.headers = {{"Cookie", "theme=dark; PHPSESSID=abc"}};
  CHECK(request_has_session_cookie(req));
}

TEST_CASE("group util: locating evidence in the body") {
  const std::string body =
      "<html>\n<FORM id=\"a\" action=\"/x\">\n<input name=u>\n<Input Type=Password name=p>"
      "</form>\n<form action=\"/y\"><input type='password'></form>\n"
      "<script src=\"//cdn.example.net/lib.js\"></script>\n";
  CHECK(ifind(body, "type=password") != kNotFound);
  CHECK(ifind(body, "nothing") == kNotFound);
  CHECK(ifind("ab", "abc") == kNotFound);
  const std::size_t input = find_in_start_tag(body, "input", "password");
  REQUIRE(input != kNotFound);
  CHECK(line_number_at(body, input) == 4);
  CHECK(find_in_start_tag(body, "form", "password") == kNotFound);

  const HtmlDocument doc = parse_html(body, *parse_url("https://example.com/"));
  REQUIRE(doc.forms.size() == 2);
  CHECK(line_number_at(body, find_form_tag(body, doc.forms[0], 0)) == 2);
  CHECK(line_number_at(body, find_form_tag(body, doc.forms[1], 1)) == 5);
  CHECK(line_number_at(body, find_password_input(body, doc.forms[1], 1)) == 5);
  CHECK(find_form_tag(body, doc.forms[1], 7) == kNotFound);

  CHECK(line_number_at(body, find_url(body, "https://cdn.example.net/lib.js")) == 6);
  CHECK(find_url(body, "https://other.example/") == kNotFound);

  Evidence e;
  set_body_evidence(e, body, input);
  CHECK(e.line == 4);
  CHECK(e.snippet == "<Input Type=Password name=p></form>");
  set_body_evidence(e, body, kNotFound, "fallback");
  CHECK(e.line == 0);
  CHECK(e.snippet == "fallback");
}

TEST_CASE("group util: evidence on a long minified line shows the match") {
  const std::string body =
      std::string(5000, 'x') + "<input type=password name=p>" + std::string(5000, 'y');
  Evidence e;
  set_body_evidence(e, body, find_in_start_tag(body, "input", "password"));
  CHECK(e.line == 1);
  CHECK(e.snippet.find("<input type=password") != std::string::npos);
}

}  // namespace
}  // namespace gapscan::pageutil

namespace gapscan {
// MediaWiki 1.39 links its login form from every page with that page's ?returnto=.
TEST_CASE("form_endpoint: the action without query or fragment") {
  const HtmlDocument a = parse_html(
      "<form method=post action=\"/w/index.php?title=Special:UserLogin&returnto=Main+Page\">"
      "<input type=password name=wpPassword></form>",
      *parse_url("http://127.0.0.1/w/index.php/Main_Page"));
  const HtmlDocument b = parse_html(
      "<form method=post action=\"/w/index.php?title=Special:UserLogin&returnto=Help#top\">"
      "<input type=password name=wpPassword></form>",
      *parse_url("http://127.0.0.1/w/index.php/Help"));
  REQUIRE(a.forms.size() == 1);
  REQUIRE(b.forms.size() == 1);
  CHECK(pageutil::form_endpoint(a.forms[0]) == "http://127.0.0.1/w/index.php");
  CHECK(pageutil::form_endpoint(a.forms[0]) == pageutil::form_endpoint(b.forms[0]));
}
}  // namespace gapscan
