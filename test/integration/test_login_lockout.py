"""The scan-wide lockout limit: at most 3 failed (or possibly failed) logins per account per host
per scan, across every check and the identity's own login.

A small loopback application (Python, standard library) serves the same site on two ports of
127.0.0.1 (two origins, one host, one user database): a form login (/login), two HTTP Basic
areas (/admin/, /staff/) and a members page. It counts every failed login per account name,
whichever port and surface it came through. A scan of both origins with every default check
and the configured identity 'admin' must leave at most 3 failed logins per account on it."""

import base64
import collections
import html
import os
import secrets
import threading
import unittest
import urllib.parse
from http.server import ThreadingHTTPServer

import harness
from harness import Scan

USERS = {"admin": "Adm1n-lockout-2026", "alice": "wonderland-2026"}


class App:
    """Shared state of both listeners: users, sessions, failed logins per account."""

    def __init__(self):
        self.lock = threading.Lock()
        self.failed = collections.Counter()  # account -> failed logins (all ports, all surfaces)
        self.succeeded = collections.Counter()
        self.sessions = {}

    def check(self, user, password):
        ok = USERS.get(user) == password
        with self.lock:
            (self.succeeded if ok else self.failed)[user] += 1
        return ok


def make_handler(app):
    class Handler(harness.QuietHandler):
        def session_user(self):
            return app.sessions.get(self.cookie("sid"))

        def basic_area(self, realm, title):
            auth = self.headers.get("Authorization", "")
            if auth.lower().startswith("basic "):
                try:
                    user, _, password = base64.b64decode(auth[6:]).decode().partition(":")
                except Exception:
                    user, password = "", None
                if app.check(user, password):
                    return self.send(200, "<html><title>%s</title><p>Reports for %s</p></html>"
                                     % (title, html.escape(user)))
            self.send(401, "<html><title>Unauthorized</title><p>Sign in.</p></html>",
                      [("WWW-Authenticate", 'Basic realm="%s"' % realm)])

        def login_page(self, message=""):
            self.send(200, "<html><title>Sign in</title><p>%s</p>"
                           "<form method=post action=/login>"
                           "<input name=username><input type=password name=password>"
                           "<button>Sign in</button></form></html>" % message)

        def do_GET(self):
            path = urllib.parse.urlsplit(self.path).path
            if path == "/":
                return self.send(200, "<html><title>Home</title><a href=/login>Sign in</a> "
                                      "<a href=/admin/>Admin</a> <a href=/staff/>Staff</a> "
                                      "<a href=/app/>Members</a></html>")
            if path == "/login":
                return self.login_page()
            if path.startswith("/admin/"):
                return self.basic_area("Admin area", "Admin reports")
            if path.startswith("/staff/"):
                return self.basic_area("Staff area", "Staff reports")
            if path == "/logout":
                for part in self.headers.get("Cookie", "").split(";"):
                    name, _, value = part.strip().partition("=")
                    if name == "sid":
                        app.sessions.pop(value, None)
                return self.send(302, "", [("Location", "/login"), ("Set-Cookie", "sid=; Max-Age=0")])
            if path.startswith("/app"):
                user = self.session_user()
                if user is None:
                    return self.send(302, "", [("Location", "/login")])
                return self.send(200, "<html><title>Members</title><p>Welcome %s</p>"
                                      "<a href=/app/profile>Profile</a> <a href=/logout>Sign out</a>"
                                      "</html>" % html.escape(user))
            self.send(404, "<html><title>Not found</title><p>No such page.</p></html>")

        def do_POST(self):
            path = urllib.parse.urlsplit(self.path).path
            length = int(self.headers.get("Content-Length") or 0)
            form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8", "replace"))
            if path != "/login":
                return self.send(404, "<html><p>No such page.</p></html>")
            user = (form.get("username") or [""])[0]
            password = (form.get("password") or [""])[0]
            if not app.check(user, password):
                return self.login_page("Invalid user name or password.")
            sid = secrets.token_hex(16)
            app.sessions[sid] = user
            self.send(302, "", [("Location", "/app/"), ("Set-Cookie", "sid=%s; Path=/; HttpOnly" % sid)])

    return Handler


