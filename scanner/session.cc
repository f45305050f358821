#include "scanner/session.h"

#include <algorithm>
#include <chrono>

#include "scanner/base/text.h"

namespace gapscan {

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Session::Session(IdentityConfig config, SecretSet& secrets, int max_relogins, LoginLedger* ledger)
    : config_(std::move(config)), secrets_(secrets), max_relogins_(max_relogins), ledger_(ledger) {
  secrets_.add(secrets_of(config_.headers, config_.secrets));
  if (config_.login) {
    secrets_.add(config_.login->password);
    // Compiled once: looks_logged_out runs on every authenticated answer.
    if (!config_.login->logged_in_regex.empty())
      logged_in_ = Pattern(config_.login->logged_in_regex);
    if (!config_.login->logged_out_regex.empty()) {
      logged_out_ = Pattern(config_.login->logged_out_regex);
    }
  }
}

std::uint64_t Session::generation() const {
  std::lock_guard lock(mu_);
  return generation_;
}

int Session::relogins() const {
  std::lock_guard lock(mu_);
  return relogins_;
}

std::optional<LoginOutcome> Session::first_login() const {
  std::lock_guard lock(mu_);
  return first_;
}

LoginOutcome Session::attempt(Fetcher& fetcher, CookieJar& jar, std::int64_t now) const {
  LoginOutcome out = gapscan::log_in(fetcher, *config_.login, jar, now);
  if (!out.ok && ledger_ != nullptr) {
    // The real login counts toward the account's lockout limit only when it failed after its
    // credentials went out (not when the request was refused or never connected).
    for (const Exchange& ex : out.exchanges) {
      const bool maybe_sent = ex.ok() || (ex.curl_code != 0 && ex.curl_code != 6 &&
                                          ex.curl_code != 7 && !ex.error.starts_with("refused"));
      if (ex.request.credentials_in_body && maybe_sent) {
        ledger_->record_failure(ex.request.url, config_.login->username);
        break;
      }
    }
  }
  // Scrub before anything can report: cookies set even by a failed login are session material.
  secrets_.add(out.secrets);
  secrets_.add(jar.values());
  if (out.ok && !config_.check_url.empty()) {
    if (std::string why = verify(fetcher, jar, out.headers, now); !why.empty()) {
      out.ok = false;
      out.error = why;
    }
  }
  return out;
}

std::string Session::verify(Fetcher& fetcher, const CookieJar& jar, const HeaderList& token,
                            std::int64_t now) const {
  const auto url = parse_url(config_.check_url);
  if (!url) return "the login check URL '" + config_.check_url + "' is not an http(s) URL";
  HttpRequest req{"GET", config_.check_url, {}, {}};
  req.without_credentials = true;
  req.carries_credentials = true;
  req.headers = config_.headers;
  for (const auto& h : token) req.headers.push_back(h);
  if (const std::string c = jar.header_for(*url, now); !c.empty())
    req.headers.push_back({"Cookie", c});
  const Exchange ex = fetcher.fetch(req);
  if (!ex.ok()) return "cannot fetch the login check URL " + config_.check_url + ": " + ex.error;
  if (looks_logged_out(ex) || ex.response.status < 200 || ex.response.status >= 300) {
    return "the login check URL " + config_.check_url + " answered " +
           std::to_string(ex.response.status) + " after login: not logged in";
  }
  if (!check_answer_ok(ex)) {
    return "the login check URL " + config_.check_url + " does not match --logged-in-regex";
  }
  return "";
}

bool Session::check_answer_ok(const Exchange& ex) const {
  if (!ex.ok() || ex.response.status < 200 || ex.response.status >= 300 || looks_logged_out(ex)) {
    return false;
  }
  return !config_.login || config_.login->logged_in_regex.empty() ||
         logged_in_.search(ex.response.body);
}

std::string Session::log_in(Fetcher& fetcher, std::int64_t now) {
  if (!config_.login) return "";
  std::lock_guard login(login_mu_);
  CookieJar fresh;  // requests in flight keep the jar they had until this login succeeds
  LoginOutcome out = attempt(fetcher, fresh, now);
  if (!out.ok) return out.error;
  std::lock_guard lock(mu_);
  jar_.assign(fresh);
  token_headers_ = out.headers;
  first_ = std::move(out);
  ++generation_;
  return "";
}

Session::Relogin Session::relogin(Fetcher& fetcher, std::uint64_t generation, std::int64_t now,
                                  std::string* error) {
  if (!config_.login) return Relogin::failed;
  std::lock_guard login(login_mu_);
  {
    std::lock_guard lock(mu_);
    if (failed_) return Relogin::failed;
    if (generation_ != generation) return Relogin::ok;  // someone else already logged in again
    if (relogins_ >= max_relogins_) {
      if (error)
        *error = "gave up after " + std::to_string(relogins_) + " re-logins (--max-relogins)";
      return Relogin::exhausted;
    }
    ++relogins_;
  }
  // A fresh jar, swapped in with the new generation: clearing the live one would send the
  // crawl's requests without cookies (or with half a login's) while the login runs.
  CookieJar fresh;
  LoginOutcome out = attempt(fetcher, fresh, now);
  std::lock_guard lock(mu_);
  if (!out.ok) {
    failed_ = true;  // no retry storm against a login that now fails
    if (error) *error = out.error;
    return Relogin::failed;
  }
  jar_.assign(fresh);
  token_headers_ = out.headers;
  ++generation_;
  return Relogin::ok;
}

HeaderList Session::credentials_for(const Url& to, std::int64_t now) const {
  HeaderList out = config_.headers;
  std::lock_guard lock(mu_);  // cookies and token of one generation
  const std::string jar_cookies = jar_.header_for(to, now);
  if (!jar_cookies.empty()) {
    bool merged = false;
    for (auto& h : out) {
      if (iequals(h.name, "Cookie")) {
        h.value += "; " + jar_cookies;
        merged = true;
      }
    }
    if (!merged) out.push_back({"Cookie", jar_cookies});
  }
  for (const auto& h : token_headers_) out.push_back(h);
  return out;
}

void Session::store_cookies(const Url& from, const HttpResponse& response, std::int64_t now,
                            std::uint64_t generation) {
  if (!config_.login || find_header(response.headers, "Set-Cookie") == nullptr) return;
  std::vector<std::string> values;
  {
    std::lock_guard lock(mu_);
    if (generation != generation_) return;  // an answer to the previous session's request
    jar_.store(from, response, now);
    values = jar_.values();
  }
  secrets_.add(values);
}

namespace {

// Whether `to` is the login page: same origin and path, and, when the login URL has a query
// (doku.php?do=login, index.php?title=Special:UserLogin), each of its parameters. A front
// controller serves every page from one path: a redirect to doku.php?id=start is not a logout.
bool is_login_page(const Url& to, const Url& login) {
  if (to.origin() != login.origin() || to.path != login.path) return false;
  const std::vector<std::string_view> have = split(to.query, '&');
  for (std::string_view param : split(login.query, '&')) {
    if (param.empty()) continue;
    if (std::find(have.begin(), have.end(), param) == have.end()) return false;
  }
  return true;
}

}  // namespace

bool Session::looks_logged_out(const Exchange& ex) const {
  if (!config_.login || !ex.ok()) return false;
  const auto& r = ex.response;
  if (r.status >= 300 && r.status < 400) {
    const std::string* location = find_header(r.headers, "Location");
    const auto from = parse_url(ex.request.url);
    const auto login = parse_url(config_.login->url);
    if (location == nullptr || !from || !login) return false;
    const auto to = resolve_url(*from, *location);
    return to && is_login_page(*to, *login);
  }
  if (r.status == 401) {
    const std::string* challenge = find_header(r.headers, "WWW-Authenticate");
    // A Basic or Digest challenge belongs to a different area, not to this login's session.
    return challenge == nullptr || istarts_with(*challenge, "bearer");
  }
  if (r.status >= 200 && r.status < 300 && !config_.login->logged_out_regex.empty()) {
    return logged_out_.search(r.body);
  }
  return false;
}

LoginOutcome Session::fresh_login(Fetcher& fetcher, CookieJar& jar, std::int64_t now) const {
  if (!config_.login) {
    LoginOutcome out;
    out.error = "identity '" + config_.name + "' has no login";
    return out;
  }
  return attempt(fetcher, jar, now);
}

}  // namespace gapscan
