"""The testbed's members area, talked to directly (no gapscan): the HTML form login with its CSRF
token, the pages behind it (some admin-only), logout, the JSON login and its bearer-token API,
HTTP Basic, session expiry after N requests, login throttling, --list-auth, and for each
authentication flaw switch the flawed behaviour next to the hardened one. Loopback only."""

import base64
import hashlib
import hmac
import http.client
import json
import os
import re
import ssl
import subprocess
import time
import unittest
from urllib.parse import urlencode

import harness
from harness import Testbed

ALICE = ("alice", "wonderland-2026")
ADMIN = ("admin", "admin-2026-secret")
AUTH_FLAWS = ["access-control-missing", "session-fixation", "session-not-invalidated", "session-cookie-weak",
              "jwt-signature-not-verified", "login-no-rate-limit", "user-enumeration", "credentials-over-http"]
GENERIC_FAILURE = "Invalid username or password."
HEX32 = re.compile(r"[0-9a-f]{32}")

TLS = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
TLS.check_hostname = False
TLS.verify_mode = ssl.CERT_NONE  # the testbed's self-signed certificate

HARDENED = None  # one hardened testbed shared by the tests that leave no lasting state behind


def setUpModule():
    global HARDENED
    HARDENED = Testbed("--hardened")


def tearDownModule():
    HARDENED.stop()


def list_auth(*flags):
    out = subprocess.run([harness.ARGS.testbed, "--list-auth", *flags], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def parse_set_cookie(line):
    """(name, value, {lower-case attribute: value})."""
    parts = [p.strip() for p in line.split(";")]
    name, _, value = parts[0].partition("=")
    attrs = {}
    for p in parts[1:]:
        k, _, v = p.partition("=")
        attrs[k.lower()] = v
    return name, value, attrs


class Response:
    def __init__(self, resp, body):
        self.status = resp.status
        self.headers = resp.headers
        self.body = body
        self.set_cookies = [parse_set_cookie(c) for c in resp.headers.get_all("Set-Cookie") or []]

    def header(self, name):
        return self.headers.get(name)

    def cookie(self, name):
        """(value, attrs) of the Set-Cookie for `name`, or None."""
        for n, v, a in self.set_cookies:
            if n == name:
                return v, a
        return None

    def json(self):
        return json.loads(self.body)


class Client:
    """One browser-like identity on one listener: a cookie jar, redirects not followed."""

    def __init__(self, site, scheme="https"):
        self.site = site
        self.scheme = scheme
        self.port = site.https_port if scheme == "https" else site.http_port
        self.cookies = {}

    def request(self, method, path, body=None, headers=None, cookies=None):
        if self.scheme == "https":
            conn = http.client.HTTPSConnection("127.0.0.1", self.port, context=TLS, timeout=10)
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        h = dict(headers or {})
        jar = self.cookies if cookies is None else cookies
        if jar:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in jar.items())
        if isinstance(body, dict):
            body = urlencode(body)
            h.setdefault("Content-Type", "application/x-www-form-urlencoded")
        try:
            conn.request(method, path, body=body, headers=h)
            resp = conn.getresponse()
            r = Response(resp, resp.read().decode("utf-8"))
        finally:
            conn.close()
        if cookies is None:
            for name, value, attrs in r.set_cookies:
                if attrs.get("max-age") == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
        return r

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body, **kw):
        return self.request("POST", path, body=body, **kw)

    def csrf(self, page):
        m = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.body)
        return m.group(1) if m else None

    def login(self, user, password):
        """The form login: GET the form (app_pre, csrf_token), POST it. Returns the POST's answer."""
        page = self.get("/app/login")
        return self.post("/app/login", {"username": user, "password": password, "csrf_token": self.csrf(page)})

    def api(self, path, token=None, method="GET", body=None, headers=None):
        h = dict(headers or {})
        if token is not None:
            h["Authorization"] = "Bearer " + token
        return self.request(method, path, body=body, headers=h, cookies={})

    def api_login(self, user, password):
        return self.api("/api/v2/login", method="POST", body=json.dumps({"username": user, "password": password}),
                        headers={"Content-Type": "application/json"})


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def jwt_parts(token):
    h, p, s = token.split(".")
    return json.loads(b64url_decode(h)), json.loads(b64url_decode(p)), s


