"""Catch-all awareness in the crawl, on Debian's nginx serving a small single-page app
(test/spa/www) with `try_files $uri $uri/ /index.html;`: every path that is not a file answers
200 with index.html. The app's relative links (assets/main.js, docs/guide, track/parcel)
resolved against such phantom paths used to make an endless tree (/docs/assets/assets/...) and
a finding per phantom page; now the crawl stays near the app's real resources, no finding sits
on a URL that only answers the catch-all page, and the JSON report counts those URLs in a
catch-all-not-found notification. The same files served with real 404s are crawled as before,
at the cost of the two calibration requests."""

import os
import re
import subprocess
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

import harness
from harness import Scan

NGINX = "/usr/sbin/nginx"
FALLBACK = "try_files $uri $uri/ /index.html;"
# The app's real resources: the index page (at / and at /index.html), about.html, two assets.
REAL = ["/", "/index.html", "/about.html", "/assets/main.js", "/assets/app.css"]
# Where the index page really lives: the only URLs where its body may carry a finding.
INDEX_HOMES = {"/", "/index.html"}
# Findings about something missing name the URL where it should be, a phantom one here.
ABSENCE_CHECKS = {"security-txt-missing"}
# What the crawl requested from the same files without the fallback before the catch-all
# guard existed (the broken links answer 404 and are crawled pages like any other).
PLAIN_CRAWL = sorted(REAL + ["/robots.txt", "/sitemap.xml", "/assets/", "/docs/", "/docs/guide",
                             "/track/", "/track/parcel"])
RANDOM_NAME = re.compile(r"/gs[0-9a-f]{14}\b")


class SpaServer:
    """nginx on a free loopback port serving test/spa/www, with or without the fallback."""

    def __init__(self, name, fallback):
        self.base = harness.work(name)
        os.makedirs(os.path.join(self.base, "tmp"))
        spa = os.path.join(harness.ARGS.source_dir, "test", "spa")
        port = harness.free_port()
        with open(os.path.join(spa, "nginx.conf.in")) as f:
            conf = f.read()
        conf = (conf.replace("@PORT@", str(port)).replace("@ROOT@", os.path.join(spa, "www"))
                .replace("@WORK@", self.base).replace("@FALLBACK@", fallback))
        conf_path = os.path.join(self.base, "nginx.conf")
        with open(conf_path, "w") as f:
            f.write(conf)
        self.proc = subprocess.Popen([NGINX, "-c", conf_path, "-e", os.path.join(self.base, "error.log")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = "http://127.0.0.1:%d/" % port
        for _ in range(200):
            try:
                urllib.request.urlopen(self.url, timeout=1).read()
                break
            except Exception:
                time.sleep(0.05)
        self.clear_log()

    def clear_log(self):
        open(os.path.join(self.base, "access.log"), "w").close()

    def requested_paths(self):
        """Request targets gapscan sent (by its User-Agent) since the last clear_log()."""
        out = []
        with open(os.path.join(self.base, "access.log"), encoding="utf-8", errors="replace") as f:
            for line in f:
                m = re.search(r'"[A-Z]+ (\S+) HTTP/', line)
                if m and '"gapscan/' in line:
                    out.append(m.group(1))
        return out

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(10)


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


@unittest.skipUnless(os.path.exists(NGINX), "nginx is not installed")
class CatchAllCrawl(unittest.TestCase):
    def test_single_page_app(self):
        with SpaServer("spa", FALLBACK) as spa:
            scan = Scan("scan", spa.url, "--rate", "0", "--fail-on", "none")
            requested = spa.requested_paths()
            self.assertEqual(scan.code, 0, scan.describe())
            harness.assert_reports_valid(self, scan)
            index = fetch(spa.url)[1]
            self.assertEqual(fetch(spa.url + "no/such/page")[1], index)  # the fixture is a catch-all

            # No finding on a URL that only answers the catch-all page.
            for f in scan.findings():
                if f["check"] in ABSENCE_CHECKS:
                    continue
                for url in [f["url"]] + f.get("affected_urls", []):
                    status, body = fetch(url)
                    if status == 200 and body == index:
                        self.assertIn(urllib.parse.urlsplit(url).path, INDEX_HOMES,
                                      "%s on a phantom URL %s" % (f["check"], url))
            # The per-page finding the phantom pages multiplied is there, on the index page only.
            sri = scan.findings("sri-missing")
            self.assertTrue(sri, scan.describe())
            self.assertLessEqual(len(sri), len(INDEX_HOMES), [f["url"] for f in sri])

            # The crawl stays near the real resources, which are all crawled.
            pages = scan.report["scan"]["statistics"]["pages"]
            self.assertLessEqual(pages, 2 * len(REAL), scan.report["scan"]["statistics"])
            for path in REAL:
                self.assertIn(path, requested)
            with open(scan.json_path, encoding="utf-8") as f:
                self.assertNotIn("/assets/assets/", f.read())
            self.assertFalse([p for p in requested if "/assets/assets/" in p or "/docs/docs/" in p])

            notes = scan.notifications("catch-all-not-found")
            self.assertEqual(len(notes), 1, scan.notifications())
            self.assertEqual(notes[0]["url"], spa.url.rstrip("/"))
            m = re.match(r"catch-all answers: (\d+) URLs treated as not found", notes[0]["message"])
            self.assertTrue(m, notes[0])
            self.assertGreaterEqual(int(m.group(1)), 3)  # docs/guide, track/parcel, robots.txt, ...

    def test_crawl_costs_two_calibration_requests(self):
        """A crawl (no checks) of the app, then of the same files with real 404s: each sends
        two random-name requests more than before and nothing else changes on the 404 site."""
        for name, fallback in [("spa-crawl", FALLBACK), ("plain-crawl", "")]:
            with self.subTest(site=name), SpaServer(name, fallback) as site:
                scan = Scan("scan", site.url, "--rate", "0", "--fail-on", "none", "--exclude-checks", "*")
                requested = site.requested_paths()
                self.assertEqual(scan.code, 0, scan.describe())
                calibration = [p for p in requested if RANDOM_NAME.search(p)]
                self.assertEqual(len(calibration), 2, requested)
                stats = scan.report["scan"]["statistics"]
                self.assertEqual(stats["probe_requests"].get("soft-404-calibration"), 2, stats)
                self.assertEqual(stats["requests"], len(requested), requested)
                crawled = sorted(set(p for p in requested if not RANDOM_NAME.search(p)))
                if fallback:
                    self.assertEqual(len(scan.notifications("catch-all-not-found")), 1)
                    self.assertLessEqual(stats["pages"], 2 * len(REAL), crawled)
                else:
                    # Real 404s: every link is followed and counted as before (the broken ones
                    # answer 404 and are pages of the crawl), no catch-all anywhere.
                    self.assertEqual(scan.notifications("catch-all-not-found"), [])
                    self.assertEqual(stats["pages"], len(crawled), crawled)
                    self.assertEqual(crawled, PLAIN_CRAWL)


if __name__ == "__main__":
    harness.main()