class TwoOrigins:
    """The app on two ports of 127.0.0.1: two origins of one host."""

    def __init__(self):
        self.app = App()
        self.servers = [ThreadingHTTPServer(("127.0.0.1", 0), make_handler(self.app)) for _ in range(2)]
        self.threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in self.servers]
        for t in self.threads:
            t.start()
        self.origins = ["http://127.0.0.1:%d" % s.server_address[1] for s in self.servers]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for s in self.servers:
            s.shutdown()
            s.server_close()


def scan_env():
    return dict(os.environ, GAPSCAN_USERNAME="admin", GAPSCAN_PASSWORD=USERS["admin"])


class LockoutLimit(unittest.TestCase):
    def scan(self, site, *extra):
        a, b = site.origins
        return Scan("scan", a + "/", b + "/", "--login-url", a + "/login", "--rate", "0",
                    "--fail-on", "none", *extra, env=scan_env())

    def test_at_most_three_failed_logins_per_account_across_origins_and_checks(self):
        with TwoOrigins() as site:
            scan = self.scan(site)
            failed = dict(site.app.failed)
            succeeded = dict(site.app.succeeded)
        self.assertEqual(scan.code, 0, scan.describe())
        harness.assert_reports_valid(self, scan)
        # The checks did try logins that fail (default-credentials on both Basic areas of both
        # origins, user-enumeration with the known user 'admin'), and the identity logged in.
        self.assertIn("admin", failed, failed)
        self.assertIn("root", failed, failed)
        self.assertGreaterEqual(succeeded.get("admin", 0), 1, succeeded)
        for account, n in failed.items():
            self.assertLessEqual(n, 3, "account %r: %d failed logins on one host\n%s\n%s"
                                 % (account, n, failed, scan.describe()))
        # The refused attempts are a counted notification, in the JSON and SARIF reports.
        held = scan.notifications("lockout-limit-held")
        self.assertTrue(held, scan.describe())
        self.assertIn("the lockout limit held", held[0]["message"])
        self.assertIn("host 127.0.0.1", held[0]["message"])
        self.assertGreaterEqual(sum(n.get("count", 1) for n in held), 1)
        sarif_notes = [n for run in scan.sarif["runs"] for inv in run.get("invocations", [])
                       for n in inv.get("toolExecutionNotifications", [])]
        self.assertTrue([n for n in sarif_notes if "the lockout limit held" in n["message"]["text"]],
                        sarif_notes)

    def test_a_lower_limit_and_a_wrong_password(self):
        with TwoOrigins() as site:
            one = self.scan(site, "--max-failed-logins", "1")
            failed = dict(site.app.failed)
        self.assertEqual(one.code, 0, one.describe())
        for account, n in failed.items():
            self.assertLessEqual(n, 1, "account %r: %d failed logins\n%s" % (account, n, failed))
        # The identity's own login counts when it fails; it is never reserved, so the scan
        # still learns the password is wrong (exit 3) and nothing else is guessed for it.
        with TwoOrigins() as site:
            a, b = site.origins
            bad = Scan("scan", a + "/", b + "/", "--login-url", a + "/login", "--rate", "0",
                       "--fail-on", "none",
                       env=dict(scan_env(), GAPSCAN_PASSWORD="not-the-password"))
            failed = dict(site.app.failed)
        self.assertEqual(bad.code, 3, bad.describe())
        self.assertEqual(failed, {"admin": 1})
        for flag in ("-1", "11"):
            usage = Scan("scan", "http://127.0.0.1:9/", "--max-failed-logins", flag, reports=False)
            self.assertEqual(usage.code, 2, usage.describe())


if __name__ == "__main__":
    harness.main()
