#include "scanner/state_safety.h"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "scanner/link_discovery.h"

using namespace gapscan;

namespace {

// Why a GET of `url` (through a link reading `text`) is refused by default, or "".
std::string reason(std::string_view url, std::string_view text = {}) {
  const auto u = parse_url(url);
  REQUIRE(u.has_value());
  return state_change_reason(*u, text);
}

bool refused(std::string_view url, std::string_view text = {}) {
  return !reason(url, text).empty();
}

HtmlForm form_of(std::string_view html) {
  const HtmlDocument d = parse_html(html, *parse_url("https://app.test/account/"));
  REQUIRE(d.forms.size() == 1);
  return d.forms[0];
}

std::vector<Discovered> discover(std::string_view html, const CrawlOptions& options,
                                 NotificationLog& notes) {
  Exchange ex;
  ex.request.url = "https://app.test/account/";
  ex.initiator = "link";
  ex.response.status = 200;
  ex.response.headers = {{"Content-Type", "text/html"}};
  ex.response.body = std::string(html);
  const ParsedPage page = parse_page(ex, options, notes);
  return discover_links(ex, page, options, StateSafety(options), notes);
}

bool has(const std::vector<Discovered>& found, std::string_view url, std::string_view method) {
  for (const auto& d : found) {
    if (d.url == url && d.method == method) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("safety: words are split at separators, case changes and digits") {
  CHECK(words_of("doLogout") == std::vector<std::string>{"do", "logout"});
  CHECK(words_of("/Log_Out.php") == std::vector<std::string>{"log", "out", "php"});
  CHECK(words_of("XMLReset pass2") == std::vector<std::string>{"xml", "reset", "pass", "2"});
  CHECK(words_of("dropdown-menu") == std::vector<std::string>{"dropdown", "menu"});
  CHECK(words_of("  ").empty());
  CHECK(state_changing_word(words_of("Sign out")) == "sign out");
  CHECK(state_changing_word(words_of("close-account")) == "close account");
  CHECK(state_changing_word(words_of("signed out, closed")) == "");
}

// (URL, link text) pairs.
using Links = std::vector<std::pair<const char*, const char*>>;

TEST_CASE("safety: logout in the path, the query or the link text") {
  CHECK(reason("https://app.test/index.php?do=logout") == "the query says \"logout\"");
  CHECK(reason("https://app.test/?x=1", "Log out") == "the link text \"Log out\" says \"log out\"");
  for (const auto& [url, text] : Links{{"https://app.test/?action=logout", ""},
                                       {"https://app.test/index.php?page=logout.php", ""},
                                       {"https://app.test/logout", ""},
                                       {"https://app.test/users/sign_out", ""},
                                       {"https://app.test/account/LogOff.aspx", ""},
                                       {"https://app.test/auth?step=sign%20out", ""},
                                       {"https://app.test/auth?step=sign+out", ""},
                                       {"https://app.test/exit", "Sign Out"}}) {
    CAPTURE(url);
    CHECK(refused(url, text));
  }
}

TEST_CASE("safety: destructive words anywhere in the path, the query or the link text") {
  CHECK(reason("https://app.test/setup.php", "Reset DB") == "the path says \"setup\"");
  for (const auto& [url, text] : Links{
           {"https://app.test/admin/", "Reset DB"},
           {"https://app.test/?action=delete&id=3", ""},
           {"https://app.test/items/3/delete", ""},
           {"https://app.test/items/3?delete=1", ""},
           {"https://app.test/cart/removeItem?id=4", ""},
           {"https://app.test/db/drop", ""},
           {"https://app.test/cache/purge", ""},
           {"https://app.test/security.php?toggle=1", ""},
           {"https://app.test/settings", "toggle security"},
           {"https://app.test/2fa/disable", ""},
           {"https://app.test/install/", ""},
           {"https://app.test/plugins/uninstall?name=x", ""},
           {"https://app.test/session/destroy", ""},
           {"https://app.test/account/deactivate", ""},
           {"https://app.test/list/unsubscribe?u=1", ""},
           {"https://app.test/tokens/7/revoke", ""},
           {"https://app.test/close-account", ""},
           {"https://app.test/password-reset", ""},
           {"https://app.test/doku.php?id=start&do=revert&rev=1&sectok=ab", ""},
           {"https://app.test/index.php?title=Main_Page&action=rollback&from=X&token=1", ""},
           {"https://app.test/admin", "Restart server"},
           // .json is not a static asset: API routes end with it.
           {"https://app.test/api/items/3/delete.json", ""},
           // Safety wins over precision: an article named after an action is not crawled.
           {"https://app.test/blog/how-to-reset-a-router", ""},
       }) {
    CAPTURE(url);
    CHECK(refused(url, text));
  }
}

TEST_CASE("safety: ordinary words, static assets and longer words are not refused") {
  for (const auto& [url, text] : Links{
           {"https://app.test/static/dropdown.js", ""},
           {"https://app.test/dropdown-menu", ""},
           {"https://app.test/js/delete-confirm.js", ""},
           {"https://app.test/css/toggle.css?v=3", ""},
           {"https://app.test/img/logout.svg", "Log out"},
           {"https://app.test/docs/reset-guide.pdf", ""},
           {"https://app.test/resetting-your-browser", ""},
           {"https://app.test/installation", ""},
           {"https://app.test/trash/deleted-items", ""},
           {"https://app.test/dropbox/files", ""},
           {"https://app.test/logbook/outlook", ""},
           {"https://app.test/search?q=shoes", "Search"},
           {"https://app.test/", "Home"},
           {"https://app.test/doku.php?id=start", "Start"},
           {"https://app.test/index.php?title=Special:UserLogin", "Log in"},
       }) {
    CAPTURE(url);
    CHECK_FALSE(refused(url, text));
  }
}

TEST_CASE("safety: forms with a password, a password-like or confirmation field") {
  CHECK(unsafe_form_reason(form_of("<form><input type=password name=p></form>")) ==
        "it has a password field");
  // The "change password" form that uses GET and text fields.
  for (const char* name : {"new_password", "password_new", "pass_conf", "passwd", "newPass", "pwd",
                           "old_pw", "confirm", "password_confirmation"}) {
    CAPTURE(name);
    const auto f = form_of(std::string("<form method=get><input name=") + name + "></form>");
    CHECK_FALSE(unsafe_form_reason(f).empty());
  }
  CHECK(unsafe_form_reason(form_of("<form><input name=x autocomplete=new-password></form>")) ==
        "its field \"x\" looks like a password");
  CHECK(
      unsafe_form_reason(form_of("<form><input name=passport><input name=bypass></form>")).empty());
}

TEST_CASE("safety: forms whose action, id, button or fields say a destructive word") {
  CHECK(unsafe_form_reason(form_of("<form action=/items/3/delete><button>Go</button></form>")) ==
        "its action: the path says \"delete\"");
  CHECK(unsafe_form_reason(form_of("<form><button name=go value=1>Reset DB</button></form>")) ==
        "its button \"Reset DB\" says \"reset\"");
  CHECK(unsafe_form_reason(form_of("<form><input type=submit value=\"Remove all\"></form>")) ==
        "its button \"Remove all\" says \"remove\"");
  CHECK(unsafe_form_reason(form_of("<form><input type=hidden name=action value=delete></form>")) ==
        "its field \"delete\" says \"delete\"");
  CHECK(unsafe_form_reason(form_of("<form id=purge-cache><input name=x></form>")) ==
        "its id \"purge-cache\" says \"purge\"");
  CHECK(unsafe_form_reason(form_of("<form action=/security.php method=get><select name=level>"
                                   "<option>low</option></select><input type=submit "
                                   "name=toggle value=Submit></form>")) ==
        "its button \"toggle\" says \"toggle\"");
}

TEST_CASE("safety: a search or filter form is submittable") {
  CHECK(unsafe_form_reason(form_of("<form action=/search><input name=q><select name=sort>"
                                   "<option value=date>Date</option></select>"
                                   "<button>Search</button></form>"))
            .empty());
}

TEST_CASE(
    "safety: the crawl's rules with --logout-url, --auth-exclude, --no-default-auth-excludes") {
  CrawlOptions options;
  options.auth_exclude = {"/private/"};
  options.logout_urls = {"https://app.test/session/end"};
  const StateSafety safety(options);
  CHECK(safety.refusal(*parse_url("https://app.test/session/end"), "", false) ==
        "it is an identity's --logout-url");
  CHECK(safety.refusal(*parse_url("https://app.test/session/end?x=1"), "").empty());
  const Url logout = *parse_url("https://app.test/?do=logout");
  CHECK(safety.refusal(logout, "").find("the query says \"logout\"") == 0);
  CHECK(safety.refusal(logout, "", /*defaults=*/false).empty());
  CHECK(safety.refusal(*parse_url("https://app.test/private/x"), "", false) ==
        "it matches --auth-exclude \"/private/\"");
  CHECK(safety.refusal(*parse_url("https://app.test/about"), "About").empty());

  options.default_excludes = false;
  const StateSafety off(options);
  CHECK(off.refusal(logout, "Log out").empty());
  CHECK_FALSE(off.refusal(*parse_url("https://app.test/session/end"), "").empty());
  CHECK_FALSE(off.refusal(*parse_url("https://app.test/private/x"), "").empty());
  // The form rule is not a URL default: it stays.
  CHECK_FALSE(off.form_refusal(form_of("<form><input type=password name=p></form>")).empty());
}

TEST_CASE("safety: discovery never submits unsafe forms, even with --submit-forms") {
  const std::string html = R"html(
    <form action="/account/password" method="get">
      <input name="password_new"><input name="password_conf"><input type=submit name=Change></form>
    <form action="/login" method="post"><input name=user><input type=password name=pw></form>
    <form action="/search"><input name=q><button>Search</button></form>
    <form action="/comments" method="post"><textarea name=body></textarea></form>
    <form action="/admin/reset-db" method="post"><button>Go</button></form>)html";
  CrawlOptions options;
  options.submit_forms = true;
  NotificationLog notes;
  const auto found = discover(html, options, notes);
  CHECK(has(found, "https://app.test/search?q=gapscan", "GET"));
  CHECK(has(found, "https://app.test/comments", "POST"));
  for (const auto& d : found) {
    CAPTURE(d.url);
    CHECK(d.url.find("password") == std::string::npos);
    CHECK(d.url.find("/login") == std::string::npos);
    CHECK(d.url.find("reset") == std::string::npos);
    if (d.initiator == "form") CHECK(d.judged);
  }
  CHECK(notes.count("form-not-submitted") == 3);

  // Without --submit-forms: GET forms only, and the unsafe GET form is still held back.
  CrawlOptions plain;
  NotificationLog plain_notes;
  const auto get_only = discover(html, plain, plain_notes);
  CHECK(has(get_only, "https://app.test/search?q=gapscan", "GET"));
  CHECK_FALSE(has(get_only, "https://app.test/comments", "POST"));
  CHECK(plain_notes.count("form-not-submitted") == 1);

  // --submit-form includes a form by its action; POST forms still need --submit-forms.
  options.submit_form = {"/account/password", "/admin/reset-db"};
  NotificationLog included_notes;
  const auto included = discover(html, options, included_notes);
  CHECK(has(included,
            "https://app.test/account/password?password_new=gapscan&password_conf=gapscan", "GET"));
  CHECK(has(included, "https://app.test/admin/reset-db", "POST"));
  CHECK(included_notes.count("form-not-submitted") == 1);  // the login form
  plain.submit_form = options.submit_form;
  NotificationLog no_post_notes;
  CHECK_FALSE(has(discover(html, plain, no_post_notes), "https://app.test/admin/reset-db", "POST"));
}

TEST_CASE("safety: a refused form that posts off-site is not noted (it was never to be sent)") {
  const std::string html =
      "<form action=https://login.other.invalid/in method=get><input type=password name=p>"
      "</form><form action=/in method=get><input type=password name=p></form>";
  CrawlOptions options;
  NotificationLog notes;
  Exchange ex;
  ex.request.url = "https://app.test/account/";
  ex.initiator = "link";
  ex.response.status = 200;
  ex.response.headers = {{"Content-Type", "text/html"}};
  ex.response.body = html;
  const ParsedPage page = parse_page(ex, options, notes);
  const Scope scope({*parse_url("https://app.test/")}, ScopeMode::origin, {}, {});
  discover_links(ex, page, options, StateSafety(options), notes, &scope);
  const auto held = notes.sorted();
  REQUIRE(held.size() == 1);
  CHECK(held[0].url == "https://app.test/in");
}

TEST_CASE("safety: discovered links carry their text to the crawl") {
  CrawlOptions options;
  NotificationLog notes;
  const auto found = discover(R"html(<a href="/setup.php">Reset DB</a>)html", options, notes);
  bool seen = false;
  for (const auto& d : found) {
    if (d.url == "https://app.test/setup.php") {
      seen = true;
      CHECK(d.text == "Reset DB");
      CHECK_FALSE(d.judged);
    }
  }
  CHECK(seen);
}
