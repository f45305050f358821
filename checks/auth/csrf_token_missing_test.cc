#include <doctest/doctest.h>

#include "checks/common/all_checks.h"
#include "test/checks/collect_testing.h"
#include "test/checks/page_testing.h"

namespace gapscan {
namespace {

using pageutil::testing::run_raw;

constexpr const char* kProfileForm =
    "<html>\n"
    "<form method=\"post\" action=\"/profile\">\n"
    "<input name=email><input type=submit value=Save>\n"
    "</form>\n";

std::string page(std::string_view headers, std::string_view body) {
  return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + std::string(headers) + "\r\n" +
         std::string(body);
}

TEST_CASE("csrf-token-missing: POST form, session cookie without SameSite") {
  const auto check = make_csrf_token_missing();
  const auto findings = run_raw(*check, "https://example.com/account",
                                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                                "Set-Cookie: sessionid=abc123; HttpOnly; Secure\r\n\r\n"
                                "<html>\n"
                                "<form method=\"post\" action=\"/profile\">\n"
                                "<input name=email><input type=submit value=Save>\n"
                                "</form>\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check_id == "csrf-token-missing");
  CHECK(findings[0].severity == Severity::medium);
  CHECK(findings[0].per_origin);
  CHECK(findings[0].key == "https://example.com/profile");
  CHECK(findings[0].evidence.line == 2);
  CHECK(findings[0].evidence.snippet == "<form method=\"post\" action=\"/profile\">");
  CHECK(findings[0].evidence.note ==
        "POST form to https://example.com/profile has no anti-CSRF token; session cookie "
        "\"sessionid\" is set without SameSite=Lax/Strict");
}

TEST_CASE("csrf-token-missing: SameSite=None session, or a session in the request") {
  const auto check = make_csrf_token_missing();
  CHECK(run_raw(*check, "https://example.com/",
                page("Set-Cookie: sid=abc123; Secure; SameSite=None\r\n", kProfileForm))
            .size() == 1);
  const auto findings = run_raw(*check, "https://example.com/", page("", kProfileForm),
                                {{"Cookie", "PHPSESSID=abc123"}});
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].evidence.note.ends_with(
      "the request carried a session cookie of unknown SameSite"));
}

TEST_CASE("csrf-token-missing: a form with only hidden fields still changes state") {
  const auto check = make_csrf_token_missing();
  CHECK(run_raw(*check, "https://example.com/",
                page("Set-Cookie: sid=abc123\r\n",
                     "<form method=post action=/delete>"
                     "<input type=hidden name=id value=7>"
                     "<button>Delete</button></form>"))
            .size() == 1);
}

TEST_CASE("csrf-token-missing: a button that only opens a view is not a state change") {
  const auto check = make_csrf_token_missing();
  // DokuWiki 2022-07-31's section-edit button: it opens the editor, whose form has sectok.
  const std::string secedit =
      "<form class=\"button btn_secedit\" method=\"post\" action=\"/dokuwiki/doku.php\">"
      "<div class=\"no\"><input type=\"hidden\" name=\"do\" value=\"edit\" />"
      "<input type=\"hidden\" name=\"summary\" value=\"[Intro]\" />"
      "<input type=\"hidden\" name=\"target\" value=\"section\" />"
      "<input type=\"hidden\" name=\"hid\" value=\"intro\" />"
      "<input type=\"hidden\" name=\"range\" value=\"1-446\" />"
      "<button type=\"submit\" title=\"Intro\">Edit</button></div></form>";
  CHECK(
      run_raw(*check, "http://127.0.0.1/dokuwiki/doku.php?id=start",
              page("Set-Cookie: DokuWiki=9f2kq0v9v4o1n2b3c4d5e6f7g8; path=/dokuwiki/; HttpOnly\r\n",
                   secedit))
          .empty());
  // The same shape with a state-changing verb, or with a field the user fills, is reported.
  std::string save = secedit;
  save.replace(save.find("value=\"edit\""), 12, "value=\"save\"");
  CHECK(
      run_raw(*check, "http://127.0.0.1/dokuwiki/doku.php?id=start",
              page("Set-Cookie: DokuWiki=9f2kq0v9v4o1n2b3c4d5e6f7g8; path=/dokuwiki/; HttpOnly\r\n",
                   save))
          .size() == 1);
  CHECK(run_raw(*check, "https://example.com/",
                page("Set-Cookie: sid=abc123\r\n",
                     "<form method=post action=/x><input type=hidden name=do value=edit>"
                     "<input name=title><button>Go</button></form>"))
            .size() == 1);
}

TEST_CASE("csrf-token-missing: no session means no finding (anonymous login form)") {
  const auto check = make_csrf_token_missing();
  CHECK(run_raw(*check, "https://example.com/login",
                page("Set-Cookie: theme=dark\r\n",
                     "<form method=post action=/login><input name=user>"
                     "<input type=password name=pw></form>"),
                {{"Cookie", "theme=dark"}})
            .empty());
}

TEST_CASE("csrf-token-missing: SameSite=Lax or Strict session cookies protect the site") {
  const auto check = make_csrf_token_missing();
  CHECK(run_raw(*check, "https://example.com/",
                page("Set-Cookie: sid=abc123; SameSite=Lax\r\n", kProfileForm),
                {{"Cookie", "sid=abc123"}})
            .empty());
  CHECK(run_raw(*check, "https://example.com/",
                page("Set-Cookie: sid=abc123; SameSite=Strict\r\n"
                     "Set-Cookie: remember_token=abc123\r\n",
                     kProfileForm))
            .empty());
}

TEST_CASE("csrf-token-missing: tokens, search forms, GET forms and buttons-only are fine") {
  const auto check = make_csrf_token_missing();
  const std::string headers = "Set-Cookie: sid=abc123\r\n";
  for (const char* body : {
           "<form method=post action=/p><input type=hidden name=csrfmiddlewaretoken value=x>"
           "<input name=email></form>",
           "<form method=post action=/p><input type=hidden name=authenticity_token value=x>"
           "<input name=email></form>",
           "<form method=post action=/p><input type=hidden name=__RequestVerificationToken "
           "value=x><textarea name=comment></textarea></form>",
           "<form method=post action=/p><input type=hidden name=_token><input name=a></form>",
           // DokuWiki's token field (empty for anonymous visitors, whose actions it does not
           // check; filled once logged in).
           "<form method=post action=/doku.php><input type=hidden name=sectok value=\"\">"
           "<input name=u></form>",
           "<form method=post action=/p><input type=hidden name=state value=x><input name=a>"
           "</form>",
           "<form method=post action=/search><input type=search name=term>"
           "<input type=hidden name=page value=1><select name=cat></select>"
           "<input type=submit></form>",
           "<form method=post action=/find><input name=Keywords><input name=q></form>",
           "<form action=/profile><input name=email></form>",
           "<form method=post action=/logout><button type=submit>Log out</button></form>",
           "<form method=post action=\"javascript:save()\"><input name=email></form>",
           "<meta name=\"csrf-token\" content=\"abc\"><form method=post action=/p>"
           "<input name=email></form>",
       }) {
    CAPTURE(body);
    CHECK(run_raw(*check, "https://example.com/", page(headers, body)).empty());
  }
}

TEST_CASE("csrf-token-missing: one finding per origin and form action") {
  const auto check = make_csrf_token_missing();
  const std::string raw = page("Set-Cookie: sessionid=abc123; HttpOnly; Secure\r\n", kProfileForm);
  const std::string other = page("Set-Cookie: sessionid=abc123; HttpOnly; Secure\r\n",
                                 "<form method=post action=/delete><input name=id></form>");
  const auto findings = collect_testing::collect(*check, {
                                                             {"https://example.com/b", raw},
                                                             {"https://example.com/a", raw},
                                                             {"https://example.com/c", other},
                                                         });
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].key == "https://example.com/profile");
  CHECK(findings[0].affected_count == 2);
  CHECK(findings[1].key == "https://example.com/delete");
  CHECK(findings[1].affected_count == 1);
}

}  // namespace
}  // namespace gapscan