def make_jwt(header, payload, secret=None):
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(payload).encode())
    sig = b64url(hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()) if secret else ""
    return signing_input + "." + sig


def verifies_with(token, secret):
    signing_input, _, sig = token.rpartition(".")
    return b64url(hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()) == sig


def forged_tokens(token):
    """Tokens a verifying API must refuse, derived from a genuine one (name -> token)."""
    header, payload, sig = jwt_parts(token)
    h, p, _ = token.split(".")
    admin = dict(payload, sub="admin", role="admin")
    expired = dict(payload, iat=payload["iat"] - 7200, exp=payload["iat"] - 3600)
    flipped = sig[:-2] + ("AA" if sig[-2:] != "AA" else "BB")
    return {
        "alg none": make_jwt({"alg": "none", "typ": "JWT"}, admin),
        "stripped signature": h + "." + p + ".",
        "no signature part": h + "." + p,
        "altered signature": h + "." + p + "." + flipped,
        "altered payload": h + "." + b64url(json.dumps(admin).encode()) + "." + sig,
        "expired, unsigned": make_jwt({"alg": "none", "typ": "JWT"}, expired),
    }


class FormLogin(unittest.TestCase):
    def test_login_page(self):
        c = Client(HARDENED)
        r = c.get("/app/login")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Cache-Control"), "no-store")
        self.assertIn('autocomplete="username"', r.body)
        self.assertIn('type="password" name="password" autocomplete="current-password"', r.body)
        self.assertIn('<form method="post" action="/app/login">', r.body)
        self.assertTrue(HEX32.fullmatch(c.csrf(r) or ""), r.body)
        pre, attrs = r.cookie("app_pre")
        self.assertTrue(HEX32.fullmatch(pre), pre)
        self.assertEqual(attrs, {"path": "/", "secure": "", "httponly": "", "samesite": "Lax"})
        # The token is bound to the pre-login id: the same id, the same token; a new id, another.
        self.assertEqual(c.csrf(c.get("/app/login")), c.csrf(r))
        self.assertEqual(c.cookies["app_pre"], pre)
        self.assertNotEqual(Client(HARDENED).get("/app/login").cookie("app_pre")[0], pre)

    def test_login_success_rotates_to_a_strong_session(self):
        c = Client(HARDENED)
        c.get("/app/login")
        pre = c.cookies["app_pre"]
        r = c.login(*ALICE)
        self.assertEqual(r.status, 302)
        self.assertEqual(r.header("Location"), "/app/")
        sid, attrs = r.cookie("app_session")
        self.assertTrue(HEX32.fullmatch(sid), sid)
        self.assertNotEqual(sid, pre)
        self.assertEqual(attrs, {"path": "/", "secure": "", "httponly": "", "samesite": "Lax"})
        self.assertEqual(r.cookie("app_pre")[1].get("max-age"), "0")
        page = c.get("/app/")
        self.assertEqual(page.status, 200)
        self.assertIn("Signed in as <b>alice</b>", page.body)

    def test_csrf_token_is_required(self):
        c = Client(HARDENED)
        page = c.get("/app/login")
        token = c.csrf(page)
        wrong = ("0" if token[0] != "0" else "1") + token[1:]
        for body, cookies in [
            ({"username": ALICE[0], "password": ALICE[1], "csrf_token": wrong}, None),
            ({"username": ALICE[0], "password": ALICE[1]}, None),
            # The right token without the pre-login cookie it is bound to.
            ({"username": ALICE[0], "password": ALICE[1], "csrf_token": token}, {}),
            # Another client's token.
            ({"username": ALICE[0], "password": ALICE[1],
              "csrf_token": Client(HARDENED).csrf(Client(HARDENED).get("/app/login"))}, None),
        ]:
            r = c.request("POST", "/app/login", body=body, cookies=cookies)
            self.assertEqual(r.status, 403, (body, r.body))
            self.assertIsNone(r.cookie("app_session"))
        self.assertEqual(c.login(*ALICE).status, 302)

    def test_wrong_credentials_look_the_same_for_unknown_users(self):
        c = Client(HARDENED)
        page = c.get("/app/login")
        answers = []
        for user, password in [("alice", "wrong-password"), ("nobody-here", "wrong-password"),
                               ("nobody-here", ALICE[1])]:
            r = c.post("/app/login", {"username": user, "password": password, "csrf_token": c.csrf(page)})
            self.assertEqual(r.status, 200)
            self.assertIn(GENERIC_FAILURE, r.body)
            self.assertIsNone(r.cookie("app_session"))
            answers.append(r.body)
        self.assertEqual(len(set(answers)), 1, answers)

    def test_members_pages(self):
        doc = list_auth()
        alice, admin, anonymous = Client(HARDENED), Client(HARDENED), Client(HARDENED)
        self.assertEqual(alice.login(*ALICE).status, 302)
        self.assertEqual(admin.login(*ADMIN).status, 302)
        for path in doc["pages"]["user"] + doc["pages"]["admin"]:
            with self.subTest(path=path):
                r = anonymous.get(path)
                self.assertEqual((r.status, r.header("Location")), (302, "/app/login"))
                r = admin.get(path)
                self.assertEqual(r.status, 200)
                self.assertIn("Signed in as <b>admin</b> (admin)", r.body)
                self.assertEqual(r.header("Cache-Control"), "no-store")
                r = alice.get(path)
                if path in doc["pages"]["admin"]:
                    self.assertEqual(r.status, 403)
                else:
                    self.assertEqual(r.status, 200)
                    self.assertIn("Signed in as <b>alice</b> (user)", r.body)
        # Each identity's dashboard links every page it may see, and the sign-out.
        for client, pages in [(alice, doc["pages"]["user"]),
                              (admin, doc["pages"]["user"] + doc["pages"]["admin"])]:
            links = set(re.findall(r'href="(/app/[^"]*)"', client.get("/app/").body))
            self.assertEqual(links, (set(pages) - {"/app/"}) | {"/app/logout"})
        self.assertEqual(anonymous.get("/app").header("Location"), "/app/")
        self.assertEqual(anonymous.get("/app/no-such-page").status, 404)

    def test_settings_form_has_a_session_bound_csrf_token(self):
        c = Client(HARDENED)
        c.login(*ALICE)
        page = c.get("/app/settings")
        token = c.csrf(page)
        self.assertTrue(HEX32.fullmatch(token or ""), page.body)
        self.assertIn('<form method="post" action="/app/settings">', page.body)
        r = c.post("/app/settings", {"display_name": "Alice", "csrf_token": token})
        self.assertEqual(r.status, 200)
        self.assertIn("Settings saved.", r.body)
        self.assertEqual(c.post("/app/settings", {"display_name": "Alice", "csrf_token": "0" * 32}).status, 403)
        other = Client(HARDENED)
        other.login(*ALICE)
        self.assertEqual(other.post("/app/settings", {"display_name": "x", "csrf_token": token}).status, 403)
        self.assertEqual(Client(HARDENED).post("/app/settings", {"csrf_token": token}).status, 302)

    def test_logout_invalidates_the_session(self):
        c = Client(HARDENED)
        c.login(*ALICE)
        sid = c.cookies["app_session"]
        self.assertEqual(c.get("/app/profile").status, 200)
        r = c.get("/app/logout")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.cookie("app_session")[0], "")
        self.assertEqual(r.cookie("app_session")[1].get("max-age"), "0")
        self.assertNotIn("app_session", c.cookies)
        # The old id no longer works, even when a client sends it anyway.
        r = c.get("/app/profile", cookies={"app_session": sid})
        self.assertEqual((r.status, r.header("Location")), (302, "/app/login"))

    def test_plain_http_redirects_to_https(self):
        c = Client(HARDENED, "http")
        for method, path in [("GET", "/app/login"), ("POST", "/app/login"), ("GET", "/app/"),
                             ("POST", "/api/v2/login"), ("GET", "/basic/")]:
            r = c.request(method, path, body="x" if method == "POST" else None)
            self.assertEqual(r.status, 301, path)
            self.assertEqual(r.header("Location"), "https://127.0.0.1:%d%s" % (HARDENED.https_port, path))
            self.assertEqual(r.set_cookies, [])

    def test_home_links_only_the_login_page(self):
        c = Client(HARDENED)
        home = c.get("/").body
        self.assertIn('<a href="/app/login">Members area</a>', home)
        self.assertEqual(re.findall(r'href="(/(?:app|api/v2|basic)\b[^"]*)"', home), ["/app/login"])
        login_links = re.findall(r'href="([^"]*)"', c.get("/app/login").body)
        self.assertEqual(login_links, ["/static/style.css", "/"])


