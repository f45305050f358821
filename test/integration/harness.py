"""Shared helpers for gapscan's integration tests: start servers on loopback, run the real
binary, load and validate its reports. Standard library only (plus jsonschema through the lint).
Every address used here is on 127.0.0.0/8."""

import argparse
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import unittest

ARGS = None


def parse_args():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--gapscan", required=True)
    p.add_argument("--testbed", required=True)
    p.add_argument("--source-dir", required=True)
    p.add_argument("--work-dir", required=True)
    args, rest = p.parse_known_args()
    ARGS = args
    if os.path.isdir(args.work_dir):
        shutil.rmtree(args.work_dir)
    os.makedirs(args.work_dir)
    return rest


def main():
    rest = parse_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


def work(name):
    return os.path.join(ARGS.work_dir, name)


class Testbed:
    """A gapscan-testbed process on 127.0.0.1 with free ports."""

    _count = 0

    def __init__(self, *flags, https=True):
        Testbed._count += 1
        self.name = "testbed%d" % Testbed._count
        self.ready = work(self.name + ".ready.json")
        self.log = work(self.name + ".log")
        self.cert = work(self.name + ".cert.pem")
        cmd = [ARGS.testbed, "--http-port", "0", "--ready-file", self.ready, "--log", self.log]
        if https:
            cmd += ["--https-port", "0", "--cert-file", self.cert]
        cmd += list(flags)
        self._err = open(work(self.name + ".err"), "w")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=self._err)
        deadline = time.time() + 10
        while not os.path.exists(self.ready):
            if self.proc.poll() is not None or time.time() > deadline:
                raise RuntimeError("testbed did not start: " + " ".join(cmd))
            time.sleep(0.02)
        with open(self.ready) as f:
            info = json.load(f)
        self.http_port = info.get("http_port") or 0
        self.https_port = info.get("https_port") or 0
        self.http = "http://127.0.0.1:%d" % self.http_port
        self.https = "https://127.0.0.1:%d" % self.https_port if self.https_port else None

    def trusting_env(self):
        """Environment for a Scan that trusts this testbed's self-signed certificate (so that
        tls-cert-untrusted, true of every testbed, stays out of tests about other things)."""
        return dict(os.environ, GAPSCAN_EXTRA_CA_FILE=self.cert)

    def requests(self):
        if not os.path.exists(self.log):
            return []
        out = []
        with open(self.log, encoding="utf-8", errors="replace") as f:
            for line in f:
                line = line.strip()
                if line:
                    out.append(json.loads(line))
        return out

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._err.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class Scan:
    """One run of the gapscan binary with SARIF and JSON reports."""

    _count = 0

    def __init__(self, *args, timeout=240, reports=True, env=None):
        Scan._count += 1
        self.sarif_path = work("scan%d.sarif" % Scan._count)
        self.json_path = work("scan%d.json" % Scan._count)
        cmd = [ARGS.gapscan] + list(args)
        if reports:
            cmd += ["--sarif", self.sarif_path, "--json", self.json_path]
        started = time.monotonic()
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env)
        self.elapsed = time.monotonic() - started
        self.cmd = cmd
        self.code = proc.returncode
        self.stdout = proc.stdout.decode("utf-8", "replace")
        self.stderr = proc.stderr.decode("utf-8", "replace")
        self.report = None
        self.sarif = None
        if reports and os.path.exists(self.json_path):
            with open(self.json_path, encoding="utf-8") as f:
                self.report = json.load(f)
        if reports and os.path.exists(self.sarif_path):
            with open(self.sarif_path, encoding="utf-8") as f:
                self.sarif = json.load(f)
            # Every SARIF file a test makes must be one GitHub accepts, whatever the test checks.
            problems = sarif_problems(self.sarif_path)
            if problems:
                raise AssertionError("SARIF lint failed for %s:\n%s\n%s"
                                     % (self.sarif_path, "\n".join(problems[:20]), self.describe()))

    def findings(self, check=None):
        fs = self.report["findings"] if self.report else []
        return [f for f in fs if check is None or f["check"] == check]

    def checks_found(self):
        return sorted({f["check"] for f in self.findings()})

    def notifications(self, code=None):
        ns = self.report["notifications"] if self.report else []
        return [n for n in ns if code is None or n["code"] == code]

    def describe(self):
        return "cmd: %s\nexit: %d\nstdout: %s\nstderr: %s" % (" ".join(self.cmd), self.code, self.stdout[-3000:], self.stderr[-3000:])


SEVERITIES = ("info", "low", "medium", "high", "critical")


def rule_check(rule_id):
    """The check id of a SARIF ruleId: "cors-null-origin/high" -> "cors-null-origin"."""
    check, _, suffix = rule_id.rpartition("/")
    return check if check and suffix in SEVERITIES else rule_id


_SARIF_VALIDATOR = None


def sarif_problems(path):
    """The problems test/tools/sarif_lint.py finds in a SARIF file (in-process, schema once)."""
    global _SARIF_VALIDATOR
    tools = os.path.join(ARGS.source_dir, "test", "tools")
    if tools not in sys.path:
        sys.path.insert(0, tools)
    import sarif_lint
    if _SARIF_VALIDATOR is None:
        import jsonschema
        with open(sarif_lint.default_schema_path(), "rb") as f:
            _SARIF_VALIDATOR = jsonschema.Draft4Validator(json.loads(f.read().decode("utf-8")))
    return sarif_lint.lint_file(path, _SARIF_VALIDATOR)


def lint_sarif(test, path):
    """Validates a SARIF file against the OASIS schema and GitHub's upload rules."""
    problems = sarif_problems(path)
    test.assertEqual(problems, [], "SARIF lint failed for %s:\n%s" % (path, "\n".join(problems)))


def assert_reports_valid(test, scan):
    test.assertIsNotNone(scan.report, "no JSON report\n" + scan.describe())
    test.assertIsNotNone(scan.sarif, "no SARIF report\n" + scan.describe())
    for path in (scan.json_path, scan.sarif_path):
        with open(path, "rb") as f:
            f.read().decode("utf-8")  # strict: raises on invalid UTF-8
    lint_sarif(test, scan.sarif_path)


class QuietHandler(http.server.BaseHTTPRequestHandler):
    """Base of the tests' small loopback applications: no access log on stderr, one call to
    answer, the request's cookies."""

    def log_message(self, *args):
        pass

    def send(self, status, body, headers=(), content_type="text/html; charset=utf-8"):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def cookie(self, name):
        """The value of cookie `name` in the request, or None."""
        for part in self.headers.get("Cookie", "").split(";"):
            key, _, value = part.strip().partition("=")
            if key == name:
                return value
        return None


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port
