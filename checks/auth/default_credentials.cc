// default-credentials: a login surface gapscan has fingerprinted accepts a vendor default or a
// very common administrator password.
//
// Surfaces: the Tomcat Manager / Host Manager (HTTP Basic, realm "Tomcat ... Application"),
// phpMyAdmin (its login form or its Basic realm), WordPress (/wp-login.php), Grafana and
// Jenkins (their /login pages), and HTTP Basic areas the crawl met (401 + Basic challenge).
// Nothing else: generic login forms are never guessed at.
//
// Safety rules:
//  - --no-credential-probes turns the check off: zero requests.
//  - Per surface at most 10 login attempts (one of them a control with a random user name),
//    and at most 2 guesses per account name. Across surfaces, origins and checks the scan's
//    login ledger (scanner/login_ledger.h) holds every account to 3 failed or possibly failed
//    attempts per host (http and https of one server, or two ports, are one host): each
//    attempt is reserved there first, a refused one is skipped (the ledger records a
//    lockout-limit-held notification), and only a proven success is given back.
//  - Attempts are sequential. The control first shows what a failed login looks like; every
//    failure is compared with it, and any change (429, Retry-After, "locked" / "too many"
//    wording, another status, another page) is taken as a lockout or throttling: the check
//    stops on the whole origin and records a scan notification (account-lockout-observed).
//  - Success is proven by the console's authenticated page (its own markers), or for generic
//    Basic areas by a different page while random credentials are still refused; never by a
//    status code alone. Passwords never appear in findings (only "the vendor default
//    password", "a common default password" or "an empty password"); reporters redact the
//    Authorization and Cookie headers of the evidence exchange.
//
// Budget per origin (declared 60): 5 discovery GETs (/manager/html, /host-manager/html,
// /wp-login.php, /phpmyadmin/, /login); then only for the surfaces found: Tomcat 9, phpMyAdmin
// <= 12 (usually 4: the form of each failed login is reused), WordPress <= 5, Grafana or
// Jenkins <= 5, and at most 2 Basic realms met by the crawl, <= 10 each: at most 56.
// Typically 5. Zero with --no-credential-probes.
#include <functional>
#include <map>
#include <random>

#include <nlohmann/json.hpp>

#include "checks/auth/login_probe_util.h"
#include "checks/common/all_checks.h"
#include "checks/exposure/console_fingerprints.h"
#include "checks/exposure/not_found.h"
#include "checks/exposure/path_probe.h"
#include "scanner/base/html.h"
#include "scanner/base/json.h"
#include "scanner/base/text.h"
#include "scanner/base/url.h"
#include "scanner/crawl_rules.h"

