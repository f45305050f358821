"""The CI-facing report formats against a real scan of the testbed: JUnit XML (one testcase per
check and origin, failures exactly for findings at or above --fail-on), the Markdown summary
(also appended to $GITHUB_STEP_SUMMARY), the CycloneDX SBOM of the components seen, and the
GitLab DAST report (schema 15.0.7)."""

import collections
import hashlib
import json
import os
import re
import xml.etree.ElementTree as ET

import jsonschema

import harness
from harness import Scan, Testbed, rule_check, work

RANK = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}

# GitLab's dast-report-format.json 15.0.7 is not vendored (it is published on GitLab's own
# package registry, which the build machines cannot reach). This is the part of it the report
# relies on, written from GitLab's documentation and issues about model 15 of the schemas
# (version pattern, required scan fields, yyyy-mm-ddThh:mm:ss times, analyzer/scanner with
# id, name, version and vendor; vulnerability id, identifiers (min 1) and location required,
# name <= 255, description <= 1 MiB, solution <= 7000 characters, link and identifier URL
# patterns; cve, category, message, confidence and scanner removed from vulnerabilities).
GL_TIME = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$"}
GL_TOOL = {"type": "object", "required": ["id", "name", "version", "vendor"],
           "properties": {"id": {"type": "string", "minLength": 1},
                          "name": {"type": "string", "minLength": 1},
                          "url": {"type": "string", "pattern": "^https?://.+"},
                          "version": {"type": "string", "minLength": 1},
                          "vendor": {"type": "object", "required": ["name"],
                                     "properties": {"name": {"type": "string", "minLength": 1}}}}}
GL_HEADER = {"type": "object", "required": ["name", "value"],
             "properties": {"name": {"type": "string", "minLength": 1}, "value": {"type": "string"}}}
GL_URL = {"type": "string", "pattern": "^(https?|ftp)://.+"}
GL_REMOVED = ["cve", "category", "message", "confidence", "scanner"]
GL_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "required": ["version", "scan", "vulnerabilities"],
    "properties": {
        "version": {"type": "string", "pattern": r"^[0-9]+\.[0-9]+\.[0-9]+$"},
        "scan": {
            "type": "object",
            # scanned_resources: always written by gapscan (the DAST list of crawled URLs).
            "required": ["analyzer", "scanner", "type", "start_time", "end_time", "status",
                         "scanned_resources"],
            "properties": {
                "analyzer": GL_TOOL, "scanner": GL_TOOL,
                "type": {"enum": ["dast", "api_fuzzing"]},
                "start_time": GL_TIME, "end_time": GL_TIME,
                "status": {"enum": ["success", "failure"]},
                "messages": {"type": "array", "items": {
                    "type": "object", "required": ["level", "value"],
                    "properties": {"level": {"enum": ["info", "warn", "fatal"]},
                                   "value": {"type": "string", "minLength": 1}}}},
                "scanned_resources": {"type": "array", "items": {
                    "type": "object", "required": ["method", "type", "url"],
                    "properties": {"method": {"type": "string", "minLength": 1},
                                   "type": {"enum": ["url"]},
                                   "url": {"type": "string", "minLength": 1}}}},
            },
        },
        "vulnerabilities": {"type": "array", "items": {
            "type": "object",
            "required": ["id", "identifiers", "location"],
            "not": {"anyOf": [{"required": [k]} for k in GL_REMOVED]},
            "properties": {
                "id": {"type": "string", "minLength": 1},
                "name": {"type": "string", "maxLength": 255},
                "description": {"type": "string", "maxLength": 1048576},
                "severity": {"enum": ["Info", "Unknown", "Low", "Medium", "High", "Critical"]},
                "solution": {"type": "string", "maxLength": 7000},
                "identifiers": {"type": "array", "minItems": 1, "items": {
                    "type": "object", "required": ["type", "name", "value"],
                    "properties": {"type": {"type": "string", "minLength": 1},
                                   "name": {"type": "string", "minLength": 1},
                                   "url": GL_URL,
                                   "value": {"type": "string", "minLength": 1}}}},
                "links": {"type": "array", "items": {
                    "type": "object", "required": ["url"],
                    "properties": {"name": {"type": "string"}, "url": GL_URL}}},
                "location": {"type": "object", "properties": {
                    "hostname": {"type": "string"}, "method": {"type": "string"},
                    "param": {"type": "string"}, "path": {"type": "string"}}},
                "evidence": {"type": "object", "properties": {
                    "summary": {"type": "string"},
                    "request": {"type": "object", "required": ["headers", "method", "url"],
                                "properties": {"headers": {"type": "array", "items": GL_HEADER},
                                               "method": {"type": "string", "minLength": 1},
                                               "url": {"type": "string", "minLength": 1}}},
                    "response": {"type": "object", "required": ["headers", "reason_phrase", "status_code"],
                                 "properties": {"headers": {"type": "array", "items": GL_HEADER},
                                                "reason_phrase": {"type": "string"},
                                                "status_code": {"type": "integer"}}}}},
            },
        }},
    },
}
GL_SEVERITY = {"info": "Info", "low": "Low", "medium": "Medium", "high": "High", "critical": "Critical"}


