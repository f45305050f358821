"""Hostile servers: hangs, endless and huge bodies, compression bombs, malformed headers,
invalid UTF-8 and NUL bytes, redirect loops. The scan finishes within its bounds, each event is
a notification, and the reports stay valid."""

import socket
import threading
import unittest

import harness
from harness import Scan, Testbed


class Hostile(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = Testbed("--all-flaws", "--hostile", https=False)
        cls.scan = Scan("scan", cls.site.http + "/", "--rate", "0", "--fail-on", "none",
                        "--timeout", "3s", "--max-body", "1MiB")

    @classmethod
    def tearDownClass(cls):
        cls.site.stop()

    def test_scan_completes_within_its_timeouts(self):
        self.assertEqual(self.scan.code, 0, self.scan.describe())
        # Hang, slow headers and endless body each cost at most --timeout (3 s), concurrently.
        self.assertLess(self.scan.elapsed, 30, self.scan.describe())

    def test_reports_valid_despite_invalid_utf8_and_nul(self):
        harness.assert_reports_valid(self, self.scan)
        paths = {r["target"] for r in self.site.requests()}
        self.assertIn("/hostile/bad-utf8", paths)

    def test_hang_is_a_timeout_notification(self):
        urls = [n["url"] for n in self.scan.notifications("timeout")]
        self.assertTrue(any(u.endswith("/hostile/hang") for u in urls), self.scan.report["notifications"])

    def test_huge_body_is_cut_and_noted(self):
        urls = [n["url"] for n in self.scan.notifications("body-truncated")]
        self.assertTrue(any(u.endswith("/hostile/huge-body") for u in urls), self.scan.report["notifications"])

    def test_compression_bomb_is_cut_by_the_decoded_cap(self):
        urls = [n["url"] for n in self.scan.notifications("body-truncated")]
        self.assertTrue(any(u.endswith("/hostile/gzip-bomb") for u in urls), self.scan.report["notifications"])

    def test_endless_body_does_not_hold_the_scan(self):
        noted = [n["url"] for n in self.scan.notifications() if n["url"].endswith("/hostile/endless")]
        self.assertTrue(noted, self.scan.report["notifications"])

    def test_redirect_loop_is_noted(self):
        self.assertTrue(self.scan.notifications("redirect-loop"), self.scan.report["notifications"])

    def test_malformed_headers_are_a_notification(self):
        # libcurl refuses header lines without a colon and NUL bytes in headers.
        urls = [n["url"] for n in self.scan.notifications("malformed-response")]
        self.assertTrue(any(u.endswith("/hostile/malformed-headers") for u in urls), self.scan.report["notifications"])
        self.assertTrue(any(u.endswith("/hostile/bad-utf8") for u in urls), self.scan.report["notifications"])

    def test_invalid_bytes_in_evidence_are_made_valid(self):
        banners = [f for f in self.scan.findings("server-version-disclosure") if "\ufffd" in f["evidence"]["header_value"]
                   or "\\x" in f["evidence"]["header_value"]]
        self.assertTrue(banners, self.scan.findings("server-version-disclosure"))
        listing = [f for f in self.scan.findings("directory-listing") if f["url"].endswith("/hostile/bad-bytes-evidence")]
        self.assertEqual(len(listing), 1, self.scan.findings("directory-listing"))

    def test_scan_goes_on_after_hostile_pages(self):
        self.assertIn("csp-missing", self.scan.checks_found())


class SilentServer(unittest.TestCase):
    def test_server_that_never_answers_is_bounded_by_timeout(self):
        # Accepts connections and never writes a byte.
        srv = socket.socket()
        srv.bind(("127.0.0.1", 0))
        srv.listen(64)
        port = srv.getsockname()[1]
        conns = []
        stop = threading.Event()

        def accept():
            srv.settimeout(0.2)
            while not stop.is_set():
                try:
                    c, _ = srv.accept()
                    conns.append(c)
                except OSError:
                    pass

        t = threading.Thread(target=accept, daemon=True)
        t.start()
        try:
            scan = Scan("scan", "http://127.0.0.1:%d/" % port, "--timeout", "2s", "--fail-on", "none")
        finally:
            stop.set()
            t.join()
            for c in conns:
                c.close()
            srv.close()
        # Seed, robots.txt and sitemap.xml time out together: about one --timeout in all.
        self.assertLess(scan.elapsed, 8, scan.describe())
        self.assertEqual(scan.code, 3, scan.describe())
        self.assertTrue(scan.notifications("timeout"), scan.report)
        harness.assert_reports_valid(self, scan)


if __name__ == "__main__":
    harness.main()
