"""Real Apache from Debian on loopback with its stock configuration: the findings its documented
defaults imply (version banner, missing headers, versioned error pages, the default page,
/server-status open to local clients, Indexes on the document root) plus a Git checkout planted
in the document root, and nothing else above low. Run with the event MPM (Debian's default) and
with prefork (what Debian enables with libapache2-mod-php). Apache runs in a session of its own:
prefork signals its whole process group when it stops, which would end the test runner too."""

import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.request

import harness
from harness import Scan

APACHE = "/usr/sbin/apache2"
DEFAULT_PAGE = "/var/www/html/index.html"

# What Debian's stock Apache implies: ServerTokens OS + ServerSignature On (versioned error
# pages), no security headers, the default page, mod_status for local clients (the scan comes
# from 127.0.0.1), Indexes where a directory has no index file, plain HTTP only. /icons/ has no
# Indexes in Debian 12 (403). Plus what the test plants: a .git directory.
EXPECTED_ABOVE_LOW = {"csp-missing", "clickjacking-protection-missing", "error-disclosure",
                      "exposed-status-page", "exposed-vcs", "directory-listing", "http-only-site"}


def make_docroot():
    """A copy of Debian's default site plus a listing directory and a planted Git checkout,
    under /tmp so that Apache's www-data workers can read it wherever the checkout lives."""
    root = tempfile.mkdtemp(prefix="gapscan-apache-")
    os.chmod(root, 0o755)
    shutil.copy(DEFAULT_PAGE, os.path.join(root, "index.html"))
    files = os.path.join(root, "files")
    git = os.path.join(root, ".git")
    for d in (files, git):
        os.makedirs(d)
        os.chmod(d, 0o755)
    with open(os.path.join(files, "notes.txt"), "w") as f:
        f.write("release notes\n")
    with open(os.path.join(git, "HEAD"), "w") as f:
        f.write("ref: refs/heads/main\n")
    with open(os.path.join(git, "config"), "w") as f:
        f.write("[core]\n\trepositoryformatversion = 0\n\tbare = false\n"
                "[remote \"origin\"]\n\turl = https://git.example.invalid/shop/site.git\n")
    # Linked from the default page's copy so that the crawl finds the listing directory.
    with open(os.path.join(root, "index.html"), "a") as f:
        f.write('<a href="/files/">files</a>\n')
    for dirpath, dirnames, filenames in os.walk(root):
        for name in filenames:
            os.chmod(os.path.join(dirpath, name), 0o644)
    return root


def module_includes(mpm):
    """Include lines for the machine's enabled modules, with `mpm` as the MPM."""
    enabled = "/etc/apache2/mods-enabled"
    lines = []
    for ext in ("load", "conf"):
        for name in sorted(os.listdir(enabled)):
            # mod_php is not thread-safe: Debian's event MPM runs without it (enabling
            # libapache2-mod-php is what switches Debian to prefork).
            if name.startswith("php") and mpm != "prefork":
                continue
            if name.endswith("." + ext) and not name.startswith("mpm_"):
                lines.append("Include %s/%s" % (enabled, name))
        lines.append("IncludeOptional /etc/apache2/mods-available/mpm_%s.%s" % (mpm, ext))
    return "\n".join(lines)


def start_apache(docroot, mpm):
    base = harness.work("apache-" + mpm)
    os.makedirs(base, exist_ok=True)
    os.chmod(base, 0o755)
    port = harness.free_port()
    with open(os.path.join(harness.ARGS.source_dir, "test", "apache", "apache2.conf.in")) as f:
        conf = (f.read().replace("@PORT@", str(port)).replace("@WORK@", base)
                .replace("@DOCROOT@", docroot).replace("@MODULES@", module_includes(mpm)))
    conf_path = os.path.join(base, "apache2.conf")
    with open(conf_path, "w") as f:
        f.write(conf)
    script = (". /etc/apache2/envvars; export APACHE_RUN_DIR={b} APACHE_LOCK_DIR={b} APACHE_LOG_DIR={b} "
              "APACHE_PID_FILE={b}/apache2.pid; exec {apache} -f {conf} -DFOREGROUND").format(
        b=base, apache=APACHE, conf=conf_path)
    proc = subprocess.Popen(["/bin/sh", "-c", script], stdout=subprocess.DEVNULL,
                            stderr=open(os.path.join(base, "stderr.log"), "w"),
                            start_new_session=True)
    url = "http://127.0.0.1:%d/" % port
    for _ in range(200):
        try:
            urllib.request.urlopen(url, timeout=1).read()
            break
        except urllib.error.HTTPError:
            break
        except Exception:
            if proc.poll() is not None:
                raise RuntimeError("apache2 exited; see " + base)
            time.sleep(0.05)
    return proc, url


