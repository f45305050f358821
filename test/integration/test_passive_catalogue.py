"""The passive catalogue against the testbed: every flaw the testbed declares (--list-flaws) is
reported exactly once per origin or page as declared, with evidence; the hardened testbed has
nothing above info; and passive checks add no requests."""

import json
import subprocess
import unittest
from urllib.parse import urlsplit

import harness
from harness import Scan, Testbed

RANK = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}


def declared_flaws():
    out = subprocess.run([harness.ARGS.testbed, "--list-flaws"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def endpoint(url):
    """Path plus sorted query parameter names: reports redact secret query values."""
    parts = urlsplit(url)
    names = sorted({p.split("=", 1)[0] for p in parts.query.split("&") if p})
    return "%s://%s%s%s" % (parts.scheme, parts.netloc, parts.path, ("?" + "&".join(names)) if names else "")


class PassiveCatalogue(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.known = {c["id"]: c for c in json.loads(Scan("checks", "--json", reports=False).stdout)}
        # Flaws that need a host name (cookie-broad-domain) are checked by HostNameFlaws below;
        # flaws that need a login (not part of --all-flaws) are out of reach of this anonymous scan.
        cls.flaws = [f for f in declared_flaws()
                     if f["id"] in cls.known and not f.get("requires_host") and not f.get("needs_login")]
        cls.site = Testbed("--all-flaws")
        cls.scan = Scan("scan", cls.site.http + "/", cls.site.https + "/", "--rate", "0", "--fail-on", "none")
        cls.origin = {"http": cls.site.http, "https": cls.site.https}

    @classmethod
    def tearDownClass(cls):
        cls.site.stop()

    def test_reports_valid(self):
        harness.assert_reports_valid(self, self.scan)

    def test_each_declared_flaw_is_reported_exactly_as_declared(self):
        self.assertGreater(len(self.flaws), 10)
        for flaw in self.flaws:
            check = flaw["id"]
            findings = self.scan.findings(check)
            with self.subTest(check=check):
                self.assertTrue(findings, "%s not reported\n%s" % (check, self.scan.describe()))
                for f in findings:
                    ev = f["evidence"]
                    self.assertTrue(ev.get("header_name") or ev.get("snippet") or ev.get("note"), f)
                if flaw["scope"] == "origin":
                    for scheme in flaw["schemes"]:
                        mine = [f for f in findings if f["url"].startswith(self.origin[scheme] + "/")]
                        keys = [f["key"] for f in mine]
                        self.assertTrue(mine, "%s: nothing on %s" % (check, scheme))
                        self.assertEqual(len(keys), len(set(keys)), "%s: twice on %s: %s" % (check, scheme, mine))
                else:
                    # A per-origin finding (one per evidence signature) covers its affected URLs.
                    def urls_of(f):
                        return f.get("affected_urls") or [f["url"]]
                    for scheme in flaw["schemes"]:
                        for path in flaw["paths"]:
                            want = endpoint(self.origin[scheme] + path)
                            here = [f for f in findings if want in {endpoint(u) for u in urls_of(f)}]
                            keys = [f["key"] for f in here]
                            self.assertTrue(here, "%s: nothing at %s %s; got %s" % (
                                check, scheme, path, [urls_of(x) for x in findings]))
                            self.assertEqual(len(keys), len(set(keys)), "%s: duplicates at %s" % (check, path))
                    expected = {endpoint(self.origin[s] + p) for s in flaw["schemes"] for p in flaw["paths"]}
                    extra = {endpoint(f["url"]) for f in findings} - expected
                    self.assertFalse(extra, "%s reported on undeclared pages: %s" % (check, extra))

    def test_component_inventory_in_json(self):
        names = {(c["name"].lower(), c["version"]) for c in self.scan.report["inventory"]}
        self.assertIn(("jquery", "3.5.1"), names, self.scan.report["inventory"])

    def test_out_of_scope_resources_never_requested(self):
        # The testbed links a cross-origin .invalid script for sri-missing; nothing may fetch it.
        # Nor does a note name it: a form posting off-site is not one "held back for safety".
        self.assertFalse([n for n in self.scan.notifications() if ".invalid" in n["url"]])


class HostNameFlaws(unittest.TestCase):
    def test_flaws_that_need_a_host_name(self):
        # curl resolves *.localhost to loopback itself: no DNS, no traffic off the machine.
        flaws = [f for f in declared_flaws() if f.get("requires_host")]
        self.assertTrue(flaws)
        with Testbed("--all-flaws") as site:
            for flaw in flaws:
                url = "https://%s:%d/" % (flaw["requires_host"], site.https_port)
                scan = Scan("scan", url, "--rate", "0", "--fail-on", "none", "--checks", flaw["id"])
                found = scan.findings(flaw["id"])
                self.assertEqual(len(found), 1, scan.describe())
                self.assertTrue(found[0]["url"].startswith(url), found)


class Hardened(unittest.TestCase):
    def test_nothing_above_info(self):
        with Testbed("--hardened") as site:
            scan = Scan("scan", site.http + "/", site.https + "/", "--rate", "0", "--fail-on", "low",
                        env=site.trusting_env())
            above = [(f["check"], f["url"]) for f in scan.findings() if RANK[f["severity"]] > 0]
            self.assertEqual(above, [])
            self.assertEqual(scan.code, 0, scan.describe())


class NoExtraRequests(unittest.TestCase):
    def test_passive_checks_add_no_requests(self):
        checks = json.loads(Scan("checks", "--json", reports=False).stdout)
        active = ",".join(c["id"] for c in checks if c["kind"] == "active")
        with Testbed("--all-flaws") as site:
            counts = []
            for flags in (["--exclude-checks", "*"], ["--exclude-checks", active]):
                before = len(site.requests())
                scan = Scan("scan", site.http + "/", site.https + "/", "--rate", "0", "--fail-on", "none", *flags)
                counts.append((scan.report["scan"]["statistics"]["requests"], len(site.requests()) - before))
            self.assertEqual(counts[0], counts[1])
            self.assertGreater(counts[0][0], 20)


if __name__ == "__main__":
    harness.main()
