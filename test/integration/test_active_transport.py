"""HTTPS posture checks against the testbed: https-not-enforced (the http listener serves the
site although https exists), https-downgrade-redirect (an https page redirects to http) and
http-only-site (a testbed without an https listener). Each flaw is reported once, where the
testbed declares it, and the soft-404 modes of a hardened testbed give none of these checks'
findings (nor any tls-* finding once the testbed's self-signed certificate is trusted)."""

import os
import socket
import unittest

import harness
from harness import Scan, Testbed

TRANSPORT = ["https-not-enforced", "https-downgrade-redirect", "http-only-site"]
CHECKS = ",".join(TRANSPORT)


def scan(*targets, checks=CHECKS, extra=(), env=None):
    return Scan("scan", *targets, "--checks", checks, "--rate", "0", "--fail-on", "none", "--no-progress",
                *extra, env=env)


def transport_findings(s):
    return [f for f in s.findings() if f["check"] in TRANSPORT]


def port_443_open():
    try:
        with socket.create_connection(("127.0.0.1", 443), timeout=1):
            return True
    except OSError:
        return False


class HttpsNotEnforced(unittest.TestCase):
    def test_flaw_is_reported_once_on_the_http_origin(self):
        with Testbed("--flaw", "https-not-enforced") as site:
            s = scan(site.http + "/", site.https + "/")
            self.assertEqual(s.code, 0, s.describe())
            found = transport_findings(s)
            self.assertEqual([f["check"] for f in found], ["https-not-enforced"], s.describe())
            f = found[0]
            self.assertEqual(f["url"], site.http + "/")
            self.assertEqual(f["severity"], "medium")
            self.assertEqual(f["cwe"], 319)
            self.assertEqual(f["response"]["status"], 200, f)
            self.assertEqual(f["evidence"]["snippet"], "GET %s/ -> 200 (no redirect)" % site.http)
            self.assertIn(site.https + " exists", f["evidence"]["note"])
            # The crawl's other http pages are counted, not reported again.
            self.assertGreater(f["affected_count"], 3, f)
            harness.assert_reports_valid(self, s)

    def test_no_finding_when_http_redirects(self):
        with Testbed() as site:
            s = scan(site.http + "/", site.https + "/")
            self.assertEqual(s.code, 0, s.describe())
            self.assertEqual(transport_findings(s), [])

    def test_only_the_http_origin_scanned(self):
        # The https origin is not part of the scan: https-not-enforced has no twin to compare
        # with, and http-only-site sees the http site send /login to https (https exists).
        with Testbed("--flaw", "https-not-enforced") as site:
            s = scan(site.http + "/")
            self.assertEqual(s.code, 0, s.describe())
            self.assertEqual(transport_findings(s), [])


class DowngradeRedirect(unittest.TestCase):
    def check_one(self, site, s):
        self.assertEqual(s.code, 0, s.describe())
        found = transport_findings(s)
        self.assertEqual([f["check"] for f in found], ["https-downgrade-redirect"], s.describe())
        f = found[0]
        self.assertEqual(f["url"], site.https + "/flaw/downgrade")
        self.assertEqual(f["severity"], "high")
        self.assertEqual(f["cwe"], 319)
        self.assertEqual(f["response"]["status"], 302, f)
        self.assertEqual(f["evidence"]["header_name"], "Location")
        self.assertEqual(f["evidence"]["header_value"], site.http + "/")
        return f

    def test_flaw_page_linked_from_the_home_page(self):
        with Testbed("--flaw", "https-downgrade-redirect", "--also-link", "/flaw/downgrade") as site:
            s = scan(site.http + "/", site.https + "/")
            self.check_one(site, s)
            harness.assert_reports_valid(self, s)

    def test_flaw_page_as_an_extra_target(self):
        with Testbed("--flaw", "https-downgrade-redirect") as site:
            s = scan(site.http + "/", site.https + "/", site.https + "/flaw/downgrade")
            self.check_one(site, s)

    def test_without_the_flaw_the_page_is_a_404(self):
        with Testbed("--also-link", "/flaw/downgrade") as site:
            s = scan(site.http + "/", site.https + "/", site.https + "/flaw/downgrade")
            self.assertEqual(s.code, 0, s.describe())
            self.assertEqual(transport_findings(s), [])
            hits = [r for r in site.requests() if r["target"] == "/flaw/downgrade"]
            self.assertTrue(hits)


class HttpOnlySite(unittest.TestCase):
    def test_http_only_testbed(self):
        with Testbed("--hardened", https=False) as site:
            s = scan(site.http + "/")
            self.assertEqual(s.code, 0, s.describe())
            found = transport_findings(s)
            self.assertEqual([f["check"] for f in found], ["http-only-site"], s.describe())
            f = found[0]
            self.assertEqual(f["url"], site.http + "/")
            self.assertEqual(f["severity"], "medium")
            self.assertEqual(f["cwe"], 319)
            self.assertEqual(f["response"]["status"], 200, f)
            self.assertEqual(f["evidence"]["snippet"], "GET %s/ -> 200 text/html" % site.http)
            # The default origin scope does not allow probing https://127.0.0.1/.
            self.assertIn("https://127.0.0.1/: not probed (out of the scan's scope)", f["evidence"]["note"])
            harness.assert_reports_valid(self, s)

    @unittest.skipIf(port_443_open(), "something listens on 127.0.0.1:443")
    def test_wider_scope_probes_port_443(self):
        with Testbed("--hardened", https=False) as site:
            s = scan(site.http + "/", extra=("--scope", "subdomains"))
            self.assertEqual(s.code, 0, s.describe())
            found = transport_findings(s)
            self.assertEqual([f["check"] for f in found], ["http-only-site"], s.describe())
            self.assertIn("https://127.0.0.1/: no answer", found[0]["evidence"]["note"])

    def test_both_listeners(self):
        with Testbed("--hardened") as site:
            s = scan(site.http + "/", site.https + "/")
            self.assertEqual(s.code, 0, s.describe())
            self.assertEqual(transport_findings(s), [])

    def test_http_listener_of_a_dual_testbed_alone(self):
        # It only redirects to https: it serves nothing, so it is not an http-only site.
        with Testbed("--hardened") as site:
            s = scan(site.http + "/")
            self.assertEqual(s.code, 0, s.describe())
            self.assertEqual(transport_findings(s), [])


class Soft404Modes(unittest.TestCase):
    def test_no_transport_or_tls_findings_in_any_soft404_mode(self):
        for mode in ("home", "custom", "redirect", "area401", "dot403"):
            with self.subTest(mode=mode):
                cert = harness.work("testbed-cert-%s.pem" % mode)
                with Testbed("--hardened", "--soft404", mode, "--cert-file", cert) as site:
                    env = dict(os.environ, GAPSCAN_EXTRA_CA_FILE=cert)
                    s = scan(site.http + "/", site.https + "/", checks=CHECKS + ",tls-*", env=env)
                    self.assertEqual(s.code, 0, s.describe())
                    mine = [(f["check"], f["url"]) for f in s.findings()
                            if f["check"] in TRANSPORT or f["check"].startswith("tls-")]
                    self.assertEqual(mine, [], s.describe())


if __name__ == "__main__":
    harness.main()