namespace gapscan {

const CheckInfo kDefaultCredentials{
    "default-credentials",
    "Default credentials accepted",
    CheckKind::active,
    1392,
    Severity::high,
    Confidence::high,
    "A login surface accepts a vendor default or a very common administrator password: the "
    "Tomcat Manager (the sample users of tomcat-users.xml and the password its documentation "
    "suggests), phpMyAdmin, WordPress, Grafana, Jenkins, or an HTTP Basic area found while "
    "crawling. "
    "Only surfaces identified by their product's own markers are tried, with a short curated "
    "list (at most 10 attempts per surface, at most 2 per account name), one attempt at a "
    "time; the check stops as soon as the server's answers change in a way that suggests "
    "account lockout or throttling, and records that as a scan notification. A success is "
    "verified by the console's authenticated page, not by a status code. "
    "--no-credential-probes disables the check.",
    "Change every default password before the service is reachable, remove sample users "
    "(Tomcat's tomcat-users.xml), use long unique passwords or single sign-on, restrict "
    "administration consoles to a management network, and lock out or throttle repeated "
    "failed logins.",
    {"https://cwe.mitre.org/data/definitions/1392.html",
     "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_"
     "Security_Testing/04-Authentication_Testing/02-Testing_for_Default_Credentials",
     "https://tomcat.apache.org/tomcat-9.0-doc/manager-howto.html"},
    60,  // request budget per origin (calibration apart)
};

namespace {

using console::Product;
using Json = nlohmann::json;

constexpr int kMaxAttemptsPerSurface = 10;  // the control included
constexpr int kMaxGuessesPerAccount = 2;
constexpr std::size_t kMaxCrawledRealms = 2;
constexpr double kSameFailurePage = 0.5;  // sketch similarity of two failure pages

enum class Kind { vendor, common };

struct Credential {
  std::string_view user;
  std::string_view password;
  Kind kind;
};

// Vendor samples first (tomcat-users.xml shipped tomcat/tomcat, both/tomcat, role1/tomcat; the
// manager's own 401 page suggests tomcat/s3cret), then the most common administrator pairs.
constexpr Credential kTomcat[] = {
    {"tomcat", "s3cret", Kind::vendor},   {"tomcat", "tomcat", Kind::vendor},
    {"both", "tomcat", Kind::vendor},     {"role1", "tomcat", Kind::vendor},
    {"admin", "admin", Kind::common},     {"admin", "", Kind::common},
    {"manager", "manager", Kind::common}, {"root", "root", Kind::common},
};
constexpr Credential kGenericBasic[] = {
    {"admin", "admin", Kind::common}, {"admin", "password", Kind::common},
    {"root", "root", Kind::common},   {"root", "toor", Kind::common},
    {"user", "user", Kind::common},   {"guest", "guest", Kind::common},
    {"test", "test", Kind::common},   {"administrator", "administrator", Kind::common},
};
// MySQL's default root account has an empty password.
constexpr Credential kPhpMyAdmin[] = {
    {"root", "", Kind::vendor}, {"root", "root", Kind::common}, {"admin", "admin", Kind::common}};
constexpr Credential kWordPress[] = {{"admin", "admin", Kind::common},
                                     {"admin", "password", Kind::common},
                                     {"administrator", "administrator", Kind::common}};
// prom-operator is the default of the kube-prometheus-stack Helm chart.
constexpr Credential kGrafana[] = {{"admin", "admin", Kind::vendor},
                                   {"admin", "prom-operator", Kind::vendor}};
constexpr Credential kJenkins[] = {{"admin", "admin", Kind::common},
                                   {"admin", "password", Kind::common},
                                   {"jenkins", "jenkins", Kind::common}};

std::string random_token(std::size_t n) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += kChars[rng() % (sizeof kChars - 1)];
  return out;
}

// name -> value of the cookies a response sets (attributes dropped).
using CookieJar = std::map<std::string, std::string>;

void take_cookies(const HttpResponse& res, CookieJar& jar) {
  for (const std::string* sc : find_headers(res.headers, "Set-Cookie")) {
    std::string_view pair = std::string_view(*sc).substr(0, sc->find(';'));
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    jar[std::string(trim(pair.substr(0, eq)))] = std::string(trim(pair.substr(eq + 1)));
  }
}

std::string cookie_header(const CookieJar& jar) {
  std::string out;
  for (const auto& [k, v] : jar) out += (out.empty() ? "" : "; ") + k + "=" + v;
  return out;
}

std::optional<std::string> resolve(std::string_view base, std::string_view ref) {
  const auto b = parse_url(base);
  if (!b) return std::nullopt;
  const auto r = resolve_url(*b, trim(ref));
  if (!r || r->origin() != b->origin()) return std::nullopt;  // never leave the origin
  return r->to_string();
}

std::string page_title(std::string_view body) {
  const std::string lower = to_lower(body.substr(0, 64 * 1024));
  const std::size_t open = lower.find("<title");
  if (open != std::string::npos) {
    const std::size_t gt = lower.find('>', open);
    const std::size_t close = lower.find("</title>", open);
    if (gt != std::string::npos && close != std::string::npos && close > gt) {
      const std::string_view t = trim(body.substr(gt + 1, close - gt - 1));
      if (!t.empty()) return "<title>" + printable_snippet(t, 100) + "</title>";
    }
  }
  return printable_snippet(trim(body), 100);
}

enum class Outcome { success, failure, inconclusive };

struct Attempt {
  Outcome outcome = Outcome::inconclusive;
  Exchange evidence;   // the success proof, or the failed login's answer
  std::string marker;  // the authenticated page's marker (success)
};

Attempt inconclusive(Exchange ex = {}) { return {Outcome::inconclusive, std::move(ex), {}}; }
Attempt failure(Exchange ex) { return {Outcome::failure, std::move(ex), {}}; }
Attempt success(Exchange ex, std::string marker) {
  return {Outcome::success, std::move(ex), std::move(marker)};
}

// One login surface and how to try a credential on it.
class Surface {
 public:
  virtual ~Surface() = default;
  virtual Attempt attempt(Fetcher& fetcher, const std::string& user,
                          const std::string& password) = 0;

