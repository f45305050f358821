// Safe by default against state changes (README "Safety"): the crawl never requests a URL that
// looks like it logs out, deletes, resets, drops, toggles, installs ... and never submits a form
// that sets a password or looks destructive. Pointed at production, a scan must leave the
// application as it found it; a page not crawled costs coverage, a followed "Reset DB" link
// costs the application's data, so the rules err on the side of not requesting.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/html.h"
#include "scanner/base/pattern.h"
#include "scanner/base/url.h"
#include "scanner/scan_options.h"

namespace gapscan {

// The words of `text` as the rules read them: runs of ASCII letters and digits, lower-cased,
// split where a lower-case letter meets an upper-case one ("doLogout" -> do, logout;
// "XMLReset" -> xml, reset) and where letters meet digits ("pass2" -> pass, 2). Anything else
// separates words, so "log_out", "log-out" and "Log out" are the same two words, while
// "dropdown" and "resetting" stay whole (and match no rule).
std::vector<std::string> words_of(std::string_view text);

// The state-changing word in `words` ("delete", "reset", ... or a pair such as "log out",
// "close account"), or "" when there is none.
std::string state_changing_word(const std::vector<std::string>& words);

// Why a GET of `url`, reached through a link reading `link_text`, looks like it changes the
// application's state: its path, its query (names and values, decoded) or the link text holds
// a state-changing word. E.g. `the query says "logout"`; "" when nothing does. Static assets
// (.css, .js, images, fonts, media, .pdf, .txt) never count: a GET of one changes nothing.
std::string state_change_reason(const Url& url, std::string_view link_text = {});

// Why submitting `form` with sample values could change an account or the application's state:
// a password field, a field named like a (new, old, confirmed) password or a confirmation, or a
// state-changing word in its action URL, id, buttons, or the names and preset values of its
// fields. "" when it looks like a search or filter form.
std::string unsafe_form_reason(const HtmlForm& form);

// One crawl's rules, compiled once: the defaults above (unless --no-default-auth-excludes),
// the identities' --logout-url, the user's --auth-exclude patterns (searched in the whole URL)
// and the forms the user explicitly allows (--submit-form, searched in the form's action URL).
// Any thread.
class StateSafety {
 public:
  explicit StateSafety(const CrawlOptions& options);

  // Why `url` must not be requested, as a note says it ("it matches --auth-exclude ...", "the
  // query says "logout" (...)"), or "". `defaults` false skips the default rules (a target
  // given by the user, a form already judged by form_refusal); --logout-url and
  // --auth-exclude apply always.
  std::string refusal(const Url& url, std::string_view link_text, bool defaults = true) const;
  // Why `form` must not be submitted (unsafe_form_reason, unless --submit-form matches its
  // action), or "".
  std::string form_refusal(const HtmlForm& form) const;

 private:
  bool defaults_ = true;
  std::vector<std::string> logout_urls_;
  std::vector<std::pair<std::string, Pattern>> exclude_;
  std::vector<Pattern> submit_;
};

}  // namespace gapscan
