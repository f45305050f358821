"""The login password goes only to the targets' own origins. A login page whose form posts to
another origin (in scope through --include, but not a target) must not receive the password:
the login fails with exit code 3 and a reason. When that origin is a target too, the form is
submitted there as a browser would. Two small standard-library servers on 127.0.0.1."""

import http.server
import os
import threading
import unittest

import harness
from harness import Scan

PASSWORD = "s3cret-login-pass"


class Recorder(http.server.BaseHTTPRequestHandler):
    """Serves a login page (on the target) and records every request (on the other origin)."""

    def log_message(self, *args):
        pass

    def _record(self, body):
        self.server.seen.append((self.command, self.path, body))

    def do_GET(self):
        self._record("")
        if self.path.startswith("/login") and self.server.form_action:
            page = ("<html><body><form method=post action='%s'>"
                    "<input name=username><input type=password name=password>"
                    "<button type=submit name=go value=1>Log in</button></form></body></html>"
                    % self.server.form_action).encode()
        else:
            page = b"<html><body><a href='/login'>login</a></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self._record(self.rfile.read(length).decode("utf-8", "replace"))
        self.send_response(302)
        self.send_header("Location", "/")
        self.send_header("Set-Cookie", "sid=abcdef0123456789abcdef; Path=/; HttpOnly")
        self.send_header("Content-Length", "0")
        self.end_headers()


def serve(form_action=None):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.seen = []
    server.form_action = form_action
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, "http://127.0.0.1:%d" % server.server_address[1]


def login_env():
    return dict(os.environ, GAPSCAN_USERNAME="alice", GAPSCAN_PASSWORD=PASSWORD)


class LoginScope(unittest.TestCase):
    def setUp(self):
        self.other, self.other_url = serve()
        self.target, self.target_url = serve(form_action=None)
        self.target.form_action = self.other_url + "/session"

    def tearDown(self):
        for s in (self.other, self.target):
            s.shutdown()
            s.server_close()

    def password_posts(self, server):
        return [s for s in server.seen if s[0] == "POST" and PASSWORD in s[2]]

    def test_password_never_goes_to_an_origin_that_is_not_a_target(self):
        scan = Scan("scan", self.target_url + "/", "--login-url", self.target_url + "/login",
                    "--include", "^" + self.other_url.replace(".", "\\.") + "/",
                    "--rate", "0", "--fail-on", "none", env=login_env())
        self.assertEqual(scan.code, 3, scan.describe())
        self.assertIn("is not a target's origin", scan.stderr)
        self.assertNotIn(PASSWORD, scan.stderr + scan.stdout)
        self.assertEqual(self.password_posts(self.other), [])
        self.assertEqual(self.password_posts(self.target), [])

    def test_a_form_posting_to_another_target_origin_is_submitted(self):
        Scan("scan", self.target_url + "/", self.other_url + "/", "--login-url",
             self.target_url + "/login", "--rate", "0", "--fail-on", "none", "--max-pages", "5",
             env=login_env())
        # The login, and the checks' own fresh logins, post to the form's (target) origin.
        self.assertGreaterEqual(len(self.password_posts(self.other)), 1, self.other.seen)
        self.assertEqual(self.password_posts(self.target), [])


if __name__ == "__main__":
    harness.main()