  std::string name;  // "Tomcat Manager", "HTTP Basic area (realm \"x\")"
  std::string key;   // finding key
  std::string url;   // where the login happens
  std::string method = "GET";
  std::string guarded_by;  // for the evidence note: what an anonymous request gets
  std::vector<Credential> credentials;
  std::optional<Exchange> control;  // the control's failed login, once known
  // Whether one more login that may fail may be sent for this user name (the scan's login
  // ledger); unset: always.
  std::function<bool(const std::string& user)> may_try;
};

class BasicSurface final : public Surface {
 public:
  std::optional<Product> product;  // none: a generic Basic area

  Attempt attempt(Fetcher& fetcher, const std::string& user, const std::string& password) override {
    Exchange ex = get(fetcher, user, password);
    if (!ex.ok()) return inconclusive();
    const long status = ex.response.status;
    if (status < 200 || status >= 300) return failure(std::move(ex));
    if (!control) return inconclusive(std::move(ex));  // random credentials let in: no check
    if (product) {
      auto m = console::open_page_marker(*product, ex.response);
      if (!m) return inconclusive(std::move(ex));
      return success(std::move(ex), *m);
    }
    // A generic area: the page must differ from the refusal, and random credentials must
    // still be refused right after (the server really checks them).
    const BodySketch page = sketch_body(ex.response.body, {user});
    if (similarity(page, sketch_body(control->response.body, {})) >= 0.75) {
      return inconclusive(std::move(ex));
    }
    const std::string random_user = "gs" + random_token(10);
    if (may_try && !may_try(random_user)) return inconclusive(std::move(ex));
    const Exchange again = get(fetcher, random_user, random_token(16));
    if (!again.ok() || again.response.status != control->response.status) {
      return inconclusive(std::move(ex));
    }
    std::string marker = page_title(ex.response.body);
    return success(std::move(ex), std::move(marker));
  }

 private:
  Exchange get(Fetcher& fetcher, const std::string& user, const std::string& password) const {
    HttpRequest req;
    req.url = url;
    req.headers.push_back({"Authorization", console::basic_authorization(user, password)});
    return fetcher.fetch(req);
  }
};

class WordPressSurface final : public Surface {
 public:
  std::string origin;

