"""TLS posture checks (tls-*) against `openssl s_server` on 127.0.0.1.

Certificates are made with the openssl CLI in the work dir: a test CA (trusted through
GAPSCAN_EXTRA_CA_FILE), leaves it signs with `openssl x509 -req` (valid, expiring, wrong host,
RSA-1024, SHA-1) or with `openssl ca -startdate/-enddate` (expired, not yet valid: OpenSSL 3.0's
req/x509 cannot set arbitrary dates), and a self-signed leaf. Each scenario is one s_server and
one `gapscan scan --checks 'tls-*'`; the test asserts the exact set of tls-* findings and that
each finding's evidence snippet names the protocol, cipher or certificate field concerned.

A TLS 1.0-only server must be crawlable too: without --verify-tls the engine lowers libcurl's
floor to TLS 1.0 at OpenSSL security level 0 (scanner/engine.cc), otherwise the origin would
never count as reachable and no active check would run on it."""

import json
import os
import shutil
import subprocess
import time
import unittest

import harness
from harness import Scan, free_port, work

CA_CNF = """[ ca ]
default_ca = test_ca
[ test_ca ]
database = {dir}/index.txt
new_certs_dir = {dir}/newcerts
serial = {dir}/serial
certificate = {dir}/ca.pem
private_key = {dir}/ca.key
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
[ policy_any ]
commonName = supplied
"""

OPENSSL = shutil.which("openssl")

# A configuration with nothing to report: TLS 1.2 and 1.3 only, ECDHE + AEAD only. The
# certificate scenarios use it so that only the certificate is at fault.
MODERN = ["-no_ssl3", "-no_tls1", "-no_tls1_1", "-cipher", "ECDHE+AESGCM:ECDHE+CHACHA20"]

# What each check's evidence snippet starts with: the protocol, cipher or certificate field.
EVIDENCE = {
    "tls-protocol-obsolete": "protocol: ",
    "tls-weak-cipher": "cipher: ",
    "tls-no-forward-secrecy": "cipher: ",
    "tls-cert-expired": "notAfter: ",
    "tls-cert-expiring": "notAfter: ",
    "tls-cert-not-yet-valid": "notBefore: ",
    "tls-cert-untrusted": "issuer: ",
    "tls-cert-hostname-mismatch": "subjectAltName: ",
    "tls-cert-weak-key": "public key: ",
    "tls-cert-weak-signature": "signatureAlgorithm: ",
}


def openssl(*args):
    proc = subprocess.run([OPENSSL] + list(args), capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError("openssl %s failed:\n%s%s" % (" ".join(args), proc.stdout, proc.stderr))
    return proc.stdout


class Pki:
    """The test CA and every leaf the scenarios use, under work('pki')."""

    def __init__(self):
        self.dir = work("pki")
        os.makedirs(os.path.join(self.dir, "newcerts"))
        open(self.path("index.txt"), "w").close()
        with open(self.path("serial"), "w") as f:
            f.write("1000\n")
        with open(self.path("ca.cnf"), "w") as f:
            f.write(CA_CNF.format(dir=self.dir))
        self.ca = self.path("ca.pem")
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", self.path("ca.key"),
                "-out", self.ca, "-days", "3650", "-subj", "/CN=gapscan integration test CA",
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        self.serial = 1

    def path(self, name):
        return os.path.join(self.dir, name)

    def _csr(self, name, bits):
        openssl("req", "-new", "-newkey", "rsa:%d" % bits, "-nodes", "-keyout", self.path(name + ".key"),
                "-out", self.path(name + ".csr"), "-subj", "/CN=" + name)

    def _ext(self, name, san):
        ext = self.path(name + ".ext")
        with open(ext, "w") as f:
            f.write("subjectAltName=%s\nbasicConstraints=critical,CA:FALSE\n" % san)
        return ext

    def leaf(self, name, san="IP:127.0.0.1", days=365, bits=2048, digest="sha256"):
        """A leaf signed by the CA with `openssl x509 -req`; returns (cert, key)."""
        self._csr(name, bits)
        self.serial += 1
        openssl("x509", "-req", "-in", self.path(name + ".csr"), "-CA", self.ca, "-CAkey", self.path("ca.key"),
                "-set_serial", str(self.serial), "-days", str(days), "-" + digest,
                "-extfile", self._ext(name, san), "-out", self.path(name + ".pem"))
        return self.path(name + ".pem"), self.path(name + ".key")

    def dated_leaf(self, name, start, end):
        """A leaf with explicit validity dates (YYYYMMDDHHMMSSZ) through `openssl ca`."""
        self._csr(name, 2048)
        openssl("ca", "-config", self.path("ca.cnf"), "-batch", "-notext", "-startdate", start, "-enddate", end,
                "-in", self.path(name + ".csr"), "-out", self.path(name + ".pem"),
                "-extfile", self._ext(name, "IP:127.0.0.1"))
        return self.path(name + ".pem"), self.path(name + ".key")

    def self_signed(self, name):
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", self.path(name + ".key"),
                "-out", self.path(name + ".pem"), "-days", "365", "-subj", "/CN=" + name,
                "-addext", "subjectAltName=IP:127.0.0.1")
        return self.path(name + ".pem"), self.path(name + ".key")