class JsonLoginAndApi(unittest.TestCase):
    def test_json_login_and_bearer_api(self):
        c = Client(HARDENED)
        r = c.api_login(ALICE[0], "nope")
        self.assertEqual((r.status, r.json()), (401, {"error": "invalid credentials"}))
        r = c.api_login("nobody-here", "nope")
        self.assertEqual((r.status, r.json()), (401, {"error": "invalid credentials"}))
        r = c.api("/api/v2/login", method="POST", body="username=alice", headers={"Content-Type": "text/plain"})
        self.assertEqual(r.status, 415)
        r = c.api("/api/v2/login", method="POST", body='{"username":"alice"}', headers={"Content-Type": "application/json"})
        self.assertEqual(r.status, 400)
        self.assertEqual(c.api("/api/v2/login").status, 405)

        r = c.api_login(*ALICE)
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Content-Type"), "application/json")
        token = r.json()["token"]
        header, claims, sig = jwt_parts(token)
        self.assertEqual(header, {"alg": "HS256", "typ": "JWT"})
        self.assertEqual((claims["sub"], claims["role"]), ("alice", "user"))
        self.assertEqual(claims["exp"] - claims["iat"], 900)
        self.assertLessEqual(abs(claims["iat"] - time.time()), 60)
        self.assertTrue(sig)

        for path in ["/api/v2/me", "/api/v2/orders", "/api/v2/admin/users"]:
            with self.subTest(path=path):
                r = c.api(path)
                self.assertEqual((r.status, r.json()), (401, {"error": "unauthorized"}))
                self.assertTrue(r.header("WWW-Authenticate").startswith("Bearer"), r.header("WWW-Authenticate"))
        self.assertEqual(c.api("/api/v2/me", token).json(), {"sub": "alice", "role": "user"})
        orders = c.api("/api/v2/orders", token).json()
        self.assertEqual(orders["user"], "alice")
        self.assertEqual([o["id"] for o in orders["orders"]], [1001, 1002])
        self.assertEqual(c.api("/api/v2/admin/users", token).status, 403)
        admin_token = c.api_login(*ADMIN).json()["token"]
        users = c.api("/api/v2/admin/users", admin_token).json()["users"]
        self.assertEqual(users, [{"name": "alice", "role": "user"}, {"name": "admin", "role": "admin"}])
        self.assertEqual(c.api("/api/v2/me", "not-a-token").status, 401)
        self.assertEqual(c.api("/api/v2/nothing", token).status, 404)
        # A cookie session is no API credential.
        c.login(*ALICE)
        self.assertEqual(c.request("GET", "/api/v2/me").status, 401)

    def test_hardened_api_refuses_forged_and_expired_tokens(self):
        c = Client(HARDENED)
        token = c.api_login(*ALICE).json()["token"]
        for name, forged in forged_tokens(token).items():
            with self.subTest(token=name):
                r = c.api("/api/v2/me", forged)
                self.assertEqual(r.status, 401, r.body)
                self.assertIn('error="invalid_token"', r.header("WWW-Authenticate"))
        self.assertEqual(c.api("/api/v2/me", token).status, 200)


