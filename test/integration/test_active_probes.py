"""The request-forging active checks (CORS origin reflection and null origin, TRACE, unsafe
methods, Host header injection, open redirect, 401/403 bypass) against the testbed: each flaw is
reported once per origin with the forged request in its evidence; the hardened testbed in every
--soft404 mode gives none of them; the default scan never sends PUT or DELETE, and with
--unsafe-methods the PUT is proven and the test file deleted again."""

import re
import unittest
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import harness
from harness import Scan, Testbed

CHECKS = [
    "cors-origin-reflection",
    "cors-null-origin",
    "http-method-trace",
    "http-methods-unsafe",
    "host-header-injection",
    "open-redirect",
    "forbidden-bypass",
]
RANK = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}
FORGED_HOST = "gapscan-probe.invalid"
REDIRECT_HOST = "gapscan-redirect.invalid"
# Stated budget of the seven checks together, per origin (calibration not included).
BUDGET_PER_ORIGIN = 150


def flaw_flags(*extra):
    flags = []
    for check in CHECKS:
        flags += ["--flaw", check]
    return flags + list(extra)


def header(pairs, name):
    for k, v in pairs:
        if k.lower() == name.lower():
            return v
    return None


def scan_probes(site, *targets, extra=()):
    return Scan("scan", *targets, "--rate", "0", "--fail-on", "none", "--checks", ",".join(CHECKS), *extra)


class ProbeFlaws(unittest.TestCase):
    """Every probe flaw on, both listeners serving the site."""

    @classmethod
    def setUpClass(cls):
        cls.site = Testbed(*flaw_flags("--flaw", "https-not-enforced"))
        cls.scan = scan_probes(cls.site, cls.site.http + "/", cls.site.https + "/")
        cls.origins = [cls.site.http, cls.site.https]

    @classmethod
    def tearDownClass(cls):
        cls.site.stop()

    def one_per_origin(self, check):
        findings = self.scan.findings(check)
        out = {}
        for origin in self.origins:
            mine = [f for f in findings if f["url"].startswith(origin + "/")]
            self.assertEqual(len(mine), 1, "%s on %s: %s\n%s" % (check, origin, mine, self.scan.describe()))
            out[origin] = mine[0]
        self.assertEqual(len(findings), len(self.origins), findings)
        return out

    def test_reports_valid(self):
        harness.assert_reports_valid(self, self.scan)
        self.assertEqual(sorted(self.scan.checks_found()), sorted(CHECKS), self.scan.describe())

    def test_cors_origin_reflection(self):
        for origin, f in self.one_per_origin("cors-origin-reflection").items():
            self.assertEqual(f["severity"], "high")
            self.assertEqual(f["cwe"], 942)
            self.assertEqual(urlsplit(f["url"]).path, "/api/status")
            sent = header(f["request"]["headers"], "Origin")
            self.assertEqual(sent, "https://%s" % FORGED_HOST)
            self.assertEqual(header(f["response"]["headers"], "Access-Control-Allow-Origin"), sent)
            self.assertEqual(header(f["response"]["headers"], "Access-Control-Allow-Credentials"), "true")
            self.assertEqual(f["evidence"]["header_name"], "Access-Control-Allow-Origin")
            self.assertIn("prefix of another domain", f["evidence"]["note"])

    def test_cors_null_origin(self):
        for origin, f in self.one_per_origin("cors-null-origin").items():
            self.assertEqual(f["severity"], "high")
            self.assertEqual(header(f["request"]["headers"], "Origin"), "null")
            self.assertEqual(header(f["response"]["headers"], "Access-Control-Allow-Origin"), "null")
            self.assertEqual(f["evidence"]["header_value"], "null")

    def test_trace(self):
        for origin, f in self.one_per_origin("http-method-trace").items():
            self.assertEqual(f["severity"], "medium")
            self.assertEqual(f["request"]["method"], "TRACE")
            self.assertEqual(f["response"]["status"], 200)
            marker = header(f["request"]["headers"], "X-Gapscan-Trace")
            self.assertTrue(marker)
            self.assertIn(marker, f["evidence"]["snippet"])
            self.assertIn("TRACE / HTTP/1.1", f["response"]["body_snippet"])

    def test_unsafe_methods_advertised(self):
        for origin, f in self.one_per_origin("http-methods-unsafe").items():
            self.assertEqual(f["severity"], "medium")  # no --unsafe-methods: nothing proven
            self.assertEqual(f["request"]["method"], "PROPFIND")
            self.assertEqual(f["response"]["status"], 207)
            self.assertIn("multistatus", f["evidence"]["snippet"])
            self.assertIn("PUT, DELETE", f["evidence"]["note"])

    def test_host_header_injection(self):
        for origin, f in self.one_per_origin("host-header-injection").items():
            self.assertEqual(f["cwe"], 644)
            self.assertEqual(f["url"], origin + "/")
            forged = [v for k, v in f["request"]["headers"] if k.lower() in ("host", "x-forwarded-host")]
            self.assertEqual(forged, [FORGED_HOST])
            self.assertIn("//" + FORGED_HOST, f["evidence"]["snippet"])
            self.assertIn("X-Forwarded-Host", f["evidence"]["note"])

    def test_open_redirect(self):
        for origin, f in self.one_per_origin("open-redirect").items():
            self.assertEqual(f["parameter"], "url")
            self.assertEqual(urlsplit(f["url"]).path, "/redirect")
            self.assertIn(REDIRECT_HOST, f["request"]["url"])
            self.assertEqual(f["response"]["status"], 302)
            self.assertEqual(header(f["response"]["headers"], "Location"), "https://%s/" % REDIRECT_HOST)
            self.assertEqual(f["evidence"]["header_name"], "Location")

    def test_forbidden_bypass(self):
        for origin, f in self.one_per_origin("forbidden-bypass").items():
            self.assertEqual(f["url"], origin + "/private/")
            self.assertEqual(f["key"], "/private/")
            self.assertEqual(f["response"]["status"], 200)
            self.assertIn("answers 403", f["evidence"]["note"])
            self.assertIn("X-Original-URL", f["evidence"]["note"])
            self.assertIn("path //private/", f["evidence"]["note"])
            self.assertIn("Private area", f["response"]["body_snippet"])

    def test_no_put_or_delete_by_default(self):
        methods = {r["method"] for r in self.site.requests()}
        self.assertNotIn("PUT", methods)
        self.assertNotIn("DELETE", methods)
        self.assertTrue({"TRACE", "OPTIONS", "PROPFIND"} <= methods, methods)

    def test_forged_names_never_requested(self):
        # The forged hosts only ever appear in headers and query strings sent to the testbed.
        self.assertFalse([n for n in self.scan.notifications() if ".invalid" in n["url"]])

    def test_budget(self):
        counts = self.scan.report["scan"]["statistics"]["probe_requests"]
        total = sum(counts.get(c, 0) for c in CHECKS)
        self.assertLessEqual(total, BUDGET_PER_ORIGIN * len(self.origins), counts)
        self.assertEqual(counts["http-method-trace"], len(self.origins))