@unittest.skipUnless(os.path.exists(APACHE) and os.path.exists(DEFAULT_PAGE), "apache2 is not installed")
class ApacheEvent(unittest.TestCase):
    MPM = "event"

    @classmethod
    def setUpClass(cls):
        cls.docroot = make_docroot()
        cls.proc, cls.url = start_apache(cls.docroot, cls.MPM)
        cls.scan = Scan("scan", cls.url, "--rate", "0", "--fail-on", "none")
        checks = Scan("checks", "--json", reports=False)
        cls.known = {c["id"] for c in json.loads(checks.stdout)}

    @classmethod
    def tearDownClass(cls):
        cls.proc.terminate()
        cls.proc.wait(10)
        shutil.rmtree(cls.docroot, ignore_errors=True)

    def test_runs_with_the_chosen_mpm(self):
        with open(os.path.join(harness.work("apache-" + self.MPM), "apache2.conf")) as f:
            self.assertIn("mpm_%s.load" % self.MPM, f.read())
        self.assertIsNone(self.proc.poll())

    def test_reports_valid(self):
        self.assertEqual(self.scan.code, 0, self.scan.describe())
        harness.assert_reports_valid(self, self.scan)

    def test_version_banner(self):
        banner = self.scan.findings("server-version-disclosure")
        self.assertEqual(len(banner), 1, self.scan.describe())
        self.assertTrue(banner[0]["evidence"]["header_value"].startswith("Apache/2.4"), banner)

    def test_missing_headers(self):
        found = self.scan.checks_found()
        for check in ["csp-missing", "clickjacking-protection-missing", "x-content-type-options-missing"]:
            self.assertIn(check, found)
        self.assertNotIn("hsts-missing", found)  # plain HTTP

    def test_default_page_and_versioned_error_pages(self):
        found = self.scan.checks_found()
        if "default-page" in self.known:
            self.assertIn("default-page", found)
        if "error-disclosure" in self.known:
            errors = self.scan.findings("error-disclosure")
            self.assertTrue(errors, self.scan.describe())
            self.assertTrue(any("Apache/2.4" in f["evidence"]["snippet"] for f in errors), errors)

    def test_directory_listing(self):
        listing = self.scan.findings("directory-listing")
        self.assertEqual([f["url"] for f in listing], [self.url + "files/"], self.scan.describe())
        self.assertIn("Index of /files", listing[0]["evidence"]["snippet"])

    def test_server_status_from_loopback(self):
        status = self.scan.findings("exposed-status-page")
        self.assertEqual(len(status), 1, self.scan.describe())
        self.assertIn("/server-status", status[0]["url"])
        self.assertEqual(status[0]["response"]["status"], 200)

    def test_planted_git_checkout(self):
        vcs = self.scan.findings("exposed-vcs")
        self.assertEqual(len(vcs), 1, self.scan.describe())
        self.assertIn("/.git/", vcs[0]["url"])
        self.assertEqual(vcs[0]["severity"], "high")
        self.assertIn("git.example.invalid/shop/site.git", vcs[0]["message"])

    def test_nothing_else_above_low(self):
        above = {f["check"] for f in self.scan.findings() if f["severity"] in ("medium", "high", "critical")}
        self.assertLessEqual(above, EXPECTED_ABOVE_LOW, above)


class ApachePrefork(ApacheEvent):
    MPM = "prefork"


if __name__ == "__main__":
    harness.main()
