"""--shard K/N: N jobs each scan their part of the targets (partitioned by host, so a host's
http and https origins stay together); together they find exactly what one job scanning every
target finds. A job whose shard is empty succeeds with valid, empty reports."""

import json
import subprocess

import harness
from harness import Scan, Testbed, assert_reports_valid

HOSTS = ["127.0.0.1", "localhost", "app.localhost", "api.localhost"]


def fingerprints(scans):
    return sorted(f["fingerprint"] for s in scans for f in s.findings())


def sarif_fingerprints(sarif):
    return sorted(r["partialFingerprints"]["primaryLocationLineHash"] for run in sarif["runs"]
                  for r in run["results"] if r.get("baselineState") != "absent")


def sarif_rules(sarif):
    return sorted(rule["id"] for run in sarif["runs"] for rule in run["tool"]["driver"]["rules"])


def merge(out, *inputs):
    return subprocess.run([harness.ARGS.gapscan, "merge", *inputs, "-o", out], capture_output=True, text=True)


class Merged:
    """`gapscan merge` of the SARIF and of the JSON reports of some scans, shaped like a Scan
    for assert_reports_valid."""

    _count = 0

    def __init__(self, test, scans):
        Merged._count += 1
        self.sarif_path = harness.work("merged%d.sarif" % Merged._count)
        self.json_path = harness.work("merged%d.json" % Merged._count)
        self.procs = [merge(self.sarif_path, *[s.sarif_path for s in scans]),
                      merge(self.json_path, *[s.json_path for s in scans])]
        for proc in self.procs:
            test.assertEqual(proc.returncode, 0, proc.stderr)
        with open(self.sarif_path, encoding="utf-8") as f:
            self.sarif = json.load(f)
        with open(self.json_path, encoding="utf-8") as f:
            self.report = json.load(f)

    def findings(self):
        return self.report["findings"]

    def describe(self):
        return "merge stderr: %s" % " ".join(p.stderr for p in self.procs)


class Shards(harness.unittest.TestCase):
    def test_union_of_shards_equals_one_run(self):
        # curl resolves *.localhost to loopback itself; each host name is its own target host.
        with Testbed("--flaw", "csp-unsafe-inline", "--flaw", "exposed-vcs", "--flaw", "https-not-enforced") as site:
            targets = []
            for host in HOSTS:
                targets += ["http://%s:%d/" % (host, site.http_port), "https://%s:%d/" % (host, site.https_port)]
            common = ["--rate", "0", "--fail-on", "none", "--checks", "csp-*,exposed-vcs,https-*,http-only-site"]
            whole = Scan("scan", *targets, *common, env=site.trusting_env())
            # Each shard against the whole run as baseline: nothing is new, nothing is fixed.
            parts = [Scan("scan", *targets, *common, "--shard", "%d/3" % k, "--baseline", whole.json_path,
                          env=site.trusting_env()) for k in (1, 2, 3)]
        self.assertTrue(whole.findings(), whole.describe())
        self.assertGreater(sum(1 for p in parts if p.report["scan"]["targets"]), 1)
        self.assertEqual(fingerprints(parts), fingerprints([whole]))
        scanned = sorted(t for p in parts for t in p.report["scan"]["targets"])
        self.assertEqual(scanned, sorted(whole.report["scan"]["targets"]))

        # gapscan merge of the shards' reports is the single run's report.
        merged = Merged(self, parts)
        assert_reports_valid(self, merged)
        self.assertEqual(len(merged.sarif["runs"]), 1)
        self.assertEqual(sarif_fingerprints(merged.sarif), sarif_fingerprints(whole.sarif))
        self.assertEqual(sarif_rules(merged.sarif), sarif_rules(whole.sarif))
        self.assertEqual(fingerprints([merged]), fingerprints([whole]))
        self.assertEqual(merged.report["summary"], whole.report["summary"])
        self.assertEqual(sorted(merged.report["scan"]["targets"]), sorted(whole.report["scan"]["targets"]))
        self.assertEqual(merged.report["scan"]["statistics"]["requests"],
                         sum(p.report["scan"]["statistics"]["requests"] for p in parts))
        # Each shard compares with its own part of the baseline: nothing is fixed in any shard.
        for p in parts:
            self.assertEqual(p.report["baseline"]["fixed"], 0, p.describe())
            self.assertFalse([r for run in p.sarif["runs"] for r in run["results"]
                              if r.get("baselineState") == "absent"])
        results = merged.sarif["runs"][0]["results"]
        self.assertEqual({r["baselineState"] for r in results}, {"unchanged"})
        self.assertEqual(merged.report["baseline"]["fixed"], 0)
        self.assertEqual(merged.report["baseline"]["unchanged"], len(whole.findings()))

        # Merging a report with itself gives the same findings.
        again = Merged(self, [whole, whole])
        assert_reports_valid(self, again)
        self.assertEqual(sarif_fingerprints(again.sarif), sarif_fingerprints(whole.sarif))
        canonical = lambda results: sorted(json.dumps(r, sort_keys=True) for r in results)
        self.assertEqual(canonical(again.sarif["runs"][0]["results"]), canonical(whole.sarif["runs"][0]["results"]))
        self.assertEqual(again.findings(), whole.findings())

        # One format per merge.
        proc = merge(harness.work("mixed.sarif"), parts[0].sarif_path, parts[1].json_path)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("cannot merge", proc.stderr)

    def test_empty_shard_succeeds(self):
        with Testbed("--hardened") as site:
            # One host and many shards: most shards are empty.
            scans = [Scan("scan", site.http + "/", site.https + "/", "--shard", "%d/6" % k,
                          "--rate", "0", "--fail-on", "none", env=site.trusting_env()) for k in range(1, 7)]
        empty = [s for s in scans if not s.report["scan"]["targets"]]
        self.assertEqual(len(empty), 5)
        for s in empty:
            self.assertEqual(s.code, 0, s.describe())
            assert_reports_valid(self, s)
            self.assertEqual([n["code"] for n in s.notifications()], ["shard-empty"])
        merged = Merged(self, scans)
        assert_reports_valid(self, merged)
        self.assertEqual(fingerprints([merged]), fingerprints(scans))


if __name__ == "__main__":
    harness.main()
