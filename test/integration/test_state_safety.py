"""Safe by default against state changes (README "Safety"). A small loopback application
(Python, standard library) links, on its home page and in its members area, to everything the
issue saw real applications break on: query-string logout links (?do=logout, ?action=logout,
page=logout.php), "Reset DB" and "toggle security" links, a link whose text alone says "Sign
Out", a GET "change password" form, a POST form with a password field, a "Delete account"
button, plus a robots.txt path and a redirect to an installer. Anonymous and logged-in scans
(the latter with --submit-forms) must request none of them, still crawl the harmless pages,
the search form and a static file named "dropdown", and list what they skipped in the report.
--no-default-auth-excludes, --auth-exclude and --submit-form change exactly that."""

import os
import secrets
import threading
import unittest
import urllib.parse
from http.server import ThreadingHTTPServer

import harness
from harness import Scan

USER, PASSWORD = "alice", "state-safety-2026"

LINKS = """
<a href="/about">About</a>
<a href="/login">Sign in</a>
<a href="/index.php?do=logout">bye</a>
<a href="/index.php?action=logout">x</a>
<a href="/index.php?page=logout.php">y</a>
<a href="/setup.php">Reset DB</a>
<a href="/security.php?level=1">toggle security</a>
<a href="/items?action=delete&amp;id=3">Item 3</a>
<a href="/exit">Sign Out</a>
<a href="/old-admin">Old admin</a>
<a href="/static/dropdown.js">menu script</a>
<form action="/account/password" method="get">
  <input name="password_new"><input name="password_conf">
  <input type="submit" name="Change" value="Change"></form>
<form action="/account/email" method="post">
  <input name="email"><input type="password" name="current"><button>Save</button></form>
<form action="/account" method="post"><button name="op" value="1">Delete account</button></form>
<form action="/search"><input name="q"><button>Search</button></form>
<form action="/comments" method="post"><textarea name="body"></textarea></form>
"""

# Request targets the scans must never send (exact), and paths never requested with any query.
NEVER = {"/index.php?do=logout", "/index.php?action=logout", "/index.php?page=logout.php",
         "/setup.php", "/security.php?level=1", "/items?action=delete&id=3", "/exit",
         "/admin/purge-cache", "/install/", "/account", "/account/email"}
NEVER_PATHS = {"/account/password"}


class App:
    def __init__(self):
        self.lock = threading.Lock()
        self.seen = []  # (method, target, session user or None, body)
        self.sessions = {}
        self.logouts = 0

    def record(self, *entry):
        with self.lock:
            self.seen.append(entry)


def make_handler(app):
    class Handler(harness.QuietHandler):
        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
            sid = self.cookie("sid")
            sid = sid if sid in app.sessions else None
            app.record(self.command, self.path, app.sessions.get(sid), body)
            path = self.path.partition("?")[0]
            if self.path in NEVER or path in NEVER_PATHS:
                # What the real applications did: the session ends, the data is gone.
                with app.lock:
                    app.logouts += 1
                    app.sessions.pop(sid, None)
                return self.send(200, "<html><title>Done</title><p>Done.</p></html>")
            if path == "/login" and self.command == "POST":
                form = urllib.parse.parse_qs(body)
                if form.get("username") == [USER] and form.get("password") == [PASSWORD]:
                    new = secrets.token_hex(16)
                    with app.lock:
                        app.sessions[new] = USER
                    return self.send(302, "", headers=[("Location", "/members"),
                                                       ("Set-Cookie", "sid=%s; Path=/; HttpOnly" % new)])
                return self.send(200, self.login_page("Invalid username or password."))
            if path == "/login":
                if sid:  # as most applications do, a logged-in user is sent on
                    return self.send(302, "", headers=[("Location", "/members")])
                return self.send(200, self.login_page())
            if path == "/members":
                if not sid:
                    return self.send(302, "", headers=[("Location", "/login")])
                return self.send(200, "<html><title>Members</title><p>Welcome %s</p>%s</html>"
                                 % (USER, LINKS))
            if path == "/":
                return self.send(200, "<html><title>Home</title><a href=\"/members\">Members</a>%s</html>"
                                 % LINKS)
            if path == "/robots.txt":
                return self.send(200, "User-agent: *\nDisallow: /admin/purge-cache\n",
                                 content_type="text/plain")
            if path == "/old-admin":
                return self.send(302, "", headers=[("Location", "/install/")])
            if path == "/static/dropdown.js":
                return self.send(200, "var menu = 1;\n", content_type="application/javascript")
            if path in ("/about", "/search", "/comments"):
                return self.send(200, "<html><title>%s</title><p>ok</p></html>" % path[1:])
            self.send(404, "<html><title>Not found</title></html>")

        def login_page(self, message=""):
            return ("<html><title>Sign in</title><p>%s</p><form method=post action=/login>"
                    "<input name=username><input type=password name=password>"
                    "<button type=submit>Sign in</button></form></html>" % message)

        do_GET = do_POST = do_HEAD = do_OPTIONS = do_PUT = do_DELETE = do_TRACE = handle_any
        do_PROPFIND = do_PATCH = handle_any

    return Handler


