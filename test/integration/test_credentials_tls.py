"""Credentials go only over verified TLS unless the user opts in (--insecure-credentials).

The testbed's https listener has a self-signed certificate for 127.0.0.1 (written to
Testbed.cert). Without the opt-in a form login there fails with exit code 3 naming the origin
and the ways out, and the testbed never receives the login POST (the password); a header
identity's requests are not sent either, while the anonymous comparison crawl of the same
server goes on (connections made without verification are never reused for them). With
--insecure-credentials the login works and the reports carry a credentials-unverified-tls
notification; trusting the certificate (GAPSCAN_EXTRA_CA_FILE) needs no opt-in. An anonymous
scan is unchanged: it never verifies."""

import os
import unittest

import harness
from harness import Scan, Testbed

USER, PASSWORD = "alice", "wonderland-2026"


def login_env(base=None):
    """The login's credentials; the certificate is trusted only when `base` says so."""
    if base is None:
        base = {k: v for k, v in os.environ.items() if k != "GAPSCAN_EXTRA_CA_FILE"}
    return dict(base, GAPSCAN_USERNAME=USER, GAPSCAN_PASSWORD=PASSWORD)


def form_login(site, *extra):
    return ("scan", site.https + "/", "--login-url", site.https + "/app/login", "--rate", "0",
            "--fail-on", "none", "--exclude-checks", "tls-*", *extra)


def sarif_notes(scan):
    return [n for run in scan.sarif["runs"] for inv in run.get("invocations", [])
            for n in inv.get("toolExecutionNotifications", [])]


class CredentialsOverTls(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = Testbed("--hardened")

    @classmethod
    def tearDownClass(cls):
        cls.site.stop()

    def login_posts(self, since):
        return [r for r in self.site.requests()[since:]
                if r["method"] == "POST" and r["target"] == "/app/login"]

    def test_form_login_needs_a_verified_certificate_or_the_opt_in(self):
        site = self.site
        before = len(site.requests())
        refused = Scan(*form_login(site), env=login_env())
        self.assertEqual(refused.code, 3, refused.describe())
        self.assertIn("login failed", refused.stderr)
        self.assertIn(site.https, refused.stderr)
        self.assertIn("--insecure-credentials", refused.stderr)
        self.assertIn("GAPSCAN_EXTRA_CA_FILE", refused.stderr)
        self.assertNotIn(PASSWORD, refused.stderr + refused.stdout)
        # The password never reached the server: no login POST arrived at all.
        self.assertEqual(self.login_posts(before), [])
        self.assertFalse(refused.notifications("credentials-unverified-tls"))
        self.assertTrue(refused.notifications("credentials-not-sent"), refused.describe())

        before = len(site.requests())
        opted = Scan(*form_login(site, "--insecure-credentials"), env=login_env())
        self.assertEqual(opted.code, 0, opted.describe())
        harness.assert_reports_valid(self, opted)
        self.assertTrue(self.login_posts(before))
        notes = opted.notifications("credentials-unverified-tls")
        self.assertEqual([n["url"] for n in notes], [site.https], opted.describe())
        self.assertIn("credentials sent over unverified TLS to " + site.https, notes[0]["message"])
        self.assertTrue([n for n in sarif_notes(opted)
                         if "credentials sent over unverified TLS to " + site.https
                         in n["message"]["text"]], sarif_notes(opted))
        self.assertEqual(opted.report["scan"]["options"].get("insecure_credentials"), "true")

    def test_a_trusted_certificate_needs_no_opt_in(self):
        site = self.site
        before = len(site.requests())
        trusted = Scan(*form_login(site), env=login_env(site.trusting_env()))
        self.assertEqual(trusted.code, 0, trusted.describe())
        self.assertTrue(self.login_posts(before))
        self.assertFalse(trusted.notifications("credentials-unverified-tls"))
        self.assertFalse(trusted.notifications("credentials-not-sent"))

    def test_anonymous_scan_is_unchanged_and_header_credentials_are_held_back(self):
        site = self.site
        anonymous = Scan("scan", site.https + "/", "--rate", "0", "--fail-on", "none",
                         env=login_env())
        self.assertEqual(anonymous.code, 0, anonymous.describe())
        harness.assert_reports_valid(self, anonymous)
        self.assertTrue(anonymous.findings(), anonymous.describe())
        self.assertGreater(anonymous.report["scan"]["statistics"]["pages"], 3)
        self.assertFalse(anonymous.notifications("credentials-unverified-tls"))
        self.assertFalse(anonymous.notifications("credentials-not-sent"))

        # A static credential header: the anonymous comparison crawl shares the host (and
        # libcurl's connection cache) with the identity's crawl, yet no request carrying the
        # header goes out over an unverified connection.
        before = len(site.requests())
        token = "gs-test-token-0123456789abcdef"
        header = Scan("scan", site.https + "/", "--header", "Authorization: Bearer " + token,
                      "--rate", "0", "--fail-on", "none", env=login_env())
        seen = site.requests()[before:]
        self.assertEqual(header.code, 3, header.describe())
        self.assertIn("--insecure-credentials", header.stderr)
        self.assertTrue(seen, "the anonymous comparison crawl sent nothing")
        self.assertFalse([r for r in seen
                          if any(token in v for _, v in r["headers"])], "a credential was sent")
        self.assertNotIn(token, header.stderr + header.stdout)


if __name__ == "__main__":
    harness.main()
