"""Real nginx from Debian on loopback with its stock defaults: the version banner and the
missing headers are reported; with autoindex on, the directory listing is too; a Git checkout
planted in the document root is found by the active probes, with nothing else above low."""

import os
import subprocess
import time
import unittest
import urllib.request

import harness
from harness import Scan

NGINX = "/usr/sbin/nginx"


def start_nginx(name, autoindex):
    base = harness.work(name)
    root = os.path.join(base, "www")
    os.makedirs(os.path.join(root, "files"))
    os.makedirs(os.path.join(base, "tmp"))
    with open(os.path.join(root, "index.html"), "w") as f:
        f.write("<!doctype html><html><head><title>nginx test</title></head><body>"
                "<a href=\"/about.html\">about</a> <a href=\"/files/readme.txt\">readme</a></body></html>")
    with open(os.path.join(root, "about.html"), "w") as f:
        f.write("<!doctype html><html><head><title>About</title></head><body><a href=\"/\">home</a></body></html>")
    with open(os.path.join(root, "files", "readme.txt"), "w") as f:
        f.write("plain text\n")
    # A deploy that copied the whole checkout: nginx serves dot-directories by default.
    os.makedirs(os.path.join(root, ".git"))
    with open(os.path.join(root, ".git", "HEAD"), "w") as f:
        f.write("ref: refs/heads/main\n")
    with open(os.path.join(root, ".git", "config"), "w") as f:
        f.write("[core]\n\trepositoryformatversion = 0\n\tbare = false\n")
    port = harness.free_port()
    with open(os.path.join(harness.ARGS.source_dir, "test", "nginx", "nginx.conf.in")) as f:
        conf = f.read()
    conf = (conf.replace("@PORT@", str(port)).replace("@ROOT@", root).replace("@WORK@", base)
            .replace("@AUTOINDEX@", "on" if autoindex else "off"))
    conf_path = os.path.join(base, "nginx.conf")
    with open(conf_path, "w") as f:
        f.write(conf)
    proc = subprocess.Popen([NGINX, "-c", conf_path, "-e", os.path.join(base, "error.log")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = "http://127.0.0.1:%d/" % port
    for _ in range(200):
        try:
            urllib.request.urlopen(url, timeout=1).read()
            break
        except Exception:
            time.sleep(0.05)
    return proc, url


@unittest.skipUnless(os.path.exists(NGINX), "nginx is not installed")
class Nginx(unittest.TestCase):
    def run_scan(self, autoindex):
        proc, url = start_nginx("nginx-autoindex-" + ("on" if autoindex else "off"), autoindex)
        try:
            return Scan("scan", url, "--rate", "0", "--fail-on", "none")
        finally:
            proc.terminate()
            proc.wait(10)

    def test_stock_nginx(self):
        scan = self.run_scan(autoindex=False)
        self.assertEqual(scan.code, 0, scan.describe())
        harness.assert_reports_valid(self, scan)
        found = scan.checks_found()
        for check in ["server-version-disclosure", "csp-missing", "x-content-type-options-missing",
                      "clickjacking-protection-missing"]:
            self.assertIn(check, found, scan.describe())
        banner = scan.findings("server-version-disclosure")[0]["evidence"]
        self.assertEqual(banner["header_name"].lower(), "server")
        self.assertTrue(banner["header_value"].startswith("nginx/"), banner)
        self.assertNotIn("directory-listing", found)
        self.assertNotIn("hsts-missing", found)  # plain HTTP: HSTS does not apply
        vcs = scan.findings("exposed-vcs")
        self.assertEqual(len(vcs), 1, scan.describe())
        self.assertIn("/.git/", vcs[0]["url"])
        self.assertEqual(vcs[0]["response"]["status"], 200)
        # Stock nginx implies missing headers, the versioned banner and error pages, and plain
        # HTTP only; the planted checkout is the one other finding. The rest of the catalogue
        # (every guessed path answered by nginx's real 404) must stay quiet.
        above_low = {f["check"] for f in scan.findings() if f["severity"] in ("medium", "high", "critical")}
        self.assertLessEqual(above_low, {"csp-missing", "clickjacking-protection-missing", "error-disclosure",
                                         "exposed-vcs", "http-only-site"})

    def test_nginx_autoindex(self):
        scan = self.run_scan(autoindex=True)
        listing = scan.findings("directory-listing")
        self.assertEqual(len(listing), 1, scan.describe())
        self.assertTrue(listing[0]["url"].endswith("/files/"), listing)
        self.assertIn("Index of /files/", listing[0]["evidence"]["snippet"])


if __name__ == "__main__":
    harness.main()
