"""Precision of the active catalogue: servers that never answer a plain 404.

The testbed runs hardened (no flaw on) in each --soft404 mode: 200 with the home page for every
unknown path, 200 with a custom "not found" page that echoes the path, a redirect of every unknown
path to /, 401 Basic everywhere, 403 for dot-files. A full default scan (every check, both
origins) must report nothing above info: guessed paths that come back 200 or 401 are not files
or consoles. It also holds the documented probe budget per origin."""

import os

import harness
from harness import Scan, Testbed, assert_reports_valid, work

MODES = ["home", "custom", "redirect", "area401", "dot403"]
BUDGET_PER_ORIGIN = 600  # README: "Probe budget"


def probe_total(scan):
    return sum(scan.report["scan"]["statistics"]["probe_requests"].values())


class Soft404(harness.unittest.TestCase):
    def scan_mode(self, mode):
        # The testbed's self-signed certificate is made trusted: tls-cert-untrusted is not the
        # subject here.
        cert = work("soft404-%s.pem" % mode)
        with Testbed("--hardened", "--soft404", mode, "--cert-file", cert) as tb:
            env = dict(os.environ, GAPSCAN_EXTRA_CA_FILE=cert)
            scan = Scan("scan", tb.http + "/", tb.https + "/", "--rate", "0", "--fail-on", "none", env=env)
            log = tb.requests()
        self.assertEqual(scan.code, 0, scan.describe())
        assert_reports_valid(self, scan)
        return scan, log

    def test_modes_report_nothing_above_info(self):
        for mode in MODES:
            with self.subTest(mode=mode):
                scan, _ = self.scan_mode(mode)
                above = ["%s %s (%s): %s" % (f["check"], f["url"], f["severity"], f["message"])
                         for f in scan.findings() if f["severity"] != "info"]
                self.assertEqual(above, [], "mode %s\n%s" % (mode, scan.describe()))
                stats = scan.report["scan"]["statistics"]["probe_requests"]
                self.assertGreater(stats.get("soft-404-calibration", 0), 0)

    def test_protected_areas_are_noted_once_per_directory(self):
        for mode in ["area401", "dot403"]:
            with self.subTest(mode=mode):
                scan, _ = self.scan_mode(mode)
                notes = scan.notifications("protected-area")
                self.assertTrue(notes, scan.describe())
                urls = [n.get("url") for n in notes]
                self.assertEqual(len(urls), len(set(urls)), urls)

    def test_probe_budget_per_origin(self):
        scan, log = self.scan_mode("custom")
        origins = 2
        self.assertLess(probe_total(scan), BUDGET_PER_ORIGIN * origins, scan.report["scan"]["statistics"])
        probes = [r for r in log if r.get("method") not in ("GET", "HEAD")]
        methods = sorted({r.get("method") for r in probes})
        # Only the probe-specific methods named by the checks; nothing that changes state.
        for m in methods:
            self.assertIn(m, {"OPTIONS", "TRACE", "PROPFIND", "POST"}, methods)


if __name__ == "__main__":
    harness.main()
