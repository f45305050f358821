"""--shard K/N: N jobs each scan their part of the targets (partitioned by host, so a host's
http and https origins stay together); together they find exactly what one job scanning every
target finds. A job whose shard is empty succeeds with valid, empty reports."""

import harness
from harness import Scan, Testbed, assert_reports_valid

HOSTS = ["127.0.0.1", "localhost", "app.localhost", "api.localhost"]


def fingerprints(scans):
    return sorted(f["fingerprint"] for s in scans for f in s.findings())


class Shards(harness.unittest.TestCase):
    def test_union_of_shards_equals_one_run(self):
        # curl resolves *.localhost to loopback itself; each host name is its own target host.
        with Testbed("--flaw", "csp-unsafe-inline", "--flaw", "exposed-vcs", "--flaw", "https-not-enforced") as site:
            targets = []
            for host in HOSTS:
                targets += ["http://%s:%d/" % (host, site.http_port), "https://%s:%d/" % (host, site.https_port)]
            common = ["--rate", "0", "--fail-on", "none", "--checks", "csp-*,exposed-vcs,https-*,http-only-site"]
            whole = Scan("scan", *targets, *common, env=site.trusting_env())
            parts = [Scan("scan", *targets, *common, "--shard", "%d/3" % k, env=site.trusting_env())
                     for k in (1, 2, 3)]
        self.assertTrue(whole.findings(), whole.describe())
        self.assertGreater(sum(1 for p in parts if p.report["scan"]["targets"]), 1)
        self.assertEqual(fingerprints(parts), fingerprints([whole]))
        scanned = sorted(t for p in parts for t in p.report["scan"]["targets"])
        self.assertEqual(scanned, sorted(whole.report["scan"]["targets"]))

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


if __name__ == "__main__":
    harness.main()