def login_env():
    return dict(os.environ, GAPSCAN_USERNAME=USER, GAPSCAN_PASSWORD=PASSWORD)


class StateSafety(unittest.TestCase):
    def setUp(self):
        self.app = App()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(self.app))
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()

    def scan(self, *extra, env=None):
        return Scan("scan", self.url + "/", "--rate", "0", "--fail-on", "none", *extra, env=env)

    def targets(self, method=None):
        return [t for m, t, _, _ in self.app.seen if method is None or m == method]

    def assert_nothing_changed(self, scan):
        sent = self.targets()
        for target in sent:
            path = target.partition("?")[0]
            self.assertNotIn(target, NEVER, scan.describe())
            self.assertNotIn(path, NEVER_PATHS, scan.describe())
        self.assertEqual(self.app.logouts, 0)
        # The crawl never sends a login attempt of its own (the sample password).
        for m, t, _, body in self.app.seen:
            self.assertNotIn("gapscan-Passw0rd", body, (m, t))
        # Harmless pages are still crawled: the search form, a static file named "dropdown".
        self.assertIn("/about", sent)
        self.assertIn("/search?q=gapscan", sent)
        self.assertIn("/static/dropdown.js", sent)
        # What was skipped is in the report, with the reason.
        excluded = {n["url"]: n["message"] for n in scan.notifications("auth-excluded")}
        for target in ("/index.php?do=logout", "/setup.php", "/exit", "/install/", "/admin/purge-cache"):
            self.assertIn(self.url + target, excluded, scan.describe())
        self.assertIn('the query says "logout"', excluded[self.url + "/index.php?do=logout"])
        self.assertIn('the link text "Sign Out" says "sign out"', excluded[self.url + "/exit"])
        held = {n["url"]: n["message"] for n in scan.notifications("form-not-submitted")}
        self.assertIn(self.url + "/account/password", held, scan.describe())
        self.assertIn('its field "password_new" looks like a password',
                      held[self.url + "/account/password"])

    def test_anonymous_scan_changes_nothing(self):
        scan = self.scan()
        self.assertEqual(scan.code, 0, scan.describe())
        harness.assert_reports_valid(self, scan)
        self.assert_nothing_changed(scan)
        self.assertNotIn("/comments", self.targets("POST"))  # POST forms need --submit-forms

    def test_logged_in_scan_with_submit_forms_changes_nothing(self):
        scan = self.scan("--login-url", self.url + "/login", "--logged-in-regex", "Welcome",
                         "--submit-forms", env=login_env())
        self.assertEqual(scan.code, 0, scan.describe())
        harness.assert_reports_valid(self, scan)
        self.assert_nothing_changed(scan)
        members = [t for m, t, user, _ in self.app.seen if t == "/members" and user == USER]
        self.assertTrue(members, "the members area was not crawled logged in")
        # The session held for the whole scan: nothing logged the crawl out.
        self.assertEqual(scan.notifications("relogin"), [], scan.describe())
        self.assertIn("/comments", self.targets("POST"))  # a harmless POST form still goes
        held = {n["url"]: n["message"] for n in scan.notifications("form-not-submitted")}
        for target in ("/account/email", "/account", "/login"):
            self.assertIn(self.url + target, held, scan.describe())
        self.assertIn('its button "Delete account" says "delete"', held[self.url + "/account"])

    def test_the_user_adds_and_removes_rules(self):
        scan = self.scan("--no-default-auth-excludes", "--auth-exclude", "/about$",
                         "--submit-form", "/account/password$")
        self.assertEqual(scan.code, 0, scan.describe())
        sent = self.targets()
        self.assertIn("/setup.php", sent)
        self.assertIn("/index.php?do=logout", sent)
        self.assertNotIn("/about", sent)
        self.assertTrue([t for t in sent if t.startswith("/account/password?password_new=")], sent)
        self.assertNotIn("/account/email", self.targets("POST"))  # POST still needs --submit-forms
        about = [n for n in scan.notifications("auth-excluded") if n["url"] == self.url + "/about"]
        self.assertTrue(about and 'it matches --auth-exclude "/about$"' in about[0]["message"], about)
        self.assertEqual(scan.report["scan"]["options"].get("default_excludes"), "false")


if __name__ == "__main__":
    harness.main()
