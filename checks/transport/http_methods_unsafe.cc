// http-methods-unsafe: PUT/DELETE/WebDAV advertised or accepted.
//
// Budget per origin: OPTIONS / and PROPFIND / (Depth: 0) = 2 requests. With --unsafe-methods
// also PUT of a random file, GET to confirm it, DELETE and a GET to confirm the delete: at
// most 6. Without that flag the check never sends PUT or DELETE.
#include <algorithm>

#include "checks/common/all_checks.h"
#include "checks/common/probe_util.h"
#include "scanner/base/text.h"

namespace gapscan {

const CheckInfo kHttpMethodsUnsafe{
    "http-methods-unsafe",
    "Unsafe HTTP methods enabled (PUT, DELETE, WebDAV)",
    CheckKind::active,
    650,
    Severity::medium,
    Confidence::medium,
    "The server advertises or accepts methods that change content on the server: PUT and "
    "DELETE, or WebDAV (PROPFIND, MKCOL, MOVE, ...). Unless every such request is "
    "authenticated and authorized, anyone can upload files (web shells, phishing pages, "
    "malware) or delete content. An OPTIONS answer listing them shows they are enabled; a "
    "PROPFIND answered with a WebDAV multistatus shows WebDAV is served to anonymous clients; "
    "with --unsafe-methods gapscan proves an upload with a PUT of a random file (and deletes "
    "it again).",
    "Disable the methods the application does not need (WebDAV modules, PUT/DELETE handlers "
    "of the static file server) and require authentication and authorization for those it "
    "does. Answer unknown methods with 405 and do not list them in Allow.",
    {"https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_"
     "Testing/02-Configuration_and_Deployment_Management_Testing/06-Test_HTTP_Methods",
     "https://cwe.mitre.org/data/definitions/650.html", "https://www.rfc-editor.org/rfc/rfc4918"},
    2,  // request budget per origin
};

namespace {

constexpr std::string_view kPropfindBody =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:resourcetype/></D:prop></D:propfind>\n";

// Methods that write or delete content when they are served.
constexpr std::string_view kUnsafe[] = {"PUT",  "DELETE", "PROPFIND", "PROPPATCH", "MKCOL",
                                        "COPY", "MOVE",   "LOCK",     "UNLOCK"};

std::vector<std::string> unsafe_methods_in(std::string_view list) {
  std::vector<std::string> out;
  for (std::string_view item : split(list, ',')) {
    const std::string m = to_lower(trim(item));
    for (std::string_view u : kUnsafe) {
      if (iequals(m, u) && std::find(out.begin(), out.end(), u) == out.end()) {
        out.emplace_back(u);
      }
    }
  }
  return out;
}

bool is_multistatus(const Exchange& ex) {
  if (ex.response.status != 207) return false;
  const std::string body = to_lower(ex.response.body.substr(0, 64 * 1024));
  return body.find("multistatus") != std::string::npos && body.find("dav:") != std::string::npos;
}

struct Evidence {
  const Exchange* exchange = nullptr;
  std::string header_name, header_value, snippet;
};

class HttpMethodsUnsafe final : public ActiveCheck {
 public:
  // The PUT proof (--unsafe-methods) adds PUT, GET, DELETE and GET.
  int request_budget(const CheckSettings& settings, int declared) const override {
    return declared + (settings.unsafe_methods ? 4 : 0);
  }

