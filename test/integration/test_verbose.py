"""--verbose/--debug against the testbed: one log line per request the server saw, headers with
credential values masked, and no secret anywhere in the log."""

import re
import unittest

import harness
from harness import Scan, Testbed


class RequestLog(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = Testbed(https=False)
        cls.password = "Hunter2-Verbose-Secret"
        env = dict(harness.os.environ, GAPSCAN_PASSWORD=cls.password)
        cls.line = Scan("scan", cls.site.http + "/", "--max-pages", "20", "--fail-on", "none",
                        "--basic-auth", "alice", "--checks", "csp-missing", "-v", env=env)
        cls.seen_by_line_scan = len(cls.site.requests())
        cls.debug = Scan("scan", cls.site.http + "/", "--max-pages", "20", "--fail-on", "none",
                         "--basic-auth", "alice", "--checks", "csp-missing", "--debug",
                         env=env)

    @classmethod
    def tearDownClass(cls):
        cls.site.stop()

    def test_one_line_per_request(self):
        lines = [l for l in self.line.stderr.splitlines()
                 if re.match(r"gapscan: [A-Z]+ http://127\.0\.0\.1:\d+/\S* (\d{3}|error \(.*\)) "
                             r"\d+ms \d+B$", l)]
        # The server saw exactly the requests the log lists (the testbed logs every request).
        self.assertEqual(len(lines), self.seen_by_line_scan, self.line.stderr[-2000:])
        self.assertGreater(len(lines), 5)
        self.assertFalse([l for l in self.line.stderr.splitlines() if l.startswith("  > ")])

    def test_debug_shows_headers_with_credentials_masked(self):
        err = self.debug.stderr
        self.assertIn("  > Authorization: <masked>", err)
        self.assertIn("  < Content-Type: ", err)
        self.assertNotIn(self.password, err + self.debug.stdout)
        self.assertNotIn("YWxpY2U6", err)  # base64 of "alice:..."

    def test_reports_are_unchanged_by_the_log(self):
        self.assertEqual(self.line.code, 0, self.line.describe())
        self.assertTrue(self.line.report["scan"]["completed"])


if __name__ == "__main__":
    harness.main()