def gitlab_id(fingerprint):
    """The vulnerability id gapscan derives from a finding fingerprint (UUID version 8)."""
    h = list(hashlib.sha256(("gapscan-gitlab-vulnerability|" + fingerprint).encode()).hexdigest())
    h[12] = "8"
    h[16] = "89ab"[int(h[16], 16) & 3]
    h = "".join(h)
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:32])


class ReportFormats(harness.unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = Testbed("--all-flaws")
        cls.junit = work("report.junit.xml")
        cls.markdown = work("report.md")
        cls.sbom = work("report.cdx.json")
        cls.step_summary = work("step_summary.md")
        cls.gitlab = work("gl-dast-report.json")
        with open(cls.step_summary, "w") as f:
            f.write("previous step\n")
        env = dict(os.environ, GITHUB_STEP_SUMMARY=cls.step_summary)
        cls.scan = Scan("scan", cls.site.http + "/", cls.site.https + "/", "--rate", "0",
                        "--fail-on", "medium", "--junit", cls.junit, "--markdown", cls.markdown,
                        "--sbom", cls.sbom, "--gitlab", cls.gitlab, env=env)

    @classmethod
    def tearDownClass(cls):
        cls.site.stop()

    def test_junit(self):
        self.assertEqual(self.scan.code, 1, self.scan.describe())
        root = ET.parse(self.junit).getroot()
        suite = root.find("testsuite")
        cases = suite.findall("testcase")
        rules = self.scan.sarif["runs"][0]["tool"]["driver"]["rules"]
        checks = {rule_check(r["id"]) for r in rules}  # severity variants are one check
        self.assertEqual(len(cases), len(checks) * 2)  # two origins
        self.assertEqual(int(suite.get("tests")), len(cases))
        failing = {(f["check"], f["url"].split("/")[0] + "//" + f["url"].split("/")[2])
                   for f in self.scan.findings() if RANK[f["severity"]] >= RANK["medium"]}
        failed = {(c.get("classname")[len("gapscan."):], c.get("name").split(" @ ")[1])
                  for c in cases if c.find("failure") is not None}
        self.assertEqual(failed, failing)
        self.assertEqual(int(suite.get("failures")), len(failed))
        # Checks with nothing to test on an origin are skipped with the reason, never passed:
        # the tls-* checks on the http origin, and nothing that found something is skipped.
        skipped = {(c.get("classname")[len("gapscan."):], c.get("name").split(" @ ")[1]):
                   c.find("skipped").get("message") for c in cases if c.find("skipped") is not None}
        self.assertEqual(int(suite.get("skipped")), len(skipped))
        self.assertEqual(skipped.get(("tls-cert-untrusted", self.site.http)), "not an https origin")
        self.assertNotIn(("tls-cert-untrusted", self.site.https), skipped)
        found = {(f["check"], f["url"].split("/")[0] + "//" + f["url"].split("/")[2])
                 for f in self.scan.findings()}
        self.assertEqual(found & set(skipped), set())

    def test_junit_of_a_scan_that_reached_nothing(self):
        junit = harness.work("unreachable.junit.xml")
        scan = Scan("scan", "http://127.0.0.1:%d/" % harness.free_port(), "--junit", junit)
        self.assertEqual(scan.code, 3, scan.describe())
        suite = ET.parse(junit).getroot().find("testsuite")
        cases = suite.findall("testcase")
        # Every check is skipped ("the origin was not reached"); one error for the scan itself.
        self.assertEqual(int(suite.get("errors")), 1)
        self.assertEqual(int(suite.get("skipped")), len(cases) - 1)
        self.assertEqual(int(suite.get("failures")), 0)
        reasons = {c.find("skipped").get("message") for c in cases if c.find("skipped") is not None}
        self.assertEqual(reasons, {"the origin was not reached"})

    def test_markdown_and_step_summary(self):
        with open(self.markdown, encoding="utf-8") as f:
            md = f.read()
        counts = self.scan.report["summary"]["by_severity"]
        row = "| %d | %d | %d | %d | %d |" % tuple(counts[s] for s in ("critical", "high", "medium", "low", "info"))
        self.assertIn(row, md)
        self.assertTrue(md.startswith("## gapscan: %d findings" % self.scan.report["summary"]["total"]), md[:200])
        with open(self.step_summary, encoding="utf-8") as f:
            step = f.read()
        self.assertEqual(step, "previous step\n" + md)

    def test_sbom(self):
        with open(self.sbom, encoding="utf-8") as f:
            bom = json.load(f)
        self.assertEqual(bom["bomFormat"], "CycloneDX")
        self.assertEqual(bom["specVersion"], "1.5")
        names = {(c["name"].lower(), c["version"]) for c in bom["components"]}
        inventory = {(c["name"].lower(), c["version"]) for c in self.scan.report["inventory"]}
        self.assertEqual(names, inventory)
        jquery = [c for c in bom["components"] if c["name"].lower() == "jquery"]
        self.assertEqual(jquery[0]["purl"], "pkg:npm/jquery@3.5.1")

    def test_gitlab(self):
        with open(self.gitlab, encoding="utf-8") as f:
            report = json.load(f)
        jsonschema.validate(report, GL_SCHEMA)
        self.assertEqual(report["version"], "15.0.7")
        scan = report["scan"]
        self.assertEqual(scan["type"], "dast")
        self.assertEqual(scan["status"], "success")
        for tool in (scan["analyzer"], scan["scanner"]):
            self.assertEqual(tool["id"], "gapscan")
            self.assertEqual(tool["version"], self.scan.report["tool"]["version"])
        # Same instants as the JSON report, without zone or fractions.
        self.assertEqual(scan["start_time"], self.scan.report["scan"]["start_time"][:19])
        self.assertEqual(scan["end_time"], self.scan.report["scan"]["end_time"][:19])
        # The crawled URLs: the home page among them, each a GET of type url.
        resources = scan["scanned_resources"]
        self.assertGreater(len(resources), 5)
        self.assertTrue(all(r["method"] == "GET" and r["type"] == "url" for r in resources), resources[:3])
        self.assertIn(self.scan.report["scan"]["targets"][0], [r["url"] for r in resources])

        vulns = report["vulnerabilities"]
        findings = self.scan.findings()
        self.assertEqual(len(vulns), len(findings))
        self.assertEqual(collections.Counter(v["severity"] for v in vulns),
                         collections.Counter(GL_SEVERITY[f["severity"]] for f in findings))
        # Ids are derived from the fingerprints: stable across runs, one per finding.
        self.assertEqual(sorted(v["id"] for v in vulns), sorted(gitlab_id(f["fingerprint"]) for f in findings))
        self.assertEqual(len({v["id"] for v in vulns}), len(vulns))
        origins = {self.site.http, self.site.https}
        by_check = collections.Counter(f["check"] for f in findings)
        cwe_of = {f["check"]: f["cwe"] for f in findings}
        for v in vulns:
            self.assertIn("links", v)  # [] when the check has no reference
            self.assertIsInstance(v["links"], list)
            primary = v["identifiers"][0]
            self.assertEqual(primary["type"], "gapscan_check_id")
            self.assertIn(primary["value"], by_check)
            cwes = [i for i in v["identifiers"] if i["type"] == "cwe"]
            if cwe_of[primary["value"]] > 0:
                self.assertEqual(len(cwes), 1, v["identifiers"])
                cwe = cwes[0]
                self.assertRegex(cwe["value"], r"^[1-9][0-9]*$")
                self.assertEqual(int(cwe["value"]), cwe_of[primary["value"]])
                self.assertEqual(cwe["name"], "CWE-" + cwe["value"])
                self.assertEqual(cwe["url"], "https://cwe.mitre.org/data/definitions/%s.html" % cwe["value"])
            else:
                self.assertEqual(cwes, [])
            self.assertIn(v["location"]["hostname"], origins)
            self.assertTrue(v["location"]["path"].startswith("/"), v["location"])
            self.assertNotIn("?", v["location"]["path"])
            self.assertTrue(v["name"])
            self.assertTrue(v["description"])
        self.assertEqual(collections.Counter(v["identifiers"][0]["value"] for v in vulns), by_check)
        self.assertTrue(any("response" in v["evidence"] and v["evidence"]["response"]["status_code"] == 200
                            for v in vulns))

    def test_gitlab_unwritable_path_is_a_usage_error(self):
        scan = Scan("scan", "http://127.0.0.1:9/", "--gitlab", "/nonexistent-dir/gl.json", reports=False)
        self.assertEqual(scan.code, 2, scan.describe())
        self.assertIn("--gitlab", scan.stderr)


if __name__ == "__main__":
    harness.main()