  Attempt attempt(Fetcher& fetcher, const std::string& user, const std::string& password) override {
    HttpRequest req;
    req.method = "POST";
    req.url = url;
    req.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                   {"Cookie", "wordpress_test_cookie=WP%20Cookie%20check"}};
    req.body = "log=" + url_encode_component(user) + "&pwd=" + url_encode_component(password) +
               "&wp-submit=Log+In&redirect_to=" + url_encode_component(origin + "/wp-admin/") +
               "&testcookie=1";
    Exchange ex = fetcher.fetch(req);
    if (!ex.ok()) return inconclusive();
    CookieJar jar{{"wordpress_test_cookie", "WP%20Cookie%20check"}};
    take_cookies(ex.response, jar);
    const bool logged_in = std::any_of(jar.begin(), jar.end(), [](const auto& c) {
      return c.first.starts_with("wordpress_logged_in");
    });
    if (!logged_in) return failure(std::move(ex));
    HttpRequest verify;
    verify.url = origin + "/wp-admin/";
    verify.headers.push_back({"Cookie", cookie_header(jar)});
    Exchange page = fetcher.fetch(verify);
    if (!page.ok()) return inconclusive();
    auto m = console::open_page_marker(Product::wordpress, page.response);
    if (!m) return inconclusive(std::move(page));
    return success(std::move(page), *m);
  }
};

class PhpMyAdminSurface final : public Surface {
 public:
  std::optional<Exchange> login_page;  // the last page showing the login form

  void seed(const Exchange& page) {
    take_cookies(page.response, jar);
    login_page = page;
  }

  Attempt attempt(Fetcher& fetcher, const std::string& user, const std::string& password) override {
    if (!login_page || !form_of(*login_page)) {
      HttpRequest get;
      get.url = url;
      if (!jar.empty()) get.headers.push_back({"Cookie", cookie_header(jar)});
      Exchange ex = fetcher.fetch(get);
      if (!ex.ok()) return inconclusive();
      take_cookies(ex.response, jar);
      login_page = std::move(ex);
    }
    const auto form = form_of(*login_page);
    if (!form) return inconclusive();
    HttpRequest req;
    req.method = "POST";
    req.url = form->action;
    req.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    if (!jar.empty()) req.headers.push_back({"Cookie", cookie_header(jar)});
    for (const FormInput& in : form->inputs) {
      if (in.name.empty() || in.type == "submit" || in.type == "button") continue;
      std::string value = in.value;
      if (in.name == "pma_username") value = user;
      if (in.name == "pma_password") value = password;
      req.body += (req.body.empty() ? "" : "&") + url_encode_component(in.name) + "=" +
                  url_encode_component(value);
    }
    Exchange ex = fetcher.fetch(req);
    login_page.reset();
    if (!ex.ok()) return inconclusive();
    take_cookies(ex.response, jar);
    const long status = ex.response.status;
    if (status >= 300 && status < 400) {
      const std::string* location = find_header(ex.response.headers, "Location");
      const auto next = location ? resolve(ex.request.url, *location) : std::nullopt;
      if (!next) return failure(std::move(ex));
      HttpRequest follow;
      follow.url = *next;
      follow.headers.push_back({"Cookie", cookie_header(jar)});
      Exchange page = fetcher.fetch(follow);
      if (!page.ok()) return inconclusive();
      take_cookies(page.response, jar);
      if (auto m = console::open_page_marker(Product::phpmyadmin, page.response)) {
        return success(std::move(page), *m);
      }
      if (console::login_form_marker(Product::phpmyadmin, page.response)) {
        login_page = page;
        return failure(std::move(page));
      }
      return inconclusive(std::move(page));
    }
    if (auto m = console::open_page_marker(Product::phpmyadmin, ex.response)) {
      return success(std::move(ex), *m);
    }
    if (console::login_form_marker(Product::phpmyadmin, ex.response)) login_page = ex;
    return failure(std::move(ex));
  }

 private:
  CookieJar jar;

  static std::optional<HtmlForm> form_of(const Exchange& ex) {
    if (!console::login_form_marker(Product::phpmyadmin, ex.response)) return std::nullopt;
    const auto base = parse_url(ex.request.url);
    if (!base) return std::nullopt;
    const HtmlDocument doc = parse_html(ex.response.body, *base);
    for (const HtmlForm& f : doc.forms) {
      const bool has_user = std::any_of(f.inputs.begin(), f.inputs.end(), [](const FormInput& i) {
        return i.name == "pma_username";
      });
      if (!has_user || f.method != "POST" || f.action.empty()) continue;
      if (origin_of(f.action) != origin_of(ex.request.url)) continue;
      return f;
    }
    return std::nullopt;
  }
};

