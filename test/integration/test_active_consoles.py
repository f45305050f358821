"""The console group's active checks against the testbed: exposed-debug-endpoint,
exposed-admin-console, unauthenticated-api, default-credentials and crossdomain-policy-permissive.
Each flaw is reported once per origin with evidence; soft-404 servers produce nothing; credential
guessing is bounded, never locks the testbed's real administrator out, stops on lockout, and is off
with --no-credential-probes."""

import base64
import json
import unittest
import urllib.error
import urllib.request

import harness
from harness import Scan, Testbed

CHECKS = [
    "crossdomain-policy-permissive",
    "default-credentials",
    "exposed-admin-console",
    "exposed-debug-endpoint",
    "unauthenticated-api",
]
RANK = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}
ADMIN = ("tomcat", "Adm1n-Testbed-42z")  # the testbed's real Tomcat Manager administrator
MANAGER_PAGE = "Tomcat Web Application Manager"

# check -> (key, path of the finding URL, severity, a message fragment)
EXPECTED = {
    "exposed-debug-endpoint": ("spring-boot-actuator", "/actuator/env", "high", "property sources"),
    "exposed-admin-console": ("tomcat-manager", "/manager/html", "medium",
                              'protected by HTTP Basic auth (realm "Tomcat Manager Application")'),
    "unauthenticated-api": ("prometheus-metrics", "/metrics", "medium", "Prometheus metrics"),
    "default-credentials": ("tomcat-manager", "/manager/html", "high",
                            "accepts user 'tomcat' with the vendor default password"),
    "crossdomain-policy-permissive": ("/crossdomain.xml", "/crossdomain.xml", "medium", 'domain="*"'),
}


def scan(*targets, extra=()):
    return Scan("scan", *targets, "--rate", "0", "--fail-on", "none", "--checks", ",".join(CHECKS), *extra)


def basic_user(headers):
    """The user name of a request's Basic Authorization header, or None."""
    for name, value in headers:
        if name.lower() == "authorization" and value.lower().startswith("basic "):
            decoded = base64.b64decode(value[6:]).decode("utf-8", "replace")
            return decoded.split(":", 1)[0]
    return None


def logins(site, path=None):
    """(port, path, user) of every request that carried Basic credentials."""
    out = []
    for r in site.requests():
        user = basic_user(r["headers"])
        target = r["target"].split("?", 1)[0]
        if user is not None and (path is None or target == path):
            out.append((r["port"], target, user))
    return out


def manager_get(site, user, password):
    req = urllib.request.Request(site.http + "/manager/html")
    token = base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
    req.add_header("Authorization", "Basic " + token)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


