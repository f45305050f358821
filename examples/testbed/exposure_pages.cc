// The exposure group's flaw pages: files that should never be served from a web root
// (gapscan's exposed-vcs, exposed-config, exposed-backup, exposed-log and
// exposed-status-page checks). None of them is linked from anywhere: the checks guess the
// paths (exposed-backup also tries backup names of the crawled pages). Each flaw makes its
// check report exactly one finding per origin, at the row's path.
#include "examples/testbed/flaws.h"
#include "examples/testbed/site.h"

namespace testbed {
namespace {

constexpr std::string_view kGitConfig =
    "[core]\n"
    "\trepositoryformatversion = 0\n"
    "\tfilemode = true\n"
    "\tbare = false\n"
    "\tlogallrefupdates = true\n"
    "[remote \"origin\"]\n"
    "\turl = https://deploy:glpat-T3stb3dT0k3n@git.gapscan-testbed.dev/web/site.git\n"
    "\tfetch = +refs/heads/*:refs/remotes/origin/*\n"
    "[branch \"main\"]\n"
    "\tremote = origin\n"
    "\tmerge = refs/heads/main\n";

constexpr std::string_view kEnv =
    "APP_NAME=Testbed\n"
    "APP_ENV=production\n"
    "APP_KEY=base64:dGVzdGJlZC1hcHAta2V5LW5vdC1yZWFsLTAwMDAwMDA=\n"
    "APP_DEBUG=false\n"
    "\n"
    "DB_CONNECTION=mysql\n"
    "DB_HOST=db\n"
    "DB_PORT=3306\n"
    "DB_DATABASE=testbed\n"
    "DB_USERNAME=testbed\n"
    "DB_PASSWORD=Tb-Db-Secret-2024\n"
    "\n"
    "MAIL_MAILER=smtp\n"
    "MAIL_HOST=smtp.gapscan-testbed.dev\n";

constexpr std::string_view kErrorLog =
    "[Mon Jan 15 10:20:30.123456 2024] [mpm_prefork:notice] [pid 812] AH00163: "
    "Apache/2.4.41 (Ubuntu) configured -- resuming normal operations\n"
    "[Mon Jan 15 10:20:30.123502 2024] [core:notice] [pid 812] AH00094: Command line: "
    "'/usr/sbin/apache2'\n"
    "[Mon Jan 15 11:02:17.440013 2024] [php7:error] [pid 1410] [client 203.0.113.9:51234] PHP "
    "Fatal error:  Uncaught PDOException: SQLSTATE[HY000] [2002] Connection refused in "
    "/var/www/html/lib/db.php:14\n"
    "Stack trace:\n"
    "#0 /var/www/html/lib/db.php(14): PDO->__construct()\n"
    "#1 {main}\n"
    "  thrown in /var/www/html/lib/db.php on line 14\n"
    "[Mon Jan 15 11:05:42.001977 2024] [authz_core:error] [pid 1411] [client "
    "203.0.113.9:51260] AH01630: client denied by server configuration: /var/www/html/.htaccess\n";

std::string ServerStatusPage(std::string_view host) {
  return "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n<html><head>\n"
         "<title>Apache Status</title>\n</head><body>\n<h1>Apache Server Status for " +
         std::string(host) +
         " (via 127.0.0.1)</h1>\n\n"
         "<dl><dt>Server Version: Apache/2.4.41 (Ubuntu)</dt>\n"
         "<dt>Server MPM: prefork</dt>\n"
         "<dt>Server Built: 2023-10-26T13:54:09</dt>\n</dl><hr /><dl>\n"
         "<dt>Current Time: Monday, 15-Jan-2024 11:30:00 UTC</dt>\n"
         "<dt>Restart Time: Monday, 15-Jan-2024 10:20:30 UTC</dt>\n"
         "<dt>Server uptime:  1 hour 9 minutes 30 seconds</dt>\n"
         "<dt>Total accesses: 1234 - Total Traffic: 5.6 MB</dt>\n"
         "<dt>1 requests currently being processed, 7 idle workers</dt>\n</dl>"
         "<pre>_W______......................................................</pre>\n"
         "<p>Scoreboard Key:<br />\n\"<b><code>_</code></b>\" Waiting for Connection,\n"
         "\"<b><code>W</code></b>\" Sending Reply</p>\n"
         "<table border=\"0\"><tr><th>Srv</th><th>PID</th><th>Client</th><th>VHost</th>"
         "<th>Request</th></tr>\n"
         "<tr><td><b>0-0</b></td><td>1410</td><td>203.0.113.9</td><td>" +
         std::string(host) +
         "</td><td nowrap>GET /account/settings HTTP/1.1</td></tr>\n</table>\n"
         "</body></html>\n";
}

constexpr std::string_view kServerStatusAuto =
    "localhost\n"
    "ServerVersion: Apache/2.4.41 (Ubuntu)\n"
    "ServerMPM: prefork\n"
    "Total Accesses: 1234\n"
    "Total kBytes: 5678\n"
    "Uptime: 4170\n"
    "BusyWorkers: 1\n"
    "IdleWorkers: 7\n"
    "Scoreboard: _W______......................................................\n";

}  // namespace

std::vector<FlawSpec> ExposureFlaws() {
  return {
      OriginFlaw("exposed-vcs", "http https", {"/.git/HEAD"},
                 "/.git/HEAD and /.git/config (remote origin URL with a deploy token) are "
                 "served"),
      OriginFlaw("exposed-config", "http https", {"/.env"},
                 "/.env with APP_KEY and DB_PASSWORD is served"),
      OriginFlaw("exposed-backup", "http https", {"/about.html.bak"},
                 "/about.html.bak, an older copy of the crawled /about.html, is served"),
      OriginFlaw("exposed-log", "http https", {"/logs/error.log"},
                 "/logs/error.log is an Apache error log"),
      OriginFlaw("exposed-status-page", "http https", {"/server-status"},
                 "Apache mod_status at /server-status (and /server-status?auto) is public"),
  };
}

bool Site::ExposureRoute(const Request& req, std::string_view path, std::string_view query,
                         Reply& out) const {
  if (Flaw("exposed-vcs")) {
    if (path == "/.git/HEAD") {
      out = Text("text/plain", "ref: refs/heads/main\n");
      return true;
    }
    if (path == "/.git/config") {
      out = Text("text/plain", std::string(kGitConfig));
      return true;
    }
  }
  if (Flaw("exposed-config") && path == "/.env") {
    out = Text("text/plain", std::string(kEnv));
    return true;
  }
  if (Flaw("exposed-backup") && path == "/about.html.bak") {
    // An editor's copy from before the contact details were added.
    out = Text("application/octet-stream",
               Page("About",
                    "<p>This is the gapscan testbed, a deliberately flawed site for testing.</p>\n"
                    "<!-- TODO: contact details -->\n<p><a href=\"/\">Home</a></p>"));
    return true;
  }
  if (Flaw("exposed-log") && path == "/logs/error.log") {
    out = Text("text/plain", std::string(kErrorLog));
    return true;
  }
  if (Flaw("exposed-status-page") && path == "/server-status") {
    if (query == "auto") {
      out = Text("text/plain; charset=ISO-8859-1", std::string(kServerStatusAuto));
    } else {
      out = Text("text/html; charset=ISO-8859-1", ServerStatusPage(UrlHost(req)));
    }
    return true;
  }
  return false;
}

}  // namespace testbed