class GrafanaSurface final : public Surface {
 public:
  std::string origin;

  Attempt attempt(Fetcher& fetcher, const std::string& user, const std::string& password) override {
    HttpRequest req;
    req.method = "POST";
    req.url = url;
    req.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    req.body = Json{{"user", user}, {"password", password}}.dump();
    Exchange ex = fetcher.fetch(req);
    if (!ex.ok()) return inconclusive();
    CookieJar jar;
    take_cookies(ex.response, jar);
    const long status = ex.response.status;
    if (status < 200 || status >= 300 || jar.count("grafana_session") == 0) {
      return failure(std::move(ex));
    }
    HttpRequest verify;
    verify.url = origin + "/api/user";
    verify.headers = {{"Cookie", cookie_header(jar)}, {"Accept", "application/json"}};
    Exchange me = fetcher.fetch(verify);
    if (!me.ok() || me.response.status != 200) return inconclusive();
    const auto j = parse_json_bounded<Json>(me.response.body);
    if (!j || !j->is_object() || j->value("login", "") != user) return inconclusive();
    auto m = console::excerpt(me.response.body, "\"login\"", 60);
    return success(std::move(me), m.value_or("\"login\""));
  }
};

class JenkinsSurface final : public Surface {
 public:
  std::string origin;

  Attempt attempt(Fetcher& fetcher, const std::string& user, const std::string& password) override {
    HttpRequest req;
    req.method = "POST";
    req.url = origin + "/j_spring_security_check";
    req.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    req.body = "j_username=" + url_encode_component(user) +
               "&j_password=" + url_encode_component(password) + "&from=%2F&Submit=Sign+in";
    Exchange ex = fetcher.fetch(req);
    if (!ex.ok()) return inconclusive();
    CookieJar jar;
    take_cookies(ex.response, jar);
    const std::string* location = find_header(ex.response.headers, "Location");
    const long status = ex.response.status;
    if (status < 300 || status >= 400 || location == nullptr ||
        icontains(*location, "loginError") || jar.empty()) {
      return failure(std::move(ex));
    }
    HttpRequest verify;
    verify.url = origin + "/whoAmI/api/json";
    verify.headers.push_back({"Cookie", cookie_header(jar)});
    Exchange me = fetcher.fetch(verify);
    if (!me.ok() || me.response.status != 200) return inconclusive();
    const auto j = parse_json_bounded<Json>(me.response.body);
    if (!j || !j->is_object() || j->value("authenticated", false) != true ||
        j->value("anonymous", true) != false || j->value("name", "") != user) {
      return inconclusive();
    }
    auto m = console::excerpt(me.response.body, "\"authenticated\"", 60);
    return success(std::move(me), m.value_or("\"authenticated\":true"));
  }
};