class OtherChecksQuiet(unittest.TestCase):
    def test_probe_flaws_cause_no_other_findings(self):
        # Only https serves the site; every check runs (but the tls-* ones, which judge the
        # testbed's self-signed certificate). Findings above info come from the seven probe
        # checks alone, and each of them is reported on https.
        with Testbed(*flaw_flags()) as site:
            scan = Scan("scan", site.http + "/", site.https + "/", "--rate", "0", "--fail-on", "none",
                        "--exclude-checks", "tls-*")
            above = {f["check"] for f in scan.findings() if RANK[f["severity"]] > 0}
            self.assertEqual(sorted(above), sorted(CHECKS), scan.describe())
            for check in CHECKS:
                where = {urlsplit(f["url"]).scheme for f in scan.findings(check)}
                self.assertEqual(where, {"https"}, check)


class UnsafeMethods(unittest.TestCase):
    def test_put_proven_and_deleted(self):
        with Testbed("--flaw", "http-methods-unsafe", https=False) as site:
            scan = Scan("scan", site.http + "/", "--rate", "0", "--fail-on", "none", "--checks", "http-methods-unsafe",
                        "--unsafe-methods")
            found = scan.findings("http-methods-unsafe")
            self.assertEqual(len(found), 1, scan.describe())
            f = found[0]
            self.assertEqual(f["severity"], "high")
            self.assertEqual(f["request"]["method"], "PUT")
            self.assertIn("the test file was removed", f["evidence"]["note"])
            path = urlsplit(f["url"]).path
            self.assertTrue(re.fullmatch(r"/gapscan-[0-9a-f]{16}\.txt", path), path)
            log = [(r["method"], r["target"]) for r in site.requests() if r["target"] == path]
            self.assertEqual(log, [("PUT", path), ("GET", path), ("DELETE", path), ("GET", path)])
            # Gone for good.
            with self.assertRaises(urllib.error.HTTPError) as err:
                urllib.request.urlopen(site.http + path, timeout=5)
            self.assertEqual(err.exception.code, 404)

    def test_refused_put_is_not_followed_up(self):
        with Testbed("--hardened", https=False) as site:
            scan = Scan("scan", site.http + "/", "--rate", "0", "--fail-on", "none", "--checks", "http-methods-unsafe",
                        "--unsafe-methods")
            self.assertEqual(scan.findings("http-methods-unsafe"), [])
            # The PUT is refused (405), so no GET/DELETE follows it.
            writes = [r["method"] for r in site.requests() if r["method"] in ("PUT", "DELETE")]
            self.assertEqual(writes, ["PUT"])


class Hardened(unittest.TestCase):
    def test_no_findings_in_any_soft404_mode(self):
        for mode in ("", "home", "custom", "redirect", "area401", "dot403"):
            for https in (True, False):
                flags = ["--hardened"] + (["--soft404", mode] if mode else [])
                with self.subTest(mode=mode or "404", https=https), Testbed(*flags, https=https) as site:
                    targets = [site.http + "/"] + ([site.https + "/"] if https else [])
                    scan = scan_probes(site, *targets)
                    self.assertIsNotNone(scan.report, scan.describe())
                    self.assertEqual([(f["check"], f["url"]) for f in scan.findings()], [])
                    methods = {r["method"] for r in site.requests()}
                    self.assertFalse(methods & {"PUT", "DELETE"}, methods)
                    # The probes did run.
                    self.assertIn("TRACE", methods)
                    counts = scan.report["scan"]["statistics"]["probe_requests"]
                    self.assertGreater(counts.get("cors-origin-reflection", 0), 0, counts)


if __name__ == "__main__":
    harness.main()
