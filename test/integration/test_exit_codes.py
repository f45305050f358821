"""Exit codes as documented: 0 clean, 1 findings at or above --fail-on, 2 usage error,
3 no target reachable."""

import os
import stat
import unittest

import harness
from harness import Scan, Testbed


class ExitCodes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = Testbed("--all-flaws", https=False)

    @classmethod
    def tearDownClass(cls):
        cls.site.stop()

    def test_0_when_nothing_at_or_above_fail_on(self):
        scan = Scan("scan", self.site.http + "/", "--rate", "0", "--fail-on", "critical")
        self.assertEqual(scan.code, 0, scan.describe())

    def test_1_when_findings_at_or_above_fail_on(self):
        scan = Scan("scan", self.site.http + "/", "--rate", "0", "--fail-on", "medium")
        self.assertEqual(scan.code, 1, scan.describe())
        self.assertTrue(any(f["severity"] in ("medium", "high", "critical") for f in scan.findings()))

    def test_fail_on_none_never_fails(self):
        scan = Scan("scan", self.site.http + "/", "--rate", "0", "--fail-on", "none")
        self.assertEqual(scan.code, 0, scan.describe())

    def test_2_for_a_non_http_target(self):
        scan = Scan("scan", "ftp://127.0.0.1/", reports=False)
        self.assertEqual(scan.code, 2, scan.describe())
        self.assertIn("ftp://127.0.0.1/", scan.stderr)
        self.assertEqual(len(scan.stderr.strip().splitlines()), 1, scan.stderr)

    def test_2_for_an_unparsable_target(self):
        scan = Scan("scan", "http://[bad", reports=False)
        self.assertEqual(scan.code, 2, scan.describe())
        self.assertIn("http://[bad", scan.stderr)

    def test_2_for_a_bad_flag_value(self):
        for args in (["--fail-on", "severe"], ["--timeout", "soon"], ["--include", "(unclosed"],
                     ["--checks", "no-such-check"], ["--sarif", "/nonexistent-dir/x.sarif"]):
            with self.subTest(args=args):
                scan = Scan("scan", self.site.http + "/", *args, reports=False)
                self.assertEqual(scan.code, 2, scan.describe())
                self.assertTrue(scan.stderr.startswith("gapscan: "), scan.stderr)

    def test_2_for_a_report_path_that_is_no_regular_file_before_any_request(self):
        # A device would have been replaced by a regular file after the scan (as root), a
        # directory discovered only then; both are refused before the scan starts.
        before = len(self.site.requests())
        for args in (["--sarif", "/dev/full"], ["--json", "/dev/null"], ["--junit", harness.work("")]):
            with self.subTest(args=args):
                scan = Scan("scan", self.site.http + "/", *args, reports=False)
                self.assertEqual(scan.code, 2, scan.describe())
                self.assertTrue(scan.stderr.startswith("gapscan: " + args[0]), scan.stderr)
        self.assertEqual(len(self.site.requests()), before)
        self.assertTrue(stat.S_ISCHR(os.stat("/dev/full").st_mode))

    def test_2_without_targets(self):
        scan = Scan("scan", reports=False)
        self.assertEqual(scan.code, 2, scan.describe())

    def test_3_when_no_target_is_reachable(self):
        port = harness.free_port()  # nothing listens there
        scan = Scan("scan", "http://127.0.0.1:%d/" % port, "--timeout", "2s")
        self.assertEqual(scan.code, 3, scan.describe())
        harness.assert_reports_valid(self, scan)
        self.assertEqual(scan.sarif["runs"][0]["results"], [])
        self.assertTrue(scan.notifications("connection-failed"))
        # The terminal says why, per target, not only that nothing answered.
        self.assertIn("gapscan: http://127.0.0.1:%d/: connection-failed: " % port, scan.stderr)

    def test_list_file_and_stdin(self):
        path = harness.work("targets.txt")
        with open(path, "w") as f:
            f.write("# comment\n" + self.site.http + "/\n\n")
        scan = Scan("scan", "-l", path, "--rate", "0", "--fail-on", "none")
        self.assertEqual(scan.code, 0, scan.describe())
        self.assertEqual(scan.report["scan"]["targets"], [self.site.http + "/"])

    def test_checks_listing_and_version(self):
        scan = Scan("checks", "--json", reports=False)
        self.assertEqual(scan.code, 0)
        import json
        ids = [c["id"] for c in json.loads(scan.stdout)]
        self.assertIn("csp-missing", ids)
        version = Scan("--version", reports=False)
        self.assertEqual(version.code, 0)
        self.assertTrue(version.stdout.startswith("gapscan "))

    def test_checks_filter_limits_findings(self):
        scan = Scan("scan", self.site.http + "/", "--rate", "0", "--fail-on", "none", "--checks", "cookie-*")
        self.assertTrue(scan.findings())
        self.assertTrue(all(f["check"].startswith("cookie-") for f in scan.findings()))
        scan = Scan("scan", self.site.http + "/", "--rate", "0", "--fail-on", "none", "--exclude-checks", "cookie-*,csp-*")
        self.assertFalse([f for f in scan.findings() if f["check"].startswith(("cookie-", "csp-"))])

    def test_jsonl_streams_findings(self):
        import json
        scan = Scan("scan", self.site.http + "/", "--rate", "0", "--fail-on", "none", "--jsonl", "--quiet")
        lines = [json.loads(line) for line in scan.stdout.splitlines() if line.strip()]
        self.assertEqual(sorted(l["check"] for l in lines), sorted(f["check"] for f in scan.findings()))


if __name__ == "__main__":
    harness.main()