  void run(const ActiveContext& ctx, FindingSink& sink) const override {
    const auto origin = parse_url(ctx.origin);
    if (!origin) return;
    const std::string root = origin->origin() + "/";

    HttpRequest options;
    options.method = "OPTIONS";
    options.url = root;
    HttpRequest propfind;
    propfind.method = "PROPFIND";
    propfind.url = root;
    propfind.headers = {{"Depth", "0"}, {"Content-Type", "application/xml; charset=utf-8"}};
    propfind.body = std::string(kPropfindBody);
    const std::vector<Exchange> answers = ctx.fetcher.fetch_all({options, propfind});
    const Exchange& opt = answers.at(0);
    const Exchange& dav = answers.at(1);

    std::vector<std::string> facts;
    Evidence ev;
    Severity severity = Severity::medium;
    Confidence confidence = Confidence::medium;

    // OPTIONS: what the server says it serves.
    if (opt.ok() && opt.response.status >= 200 && opt.response.status < 300) {
      std::vector<std::string> advertised;
      std::string header;
      for (std::string_view name : {"Allow", "Public"}) {
        for (const std::string* v : find_headers(opt.response.headers, name)) {
          for (std::string& m : unsafe_methods_in(*v)) {
            if (std::find(advertised.begin(), advertised.end(), m) != advertised.end()) continue;
            advertised.push_back(std::move(m));
            if (header.empty()) header = std::string(name);
          }
        }
      }
      const std::string dav_header = probe::header_value(opt.response, "DAV");
      if (!advertised.empty()) {
        std::string list;
        for (const auto& m : advertised) list += (list.empty() ? "" : ", ") + m;
        facts.push_back("OPTIONS / lists " + list + " in " + header);
        ev = {&opt, header, probe::header_value(opt.response, header), ""};
      }
      if (!dav_header.empty()) {
        facts.push_back("OPTIONS / announces WebDAV (DAV: " + dav_header + ")");
        if (ev.exchange == nullptr) ev = {&opt, "DAV", dav_header, ""};
      }
    }
    // PROPFIND: WebDAV really answers.
    if (dav.ok() && is_multistatus(dav)) {
      facts.push_back("PROPFIND / (Depth: 0) answered 207 Multi-Status");
      ev = {&dav, "", "", probe::short_text(dav.response.body, 300)};
      confidence = Confidence::high;
    }

    // PUT, only when the user allowed it.
    std::vector<Exchange> writes;
    if (settings_of(ctx).unsafe_methods) {
      if (prove_put(ctx.fetcher, root, writes, facts)) {
        severity = Severity::high;
        confidence = Confidence::high;
        ev = {&writes.front(), "", "",
              "PUT " + writes.front().request.url + " -> " +
                  std::to_string(writes.front().response.status)};
      }
    }
    if (ev.exchange == nullptr) return;

    Finding f = make_finding(kHttpMethodsUnsafe, *ev.exchange);
    f.severity = severity;
    f.confidence = confidence;
    f.per_origin = true;
    f.evidence.header_name = ev.header_name;
    f.evidence.header_value = ev.header_value;
    f.evidence.snippet = ev.snippet;
    std::string note;
    for (const auto& fact : facts) note += (note.empty() ? "" : "; ") + fact;
    f.evidence.note = note;
    f.message = severity == Severity::high
                    ? "Anyone can upload files with PUT"
                    : (confidence == Confidence::high ? "WebDAV is served to anonymous clients"
                                                      : "The server advertises methods that "
                                                        "change content (PUT, DELETE, WebDAV)");
    sink.report(std::move(f));
  }

 private:
  // PUT a random file, read it back, delete it. True when the content came back.
  static bool prove_put(Fetcher& fetcher, const std::string& root, std::vector<Exchange>& log,
                        std::vector<std::string>& facts) {
    log.reserve(4);  // references into `log` stay valid
    const std::string url = root + "gapscan-" + probe::random_hex(16) + ".txt";
    const std::string content = "gapscan upload probe " + probe::random_hex(24) + "\n";
    HttpRequest put;
    put.method = "PUT";
    put.url = url;
    put.headers = {{"Content-Type", "text/plain"}};
    put.body = content;
    log.push_back(fetcher.fetch(put));
    const Exchange& put_ex = log.back();
    if (!put_ex.ok() || put_ex.response.status < 200 || put_ex.response.status >= 300) {
      return false;
    }
    HttpRequest get;
    get.url = url;
    log.push_back(fetcher.fetch(get));
    const bool stored = log.back().ok() && log.back().response.status == 200 &&
                        log.back().response.body.find(trim(content)) != std::string::npos;
    // Clean up whether or not the content came back: the PUT said it succeeded.
    HttpRequest del;
    del.method = "DELETE";
    del.url = url;
    log.push_back(fetcher.fetch(del));
    const Exchange& del_ex = log.back();
    const bool del_ok =
        del_ex.ok() && del_ex.response.status >= 200 && del_ex.response.status < 300;
    if (!stored) return false;
    facts.push_back("PUT " + url + " answered " + std::to_string(put_ex.response.status) +
                    " and a GET returned the uploaded content");
    bool gone = false;
    if (del_ok) {
      log.push_back(fetcher.fetch(get));
      const Exchange& after = log.back();
      gone = after.ok() && (after.response.status == 404 || after.response.status == 410 ||
                            after.response.body.find(trim(content)) == std::string::npos);
    }
    if (gone) {
      facts.push_back("DELETE answered " + std::to_string(del_ex.response.status) +
                      ": the test file was removed");
    } else {
      facts.push_back(
          std::string("the test file could not be deleted (DELETE ") +
          (del_ex.ok() ? "answered " + std::to_string(del_ex.response.status) : "failed") +
          "): remove " + url + " by hand");
    }
    return true;
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> make_http_methods_unsafe() {
  return std::make_unique<HttpMethodsUnsafe>();
}

}  // namespace gapscan
