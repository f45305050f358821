// user-enumeration: the login answers a wrong password for an existing user differently from a
// login for a user name that does not exist.
//
// On the first identity's login on this origin: 4 failed logins, interleaved: an unknown user,
// the known user (--known-user, else the login's own user name), another unknown user, the
// known user again; random wrong passwords, "gapscan-<hex>" unknown names (2 attempts per
// name). The 2 wrong passwords for the known user are reserved first in the scan's login ledger
// (at most 3 failed or possibly failed logins per account per host per scan, across all
// checks and the identity's own login): when the ledger refuses them, nothing is sent (a
// lockout-limit-held notification says so). Form logins GET the login page into a fresh jar,
// post its form and follow one same-origin redirect (flash messages); JSON logins POST once.
// Each answer is normalized: status, redirect target, landing status, and the body with hidden
// input values, 16+ character token-like runs and the submitted user names removed.
// Reported when both unknown-user answers agree with each other, both known-user answers agree
// with each other, and the two groups differ in status, redirect, or a body line that both
// answers of one group have and neither of the other has. A group that disagrees with itself
// is noise: nothing is reported. Timing alone is reported (low severity, low confidence) only
// when the known user's mean exceeds the unknown mean by more than 5x the spread within the
// groups and by more than 150 ms. Any 429/503 or Retry-After stops the check (cannot tell).
//
// Budget per origin: 4 attempts x 3 requests (form) = 12; 4 for JSON logins.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "checks/auth/login_probe_util.h"
#include "checks/common/all_checks.h"
#include "checks/common/probe_util.h"
#include "scanner/base/text.h"
#include "scanner/base/url.h"
#include "scanner/crawl_rules.h"
#include "scanner/session.h"

namespace gapscan {

const CheckInfo kUserEnumeration{
    "user-enumeration",
    "Login reveals which user names exist",
    CheckKind::active,
    204,
    Severity::medium,
    Confidence::high,
    "The login answers a wrong password for an existing account differently from a login for "
    "a user name that does not exist (another status, redirect or message, or with timing "
    "only, a clearly longer answer time). An attacker can test which user names or e-mail "
    "addresses have accounts, then aim password guessing, credential stuffing and phishing at "
    "those. Two failed logins for the known user and two for random user names are compared; "
    "answers that vary on their own are never reported. Severity is low when only the timing "
    "differs.",
    "Answer every failed login the same way (\"Invalid user name or password\", the same "
    "status, redirect and page) whether the user exists or not, and make the work the same "
    "too (verify a dummy password hash for unknown users) so that timing does not tell them "
    "apart. Apply the same to password reset and sign-up forms.",
    {"https://cwe.mitre.org/data/definitions/204.html",
     "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_"
     "Security_Testing/03-Identity_Management_Testing/04-Testing_for_Account_Enumeration_and_"
     "Guessable_User_Account",
     "https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#"
     "authentication-and-error-messages"},
    12,  // request budget per origin
};

namespace {

constexpr std::size_t kMaxBodyScan = 256 * 1024;
constexpr std::size_t kMaxNoisyLines = 4;  // lines a group's two answers may differ in
constexpr double kMinTimingGapMs = 150;
constexpr double kTimingSpreadFactor = 5;

bool is_token_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

void replace_all(std::string& s, const std::string& what, std::string_view with) {
  if (what.empty()) return;
  for (std::size_t pos = s.find(what); pos != std::string::npos;
       pos = s.find(what, pos + with.size())) {
    s.replace(pos, what.size(), with);
  }
}

// The value="..." of every <input type=hidden> blanked (CSRF tokens, nonces).
std::string blank_hidden_values(std::string s) {
  const std::string lower = to_lower(s);
  std::vector<std::pair<std::size_t, std::size_t>> cuts;  // value spans to remove
  for (std::size_t pos = lower.find("<input"); pos != std::string::npos;
       pos = lower.find("<input", pos + 6)) {
    const std::size_t end = lower.find('>', pos);
    if (end == std::string::npos) break;
    const std::string_view tag = std::string_view(lower).substr(pos, end - pos);
    if (tag.find("hidden") == std::string_view::npos) continue;
    for (std::size_t v = tag.find("value"); v != std::string_view::npos;
         v = tag.find("value", v + 5)) {
      std::size_t i = v + 5;
      while (i < tag.size() && tag[i] == ' ') ++i;
      if (i >= tag.size() || tag[i] != '=') continue;
      ++i;
      while (i < tag.size() && tag[i] == ' ') ++i;
      if (i >= tag.size()) break;
      std::size_t from = i, to;
      if (tag[i] == '"' || tag[i] == '\'') {
        from = i + 1;
        to = tag.find(tag[i], from);
        if (to == std::string_view::npos) to = tag.size();
      } else {
        to = tag.find_first_of(" \t\n/", i);
        if (to == std::string_view::npos) to = tag.size();
      }
      cuts.emplace_back(pos + from, pos + to);
      break;
    }
  }
  for (auto it = cuts.rbegin(); it != cuts.rend(); ++it) {
    s.erase(it->first, it->second - it->first);
  }
  return s;
}

// Every run of 16+ token characters replaced by "{token}".
std::string blank_tokens(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (!is_token_char(s[i])) {
      out += s[i++];
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && is_token_char(s[j])) ++j;
    if (j - i >= 16) {
      out += "{token}";
    } else {
      out.append(s.substr(i, j - i));
    }
    i = j;
  }
  return out;
}

std::string normalize_text(std::string_view text, const std::vector<std::string>& names) {
  std::string s = blank_hidden_values(std::string(text.substr(0, kMaxBodyScan)));
  // Longest first: a short known name may occur inside a random one.
  std::vector<std::string> sorted = names;
  std::sort(sorted.begin(), sorted.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const std::string& n : sorted) {
    for (const std::string& form : {n, url_encode_component(n), to_lower(n)}) {
      replace_all(s, form, "{user}");
    }
  }
  return blank_tokens(s);
}

// One failed login, normalized.
struct Answer {
  login_probe::FailedLogin attempt;
  long status = 0;
  std::string location;
  long landing_status = 0;
  std::string body;
  std::vector<std::string> lines;  // trimmed, non-empty
  double ms = 0;

