#include "scanner/state_safety.h"

#include <algorithm>
#include <array>

#include "scanner/base/text.h"

namespace gapscan {

namespace {

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word_char(char c) { return is_lower(c) || is_upper(c) || is_digit(c); }

// One word each; "signout" and "logoff" are also written as two words, see kPairs. Beyond the
// issue's list: actions real applications take on a GET carrying a token (DokuWiki's
// do=revert form, MediaWiki's action=rollback link) and ones that stop a server.
constexpr std::array<std::string_view, 27> kWords = {
    "logout",    "logoff",     "signout",     "signoff", "reset",        "delete",   "remove",
    "drop",      "destroy",    "purge",       "toggle",  "disable",      "install",  "setup",
    "uninstall", "deactivate", "unsubscribe", "revoke",  "closeaccount", "rollback", "revert",
    "wipe",      "truncate",   "shutdown",    "restart", "reboot",       "undeploy"};

constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kPairs = {
    {{"log", "out"}, {"log", "off"}, {"sign", "out"}, {"sign", "off"}, {"close", "account"}}};

// A GET of these changes nothing, whatever the file is called ("/js/dropdown-toggle.js").
// Not .json or .xml: those are often API answers ("/api/items/3/delete.json").
constexpr std::array<std::string_view, 26> kStaticExtensions = {
    "css", "js",   "mjs",  "map", "png",  "jpg",   "jpeg", "gif", "svg",
    "ico", "webp", "avif", "bmp", "woff", "woff2", "ttf",  "otf", "eot",
    "mp3", "mp4",  "webm", "ogg", "wav",  "pdf",   "txt",  "md"};

bool is_static_asset(std::string_view path) {
  const std::string_view last = path.substr(path.rfind('/') + 1);
  const auto dot = last.rfind('.');
  if (dot == std::string_view::npos) return false;
  const std::string ext = to_lower(last.substr(dot + 1));
  return std::find(kStaticExtensions.begin(), kStaticExtensions.end(), ext) !=
         kStaticExtensions.end();
}

bool has_word(const std::vector<std::string>& words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

// A field name that says password: "password", "new_password", "passwd", "pass_conf",
// "pass2", "pwd", "oldPw".
bool password_like(const std::string& name) {
  if (to_lower(name).find("passw") != std::string::npos) return true;
  const auto words = words_of(name);
  for (std::string_view w : {"pass", "pwd", "pw", "passphrase", "passcode"}) {
    if (has_word(words, w)) return true;
  }
  return false;
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// `<what> says "<word>"`, or "" when `text` holds no state-changing word.
std::string says(const std::string& what, std::string_view text) {
  const std::string word = state_changing_word(words_of(text));
  return word.empty() ? std::string() : what + " says " + quoted(word);
}

}  // namespace

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!is_word_char(c)) {
      if (!current.empty()) words.push_back(std::move(current));
      current.clear();
      continue;
    }
    if (!current.empty()) {
      const char prev = text[i - 1];
      const bool next_lower = i + 1 < text.size() && is_lower(text[i + 1]);
      const bool split = (is_lower(prev) && is_upper(c)) ||
                         (is_upper(prev) && is_upper(c) && next_lower) ||
                         (is_digit(prev) != is_digit(c));
      if (split) {
        words.push_back(std::move(current));
        current.clear();
      }
    }
    current += ascii_lower(c);
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

std::string state_changing_word(const std::vector<std::string>& words) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (std::find(kWords.begin(), kWords.end(), words[i]) != kWords.end()) return words[i];
    if (i + 1 == words.size()) break;
    for (const auto& [first, second] : kPairs) {
      if (words[i] == first && words[i + 1] == second) return words[i] + " " + words[i + 1];
    }
  }
  return "";
}

std::string state_change_reason(const Url& url, std::string_view link_text) {
  if (is_static_asset(url.path)) return "";
  if (auto r = says("the path", percent_decode(url.path, false)); !r.empty()) return r;
  if (auto r = says("the query", percent_decode(url.query, true)); !r.empty()) return r;
  if (auto r = says("the link text " + quoted(link_text), link_text); !r.empty()) return r;
  return "";
}

std::string unsafe_form_reason(const HtmlForm& form) {
  if (form.has_password()) return "it has a password field";
  for (const FormInput& in : form.inputs) {
    if (password_like(in.name) || icontains(in.autocomplete, "password")) {
      return "its field " + quoted(in.name) + " looks like a password";
    }
    const auto words = words_of(in.name);
    if (has_word(words, "confirm") || has_word(words, "confirmation")) {
      return "its field " + quoted(in.name) + " asks for a confirmation";
    }
  }
  if (const auto action = parse_url(form.action)) {
    if (auto r = state_change_reason(*action); !r.empty()) return "its action: " + r;
  }
  if (auto r = says("its id " + quoted(form.id), form.id); !r.empty()) return r;
  for (const FormInput& in : form.inputs) {
    const bool button = in.type == "submit" || in.type == "button" || in.type == "image";
    for (const std::string* text : {&in.name, &in.value, &in.label}) {
      if (auto r = says((button ? "its button " : "its field ") + quoted(*text), *text);
          !r.empty()) {
        return r;
      }
    }
  }
  return "";
}

StateSafety::StateSafety(const CrawlOptions& options)
    : defaults_(options.default_excludes), logout_urls_(options.logout_urls) {
  // The CLI validated the patterns.
  for (const auto& p : options.auth_exclude) exclude_.emplace_back(p, Pattern(p, true));
  for (const auto& p : options.submit_form) submit_.emplace_back(p, /*ignore_case=*/true);
}

std::string StateSafety::refusal(const Url& url, std::string_view link_text, bool defaults) const {
  const std::string text = url.to_string();
  if (std::find(logout_urls_.begin(), logout_urls_.end(), text) != logout_urls_.end()) {
    return "it is an identity's --logout-url";
  }
  for (const auto& [source, pattern] : exclude_) {
    if (pattern.search(text)) return "it matches --auth-exclude " + quoted(source);
  }
  if (!defaults || !defaults_) return "";
  const std::string why = state_change_reason(url, link_text);
  return why.empty() ? why
                     : why +
                           " (it may log out or change the application's state; "
                           "--no-default-auth-excludes)";
}

std::string StateSafety::form_refusal(const HtmlForm& form) const {
  std::string why = unsafe_form_reason(form);
  if (why.empty()) return why;
  for (const auto& p : submit_) {
    if (p.search(form.action)) return "";
  }
  return why;
}

}  // namespace gapscan
