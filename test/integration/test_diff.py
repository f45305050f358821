"""Drift between two scans, read back from their reports: flipping one flaw on and another off
shows exactly one new and one fixed finding, the rest unchanged; fingerprints do not depend on
crawl order (different --concurrency)."""

import json
import subprocess

import harness
from harness import Scan, Testbed

BASE_FLAWS = ["--flaw", "csp-unsafe-inline", "--flaw", "exposed-vcs", "--flaw", "cookie-no-httponly"]


def fingerprints(scan):
    return sorted(f["fingerprint"] for f in scan.findings())


def diff(old, new, *flags):
    return subprocess.run([harness.ARGS.gapscan, "diff", old, new, *flags], capture_output=True, text=True)


class Drift(harness.unittest.TestCase):
    def scan(self, site, *extra):
        return Scan("scan", site.http + "/", site.https + "/", "--rate", "0", "--fail-on", "none",
                    *extra, env=site.trusting_env())

    def test_one_new_one_fixed(self):
        # The same server (same ports) before and after a configuration change; the https origin
        # only, so that each flipped flaw is one finding.
        http_port, https_port = harness.free_port(), harness.free_port()
        ports = ["--http-port", str(http_port), "--https-port", str(https_port)]
        with Testbed(*BASE_FLAWS, "--flaw", "csp-no-base-uri", *ports) as site:
            before = Scan("scan", site.https + "/", "--rate", "0", "--fail-on", "none", env=site.trusting_env())
        with Testbed(*BASE_FLAWS, "--flaw", "hsts-short-max-age", *ports) as site:
            after = Scan("scan", site.https + "/", "--rate", "0", "--fail-on", "none", env=site.trusting_env())
        self.assertGreater(len(after.findings()), 3)
        for old, new in ((before.json_path, after.json_path), (before.sarif_path, after.sarif_path),
                         (before.json_path, after.sarif_path)):
            proc = diff(old, new)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            lines = proc.stdout.splitlines()
            added = [l for l in lines if l.startswith("+ ")]
            fixed = [l for l in lines if l.startswith("- ")]
            self.assertEqual(len(added), 1, proc.stdout)
            self.assertEqual(len(fixed), 1, proc.stdout)
            self.assertIn("hsts-short-max-age", added[0])
            self.assertIn("csp-no-base-uri", fixed[0])
            unchanged = len(after.findings()) - 1
            self.assertEqual(lines[0], "new 1, fixed 1, unchanged %d" % unchanged)
        self.assertEqual(diff(before.json_path, after.json_path, "--fail-on-new").returncode, 1)
        self.assertEqual(diff(after.json_path, after.sarif_path, "--fail-on-new").returncode, 0)
        # --fail-on LEVEL: only a new finding at or above LEVEL fails (hsts-short-max-age: low).
        new_severity = [f["severity"] for f in after.findings("hsts-short-max-age")][0]
        order = ["info", "low", "medium", "high", "critical"]
        above = order[order.index(new_severity) + 1]
        self.assertEqual(diff(before.json_path, after.json_path, "--fail-on", new_severity).returncode, 1)
        self.assertEqual(diff(before.json_path, after.json_path, "--fail-on", above).returncode, 0)
        as_json = json.loads(diff(before.json_path, after.sarif_path, "--format", "json").stdout)
        self.assertEqual(as_json["counts"]["new"], 1)
        self.assertEqual(as_json["new"][0]["check"], "hsts-short-max-age")
        md = diff(before.json_path, after.json_path, "--format", "markdown").stdout
        self.assertTrue(md.startswith("### gapscan: 1 new, 1 fixed, "), md)
        self.assertIn("| new | %s | `hsts-short-max-age` |" % new_severity, md)

    def test_scan_with_baseline(self):
        http_port, https_port = harness.free_port(), harness.free_port()
        ports = ["--http-port", str(http_port), "--https-port", str(https_port)]
        common = ["--rate", "0", "--fail-on", "info"]
        with Testbed(*BASE_FLAWS, "--flaw", "csp-no-base-uri", *ports) as site:
            before = Scan("scan", site.https + "/", *common, env=site.trusting_env())
            again = Scan("scan", site.https + "/", *common, "--baseline", before.sarif_path, "--fail-on-new",
                         env=site.trusting_env())
        # Same state: nothing new, so --fail-on-new passes even though findings remain.
        self.assertEqual(again.code, 0, again.describe())
        self.assertEqual({f["baseline_state"] for f in again.findings()}, {"unchanged"})
        self.assertEqual(again.report["baseline"]["fixed"], 0)
        markdown = harness.work("after-baseline.md")
        with Testbed(*BASE_FLAWS, "--flaw", "hsts-short-max-age", *ports) as site:
            after = Scan("scan", site.https + "/", *common, "--baseline", before.json_path, "--fail-on-new",
                         "--markdown", markdown, env=site.trusting_env())
        self.assertEqual(after.code, 1, after.describe())
        harness.assert_reports_valid(self, after)
        states = [f["baseline_state"] for f in after.findings()]
        self.assertEqual(states.count("new"), 1)
        self.assertEqual(states.count("unchanged"), len(states) - 1)
        self.assertEqual(after.report["baseline"]["new"], 1)
        self.assertEqual(after.report["baseline"]["fixed"], 1)
        self.assertEqual(after.report["baseline"]["fixed_findings"][0]["check"], "csp-no-base-uri")
        results = after.sarif["runs"][0]["results"]
        sarif_states = [r["baselineState"] for r in results]
        self.assertEqual(sarif_states.count("new"), 1)
        self.assertEqual(sarif_states.count("absent"), 1)
        self.assertEqual(sarif_states.count("unchanged"), len(results) - 2)
        self.assertEqual(len(results), len(after.findings()) + 1)  # the fixed one is no finding
        # The fixed finding keeps the identity it had in the baseline's SARIF (rule, location,
        # fingerprint), so GitHub maps it onto the existing alert; kind pass, level none.
        gone = [r for r in results if r["baselineState"] == "absent"][0]
        old = [r for r in before.sarif["runs"][0]["results"] if r["ruleId"] == "csp-no-base-uri"]
        self.assertEqual(len(old), 1)
        self.assertEqual(gone["ruleId"], "csp-no-base-uri")
        self.assertEqual((gone["kind"], gone["level"]), ("pass", "none"))
        self.assertEqual(gone["partialFingerprints"], old[0]["partialFingerprints"])
        self.assertEqual(gone["locations"][0]["physicalLocation"], old[0]["locations"][0]["physicalLocation"])
        self.assertEqual(gone["message"], old[0]["message"])
        rules = after.sarif["runs"][0]["tool"]["driver"]["rules"]
        self.assertEqual(rules[gone["ruleIndex"]]["id"], "csp-no-base-uri")
        new = [r for r in results if r["baselineState"] == "new"][0]
        self.assertEqual(new["ruleId"], "hsts-short-max-age")
        self.assertIn("baseline: new 1, fixed 1", after.stdout)
        with open(markdown, encoding="utf-8") as f:
            summary = f.read()
        self.assertIn("Baseline: 1 new, 1 fixed, %d unchanged or updated." % (len(states) - 1), summary)
        self.assertTrue(summary.startswith("## gapscan: %d findings" % len(states)), summary[:200])
        # Used as the next baseline, the report's absent result is no finding.
        proc = diff(after.sarif_path, after.json_path)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.splitlines()[0], "new 0, fixed 0, unchanged %d" % len(states))

    def test_fingerprints_do_not_depend_on_crawl_order(self):
        with Testbed("--all-flaws") as site:
            one = self.scan(site, "--concurrency", "1", "--per-host", "1")
            many = self.scan(site, "--concurrency", "64", "--per-host", "16")
        self.assertTrue(fingerprints(one))
        self.assertEqual(fingerprints(one), fingerprints(many))

    def test_bad_input_is_a_usage_error(self):
        proc = diff("/nonexistent.json", "/nonexistent.json")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("cannot be read", proc.stderr)


if __name__ == "__main__":
    harness.main()
