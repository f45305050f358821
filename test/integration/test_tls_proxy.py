"""TLS posture probes go through --proxy, like the HTTP requests.

A CONNECT proxy on 127.0.0.1 tunnels every CONNECT, whatever authority it names, to the
testbed's HTTPS port. The scan's target is https://127.0.0.1:<closed port>/: nothing listens
there, so only what goes through the proxy reaches a server. The testbed's self-signed
certificate makes tls-cert-untrusted certain, so a tls-* finding proves the handshakes went
through the tunnel (before the fix they went straight to the closed port and found nothing).
A SOCKS proxy cannot carry the raw handshakes: the scan says so in a notification."""

import socket
import threading
import unittest

import harness
from harness import Scan, Testbed, free_port


class ConnectProxy:
    """A threaded CONNECT-only proxy on 127.0.0.1 forwarding to one port; counts tunnels."""

    def __init__(self, forward_port):
        self.forward_port = forward_port
        self.connects = []
        self.lock = threading.Lock()
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client):
        head = b""
        while b"\r\n\r\n" not in head and len(head) < 16384:
            chunk = client.recv(1)
            if not chunk:
                client.close()
                return
            head += chunk
        line = head.split(b"\r\n", 1)[0].decode("latin-1")
        with self.lock:
            self.connects.append(line)
        if not line.startswith("CONNECT "):
            client.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            client.close()
            return
        upstream = socket.create_connection(("127.0.0.1", self.forward_port))
        client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")

        def pipe(src, dst):
            try:
                while True:
                    data = src.recv(65536)
                    if not data:
                        break
                    dst.sendall(data)
            except OSError:
                pass
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        threading.Thread(target=pipe, args=(upstream, client), daemon=True).start()
        pipe(client, upstream)

    def close(self):
        self.sock.close()


class TlsThroughProxy(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = Testbed()
        cls.proxy = ConnectProxy(cls.site.https_port)
        cls.closed_port = free_port()
        cls.target = "https://127.0.0.1:%d/" % cls.closed_port

    @classmethod
    def tearDownClass(cls):
        cls.proxy.close()
        cls.site.stop()

    def test_tls_probes_tunnel_through_the_proxy(self):
        scan = Scan("scan", self.target, "--checks", "tls-*", "--rate", "0", "--max-pages", "3",
                    "--proxy", "http://127.0.0.1:%d" % self.proxy.port)
        harness.assert_reports_valid(self, scan)
        checks = {f["check"] for f in scan.findings()}
        self.assertIn("tls-cert-untrusted", checks, scan.describe())
        untrusted = scan.findings("tls-cert-untrusted")[0]
        self.assertIn("127.0.0.1:%d" % self.closed_port, untrusted["evidence"]["note"])
        with self.proxy.lock:
            tunnels = [c for c in self.proxy.connects
                       if c == "CONNECT 127.0.0.1:%d HTTP/1.1" % self.closed_port]
        # The crawl's few connections plus the posture's handshakes (about a dozen).
        self.assertGreaterEqual(len(tunnels), 8, tunnels)

    def test_without_the_proxy_nothing_answers(self):
        scan = Scan("scan", self.target, "--checks", "tls-*", "--rate", "0", "--max-pages", "3")
        self.assertEqual(scan.code, 3, scan.describe())  # no target reachable
        self.assertEqual(scan.findings(), [])

    def test_socks_proxy_is_named_not_bypassed(self):
        scan = Scan("scan", self.target, "--checks", "tls-*", "--rate", "0", "--max-pages", "3",
                    "--proxy", "socks5://127.0.0.1:%d" % free_port())
        codes = [n["code"] for n in scan.report["notifications"]]
        self.assertIn("tls-probes-skipped", codes, scan.describe())
        self.assertEqual([f for f in scan.findings() if f["check"].startswith("tls-")], [])


if __name__ == "__main__":
    harness.main()
