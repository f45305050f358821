"""What a CI log shows (no terminal): a heartbeat line with the phase and elapsed time while the
scan runs, then the summary with check titles, the reports written and the verdict."""

import re
import unittest

import harness
from harness import Scan, Testbed


class CiLog(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Slow answers keep a scan going past its first heartbeats (every second here).
        cls.slow_site = Testbed("--slow-ms", "300", https=False)
        cls.beating = Scan("scan", cls.slow_site.http + "/", "--max-duration", "4s",
                           "--heartbeat", "1", "--fail-on", "none", timeout=120)
        cls.site = Testbed("--all-flaws", https=False)
        cls.scan = Scan("scan", cls.site.http + "/", "--max-pages", "30", "--rate", "0",
                        "--fail-on", "high", timeout=120)
        cls.bare = Scan("scan", cls.site.http + "/", "--max-pages", "5", "--checks",
                        "x-content-type-options-missing,csp-missing", "--fail-on", "none",
                        reports=False, timeout=120)

    @classmethod
    def tearDownClass(cls):
        cls.site.stop()
        cls.slow_site.stop()

    def test_heartbeat_without_a_terminal(self):
        beats = [l for l in self.beating.stderr.splitlines()
                 if re.match(r"gapscan: (login|crawl|active checks), \d+:\d\d elapsed: \d+ pages, "
                             r"\d+ requests \(\d+/s\), \d+ findings$", l)]
        self.assertGreaterEqual(len(beats), 2, self.beating.describe())
        self.assertNotIn("\r", self.beating.stderr)  # no redrawn line in a log
        quiet = Scan("scan", self.slow_site.http + "/", "--max-duration", "2s", "--heartbeat",
                     "0", "--fail-on", "none", reports=False, timeout=120)
        self.assertNotIn("elapsed:", quiet.stderr)

    def test_summary_names_reports_and_verdict(self):
        out = self.scan.stdout
        self.assertIn("report: %s (SARIF)" % self.scan.sarif_path, out)
        self.assertIn("report: %s (JSON)" % self.scan.json_path, out)
        self.assertRegex(out, r"\n  high     [^\n]+ \([a-z0-9-]+\)\n           http://")
        self.assertRegex(out, r"exit 1: \d+ findings? at or above high \(--fail-on high\)\n$")
        self.assertEqual(self.scan.code, 1, self.scan.describe())

    def test_without_reports_every_finding_is_listed(self):
        out = self.bare.stdout
        self.assertNotIn("more in the reports", out)
        self.assertNotIn("report: ", out)
        self.assertTrue(out.endswith("exit 0: --fail-on none\n"), out)


if __name__ == "__main__":
    harness.main()
