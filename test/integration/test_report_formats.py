"""The CI-facing report formats against a real scan of the testbed: JUnit XML (one testcase per
check and origin, failures exactly for findings at or above --fail-on), the Markdown summary
(also appended to $GITHUB_STEP_SUMMARY), and the CycloneDX SBOM of the components seen."""

import json
import os
import xml.etree.ElementTree as ET

import harness
from harness import Scan, Testbed, work

RANK = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}


class ReportFormats(harness.unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = Testbed("--all-flaws")
        cls.junit = work("report.junit.xml")
        cls.markdown = work("report.md")
        cls.sbom = work("report.cdx.json")
        cls.step_summary = work("step_summary.md")
        with open(cls.step_summary, "w") as f:
            f.write("previous step\n")
        env = dict(os.environ, GITHUB_STEP_SUMMARY=cls.step_summary)
        cls.scan = Scan("scan", cls.site.http + "/", cls.site.https + "/", "--rate", "0",
                        "--fail-on", "medium", "--junit", cls.junit, "--markdown", cls.markdown,
                        "--sbom", cls.sbom, env=env)

    @classmethod
    def tearDownClass(cls):
        cls.site.stop()

    def test_junit(self):
        self.assertEqual(self.scan.code, 1, self.scan.describe())
        root = ET.parse(self.junit).getroot()
        suite = root.find("testsuite")
        cases = suite.findall("testcase")
        rules = len(self.scan.sarif["runs"][0]["tool"]["driver"]["rules"])
        self.assertEqual(len(cases), rules * 2)  # two origins
        self.assertEqual(int(suite.get("tests")), len(cases))
        failing = {(f["check"], f["url"].split("/")[0] + "//" + f["url"].split("/")[2])
                   for f in self.scan.findings() if RANK[f["severity"]] >= RANK["medium"]}
        failed = {(c.get("classname")[len("gapscan."):], c.get("name").split(" @ ")[1])
                  for c in cases if c.find("failure") is not None}
        self.assertEqual(failed, failing)
        self.assertEqual(int(suite.get("failures")), len(failed))

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


if __name__ == "__main__":
    harness.main()
