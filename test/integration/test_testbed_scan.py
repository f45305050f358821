"""Scans the testbed with every flaw on and hardened: each foundation check reports its flaw
once, with evidence; the hardened site yields nothing above info."""

import unittest

import harness
from harness import Scan, Testbed, rule_check

FOUNDATION_CHECKS = [
    "csp-missing", "hsts-missing", "x-content-type-options-missing",
    "clickjacking-protection-missing", "cookie-no-secure", "cookie-no-httponly",
    "cookie-no-samesite", "server-version-disclosure", "directory-listing",
]
SEVERITY_RANK = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}


class TestbedScan(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.flawed = Testbed("--all-flaws")
        cls.scan = Scan("scan", cls.flawed.http + "/", cls.flawed.https + "/", "--rate", "0",
                        "--fail-on", "none", "--no-progress")
        cls.hardened = Testbed("--hardened")
        cls.hardened_scan = Scan("scan", cls.hardened.http + "/", cls.hardened.https + "/",
                                 "--rate", "0", "--fail-on", "none", "--no-progress",
                                 env=cls.hardened.trusting_env())

    @classmethod
    def tearDownClass(cls):
        cls.flawed.stop()
        cls.hardened.stop()

    def test_exit_and_reports_valid(self):
        self.assertEqual(self.scan.code, 0, self.scan.describe())
        harness.assert_reports_valid(self, self.scan)
        harness.assert_reports_valid(self, self.hardened_scan)

    def test_every_foundation_check_reports_its_flaw_with_evidence(self):
        found = self.scan.checks_found()
        for check in FOUNDATION_CHECKS:
            with self.subTest(check=check):
                self.assertIn(check, found, self.scan.describe())
                for f in self.scan.findings(check):
                    ev = f["evidence"]
                    self.assertTrue(ev.get("header_name") or ev.get("snippet") or ev.get("note"), f)
                    self.assertGreater(f["response"]["status"], 0, f)

    def test_site_wide_findings_are_one_per_origin(self):
        for check in ["csp-missing", "x-content-type-options-missing", "clickjacking-protection-missing"]:
            origins = [f["url"].split("/")[2] for f in self.scan.findings(check)]
            self.assertEqual(len(origins), len(set(origins)), check)
            self.assertEqual(len(origins), 2, check)  # http and https origins
            for f in self.scan.findings(check):
                self.assertGreater(f["affected_count"], 1, f)
                self.assertTrue(f["affected_urls"], f)

    def test_hsts_only_on_https(self):
        hsts = self.scan.findings("hsts-missing")
        self.assertEqual(len(hsts), 1)
        self.assertTrue(hsts[0]["url"].startswith("https://"), hsts[0])

    def test_cookie_findings_judge_every_cookie_session_ones_first(self):
        # The session cookie at the check's severity; any other cookie (the theme cookie, a
        # tracking id) one level lower, saying why it is still reported.
        for check, severity, lower in [("cookie-no-httponly", "low", "info"),
                                       ("cookie-no-samesite", "low", "info"),
                                       ("session-cookie-over-http", "high", "medium")]:
            findings = self.scan.findings(check)
            self.assertTrue(any(f["key"] == "SESSIONID" for f in findings), (check, findings))
            for f in findings:
                if f["key"] == "SESSIONID":
                    self.assertEqual(f["severity"], severity, f)
                    self.assertNotIn("not a session cookie", f["message"], f)
                else:
                    self.assertEqual(f["severity"], lower, f)
                    self.assertIn("not a session cookie by name or value, but", f["message"], f)
        self.assertIn("theme", [f["key"] for f in self.scan.findings("cookie-no-httponly")])
        secure = self.scan.findings("cookie-no-secure")
        self.assertTrue(secure)
        self.assertTrue(all(f["url"].startswith("https://") for f in secure), secure)

    def test_directory_listing_evidence_is_the_listing_line(self):
        listing = self.scan.findings("directory-listing")
        self.assertTrue(listing)
        for f in listing:
            self.assertIn("/files/", f["url"])
            self.assertIn("Index of", f["evidence"]["snippet"])
            self.assertGreater(f["evidence"]["line"], 0)

    def test_crawler_reached_robots_and_sitemap_pages(self):
        paths = {r["target"] for r in self.flawed.requests()}
        for p in ["/robots.txt", "/sitemap.xml", "/private/", "/from-sitemap.html", "/docs/guide.html",
                  "/files/", "/about.html"]:
            self.assertIn(p, paths)
        self.assertTrue(any(p.startswith("/search?q=") for p in paths), "GET form not followed")

    def test_post_forms_are_not_submitted_by_default(self):
        requests = self.flawed.requests()
        # The site's POST forms (login, account settings) are never submitted...
        form_posts = [r for r in requests
                      if r["method"] == "POST" and r["target"].split("?")[0] in ("/login", "/account/settings")]
        self.assertEqual(form_posts, [])
        # ...and beyond GET/HEAD/OPTIONS only the probe methods the catalogue names are sent:
        # TRACE, PROPFIND, and POST for GraphQL introspection. Never PUT or DELETE by default.
        methods = {r["method"] for r in requests}
        self.assertTrue(methods <= {"GET", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "POST"}, methods)

    def test_hardened_has_nothing_above_info(self):
        self.assertEqual(self.hardened_scan.code, 0, self.hardened_scan.describe())
        above = [f for f in self.hardened_scan.findings() if SEVERITY_RANK[f["severity"]] > 0]
        self.assertEqual(above, [])
        self.assertGreater(self.hardened_scan.report["scan"]["statistics"]["pages"], 10)

    def test_sarif_results_match_json_findings(self):
        results = self.scan.sarif["runs"][0]["results"]
        self.assertEqual(len(results), len(self.scan.findings()))
        self.assertEqual(sorted(rule_check(r["ruleId"]) for r in results), sorted(f["check"] for f in self.scan.findings()))


if __name__ == "__main__":
    harness.main()