// What a failed login looks like now against the control's failed login: anything new that
// suggests lockout or throttling. Returns the reason, or "" when it is the same failure.
std::string lockout_signal(const Exchange& ex, const Exchange& control,
                           const std::vector<std::string>& echoes) {
  const HttpResponse& res = ex.response;
  const HttpResponse& base = control.response;
  if (res.status == 429) return "HTTP 429 Too Many Requests";
  if (has_header(res.headers, "Retry-After") && !has_header(base.headers, "Retry-After")) {
    return "a Retry-After header";
  }
  for (std::string_view word : {"locked", "too many", "temporarily blocked", "try again later",
                                "blocked", "suspended", "disabled"}) {
    if (icontains(res.body, word) && !icontains(base.body, word)) {
      return "the answer now says \"" + std::string(word) + "\"";
    }
  }
  if (res.status != base.status) {
    return "HTTP " + std::to_string(res.status) + " instead of " + std::to_string(base.status);
  }
  const std::string* loc = find_header(res.headers, "Location");
  const std::string* base_loc = find_header(base.headers, "Location");
  if ((loc == nullptr) != (base_loc == nullptr)) return "a different redirect";
  if (loc != nullptr && base_loc != nullptr) {
    std::string a = *loc, b = *base_loc;
    for (const auto& e : echoes) {
      for (std::string* s : {&a, &b}) {
        if (e.empty()) continue;
        for (std::size_t p = 0; (p = s->find(e, p)) != std::string::npos; ++p) {
          s->replace(p, e.size(), "\x01");
        }
      }
    }
    if (a != b) return "a different redirect";
  }
  if (similarity(sketch_body(res.body, echoes), sketch_body(base.body, echoes)) <
      kSameFailurePage) {
    return "a different page";
  }
  return {};
}

std::string describe_credential(const Credential& c) {
  std::string out = "user '" + std::string(c.user) + "' with ";
  if (c.password.empty()) return out + "an empty password";
  return out +
         (c.kind == Kind::vendor ? "the vendor default password" : "a common default password");
}

std::string path_of(const std::string& url) {
  const auto u = parse_url(url);
  return u ? u->path : url;
}

