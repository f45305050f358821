"""The HTML report of a real scan of the testbed (--all-flaws), opened in headless Chromium: the
page's script runs without errors under the report's own Content-Security-Policy, the counts
it renders and computes equal the JSON report's, the severity and origin filters work (preset
through the URL fragment), the screenshot is a real picture, and nothing in the file points
outside it. Chromium runs with a throw-away profile and a short timeout; the page script
publishes its state on #js-status, which --dump-dom returns."""

import base64
import hashlib
import html.parser
import json
import os
import shutil
import struct
import subprocess
import tempfile
import urllib.parse

import harness
from harness import Scan, Testbed, work

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SEVERITIES = ("critical", "high", "medium", "low", "info")
WINDOW = (1280, 900)
# Attributes that make a browser fetch or navigate; the report must have none of them.
URL_ATTRIBUTES = {"src", "href", "srcset", "action", "formaction", "poster", "xlink:href", "background",
                  "ping", "manifest", "codebase", "archive", "longdesc", "usemap", "data"}


class Dom(html.parser.HTMLParser):
    """Elements (tag, attributes) in document order, attributes and text of those with an id,
    and the text of <script> and <style> elements."""

    VOID = {"meta", "input", "br", "hr", "img", "link", "source", "area", "base", "col", "embed",
            "param", "track", "wbr"}

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.by_id = {}
        self.text_of = {}
        self.inline = {"script": [], "style": []}
        self._open = []  # (tag, id)
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if "id" in attrs:
            self.by_id[attrs["id"]] = attrs
            self.text_of.setdefault(attrs["id"], "")
        if tag in self.inline:
            self.inline[tag].append("")
        if tag not in self.VOID:
            self._open.append((tag, attrs.get("id")))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID and self._open:
            self._open.pop()

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                break

    def handle_data(self, data):
        for tag, element_id in self._open:
            if element_id is not None:
                self.text_of[element_id] += data
        if self._open and self._open[-1][0] in self.inline:
            self.inline[self._open[-1][0]][-1] += data