class SServer:
    """`openssl s_server -www` on 127.0.0.1 with a free port."""

    def __init__(self, name, cert, key, *flags):
        self.port = free_port()
        self.log = work("s_server-%s.log" % name)
        cmd = [OPENSSL, "s_server", "-accept", "127.0.0.1:%d" % self.port, "-www", "-cert", cert, "-key", key,
               "-quiet"] + list(flags)
        self.cmd = cmd
        self.log_file = open(self.log, "w")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=self.log_file, stderr=subprocess.STDOUT)
        deadline = time.time() + 10
        while True:
            if self.proc.poll() is not None:
                self.log_file.close()
                with open(self.log) as f:
                    self.error = f.read()
                self.origin = None
                return
            if self._listening() or time.time() > deadline:
                break
            time.sleep(0.05)
        self.error = None
        self.origin = "https://127.0.0.1:%d" % self.port

    def _listening(self):
        # /proc/net/tcp lists the socket in LISTEN state (0A) once s_server accepts; probing with
        # a connection would take up s_server's single connection slot.
        want = ":%04X" % self.port
        try:
            with open("/proc/net/tcp") as f:
                return any(want in line.split()[1] and line.split()[3] == "0A" for line in f.readlines()[1:])
        except OSError:
            time.sleep(0.5)
            return True

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log_file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def tls_checks_registered():
    proc = subprocess.run([harness.ARGS.gapscan, "checks", "--json"], capture_output=True, text=True)
    if proc.returncode != 0:
        return False
    try:
        ids = {c["id"] for c in json.loads(proc.stdout)}
    except (ValueError, KeyError, TypeError):
        return False
    return {"tls-protocol-obsolete", "tls-weak-cipher", "tls-cert-expired"} <= ids


