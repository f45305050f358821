"""Scope and credential safety: links and redirects to other origins are never requested, and
credentials never reach another origin, even one that the scope allows."""

import re
import unittest

import harness
from harness import Scan, Testbed

SECRET = "Bearer gapscan-test-secret-4f1c"


class Scope(unittest.TestCase):
    def test_other_origins_get_zero_hits(self):
        with Testbed("--hardened", https=False) as foreign:
            with Testbed("--all-flaws", "--also-link", foreign.http + "/linked",
                         "--redirect-to", foreign.http + "/redirected", https=False) as site:
                scan = Scan("scan", site.http + "/", "--rate", "0", "--fail-on", "none",
                            "--header", "Authorization: " + SECRET)
                self.assertEqual(scan.code, 0, scan.describe())
                self.assertEqual(foreign.requests(), [])
                hits = [r["target"] for r in site.requests()]
                self.assertIn("/go-away", hits)
                notes = scan.notifications("redirect-out-of-scope")
                self.assertTrue(notes, scan.report["notifications"])

    def test_credentials_never_cross_origins_on_redirect(self):
        with Testbed("--hardened", https=False) as foreign:
            with Testbed("--all-flaws", "--redirect-to", foreign.http + "/redirected",
                         "--also-link", foreign.http + "/linked", https=False) as site:
                # The include pattern widens the scope to the foreign origin: it may be crawled,
                # but it is not one of the targets, so it must never see the credentials.
                scan = Scan("scan", site.http + "/", "--rate", "0", "--fail-on", "none",
                            "--include", "^" + re.escape(foreign.http) + "/",
                            "--header", "Authorization: " + SECRET,
                            "--header", "Cookie: sid=gapscan-cookie-secret")
                self.assertEqual(scan.code, 0, scan.describe())
                foreign_hits = foreign.requests()
                self.assertTrue(any(r["target"] == "/redirected" for r in foreign_hits), foreign_hits)
                for r in foreign_hits:
                    names = [h[0].lower() for h in r["headers"]]
                    self.assertNotIn("authorization", names, r)
                    self.assertNotIn("cookie", names, r)
                site_hits = site.requests()
                self.assertTrue(site_hits)
                authenticated = set()
                for r in site_hits:
                    auth = [h[1] for h in r["headers"] if h[0].lower() == "authorization"]
                    cookies = [h[1] for h in r["headers"] if h[0].lower() == "cookie"]
                    # Every request to the target carries the user's credentials, except the
                    # default-credentials probes, which send their own Basic guess instead, and
                    # the anonymous comparison crawl (access-control-missing), which sends none.
                    if auth and auth[0].startswith("Basic "):
                        self.assertEqual(len(auth), 1, r)
                        continue
                    if not auth:
                        self.assertEqual(cookies, [], r)
                        continue
                    self.assertEqual(auth, [SECRET], r)
                    authenticated.add(r["target"])
                anonymous = {r["target"] for r in site_hits if not any(h[0].lower() == "authorization" for h in r["headers"])}
                self.assertIn("/", authenticated)
                self.assertLessEqual(anonymous - authenticated, {t for t in anonymous if t.startswith("/gs")}, anonymous - authenticated)

    def test_secrets_are_redacted_in_reports(self):
        with Testbed("--all-flaws", https=False) as site:
            scan = Scan("scan", site.http + "/", "--rate", "0", "--fail-on", "none",
                        "--header", "Authorization: " + SECRET)
            for path in (scan.json_path, scan.sarif_path):
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                self.assertNotIn("gapscan-test-secret-4f1c", text)
            harness.assert_reports_valid(self, scan)

    def test_prefix_scope_stays_under_the_prefix(self):
        with Testbed("--all-flaws", https=False) as site:
            scan = Scan("scan", site.http + "/docs/", "--scope", "prefix", "--rate", "0", "--fail-on", "none")
            self.assertEqual(scan.code, 0, scan.describe())
            for r in site.requests():
                self.assertTrue(r["target"].startswith("/docs/") or r["target"] in ("/robots.txt", "/sitemap.xml"), r)

    def test_exclude_pattern_is_never_requested(self):
        with Testbed("--all-flaws", https=False) as site:
            scan = Scan("scan", site.http + "/", "--exclude", "/docs/", "--rate", "0", "--fail-on", "none")
            self.assertEqual(scan.code, 0, scan.describe())
            self.assertFalse([r for r in site.requests() if r["target"].startswith("/docs/")])


if __name__ == "__main__":
    harness.main()