def chromium(*args, timeout=60):
    profile = tempfile.mkdtemp(prefix="chromium-profile-", dir=harness.ARGS.work_dir)
    cmd = [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + profile,
           "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
           "--disable-background-networking", "--disable-component-update", "--hide-scrollbars",
           "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000"] + list(args)
    try:
        return subprocess.run(cmd, capture_output=True, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def console_problems(stderr):
    """Console messages and CSP refusals Chromium logged for the page."""
    out = []
    for line in stderr.decode("utf-8", "replace").splitlines():
        if ":CONSOLE" in line or "Refused to" in line or "Uncaught" in line:
            out.append(line)
    return out


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


class HtmlReport(harness.unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = Testbed("--all-flaws")
        cls.html = work("report.html")
        cls.scan = Scan("scan", cls.site.http + "/", cls.site.https + "/", "--rate", "0", "--fail-on", "none",
                        "--html", cls.html)
        with open(cls.html, encoding="utf-8") as f:
            cls.source = f.read()
        cls.url = "file://" + os.path.abspath(cls.html)
        cls.counts = cls.scan.report["summary"]["by_severity"]

    @classmethod
    def tearDownClass(cls):
        cls.site.stop()

    def dump(self, fragment=""):
        proc = chromium("--dump-dom", self.url + fragment)
        self.assertEqual(proc.returncode, 0, proc.stderr.decode("utf-8", "replace")[-3000:])
        self.assertEqual(console_problems(proc.stderr), [])
        return Dom(proc.stdout.decode("utf-8"))

    def visible_findings(self, dom):
        return [a for tag, a in dom.elements if "finding" in a.get("class", "").split() and "hidden" not in a]

    def test_script_runs_and_counts_match_the_json_report(self):
        self.assertEqual(self.scan.code, 0, self.scan.describe())
        self.assertGreater(self.scan.report["summary"]["total"], 10)
        dom = self.dump()
        status = dom.by_id["js-status"]
        self.assertEqual(status.get("data-ready"), "1", status)
        self.assertEqual(json.loads(status["data-errors"]), [])
        self.assertEqual(status.get("data-styled"), "rgb(246, 248, 250)")  # the inline style applied
        self.assertNotIn("hidden", dom.by_id["filters"])  # the script showed the filters
        self.assertEqual(json.loads(status["data-visible"]), {s: self.counts[s] for s in SEVERITIES})
        for s in SEVERITIES:
            self.assertEqual(int(dom.text_of["count-" + s]), self.counts[s], s)
            self.assertEqual(int(dom.text_of["visible-" + s]), self.counts[s], s)
            self.assertEqual(int(dom.by_id["bar-" + s]["data-count"]), self.counts[s], s)
        total = self.scan.report["summary"]["total"]
        self.assertEqual(int(dom.text_of["count-total"]), total)
        self.assertEqual(len(self.visible_findings(dom)), total)
        groups = [a for tag, a in dom.elements if a.get("class") == "check-group"]
        self.assertEqual(sorted(g["data-check"] for g in groups), self.scan.checks_found())
        self.assertEqual(dom.text_of["tool-version"], self.scan.report["tool"]["version"])
        self.assertEqual(dom.text_of["stat-requests"], str(self.scan.report["scan"]["statistics"]["requests"]))

    def test_filters_preset_from_the_fragment(self):
        dom = self.dump("#severity=high,medium")
        want = {s: (self.counts[s] if s in ("high", "medium") else 0) for s in SEVERITIES}
        self.assertEqual(json.loads(dom.by_id["js-status"]["data-visible"]), want)
        for s in SEVERITIES:
            self.assertEqual(int(dom.text_of["visible-" + s]), want[s], s)
            self.assertEqual(int(dom.text_of["count-" + s]), self.counts[s], s)  # totals stay
        shown = self.visible_findings(dom)
        self.assertEqual(len(shown), want["high"] + want["medium"])
        self.assertTrue(all(a["data-severity"] in ("high", "medium") for a in shown))

        origin = self.site.http.rstrip("/")
        expected = [f for f in self.scan.findings() if f["url"].startswith(origin + "/")]
        self.assertGreater(len(expected), 0)
        self.assertLess(len(expected), self.scan.report["summary"]["total"])
        dom = self.dump("#" + urllib.parse.urlencode({"origin": origin}))
        shown = self.visible_findings(dom)
        self.assertEqual(len(shown), len(expected))
        self.assertEqual({a["data-origin"] for a in shown}, {origin})
        self.assertEqual(int(dom.text_of["visible-total"]), len(expected))
        # Groups with nothing left to show are hidden too.
        for tag, a in dom.elements:
            if a.get("class") == "check-group" and "hidden" not in a:
                self.assertIn(a["data-check"], {f["check"] for f in expected})

    def test_screenshot(self):
        png = work("report.png")
        proc = chromium("--screenshot=" + png, "--window-size=%d,%d" % WINDOW, self.url)
        self.assertEqual(proc.returncode, 0, proc.stderr.decode("utf-8", "replace")[-3000:])
        self.assertEqual(console_problems(proc.stderr), [])
        self.assertTrue(os.path.exists(png))
        self.assertEqual(png_size(png), WINDOW)
        # A blank page compresses to a few hundred bytes; text, badges and the chart do not.
        self.assertGreater(os.path.getsize(png), 20000)

    def test_nothing_points_outside_the_file(self):
        dom = Dom(self.source)
        tags = [tag for tag, attrs in dom.elements]
        for forbidden in ("link", "img", "iframe", "object", "embed", "base", "frame", "audio", "video"):
            self.assertNotIn(forbidden, tags)
        self.assertEqual(tags.count("script"), 1)
        self.assertEqual(tags.count("style"), 1)
        for tag, attrs in dom.elements:
            self.assertEqual(URL_ATTRIBUTES & set(attrs), set(), (tag, attrs))
            self.assertNotIn("style", attrs, (tag, attrs))
            for name in attrs:
                self.assertFalse(name.startswith("on"), (tag, attrs))
        self.assertNotIn("url(", dom.inline["style"][0])
        self.assertNotIn("@import", dom.inline["style"][0])
        # The policy names exactly the inline blocks, by hash, and allows no network source.
        csp = [a["content"] for tag, a in dom.elements
               if tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy"]
        self.assertEqual(len(csp), 1)
        directives = dict(d.strip().split(" ", 1) for d in csp[0].split(";"))
        self.assertEqual(directives["default-src"], "'none'")

        def digest(text):
            return "'sha256-%s'" % base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
        self.assertEqual(directives["script-src"], digest(dom.inline["script"][0]))
        self.assertEqual(directives["style-src"], digest(dom.inline["style"][0]))

    def test_evidence_is_text(self):
        # The testbed serves <script src="https://cdn.example.invalid/..."> (sri-missing): that
        # markup is in the evidence, and must reach the page as text, not as an element.
        snippets = [f["evidence"]["snippet"] for f in self.scan.findings() if "<script" in f["evidence"]["snippet"]]
        self.assertGreater(len(snippets), 0)
        self.assertNotIn("<script src", self.source)
        self.assertIn("&lt;script src=&quot;https://cdn.example.invalid/lib.js&quot;&gt;", self.source)
        dom = self.dump()
        self.assertEqual([t for t, a in dom.elements if t == "script"], ["script"])
        self.assertFalse(any("src" in a for t, a in dom.elements))

    def test_baseline_new_and_fixed(self):
        html = work("baseline.html")
        again = Scan("scan", self.site.http + "/", self.site.https + "/", "--rate", "0", "--fail-on", "none",
                     "--checks", "csp-*", "--baseline", self.scan.json_path, "--html", html)
        self.assertEqual(again.code, 0, again.describe())
        baseline = again.report["baseline"]
        self.assertGreater(baseline["fixed"], 0)
        with open(html, encoding="utf-8") as f:
            source = f.read()
        dom = Dom(source)
        for key in ("new", "unchanged", "updated", "fixed"):
            self.assertEqual(int(dom.text_of["baseline-" + key]), baseline[key], key)
        table = source[source.index('<table id="fixed">'):]
        table = table[:table.index("</table>")]
        self.assertEqual(table.count("<tr>") - 1, baseline["fixed"])  # minus the header row
        for gone in baseline["fixed_findings"]:
            self.assertIn("<code>%s</code>" % gone["check"], table)

    def test_unwritable_path_is_a_usage_error(self):
        scan = Scan("scan", "http://127.0.0.1:9/", "--html", "/nonexistent-dir/report.html", reports=False)
        self.assertEqual(scan.code, 2, scan.describe())
        self.assertIn("--html", scan.stderr)


if __name__ == "__main__":
    harness.main()