class BasicAuth(unittest.TestCase):
    def test_basic_area(self):
        c = Client(HARDENED)

        def basic(user, password):
            return {"Authorization": "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()}

        for path in ["/basic/", "/basic/report"]:
            with self.subTest(path=path):
                for headers in [{}, basic(ALICE[0], "wrong"), basic("nobody-here", ALICE[1])]:
                    r = c.get(path, headers=headers)
                    self.assertEqual(r.status, 401)
                    self.assertEqual(r.header("WWW-Authenticate"), 'Basic realm="members"')
                r = c.get(path, headers=basic(*ALICE))
                self.assertEqual(r.status, 200)
                self.assertIn("Signed in as <b>alice</b>", r.body)
                self.assertEqual(c.get(path, headers=basic(*ADMIN)).status, 200)
        self.assertEqual(c.get("/basic/nothing", headers=basic(*ALICE)).status, 404)


class SessionExpiry(unittest.TestCase):
    def test_sessions_end_after_n_requests(self):
        with Testbed("--hardened", "--session-max-requests", "3") as site:
            c = Client(site)
            for attempt in range(2):  # the second time: the client logs in again and goes on
                self.assertEqual(c.login(*ALICE).status, 302)
                statuses = [c.get("/app/profile").status for _ in range(4)]
                self.assertEqual(statuses, [200, 200, 200, 302], attempt)
            for attempt in range(2):
                token = c.api_login(*ALICE).json()["token"]
                statuses = [c.api("/api/v2/me", token).status for _ in range(4)]
                self.assertEqual(statuses, [200, 200, 200, 401], attempt)
            self.assertEqual(list_auth("--session-max-requests", "3")["session_max_requests"], 3)


class Throttling(unittest.TestCase):
    def failures(self, c, user, n):
        page = c.get("/app/login")
        return [c.post("/app/login", {"username": user, "password": "wrong-%d" % i, "csrf_token": c.csrf(page)})
                for i in range(n)]

    def test_hardened_answers_429_after_10_failures_and_the_flaw_never(self):
        with Testbed("--hardened") as hardened, Testbed("--flaw", "login-no-rate-limit") as flawed:
            c = Client(hardened)
            self.assertEqual([r.status for r in self.failures(c, "mallory", 10)], [200] * 10)
            r = self.failures(c, "mallory", 1)[0]
            self.assertEqual(r.status, 429)
            self.assertTrue(1 <= int(r.header("Retry-After")) <= 60, r.header("Retry-After"))
            # Per user name: alice is not affected by mallory's failures...
            self.assertEqual(c.login(*ALICE).status, 302)
            # ...but once alice has 10 failures, even her password is refused, on both logins.
            self.assertEqual([r.status for r in self.failures(c, "alice", 10)], [200] * 10)
            self.assertEqual(c.login(*ALICE).status, 429)
            r = c.api_login(*ALICE)
            self.assertEqual(r.status, 429)
            self.assertTrue(r.header("Retry-After"))

            f = Client(flawed)
            self.assertEqual([r.status for r in self.failures(f, "mallory", 25)], [200] * 25)
            self.assertEqual([r.status for r in self.failures(f, "alice", 15)], [200] * 15)
            self.assertEqual(f.login(*ALICE).status, 302)
            self.assertEqual([f.api_login("alice", "wrong").status for _ in range(12)], [401] * 12)
            self.assertEqual(f.api_login(*ALICE).status, 200)
        self.assertEqual(list_auth("--flaw", "login-no-rate-limit")["throttle"]["failures"], 0)


class AuthFlaws(unittest.TestCase):
    def test_access_control_missing(self):
        with Testbed("--flaw", "access-control-missing") as site:
            for tb, flawed in [(site, True), (HARDENED, False)]:
                with self.subTest(flawed=flawed):
                    anonymous, alice = Client(tb), Client(tb)
                    alice.login(*ALICE)
                    r = anonymous.get("/app/orders/1002")
                    if flawed:
                        self.assertEqual(r.status, 200)
                        self.assertIn("Not signed in", r.body)
                        # The same order as alice sees it, apart from who is signed in.
                        own = alice.get("/app/orders/1002").body
                        strip = lambda b: re.sub(r'<p class="whoami">.*</p>\n', "", b)
                        self.assertEqual(strip(r.body), strip(own))
                    else:
                        self.assertEqual((r.status, r.header("Location")), (302, "/app/login"))
                    r = anonymous.api("/api/v2/orders")
                    self.assertEqual(r.status, 200 if flawed else 401)
                    if flawed:
                        self.assertEqual([o["id"] for o in r.json()["orders"]], [1001, 1002])
                    r = alice.get("/app/admin/users")
                    self.assertEqual(r.status, 200 if flawed else 403)
                    if flawed:
                        self.assertIn("<td>admin</td><td>admin</td>", r.body)
                    # Everything else keeps its access control.
                    self.assertEqual(anonymous.get("/app/orders/1001").status, 302)
                    self.assertEqual(anonymous.get("/app/admin/users").status, 302)
                    self.assertEqual(alice.get("/app/admin/").status, 403)
                    token = alice.api_login(*ALICE).json()["token"]
                    self.assertEqual(alice.api("/api/v2/admin/users", token).status, 403)
                    self.assertEqual(anonymous.api("/api/v2/me").status, 401)
        doc = list_auth("--flaw", "access-control-missing")
        self.assertEqual(doc["anonymous_visible"], ["/app/orders/1002", "/api/v2/orders"])
        self.assertEqual(doc["user_visible_admin"], ["/app/admin/users"])
        self.assertEqual((list_auth()["anonymous_visible"], list_auth()["user_visible_admin"]), ([], []))

    def test_session_fixation(self):
        chosen = "0123456789abcdef0123456789abcdef"  # a pre-login id planted by someone else
        with Testbed("--flaw", "session-fixation") as site:
            for tb, flawed in [(site, True), (HARDENED, False)]:
                with self.subTest(flawed=flawed):
                    c = Client(tb)
                    c.get("/app/login")
                    pre = c.cookies["app_pre"]
                    r = c.login(*ALICE)
                    self.assertEqual(r.status, 302)
                    sid = r.cookie("app_session")[0]
                    self.assertEqual(sid == pre, flawed)
                    self.assertEqual(r.cookie("app_pre") is None, flawed)  # hardened: cleared
                    # Whoever knew the pre-login id holds the session.
                    for cookie in ("app_session", "app_pre"):
                        r = Client(tb).get("/app/", cookies={cookie: pre})
                        self.assertEqual(r.status, 200 if flawed else 302, cookie)
                        if flawed:
                            self.assertIn("Signed in as <b>alice</b>", r.body)
                    # Even an id the server never issued survives the login.
                    v = Client(tb)
                    v.cookies["app_pre"] = chosen
                    self.assertEqual(v.get("/app/login").cookie("app_pre")[0], chosen)
                    v.login(*ALICE)
                    self.assertEqual(v.cookies["app_session"] == chosen, flawed)
                    self.assertEqual(Client(tb).get("/app/", cookies={"app_session": chosen}).status,
                                     200 if flawed else 302)
                    if flawed:
                        # A second login from the same browser keeps the id again.
                        self.assertEqual(v.login(*ADMIN).cookie("app_session")[0], chosen)

    def test_session_not_invalidated(self):
        with Testbed("--flaw", "session-not-invalidated") as site:
            for tb, flawed in [(site, True), (HARDENED, False)]:
                with self.subTest(flawed=flawed):
                    c = Client(tb)
                    c.login(*ALICE)
                    sid = c.cookies["app_session"]
                    r = c.get("/app/logout")
                    self.assertEqual((r.status, r.cookie("app_session")[1].get("max-age")), (200, "0"))
                    r = c.get("/app/orders", cookies={"app_session": sid})
                    self.assertEqual(r.status, 200 if flawed else 302)
                    if flawed:
                        self.assertIn("Signed in as <b>alice</b>", r.body)

    def test_session_cookie_weak(self):
        with Testbed("--flaw", "session-cookie-weak") as site:
            for tb, flawed in [(site, True), (HARDENED, False)]:
                with self.subTest(flawed=flawed):
                    ids = []
                    for _ in range(3):
                        c = Client(tb)
                        sid, attrs = c.login(*ALICE).cookie("app_session")
                        ids.append(sid)
                        self.assertEqual("httponly" in attrs, not flawed)
                        self.assertEqual("secure" in attrs, not flawed)
                        self.assertEqual(attrs.get("samesite"), "Lax")
                        self.assertEqual(c.get("/app/").status, 200)
                    if flawed:
                        numbers = [int(i) for i in ids]
                        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + 3)), ids)
                    else:
                        self.assertTrue(all(HEX32.fullmatch(i) for i in ids), ids)
                        self.assertEqual(len(set(ids)), 3)

    def test_jwt_signature_not_verified(self):
        with Testbed("--flaw", "jwt-signature-not-verified") as site:
            for tb, flawed in [(site, True), (HARDENED, False)]:
                with self.subTest(flawed=flawed):
                    c = Client(tb)
                    token = c.api_login(*ALICE).json()["token"]
                    self.assertEqual(c.api("/api/v2/me", token).status, 200)
                    for name, forged in forged_tokens(token).items():
                        r = c.api("/api/v2/me", forged)
                        self.assertEqual(r.status, 200 if flawed else 401, name)
                    # alg none with admin claims reaches the admin API.
                    forged = forged_tokens(token)["alg none"]
                    r = c.api("/api/v2/admin/users", forged)
                    self.assertEqual(r.status, 200 if flawed else 401)
                    if flawed:
                        self.assertEqual(c.api("/api/v2/me", forged).json(), {"sub": "admin", "role": "admin"})

    def test_jwt_weak(self):
        source = os.path.join(harness.ARGS.source_dir, "checks", "auth", "jwt_weak.cc")
        with open(source, encoding="utf-8") as f:
            self.assertIn('    "development",\n', f.read())  # on gapscan's weak-secret list
        now = int(time.time())
        with Testbed("--flaw", "jwt-weak") as site, \
                Testbed("--flaw", "jwt-weak", "--flaw", "jwt-signature-not-verified") as unverified:
            for tb, flawed in [(site, True), (HARDENED, False)]:
                with self.subTest(flawed=flawed):
                    c = Client(tb)
                    token = c.api_login(*ALICE).json()["token"]
                    self.assertEqual(verifies_with(token, "development"), flawed)
                    for guess in ("secret", "password", "changeme", "supersecret", "jwt_secret"):
                        self.assertFalse(verifies_with(token, guess))
                    forged = make_jwt({"alg": "HS256", "typ": "JWT"},
                                      {"sub": "admin", "role": "admin", "iat": now, "exp": now + 600},
                                      "development")
                    self.assertEqual(c.api("/api/v2/admin/users", forged).status, 200 if flawed else 401)
            # The signature is still verified: an expired token signed with the weak secret is
            # refused, unless jwt-signature-not-verified is on too.
            expired = make_jwt({"alg": "HS256", "typ": "JWT"},
                               {"sub": "alice", "role": "user", "iat": now - 7200, "exp": now - 3600},
                               "development")
            self.assertEqual(Client(site).api("/api/v2/me", expired).status, 401)
            self.assertEqual(Client(unverified).api("/api/v2/me", expired).status, 200)

    def test_user_enumeration(self):
        with Testbed("--flaw", "user-enumeration") as site:
            for tb, flawed in [(site, True), (HARDENED, False)]:
                with self.subTest(flawed=flawed):
                    c = Client(tb)
                    page = c.get("/app/login")

                    def attempt(user):
                        return c.post("/app/login", {"username": user, "password": "wrong-password",
                                                     "csrf_token": c.csrf(page)})

                    known, unknown = attempt("alice"), attempt("nobody-here")
                    self.assertIn(GENERIC_FAILURE, known.body)
                    if flawed:
                        self.assertIn("Unknown user.", unknown.body)
                        self.assertNotIn(GENERIC_FAILURE, unknown.body)
                        self.assertNotEqual(len(known.body), len(unknown.body))
                    else:
                        self.assertEqual((known.status, known.body), (unknown.status, unknown.body))
                    known, unknown = c.api_login("alice", "wrong-password"), c.api_login("nobody-here", "x")
                    self.assertEqual(known.status, 401)
                    if flawed:
                        self.assertEqual((unknown.status, unknown.json()), (404, {"error": "unknown user"}))
                    else:
                        self.assertEqual((unknown.status, unknown.body), (known.status, known.body))

    def test_credentials_over_http(self):
        with Testbed("--flaw", "credentials-over-http") as site:
            for tb, flawed in [(site, True), (HARDENED, False)]:
                with self.subTest(flawed=flawed):
                    c = Client(tb, "http")
                    page = c.get("/app/login")
                    if not flawed:
                        self.assertEqual(page.status, 301)
                        self.assertTrue(page.header("Location").startswith("https://"))
                        r = c.post("/app/login", {"username": ALICE[0], "password": ALICE[1]})
                        self.assertEqual(r.status, 301)
                        self.assertEqual(r.set_cookies, [])
                        continue
                    self.assertEqual(page.status, 200)
                    self.assertIn('<form method="post" action="/app/login">', page.body)
                    self.assertNotIn("secure", page.cookie("app_pre")[1])
                    r = c.login(*ALICE)  # over plain http
                    self.assertEqual((r.status, r.header("Location")), (302, "/app/"))
                    self.assertNotIn("secure", r.cookie("app_session")[1])
                    # The rest of the site still redirects to https, where the session works.
                    self.assertEqual(c.get("/app/").status, 301)
                    self.assertEqual(c.get("/").status, 301)
                    r = Client(tb).get("/app/", cookies={"app_session": c.cookies["app_session"]})
                    self.assertIn("Signed in as <b>alice</b>", r.body)
        self.assertEqual(list_auth("--flaw", "credentials-over-http")["login_schemes"], ["https", "http"])

    def test_http_only_testbed(self):
        # Without an https listener: no login over http unless credentials-over-http.
        with Testbed("--hardened", https=False) as hardened, \
                Testbed("--flaw", "credentials-over-http", https=False) as flawed:
            r = Client(hardened, "http").get("/app/login")
            self.assertEqual(r.status, 200)
            self.assertIn("only possible over HTTPS", r.body)
            self.assertNotIn("<form", r.body)
            self.assertEqual(r.set_cookies, [])
            c = Client(hardened, "http")
            self.assertEqual(c.api_login(*ALICE).status, 403)
            r = c.get("/basic/")
            self.assertEqual(r.status, 403)
            self.assertIsNone(r.header("WWW-Authenticate"))
            c = Client(flawed, "http")
            self.assertEqual(c.login(*ALICE).status, 302)
            self.assertIn("Signed in as <b>alice</b>", c.get("/app/").body)


