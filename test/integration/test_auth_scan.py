"""Authenticated scanning against the testbed's members area: form login and JSON
login before the crawl, re-login when the testbed expires the session mid-scan, a wrong
password failing the scan with exit code 3, every authentication flaw switch found with its
pair of requests (and nothing on --hardened), no secret in any output, and no credential
sent to a second loopback server linked from the site."""

import json
import os
import re
import subprocess
import unittest

import harness
from harness import Scan, Testbed, work

USERS = {"alice": "wonderland-2026", "admin": "admin-2026-secret"}
AUTH_CHECKS = ["access-control-missing", "session-fixation", "session-not-invalidated",
               "session-cookie-weak", "jwt-signature-not-verified", "login-no-rate-limit",
               "user-enumeration", "credentials-over-http"]


def list_auth():
    out = subprocess.run([harness.ARGS.testbed, "--list-auth"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def login_env(user="alice", password=None):
    return dict(os.environ, GAPSCAN_USERNAME=user, GAPSCAN_PASSWORD=password or USERS[user])


# The testbed's certificate is self-signed: logging in over its https listener needs the opt-in
# (test_credentials_tls.py covers what happens without it).
INSECURE = "--insecure-credentials"


def form_login(site, *extra):
    return ["--login-url", site.https + "/app/login", "--rate", "0", "--fail-on", "none", INSECURE, *extra]


def json_login(site, *extra):
    return ["--login-url", site.https + "/api/v2/login", "--login-type", "json",
            "--login-check-url", site.https + "/api/v2/me", "--rate", "0", "--fail-on", "none", INSECURE, *extra]


def cookie_of(request, name):
    for k, v in request["headers"]:
        if k.lower() == "cookie":
            for part in v.split(";"):
                n, _, val = part.strip().partition("=")
                if n == name:
                    return val
    return None


def two_identities_policy(site):
    path = work("auth-identities.yml")
    with open(path, "w") as f:
        f.write("identities:\n"
                "  - name: admin\n"
                "    login-url: %s/app/login\n"
                "    username-env: GAPSCAN_ADMIN_USER\n"
                "    password-env: GAPSCAN_ADMIN_PASSWORD\n"
                "  - name: user\n"
                "    login-url: %s/app/login\n"
                "    username-env: GAPSCAN_USER_USER\n"
                "    password-env: GAPSCAN_USER_PASSWORD\n"
                "  - name: anonymous\n" % (site.https, site.https))
    env = dict(os.environ, GAPSCAN_ADMIN_USER="admin", GAPSCAN_ADMIN_PASSWORD=USERS["admin"],
               GAPSCAN_USER_USER="alice", GAPSCAN_USER_PASSWORD=USERS["alice"])
    return path, env


class AuthenticatedCrawl(unittest.TestCase):
    def test_form_login_reaches_every_member_page_and_logs_in_again(self):
        pages = list_auth()["pages"]["user"]
        # The testbed drops a session after 4 requests: the crawl must log in again.
        with Testbed("--hardened", "--session-max-requests", "4") as site:
            anonymous = Scan("scan", site.https + "/", "--rate", "0", "--fail-on", "none")
            anon_ok = {r["target"] for r in site.requests() if r.get("status") == 200}
            # (session-not-invalidated logs out its own, separate session; not the crawl's.)
            scan = Scan("scan", site.https + "/", *form_login(site, "--exclude-checks", "session-not-invalidated"),
                        env=login_env())
            hits = site.requests()
        self.assertEqual(anonymous.code, 0, anonymous.describe())
        self.assertEqual(scan.code, 0, scan.describe())
        harness.assert_reports_valid(self, scan)
        for page in pages:
            self.assertNotIn(page, anon_ok, "anonymous crawling reached " + page)
            ok = [r for r in hits if r["target"] == page and r.get("status") == 200
                  and cookie_of(r, "app_session")]
            self.assertTrue(ok, "the authenticated crawl did not reach " + page)
        relogins = scan.notifications("relogin")
        self.assertTrue(relogins, scan.describe())
        logins = [r for r in hits if r["method"] == "POST" and r["target"] == "/app/login"]
        self.assertGreaterEqual(len(logins), 2)
        # The logout link is never followed while logged in.
        self.assertFalse([r for r in hits if r["target"] == "/app/logout" and cookie_of(r, "app_session")])
        self.assertTrue([n for n in scan.notifications("auth-excluded") if n["url"].endswith("/app/logout")])

    def test_json_login_sends_the_token_to_the_api(self):
        with Testbed("--hardened") as site:
            scan = Scan("scan", site.https + "/", site.https + "/api/v2/orders", *json_login(site),
                        env=login_env())
            hits = site.requests()
        self.assertEqual(scan.code, 0, scan.describe())
        api = [r for r in hits if r["target"] == "/api/v2/orders" and r.get("status") == 200]
        self.assertTrue(api, "no authenticated API request")
        for r in api:
            self.assertTrue(any(k.lower() == "authorization" and v.startswith("Bearer ey")
                                for k, v in r["headers"]), r)

    def test_wrong_password_fails_with_exit_code_3(self):
        with Testbed("--hardened") as site:
            scan = Scan("scan", site.https + "/", *form_login(site), env=login_env("alice", "not-the-password"))
            hits = site.requests()
            bad_json = Scan("scan", site.https + "/", *json_login(site), env=login_env("alice", "nope"))
        self.assertEqual(scan.code, 3, scan.describe())
        self.assertIn("login failed", scan.stderr)
        self.assertIn("identity 'default'", scan.stderr)
        self.assertNotIn("not-the-password", scan.stderr + scan.stdout)
        # Nothing was crawled: no silent anonymous scan.
        self.assertEqual({r["target"] for r in hits}, {"/app/login"})
        self.assertEqual(bad_json.code, 3, bad_json.describe())
        self.assertIn("refused (401)", bad_json.stderr)


class AuthFlaws(unittest.TestCase):
    """Each flaw switch gives its finding with the pair of requests; --hardened gives none."""

    def scan_form(self, site, *extra, env=None):
        return Scan("scan", site.https + "/", *form_login(site, "--checks", ",".join(AUTH_CHECKS), *extra),
                    env=env or login_env())

    def assert_only(self, scan, check):
        self.assertEqual(scan.code, 0, scan.describe())
        harness.assert_reports_valid(self, scan)
        found = [f["check"] for f in scan.findings()]
        self.assertIn(check, found, scan.describe())
        self.assertEqual(set(found), {check}, found)
        return scan.findings(check)

    def test_hardened_gives_no_auth_finding(self):
        with Testbed("--hardened") as site:
            policy, env = two_identities_policy(site)
            form = Scan("scan", site.https + "/", "--config", policy, "--rate", "0", "--fail-on", "none",
                        "--checks", ",".join(AUTH_CHECKS), "--intrusive", INSECURE, env=env)
            api = Scan("scan", site.https + "/", site.https + "/api/v2/orders",
                       *json_login(site, "--checks", ",".join(AUTH_CHECKS), "--intrusive"), env=login_env())
        for scan in (form, api):
            self.assertEqual(scan.code, 0, scan.describe())
            self.assertEqual(scan.findings(), [], scan.describe())
            probes = scan.report["scan"]["statistics"]["probe_requests"]
            self.assertGreater(probes["login-no-rate-limit"], 0)
        self.assertGreater(form.report["scan"]["statistics"]["probe_requests"]["access-control-missing"], 0)

    def test_access_control_missing(self):
        with Testbed("--flaw", "access-control-missing") as site:
            policy, env = two_identities_policy(site)
            scan = Scan("scan", site.https + "/", site.https + "/api/v2/orders", "--config", policy,
                        "--rate", "0", "--fail-on", "none", "--checks", "access-control-missing", INSECURE,
                        env=env)
        found = self.assert_only(scan, "access-control-missing")
        by = {(f["url"].split("127.0.0.1")[1].split("/", 1)[1], f["key"]) for f in found}
        self.assertIn(("app/orders/1002", "anonymous"), {(u, k) for u, k in by})
        self.assertIn(("app/admin/users", "user"), {(u, k) for u, k in by})
        for f in found:
            self.assertEqual(f["response"]["status"], 200)
            self.assertEqual(f["comparison"]["response"]["status"], 200)
            self.assertIn("refuses", f["evidence"]["note"])
        # Pages that do check access stay out.
        self.assertFalse([f for f in found if f["url"].endswith("/app/orders/1001")])

    def test_access_control_missing_on_the_bearer_api(self):
        with Testbed("--flaw", "access-control-missing") as site:
            scan = Scan("scan", site.https + "/", site.https + "/api/v2/me", site.https + "/api/v2/orders",
                        *json_login(site, "--checks", "access-control-missing"), env=login_env())
        found = self.assert_only(scan, "access-control-missing")
        self.assertEqual([f["url"] for f in found], [site.https + "/api/v2/orders"], found)
        f = found[0]
        self.assertEqual(f["key"], "anonymous")
        self.assertFalse([h for h in f["request"]["headers"] if h[0].lower() == "authorization"])
        self.assertTrue([h for h in f["comparison"]["request"]["headers"] if h[0].lower() == "authorization"])
        self.assertIn("/api/v2/me in the same area refuses", f["evidence"]["note"])

    def test_session_fixation(self):
        with Testbed("--flaw", "session-fixation") as site:
            scan = self.scan_form(site)
        f = self.assert_only(scan, "session-fixation")[0]
        self.assertEqual(f["response"]["status"], 200)
        self.assertIn("comparison", f)

    def test_session_not_invalidated(self):
        with Testbed("--flaw", "session-not-invalidated") as site:
            scan = self.scan_form(site)
        f = self.assert_only(scan, "session-not-invalidated")[0]
        self.assertIn("logout", f["comparison"]["request"]["url"])

    def test_session_cookie_weak(self):
        with Testbed("--flaw", "session-cookie-weak") as site:
            scan = self.scan_form(site)
        found = self.assert_only(scan, "session-cookie-weak")
        keys = " ".join(f["key"] for f in found)
        for kind in ("app_session", "ttponly", "ecure"):
            self.assertIn(kind, keys.lower() if kind != "app_session" else keys)

    def test_jwt_signature_not_verified(self):
        with Testbed("--flaw", "jwt-signature-not-verified") as site:
            scan = Scan("scan", site.https + "/", site.https + "/api/v2/orders",
                        *json_login(site, "--checks", ",".join(AUTH_CHECKS)), env=login_env())
        f = self.assert_only(scan, "jwt-signature-not-verified")[0]
        self.assertEqual(f["severity"], "critical")
        self.assertIn(f["comparison"]["response"]["status"], (401, 403))

    def test_login_no_rate_limit_only_with_intrusive(self):
        with Testbed("--flaw", "login-no-rate-limit") as site:
            polite = self.scan_form(site)
            scan = self.scan_form(site, "--intrusive")
        self.assertEqual(polite.findings(), [], polite.describe())
        self.assertEqual(polite.report["scan"]["statistics"]["probe_requests"]["login-no-rate-limit"], 0)
        self.assert_only(scan, "login-no-rate-limit")

    def test_user_enumeration(self):
        with Testbed("--flaw", "user-enumeration") as site:
            scan = self.scan_form(site)
        f = self.assert_only(scan, "user-enumeration")[0]
        self.assertIn("comparison", f)

    def test_credentials_over_http(self):
        with Testbed("--flaw", "credentials-over-http") as site:
            scan = Scan("scan", site.http + "/", "--login-url", site.http + "/app/login", "--rate", "0",
                        "--fail-on", "none", "--checks", "credentials-over-http,login-form-over-http",
                        env=login_env())
        self.assertEqual(scan.code, 0, scan.describe())
        self.assertIn("credentials-over-http", scan.checks_found(), scan.describe())
        self.assertIn("login-form-over-http", scan.checks_found(), scan.describe())


class AuthSecrets(unittest.TestCase):
    def test_no_secret_in_any_output_and_none_to_a_foreign_server(self):
        outputs = {ext: work("auth-secrets." + ext) for ext in ("md", "junit.xml", "gitlab.json", "html")}
        with Testbed("--hardened", https=False) as foreign:
            with Testbed("--flaw", "session-cookie-weak", "--also-link", foreign.http + "/linked", "--session-max-requests", "9") as site:
                # --include puts the foreign server in scope: it is crawled, but gets no credential.
                form = Scan("scan", site.https + "/", *form_login(site, "--jsonl", "--markdown", outputs["md"],
                                                                  "--include", "^" + re.escape(foreign.http) + "/",
                                                                  "--junit", outputs["junit.xml"],
                                                                  "--gitlab", outputs["gitlab.json"],
                                                                  "--html", outputs["html"]),
                            env=login_env())
                api = Scan("scan", site.https + "/", site.https + "/api/v2/orders", *json_login(site, "--jsonl", "--exclude-checks", "jwt-signature-not-verified"),
                           env=login_env())
                hits = site.requests()
            foreign_hits = foreign.requests()
        self.assertEqual(form.code, 0, form.describe())
        self.assertEqual(api.code, 0, api.describe())
        secrets = set(USERS.values())
        for r in hits:
            for k, v in r["headers"]:
                if k.lower() == "cookie":
                    secrets.update(p.split("=", 1)[1] for p in v.split("; ") if "=" in p and len(p.split("=", 1)[1]) >= 6)
                if k.lower() == "authorization" and v.startswith("Bearer "):
                    secrets.add(v[7:])
        self.assertTrue(any(s.startswith("ey") for s in secrets), "no token captured")
        self.assertTrue(any(re.fullmatch(r"1000\d\d", s) for s in secrets), "no weak session id captured")
        texts = [form.stdout, form.stderr, api.stdout, api.stderr]
        for path in [form.json_path, form.sarif_path, api.json_path, api.sarif_path] + list(outputs.values()):
            with open(path, encoding="utf-8") as f:
                texts.append(f.read())
        for text in texts:
            for s in secrets:
                self.assertNotIn(s, text)
        self.assertTrue(foreign_hits)
        for r in foreign_hits:
            for k, v in r["headers"]:
                self.assertNotIn(k.lower(), ("cookie", "authorization"), r)


if __name__ == "__main__":
    harness.main()