class AllFlaws(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = Testbed("--all-flaws")
        cls.scan = scan(cls.site.http + "/", cls.site.https + "/")
        cls.origins = [cls.site.http, cls.site.https]

    @classmethod
    def tearDownClass(cls):
        cls.site.stop()

    def test_reports_valid(self):
        harness.assert_reports_valid(self, self.scan)

    def test_within_request_budgets(self):
        self.assertFalse(self.scan.notifications("probe-budget-exhausted"), self.scan.describe())
        probes = self.scan.report["scan"]["statistics"]["probe_requests"]
        # Two origins; calibration is shared and counted apart.
        self.assertLessEqual(sum(probes[c] for c in CHECKS) + probes.get("soft-404-calibration", 0), 2 * 150, probes)

    def test_each_flaw_once_per_origin_with_evidence(self):
        for check, (key, path, severity, fragment) in EXPECTED.items():
            findings = self.scan.findings(check)
            with self.subTest(check=check):
                for origin in self.origins:
                    mine = [f for f in findings if f["url"].startswith(origin + "/")]
                    self.assertEqual(len(mine), 1, "%s on %s: %s\n%s" % (check, origin, mine, self.scan.describe()))
                    f = mine[0]
                    self.assertEqual(f["key"], key)
                    self.assertEqual(f["url"], origin + path)
                    self.assertEqual(f["severity"], severity)
                    self.assertIn(fragment, f["message"] + " " + json.dumps(f["evidence"]))
                    ev = f["evidence"]
                    self.assertTrue(ev.get("snippet") and ev.get("note"), f)
                self.assertEqual(len(findings), 2, [(x["url"], x["key"]) for x in findings])

    def test_no_password_in_reports(self):
        for path in (self.scan.json_path, self.scan.sarif_path):
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            self.assertNotIn("s3cret", text)
            self.assertNotIn(base64.b64encode(b"tomcat:s3cret").decode(), text)
            self.assertNotIn(ADMIN[1], text)

    def test_credential_attempts_bounded(self):
        # Tomcat (vendor default found on the second attempt) and the crawled /admin/ Basic area
        # (nothing accepted): at most 10 attempts per surface and origin, at most 2 per account.
        per_surface = {}
        per_account = {}
        for port, path, user in logins(self.site):
            per_surface[(port, path)] = per_surface.get((port, path), 0) + 1
            per_account[(port, path, user)] = per_account.get((port, path, user), 0) + 1
        self.assertTrue(per_surface)
        for surface, n in per_surface.items():
            self.assertLessEqual(n, 10, surface)
        for account, n in per_account.items():
            self.assertLessEqual(n, 2, account)
        for port in (self.site.http_port, self.site.https_port):
            self.assertEqual(per_surface.get((port, "/manager/html")), 2, per_surface)
        self.assertFalse(self.scan.notifications("account-lockout-observed"))

    def test_only_get_and_graphql_post(self):
        for r in self.site.requests():
            if r["method"] in ("GET", "HEAD"):
                continue
            # The crawler does not submit forms by default; POSTs here are probes.
            self.assertIn(r["target"], ("/graphql", "/api/graphql"), r)


class NoCredentialProbes(unittest.TestCase):
    def test_zero_requests(self):
        with Testbed("--all-flaws") as site:
            s = Scan("scan", site.http + "/", site.https + "/", "--rate", "0", "--fail-on", "none",
                     "--checks", "default-credentials", "--no-credential-probes")
            self.assertEqual(s.report["scan"]["statistics"]["probe_requests"]["default-credentials"], 0,
                             s.describe())
            self.assertFalse(s.findings("default-credentials"))
            self.assertEqual(logins(site), [])


class Lockout(unittest.TestCase):
    def test_no_default_password_never_locks_the_admin(self):
        # The console is there (exposed-admin-console) but accepts no default password, and
        # locks an account after 3 failures: the scan must stay below that for every account.
        with Testbed("--flaw", "exposed-admin-console", "--lockout-after", "3", https=False) as site:
            s = scan(site.http + "/")
            self.assertFalse(s.findings("default-credentials"), s.describe())
            self.assertEqual(len(s.findings("exposed-admin-console")), 1, s.describe())
            self.assertFalse(s.notifications("account-lockout-observed"))
            attempts = logins(site, "/manager/html")
            self.assertGreaterEqual(len(attempts), 5)
            self.assertLessEqual(len(attempts), 10)
            users = {}
            for _, _, user in attempts:
                users[user] = users.get(user, 0) + 1
            self.assertLessEqual(max(users.values()), 2, users)
            self.assertEqual(users.get("tomcat"), 2, users)
            status, body = manager_get(site, *ADMIN)
            self.assertEqual(status, 200, body)
            self.assertIn(MANAGER_PAGE, body)

    def test_vendor_default_found_within_budget(self):
        with Testbed("--flaw", "default-credentials", "--lockout-after", "3", https=False) as site:
            s = scan(site.http + "/")
            found = s.findings("default-credentials")
            self.assertEqual(len(found), 1, s.describe())
            self.assertIn("user 'tomcat' with the vendor default password", found[0]["message"])
            self.assertLessEqual(len(logins(site, "/manager/html")), 10)
            status, body = manager_get(site, *ADMIN)
            self.assertEqual(status, 200, body)

    def test_lockout_observed_stops_guessing(self):
        # Positive control: an account locks after one failure. The check must notice the
        # changed answer, record a notification instead of a finding, and stop at once.
        with Testbed("--flaw", "exposed-admin-console", "--lockout-after", "1", https=False) as site:
            s = scan(site.http + "/")
            self.assertFalse(s.findings("default-credentials"))
            notes = s.notifications("account-lockout-observed")
            self.assertEqual(len(notes), 1, s.describe())
            self.assertEqual(notes[0]["url"], site.http + "/manager/html")
            self.assertIn("locked", notes[0]["message"])
            # control (random user), tomcat (fails, locks), tomcat again (refused as locked): stop.
            self.assertEqual(len(logins(site, "/manager/html")), 3)
            # The testbed really locked the account: even the real password is refused now.
            status, body = manager_get(site, *ADMIN)
            self.assertEqual(status, 401)
            self.assertIn("account locked", body)


class Soft404(unittest.TestCase):
    def test_nothing_above_info(self):
        for mode in ("home", "custom", "redirect", "area401", "dot403"):
            with self.subTest(mode=mode), Testbed("--hardened", "--soft404", mode) as site:
                s = scan(site.http + "/", site.https + "/")
                self.assertIsNotNone(s.report, s.describe())
                above = [(f["check"], f["url"], f["message"]) for f in s.findings()
                         if f["check"] in CHECKS and RANK[f["severity"]] > 0]
                self.assertEqual(above, [])
                self.assertFalse(s.notifications("account-lockout-observed"))
                # area401: the crawled Basic area is one surface per origin, guessed at most 10 times.
                per_port = {}
                for port, _, _ in logins(site):
                    per_port[port] = per_port.get(port, 0) + 1
                for port, n in per_port.items():
                    self.assertLessEqual(n, 10, (mode, port))
                if mode == "area401":
                    # The generic area was tried (and nothing was accepted).
                    self.assertTrue(per_port, "no credential attempt on the crawled Basic area")
                else:
                    self.assertEqual(per_port, {}, mode)


if __name__ == "__main__":
    harness.main()