  bool same_head(const Answer& o) const {
    return status == o.status && location == o.location && landing_status == o.landing_status;
  }
};

Answer normalize(login_probe::FailedLogin attempt, const std::vector<std::string>& names) {
  Answer a;
  const HttpResponse& r = attempt.answer.response;
  a.status = r.status;
  if (r.status >= 300 && r.status < 400) {
    a.location = normalize_text(probe::header_value(r, "Location"), names);
  }
  if (attempt.landing.ok()) a.landing_status = attempt.landing.response.status;
  a.body = normalize_text(attempt.outcome().response.body, names);
  for (std::string_view line : split(a.body, '\n')) {
    while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    line = trim(line);
    if (!line.empty()) a.lines.emplace_back(line);
  }
  a.ms = attempt.answer.timings.total_ms;
  a.attempt = std::move(attempt);
  return a;
}

std::multiset<std::string> line_set(const Answer& a) { return {a.lines.begin(), a.lines.end()}; }

// How many lines the two answers do not share.
std::size_t differing_lines(const Answer& a, const Answer& b) {
  const auto la = line_set(a), lb = line_set(b);
  std::vector<std::string> diff;
  std::set_symmetric_difference(la.begin(), la.end(), lb.begin(), lb.end(),
                                std::back_inserter(diff));
  return diff.size();
}

bool agree(const Answer& a, const Answer& b) {
  if (!a.same_head(b)) return false;
  return a.body == b.body || differing_lines(a, b) <= kMaxNoisyLines;
}

// Lines both answers of group `g` have and neither answer of the other group has, in order.
std::vector<std::string> stable_unique_lines(const Answer& g1, const Answer& g2, const Answer& o1,
                                             const Answer& o2) {
  const std::set<std::string> s2(g2.lines.begin(), g2.lines.end());
  const std::set<std::string> other1(o1.lines.begin(), o1.lines.end());
  const std::set<std::string> other2(o2.lines.begin(), o2.lines.end());
  std::vector<std::string> out;
  for (const std::string& l : g1.lines) {
    if (s2.count(l) && !other1.count(l) && !other2.count(l)) out.push_back(l);
  }
  return out;
}

std::string head_text(const Answer& a) {
  std::string out = "HTTP " + std::to_string(a.status);
  if (!a.location.empty()) out += " -> " + probe::short_text(a.location, 100);
  if (a.landing_status != 0) out += " (then " + std::to_string(a.landing_status) + ")";
  return out;
}

std::string fmt_ms(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f ms", v);
  return buf;
}

class UserEnumeration final : public ActiveCheck {
 public:
  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    const LoginConfig* login = login_probe::login_on_origin(ctx);
    if (login == nullptr) return;
    const CheckSettings& settings = settings_of(ctx);
    const std::string known = settings.known_user.empty() ? login->username : settings.known_user;
    if (known.empty()) return;
    const std::string unknown1 = login_probe::random_user_name();
    std::string unknown2 = login_probe::random_user_name();
    while (unknown2 == unknown1) unknown2 = login_probe::random_user_name();
    const std::vector<std::string> names = {known, unknown1, unknown2};
    const bool follow = login->kind == LoginConfig::Kind::form;
    // Every attempt is a failed login: the known user's two count toward its lockout limit.
    const std::string id(kUserEnumeration.id);
    if (!login_probe::reserve_attempts(ctx, id, login->url, known, 2)) return;
    if (!login_probe::reserve_attempts(ctx, id, login->url, unknown1) ||
        !login_probe::reserve_attempts(ctx, id, login->url, unknown2)) {
      for (int i = 0; i < 2; ++i) login_probe::release_attempt(ctx, login->url, known);  // unsent
      return;
    }