class Catalogue(unittest.TestCase):
    def test_flaw_rows_and_all_flaws(self):
        out = subprocess.run([harness.ARGS.testbed, "--list-flaws"], capture_output=True, text=True, check=True)
        rows = json.loads(out.stdout)
        self.assertEqual([r["id"] for r in rows if r.get("needs_login")], AUTH_FLAWS)
        jwt = [r for r in rows if r["id"] == "jwt-weak"]
        self.assertEqual(jwt[0]["login_paths"], ["/api/v2/login"])
        self.assertNotIn("needs_login", jwt[0])
        # --all-flaws leaves the login-only flaws off (the anonymous catalogue scan stays as it was).
        with Testbed("--all-flaws", https=False) as site:
            c = Client(site, "http")
            status = json.loads(c.get("/api/status").body)
            self.assertFalse(set(status["flaws"]) & set(AUTH_FLAWS))
            self.assertIn("jwt-weak", status["flaws"])
        self.assertEqual(list_auth("--all-flaws")["flaws"], ["jwt-weak"])

    def test_list_auth(self):
        doc = list_auth()
        self.assertEqual(doc["users"], [{"name": "alice", "password": "wonderland-2026", "role": "user"},
                                        {"name": "admin", "password": "admin-2026-secret", "role": "admin"}])
        self.assertEqual(doc["form_login"]["url"], "/app/login")
        self.assertEqual(doc["json_login"]["token_pointer"], "/token")
        self.assertEqual(doc["pages"]["admin"], ["/app/admin/", "/app/admin/users"])
        self.assertEqual(len(doc["pages"]["user"]), 6)
        self.assertEqual(doc["api"], {"user": ["/api/v2/me", "/api/v2/orders"], "admin": ["/api/v2/admin/users"]})
        self.assertEqual((doc["anonymous_visible"], doc["session_max_requests"], doc["flaws"]), ([], 0, []))
        # Other flags are reflected; --auth-user replaces the users (a password may hold ':').
        doc = list_auth("--auth-user", "bob:pa:ss:admin", "--auth-user", "carol:x:user",
                        "--flaw", "session-fixation", "--flaw", "user-enumeration")
        self.assertEqual(doc["users"], [{"name": "bob", "password": "pa:ss", "role": "admin"},
                                        {"name": "carol", "password": "x", "role": "user"}])
        self.assertEqual(doc["flaws"], ["session-fixation", "user-enumeration"])
        for bad in (["--auth-user", "bob:pw"], ["--auth-user", "bob:pw:root"], ["--auth-user", ":pw:user"],
                    ["--auth-user", "a:b:user", "--auth-user", "a:c:user"], ["--session-max-requests", "-1"]):
            proc = subprocess.run([harness.ARGS.testbed, *bad], capture_output=True, text=True)
            self.assertEqual(proc.returncode, 2, bad)

    def test_custom_users(self):
        with Testbed("--auth-user", "bob:pa:ss-2026:admin", "--auth-user", "carol:carol-pw:user") as site:
            c = Client(site)
            self.assertEqual(c.login(*ALICE).status, 200)
            self.assertEqual(c.login("bob", "pa:ss-2026").status, 302)
            self.assertIn("Signed in as <b>bob</b> (admin)", c.get("/app/admin/users").body)
            self.assertIn("<td>carol</td><td>user</td>", c.get("/app/admin/users").body)
            self.assertEqual(c.api_login("carol", "carol-pw").status, 200)


if __name__ == "__main__":
    harness.main()