class Tls(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if OPENSSL is None:
            raise unittest.SkipTest("no openssl binary")
        if not tls_checks_registered():
            raise AssertionError("the tls-* checks are missing from `gapscan checks --json`")
        cls.pki = Pki()
        cls.env = dict(os.environ, GAPSCAN_EXTRA_CA_FILE=cls.pki.ca)
        cls.valid = cls.pki.leaf("valid")

    def scan(self, server, env=None, extra=()):
        self.assertIsNotNone(server.origin, "s_server did not start: %s\n%s" % (" ".join(server.cmd), server.error))
        scan = Scan("scan", server.origin + "/", "--checks", "tls-*", "--rate", "0", "--fail-on", "none",
                    "--no-progress", *extra, env=self.env if env is None else env)
        self.assertEqual(scan.code, 0, scan.describe())
        # The crawler reached the server (else no active check would have run).
        self.assertEqual(scan.notifications("no-target-reachable"), [], scan.describe())
        self.assertGreater(scan.report["scan"]["statistics"]["pages"], 0, scan.describe())
        return scan

    def found(self, scan):
        return sorted("%s/%s" % (f["check"], f["key"]) for f in scan.findings() if f["check"].startswith("tls-"))

    def assert_findings(self, server, expected, env=None, extra=()):
        scan = self.scan(server, env, extra)
        self.assertEqual(self.found(scan), sorted(expected), scan.describe() + "\n" + json.dumps(scan.findings(), indent=1))
        for f in scan.findings():
            self.assertTrue(f["evidence"]["snippet"].startswith(EVIDENCE[f["check"]]), f)
            self.assertIn("direct TLS handshakes", f["evidence"]["note"], f)
            self.assertEqual(f["url"], server.origin + "/", f)
        return scan

    # --- protocols, ciphers, key exchange ---

    def test_modern_configuration_has_no_tls_findings(self):
        cert, key = self.valid
        with SServer("modern", cert, key, *MODERN) as server:
            scan = self.assert_findings(server, [])
            harness.assert_reports_valid(self, scan)

    def test_modern_configuration_without_the_test_ca_is_untrusted(self):
        cert, key = self.valid
        env = {k: v for k, v in os.environ.items() if k != "GAPSCAN_EXTRA_CA_FILE"}
        with SServer("modern-untrusted", cert, key, *MODERN) as server:
            scan = self.assert_findings(server, ["tls-cert-untrusted/leaf"], env=env)
            f = scan.findings("tls-cert-untrusted")[0]
            self.assertIn("CN=gapscan integration test CA", f["evidence"]["snippet"])
            self.assertEqual(f["severity"], "medium")
            self.assertEqual(f["cwe"], 295)
            harness.assert_reports_valid(self, scan)

    def test_legacy_protocols_cbc_and_rsa_key_exchange(self):
        cert, key = self.valid
        with SServer("legacy", cert, key, "-cipher", "DEFAULT:@SECLEVEL=0") as server:
            scan = self.assert_findings(server, [
                "tls-no-forward-secrecy/rsa-key-exchange",
                "tls-protocol-obsolete/TLSv1.0",
                "tls-protocol-obsolete/TLSv1.1",
                "tls-weak-cipher/CBC with TLSv1.0",
            ])
            f = [f for f in scan.findings("tls-protocol-obsolete") if f["key"] == "TLSv1.0"][0]
            self.assertIn("TLSv1.0", f["evidence"]["snippet"])
            self.assertEqual(f["cwe"], 327)

    def test_tls10_only_server(self):
        # Only TLS 1.0, CBC and RSA key exchange suites allowed: the crawler still reaches it
        # (lowered floor without --verify-tls) and the posture names all three problems.
        cert, key = self.valid
        with SServer("tls1-only", cert, key, "-tls1", "-cipher", "DEFAULT:@SECLEVEL=0") as server:
            scan = self.assert_findings(server, [
                "tls-no-forward-secrecy/rsa-key-exchange",
                "tls-protocol-obsolete/TLSv1.0",
                "tls-weak-cipher/CBC with TLSv1.0",
            ])
            f = scan.findings("tls-protocol-obsolete")[0]
            self.assertTrue(f["evidence"]["snippet"].startswith("protocol: TLSv1.0; cipher: "), f)
            self.assertEqual(f["severity"], "medium")
            cbc = scan.findings("tls-weak-cipher")[0]
            self.assertEqual(cbc["severity"], "medium")
            self.assertIn("protocol: TLSv1.0", cbc["evidence"]["snippet"])

    def test_tls11_only_server(self):
        cert, key = self.valid
        with SServer("tls1_1-only", cert, key, "-tls1_1", "-cipher", "ECDHE+AES:@SECLEVEL=0") as server:
            scan = self.assert_findings(server, ["tls-protocol-obsolete/TLSv1.1"])
            self.assertEqual(scan.findings()[0]["evidence"]["snippet"].split(";")[0], "protocol: TLSv1.1")

    def test_null_cipher(self):
        cert, key = self.valid
        with SServer("null", cert, key, "-no_tls1", "-no_tls1_1",
                     "-cipher", "ECDHE+AESGCM:ECDHE-RSA-NULL-SHA:@SECLEVEL=0") as server:
            scan = self.assert_findings(server, ["tls-weak-cipher/NULL"])
            f = scan.findings("tls-weak-cipher")[0]
            self.assertIn("ECDHE-RSA-NULL-SHA", f["evidence"]["snippet"])
            self.assertEqual(f["severity"], "high")  # no encryption at all

    def test_anonymous_cipher(self):
        cert, key = self.valid
        with SServer("anull", cert, key, "-no_tls1", "-no_tls1_1",
                     "-cipher", "ECDHE+AESGCM:AECDH-AES128-SHA:@SECLEVEL=0") as server:
            scan = self.assert_findings(server, ["tls-weak-cipher/aNULL"])
            f = scan.findings("tls-weak-cipher")[0]
            self.assertIn("AECDH-AES128-SHA", f["evidence"]["snippet"])
            self.assertEqual(f["severity"], "high")  # no server authentication

    def test_3des_only_server(self):
        cert, key = self.valid
        with SServer("3des", cert, key, "-tls1_2", "-cipher", "DES-CBC3-SHA:@SECLEVEL=0") as server:
            if server.origin is None:
                self.skipTest("this OpenSSL build cannot serve 3DES: " + (server.error or "").strip()[:200])
            scan = self.scan(server)
            self.assertIn("tls-weak-cipher/DES/3DES", self.found(scan), scan.describe())
            f = [f for f in scan.findings("tls-weak-cipher") if f["key"] == "DES/3DES"][0]
            self.assertIn("DES", f["evidence"]["snippet"])
            self.assertEqual(f["severity"], "medium")

    def test_rsa_key_exchange_only(self):
        cert, key = self.valid
        with SServer("rsa-kx", cert, key, "-no_tls1_3", "-no_tls1", "-no_tls1_1",
                     "-cipher", "AES128-GCM-SHA256:AES256-GCM-SHA384") as server:
            scan = self.assert_findings(server, ["tls-no-forward-secrecy/no-forward-secrecy"])
            f = scan.findings("tls-no-forward-secrecy")[0]
            self.assertIn("key exchange: RSA", f["evidence"]["snippet"])
            self.assertEqual(f["severity"], "low")

    def test_rsa_key_exchange_cbc_tls12(self):
        cert, key = self.valid
        with SServer("rsa-kx-cbc", cert, key, "-tls1_2", "-cipher", "AES128-SHA") as server:
            scan = self.assert_findings(server, ["tls-no-forward-secrecy/no-forward-secrecy"])
            self.assertEqual(scan.findings()[0]["evidence"]["snippet"], "cipher: AES128-SHA; key exchange: RSA")

    # --- certificates ---

    def test_self_signed_certificate(self):
        cert, key = self.pki.self_signed("selfsigned")
        with SServer("selfsigned", cert, key, *MODERN) as server:
            scan = self.assert_findings(server, ["tls-cert-untrusted/leaf"])
            self.assertIn("self-signed", scan.findings("tls-cert-untrusted")[0]["message"])

    def test_expired_certificate(self):
        cert, key = self.pki.dated_leaf("expired", "20200101000000Z", "20200201000000Z")
        with SServer("expired", cert, key, *MODERN) as server:
            scan = self.assert_findings(server, ["tls-cert-expired/leaf"])
            f = scan.findings("tls-cert-expired")[0]
            self.assertEqual(f["evidence"]["snippet"], "notAfter: 2020-02-01T00:00:00Z")
            self.assertEqual(f["severity"], "high")
            self.assertEqual(f["cwe"], 298)

    def test_not_yet_valid_certificate(self):
        cert, key = self.pki.dated_leaf("future", "20900101000000Z", "20910101000000Z")
        with SServer("future", cert, key, *MODERN) as server:
            scan = self.assert_findings(server, ["tls-cert-not-yet-valid/leaf"])
            self.assertEqual(scan.findings()[0]["evidence"]["snippet"], "notBefore: 2090-01-01T00:00:00Z")

    def test_expiring_certificate(self):
        cert, key = self.pki.leaf("expiring", days=10)
        with SServer("expiring", cert, key, *MODERN) as server:
            scan = self.assert_findings(server, ["tls-cert-expiring/leaf"])
            self.assertEqual(scan.findings()[0]["severity"], "low")
            # --tls-expiring-days moves the window: 10 days left is outside 5, inside 11.
            self.assert_findings(server, [], extra=("--tls-expiring-days", "5"))
            self.assert_findings(server, ["tls-cert-expiring/leaf"], extra=("--tls-expiring-days", "11"))

    def test_expiring_days_widened(self):
        cert, key = self.valid  # 365 days left
        with SServer("expiring-wide", cert, key, *MODERN) as server:
            self.assert_findings(server, [])
            self.assert_findings(server, ["tls-cert-expiring/leaf"], extra=("--tls-expiring-days", "400"))

    def test_hostname_mismatch(self):
        cert, key = self.pki.leaf("wronghost", san="DNS:wrong.example.test")
        with SServer("wronghost", cert, key, *MODERN) as server:
            scan = self.assert_findings(server, ["tls-cert-hostname-mismatch/leaf"])
            self.assertEqual(scan.findings()[0]["evidence"]["snippet"], "subjectAltName: wrong.example.test")
            self.assertEqual(scan.findings()[0]["cwe"], 297)

    def test_rsa_1024_key(self):
        cert, key = self.pki.leaf("rsa1024", bits=1024)
        with SServer("rsa1024", cert, key, "-no_tls1", "-no_tls1_1",
                     "-cipher", "ECDHE+AESGCM:@SECLEVEL=0") as server:
            scan = self.assert_findings(server, ["tls-cert-weak-key/leaf"])
            self.assertEqual(scan.findings()[0]["evidence"]["snippet"], "public key: RSA 1024 bits")

    def test_sha1_signature(self):
        cert, key = self.pki.leaf("sha1", digest="sha1")
        with SServer("sha1", cert, key, "-no_tls1", "-no_tls1_1",
                     "-cipher", "ECDHE+AESGCM:@SECLEVEL=0") as server:
            scan = self.assert_findings(server, ["tls-cert-weak-signature/leaf"])
            self.assertEqual(scan.findings()[0]["evidence"]["snippet"], "signatureAlgorithm: sha1WithRSAEncryption")
            self.assertEqual(scan.findings()[0]["cwe"], 328)

    def test_http_origin_is_not_probed(self):
        with harness.Testbed("--hardened", https=False) as site:
            scan = Scan("scan", site.http + "/", "--checks", "tls-*", "--rate", "0", "--fail-on", "none",
                        "--no-progress", env=self.env)
            self.assertEqual(scan.code, 0, scan.describe())
            self.assertEqual(self.found(scan), [])


if __name__ == "__main__":
    harness.main()