class DefaultCredentials final : public ActiveCheck {
 public:
  int request_budget(const CheckSettings& settings, int declared) const override {
    return settings.credential_probes ? declared : 0;
  }

  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    if (!settings_of(ctx).credential_probes) return;
    std::vector<std::unique_ptr<Surface>> surfaces = discover(ctx);
    for (auto& s : surfaces) {
      if (!probe(ctx, *s, sink)) return;  // lockout: leave the origin alone
    }
  }

 private:
  static std::vector<std::unique_ptr<Surface>> discover(const ActiveContext& ctx) {
    const std::string base = origin_base(ctx);
    std::vector<std::unique_ptr<Surface>> out;
    std::vector<HttpRequest> requests;
    for (const char* path :
         {"/manager/html", "/host-manager/html", "/wp-login.php", "/phpmyadmin/", "/login"}) {
      HttpRequest r;
      r.url = base + path;
      requests.push_back(std::move(r));
    }
    const std::vector<Exchange> answers = ctx.fetcher.fetch_all(requests);
    auto answer = [&](std::size_t i) -> const Exchange* {
      return i < answers.size() && answers[i].ok() ? &answers[i] : nullptr;
    };
    std::vector<std::string> realms_seen;
    auto add_basic = [&](const std::string& url, const console::Challenge& ch,
                         std::optional<Product> product) {
      auto s = std::make_unique<BasicSurface>();
      s->product = product;
      s->url = url;
      s->guarded_by = "HTTP 401 with Basic realm \"" + ch.realm + "\"";
      if (product) {
        s->name = std::string(console::product_name(*product));
        s->key = std::string(console::product_key(*product));
      } else {
        s->name = "HTTP Basic area (realm \"" + ch.realm + "\")";
        s->key = "basic:" + ch.realm;
      }
      const bool tomcat =
          product == Product::tomcat_manager || product == Product::tomcat_host_manager;
      if (tomcat) {
        s->credentials.assign(std::begin(kTomcat), std::end(kTomcat));
      } else if (product == Product::phpmyadmin) {
        s->credentials.assign(std::begin(kPhpMyAdmin), std::end(kPhpMyAdmin));
      } else {
        s->credentials.assign(std::begin(kGenericBasic), std::end(kGenericBasic));
      }
      realms_seen.push_back(to_lower(ch.realm));
      out.push_back(std::move(s));
    };
    auto basic_of = [](const Exchange& ex) -> std::optional<console::Challenge> {
      if (ex.response.status != 401) return std::nullopt;
      auto ch = console::auth_challenge(ex.response);
      if (!ch || ch->scheme != "basic") return std::nullopt;
      return ch;
    };

    // Tomcat's manager and host-manager share one user database: one surface.
    for (auto [i, product] :
         {std::pair{0, Product::tomcat_manager}, std::pair{1, Product::tomcat_host_manager}}) {
      const Exchange* ex = answer(static_cast<std::size_t>(i));
      if (ex == nullptr) continue;
      auto ch = basic_of(*ex);
      if (!ch || !console::is_product_realm(product, ch->realm)) continue;
      add_basic(ex->request.url, *ch, product);
      break;
    }
    if (const Exchange* ex = answer(2);
        ex != nullptr && ex->response.status == 200 &&
        console::login_form_marker(Product::wordpress, ex->response)) {
      auto s = std::make_unique<WordPressSurface>();
      s->origin = base;
      s->url = ex->request.url;
      s->method = "POST";
      s->name = "WordPress login";
      s->key = "wordpress";
      s->guarded_by = "the WordPress login form";
      s->credentials.assign(std::begin(kWordPress), std::end(kWordPress));
      out.push_back(std::move(s));
    }
    if (const Exchange* ex = answer(3); ex != nullptr) {
      if (ex->response.status == 200 &&
          console::login_form_marker(Product::phpmyadmin, ex->response)) {
        auto s = std::make_unique<PhpMyAdminSurface>();
        s->url = ex->request.url;
        s->method = "POST";
        s->name = "phpMyAdmin";
        s->key = "phpmyadmin";
        s->guarded_by = "the phpMyAdmin login form";
        s->credentials.assign(std::begin(kPhpMyAdmin), std::end(kPhpMyAdmin));
        s->seed(*ex);
        out.push_back(std::move(s));
      } else if (auto ch = basic_of(*ex);
                 ch && console::is_product_realm(Product::phpmyadmin, ch->realm)) {
        add_basic(ex->request.url, *ch, Product::phpmyadmin);
      }
    }
    if (const Exchange* ex = answer(4); ex != nullptr && ex->response.status == 200) {
      if (console::login_form_marker(Product::grafana, ex->response)) {
        auto s = std::make_unique<GrafanaSurface>();
        s->origin = base;
        s->url = ex->request.url;
        s->method = "POST";
        s->name = "Grafana";
        s->key = "grafana";
        s->guarded_by = "the Grafana login";
        s->credentials.assign(std::begin(kGrafana), std::end(kGrafana));
        out.push_back(std::move(s));
      } else if (console::login_form_marker(Product::jenkins, ex->response)) {
        auto s = std::make_unique<JenkinsSurface>();
        s->origin = base;
        s->url = ex->request.url;
        s->method = "POST";
        s->name = "Jenkins";
        s->key = "jenkins";
        s->guarded_by = "the Jenkins login";
        s->credentials.assign(std::begin(kJenkins), std::end(kJenkins));
        out.push_back(std::move(s));
      }
    }

    // Basic areas the crawl met: the product's surface when the realm names one, else a
    // generic area; one per realm, at most kMaxCrawledRealms. Tomcat's two consoles share one
    // user database: one Tomcat surface at most.
    std::size_t crawled = 0;
    auto is_tomcat = [](std::optional<Product> p) {
      return p == Product::tomcat_manager || p == Product::tomcat_host_manager;
    };
    for (const CrawledPage& page : ctx.pages) {
      if (page.status != 401 || page.www_authenticate.empty()) continue;
      auto ch = console::parse_challenge(page.www_authenticate);
      if (!ch || ch->scheme != "basic") continue;
      if (std::find(realms_seen.begin(), realms_seen.end(), to_lower(ch->realm)) !=
          realms_seen.end()) {
        continue;
      }
      std::optional<Product> product;
      for (Product p : {Product::tomcat_manager, Product::tomcat_host_manager, Product::phpmyadmin,
                        Product::jboss_jmx_console, Product::jboss_web_console}) {
        if (console::is_product_realm(p, ch->realm)) product = p;
      }
      if (crawled >= kMaxCrawledRealms) break;
      if (is_tomcat(product) && std::any_of(out.begin(), out.end(), [&](const auto& s) {
            const auto* b = dynamic_cast<const BasicSurface*>(s.get());
            return b != nullptr && is_tomcat(b->product);
          })) {
        continue;
      }
      ++crawled;
      add_basic(page.url, *ch, product);
    }
    return out;
  }

  // Tries the surface's credentials. Returns false when a lockout was observed.
  static bool probe(const ActiveContext& ctx, Surface& s, FindingSink& sink) {
    s.may_try = [&ctx, &s](const std::string& user) {
      return login_probe::reserve_attempts(ctx, kDefaultCredentials.id, s.url, user);
    };
    const std::string control_user = "gs" + random_token(10);
    if (!s.may_try(control_user)) return true;
    Attempt control = s.attempt(ctx.fetcher, control_user, random_token(16));
    if (control.outcome != Outcome::failure) return true;  // credentials not checked: skip
    const HttpResponse& c = control.evidence.response;
    if (c.status == 429 || has_header(c.headers, "Retry-After")) {
      notify_lockout(
          ctx, s, 1,
          "the first failed login already got " +
              (c.status == 429 ? std::string("HTTP 429") : std::string("a Retry-After header")));
      return false;
    }
    s.control = control.evidence;
    int attempts = 1;
    std::map<std::string, int, std::less<>> per_account;
    for (const Credential& cred : s.credentials) {
      if (attempts >= kMaxAttemptsPerSurface) break;
      int& guesses = per_account[std::string(cred.user)];
      if (guesses >= kMaxGuessesPerAccount) continue;
      const std::string user(cred.user);
      // The scan-wide limit per account and host (other origins of this host, other checks,
      // the identity's own login): a refused guess is skipped, the next account may go on.
      if (!s.may_try(user)) continue;
      ++guesses;
      ++attempts;
      Attempt a = s.attempt(ctx.fetcher, user, std::string(cred.password));
      if (a.outcome == Outcome::success) {
        login_probe::release_attempt(ctx, s.url, user);  // a proven login is no failure
        report(s, cred, a, attempts, sink);
        return true;
      }
      if (a.outcome == Outcome::inconclusive) return true;
      const std::string why = lockout_signal(a.evidence, *s.control, {user, control_user});
      if (!why.empty()) {
        notify_lockout(ctx, s, attempts, why);
        return false;
      }
    }
    return true;
  }

  static void notify_lockout(const ActiveContext& ctx, const Surface& s, int attempts,
                             const std::string& why) {
    if (!ctx.notify) return;
    ctx.notify("account-lockout-observed",
               s.name + ": after " + std::to_string(attempts) +
                   " login attempts the server's answer changed (" + why +
                   "), which suggests account lockout or throttling; default-credentials "
                   "stopped guessing on this origin",
               s.url);
  }

  static void report(const Surface& s, const Credential& cred, const Attempt& a, int attempts,
                     FindingSink& sink) {
    Finding f = make_finding(kDefaultCredentials, a.evidence);
    f.url = s.url;
    f.method = s.method;
    f.per_origin = true;
    f.key = s.key;
    f.message = s.name + " at " + path_of(s.url) + " accepts " + describe_credential(cred);
    f.evidence.snippet = a.marker;
    f.evidence.note = "without credentials: " + s.guarded_by + "; with them: HTTP " +
                      std::to_string(a.evidence.response.status) + " " +
                      path_of(a.evidence.request.url) +
                      " shows the authenticated page; login attempts on this surface: " +
                      std::to_string(attempts) + " (the first with a random user name)";
    sink.report(std::move(f));
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_default_credentials() {
  return std::make_unique<DefaultCredentials>();
}

}  // namespace gapscan
