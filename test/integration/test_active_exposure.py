"""The exposed-* file checks (exposed-vcs, exposed-config, exposed-backup, exposed-log,
exposed-status-page) against the testbed: each flaw is reported exactly once per origin with
its evidence and severity, secrets stay out of the reports, every soft-404 behaviour of the
hardened testbed yields nothing, and each check keeps to its request budget."""

import json
import subprocess
import unittest

import harness
from harness import Scan, Testbed

# check -> (severity, path of the finding, key)
EXPECTED = {
    "exposed-vcs": ("high", "/.git/HEAD", "git"),
    "exposed-config": ("high", "/.env", "/.env"),
    "exposed-backup": ("medium", "/about.html.bak", "/about.html.bak"),
    "exposed-log": ("medium", "/logs/error.log", "/logs/error.log"),
    "exposed-status-page": ("medium", "/server-status", "apache-server-status"),
}
CHECKS = sorted(EXPECTED)

# Requests each check sends itself per origin (the shared soft-404 calibration is counted on
# its own line), as stated at the top of each check's source file.
PROBE_BUDGET = {
    "exposed-vcs": 8,
    "exposed-config": 31,
    # 12 fixed probes, 7 backup names of at most 10 pages, 2 verification requests per page
    # with a candidate copy.
    "exposed-backup": 12 + 70 + 20,
    "exposed-log": 11,
    "exposed-status-page": 11,
}
# The five checks together, calibration included, per origin.
TOTAL_BUDGET = 215

# Secret values the testbed serves; reports show them masked.
SECRETS = ["Tb-Db-Secret-2024", "glpat-T3stb3dT0k3n", "dGVzdGJlZC1hcHAta2V5"]

SOFT404_MODES = ["home", "custom", "redirect", "area401", "dot403"]


def scan_args(site):
    return ["scan", site.http + "/", site.https + "/", "--rate", "0", "--fail-on", "none",
            "--checks", ",".join(CHECKS)]


class Flawed(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        flags = []
        for check in CHECKS:
            flags += ["--flaw", check]
        # The http listener serves the site (as with --all-flaws) instead of redirecting.
        cls.site = Testbed(*flags, "--flaw", "https-not-enforced")
        cls.scan = Scan(*scan_args(cls.site))
        cls.origins = [cls.site.http, cls.site.https]

    @classmethod
    def tearDownClass(cls):
        cls.site.stop()

    def test_reports_valid(self):
        harness.assert_reports_valid(self, self.scan)
        self.assertEqual(self.scan.code, 0, self.scan.describe())

    def test_each_check_reports_once_per_origin_with_evidence(self):
        self.assertEqual(sorted(self.scan.checks_found()), CHECKS, self.scan.describe())
        for check, (severity, path, key) in EXPECTED.items():
            for origin in self.origins:
                with self.subTest(check=check, origin=origin):
                    mine = [f for f in self.scan.findings(check) if f["url"].startswith(origin + "/")]
                    self.assertEqual(len(mine), 1, mine)
                    f = mine[0]
                    self.assertEqual(f["url"], origin + path)
                    self.assertEqual(f["severity"], severity)
                    self.assertEqual(f["key"], key)
                    self.assertEqual(f["request"]["url"], origin + path)
                    self.assertEqual(f["request"]["method"], "GET")
                    self.assertEqual(f["response"]["status"], 200)
                    self.assertTrue(f["evidence"]["snippet"].strip(), f)
                    self.assertIn("HTTP 200", f["evidence"]["note"])
                    self.assertEqual(f["affected_urls"], [origin + path])

    def test_evidence_content(self):
        by_check = {c: [f for f in self.scan.findings(c) if f["url"].startswith(self.site.https + "/")][0]
                    for c in CHECKS}
        vcs = by_check["exposed-vcs"]
        self.assertTrue(vcs["evidence"]["snippet"].startswith("ref: refs/heads/main"), vcs)
        self.assertIn("https://***@git.gapscan-testbed.dev/web/site.git", vcs["message"])
        config = by_check["exposed-config"]
        self.assertIn("DB_PASSWORD=Tb****", config["evidence"]["snippet"])
        self.assertIn("DB_PASSWORD", config["message"])
        backup = by_check["exposed-backup"]
        self.assertIn("backup copy of /about.html", backup["message"])
        log = by_check["exposed-log"]
        self.assertIn("Apache error log", log["message"])
        self.assertIn("[mpm_prefork:notice]", log["evidence"]["snippet"])
        status = by_check["exposed-status-page"]
        self.assertIn("Apache Server Status for", status["evidence"]["snippet"])
        self.assertIn("Server Version: Apache/2.4.41", status["message"])

    def test_secrets_stay_out_of_the_reports(self):
        for path in (self.scan.json_path, self.scan.sarif_path):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            for secret in SECRETS:
                self.assertNotIn(secret, text, path)

    def test_request_budgets(self):
        probes = self.scan.report["scan"]["statistics"]["probe_requests"]
        origins = len(self.origins)
        for check in CHECKS:
            with self.subTest(check=check):
                self.assertGreater(probes.get(check, 0), 0, probes)
                self.assertLessEqual(probes[check], origins * PROBE_BUDGET[check], probes)
        total = sum(probes[c] for c in CHECKS) + probes.get("soft-404-calibration", 0)
        self.assertLessEqual(total, origins * TOTAL_BUDGET, probes)
        # The testbed saw exactly what the statistics say (crawl aside): nothing is hidden.
        self.assertGreaterEqual(self.scan.report["scan"]["statistics"]["requests"], total)

    def test_flaw_table_rows(self):
        out = subprocess.run([harness.ARGS.testbed, "--list-flaws"], capture_output=True, text=True, check=True)
        rows = {r["id"]: r for r in json.loads(out.stdout)}
        for check, (_, path, _) in EXPECTED.items():
            with self.subTest(check=check):
                self.assertIn(check, rows)
                self.assertEqual(rows[check]["scope"], "origin")
                self.assertEqual(sorted(rows[check]["schemes"]), ["http", "https"])
                self.assertEqual(rows[check]["paths"], [path])


class FlawsOff(unittest.TestCase):
    def test_plain_testbed_has_nothing(self):
        with Testbed() as site:
            scan = Scan(*scan_args(site))
            self.assertEqual(scan.findings(), [], scan.describe())

    def test_soft404_modes_of_the_hardened_testbed(self):
        for mode in SOFT404_MODES:
            with self.subTest(mode=mode), Testbed("--hardened", "--soft404", mode) as site:
                scan = Scan(*scan_args(site))
                self.assertIsNotNone(scan.report, scan.describe())
                self.assertEqual([(f["check"], f["url"]) for f in scan.findings()], [])
                probes = scan.report["scan"]["statistics"]["probe_requests"]
                for check in CHECKS:
                    # The checks did probe (and the soft-404 pages fooled none of them).
                    self.assertGreater(probes.get(check, 0), 0, (mode, probes))
                    self.assertLessEqual(probes[check], 2 * PROBE_BUDGET[check], (mode, probes))


if __name__ == "__main__":
    harness.main()