    // Interleaved, so that a change of the server's mood halfway (throttling) splits both
    // groups and is taken as noise.
    const std::string order[] = {unknown1, known, unknown2, known};
    std::vector<Answer> answers;
    for (const std::string& user : order) {
      login_probe::FailedLogin a = login_probe::failed_login(
          ctx.fetcher, *login, user, login_probe::random_password(), follow, unix_now());
      if (!a.answered) return;  // cannot tell
      for (const Exchange* ex : {&a.answer, &a.landing}) {
        const HttpResponse& r = ex->response;
        if (r.status == 429 || r.status >= 500 || has_header(r.headers, "Retry-After")) return;
      }
      answers.push_back(normalize(std::move(a), names));
    }
    const Answer& u1 = answers[0];
    const Answer& k1 = answers[1];
    const Answer& u2 = answers[2];
    const Answer& k2 = answers[3];
    if (!agree(u1, u2) || !agree(k1, k2)) return;  // a group disagrees with itself: noise

    std::vector<std::string> what;
    if (u1.status != k1.status) what.push_back("status");
    if (u1.location != k1.location) what.push_back("redirect");
    if (u1.landing_status != k1.landing_status) what.push_back("status after the redirect");
    const auto unknown_lines = stable_unique_lines(u1, u2, k1, k2);
    const auto known_lines = stable_unique_lines(k1, k2, u1, u2);
    if (!unknown_lines.empty() || !known_lines.empty()) what.push_back("page content");
    if (!what.empty()) {
      report_content(u1, k1, what, unknown_lines, known_lines, sink);
      return;
    }
    report_timing(u1, u2, k1, k2, sink);
  }

 private:
  static void fill_pair(Finding& f, const Answer& unknown, const Answer& known) {
    f.url = unknown.attempt.answer.request.url;
    f.method = unknown.attempt.answer.request.method;
    f.comparison = summarize(known.attempt.outcome());
    f.comparison_label = "known user, wrong password";
  }

  static void report_content(const Answer& u, const Answer& k, const std::vector<std::string>& what,
                             const std::vector<std::string>& unknown_lines,
                             const std::vector<std::string>& known_lines, FindingSink& sink) {
    Finding f = make_finding(kUserEnumeration, u.attempt.outcome());
    fill_pair(f, u, k);
    std::string differs;
    for (const std::string& w : what) differs += (differs.empty() ? "" : ", ") + w;
    const auto url = parse_url(f.url);
    f.message = "The login at " + (url ? url->path : f.url) +
                " answers unknown user names differently from a wrong password (" + differs + ")";
    if (!unknown_lines.empty()) {
      f.evidence.snippet = printable_snippet(unknown_lines.front(), 200);
    } else if (!known_lines.empty()) {
      f.evidence.snippet = "(known user only) " + printable_snippet(known_lines.front(), 200);
    } else {
      f.evidence.snippet = head_text(u);
    }
    f.evidence.note = "differs: " + differs + ". Unknown user: " + head_text(u) +
                      "; known user with a wrong password: " + head_text(k) +
                      ". Both answers of each group agree (2 attempts each, interleaved)";
    if (!known_lines.empty() && !unknown_lines.empty()) {
      f.evidence.note +=
          "; the known user's answer says instead: " + printable_snippet(known_lines.front(), 120);
    }
    sink.report(std::move(f));
  }

  static void report_timing(const Answer& u1, const Answer& u2, const Answer& k1, const Answer& k2,
                            FindingSink& sink) {
    if (u1.ms <= 0 || u2.ms <= 0 || k1.ms <= 0 || k2.ms <= 0) return;  // not measured
    const double mean_u = (u1.ms + u2.ms) / 2;
    const double mean_k = (k1.ms + k2.ms) / 2;
    const double spread = std::max(std::abs(u1.ms - u2.ms), std::abs(k1.ms - k2.ms));
    const double gap = mean_k - mean_u;
    if (gap <= kMinTimingGapMs || gap <= kTimingSpreadFactor * spread) return;
    Finding f = make_finding(kUserEnumeration, u1.attempt.outcome());
    fill_pair(f, u1, k1);
    f.key = "timing";
    f.severity = Severity::low;
    f.confidence = Confidence::low;
    const auto url = parse_url(f.url);
    f.message = "The login at " + (url ? url->path : f.url) + " answers a known user's wrong " +
                "password " + fmt_ms(gap) + " slower than an unknown user name";
    f.evidence.snippet = "known user: " + fmt_ms(k1.ms) + ", " + fmt_ms(k2.ms) +
                         "; unknown users: " + fmt_ms(u1.ms) + ", " + fmt_ms(u2.ms);
    f.evidence.note = "timing only: the answers are otherwise alike (" + head_text(u1) +
                      "); the known user's mean is " + fmt_ms(gap) +
                      " above the unknown mean, more than 5x the spread within the groups (" +
                      fmt_ms(spread) + ")";
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_user_enumeration() { return std::make_unique<UserEnumeration>(); }

}  // namespace gapscan
