"""The policy file (--config): per-check fail/warn/ignore rules, severity overrides, suppressions
(one by URL, one expired), `gapscan config check`, and the intended state (policy-violation)
verified against testbeds that violate and that satisfy each kind of expectation."""

import os
import re
import shutil
import subprocess
import tempfile

import harness
from harness import Scan, Testbed, assert_reports_valid, rule_check, work

# https-not-enforced: the http site serves pages instead of redirecting (so that suppressing
# the http finding by URL leaves the https one); both rule sets ignore that check itself.
FLAWS = ["--flaw", "https-not-enforced", "--flaw", "x-powered-by-disclosure", "--flaw", "exposed-config", "--flaw",
         "server-version-disclosure", "--flaw", "directory-listing", "--flaw", "csp-missing"]

RULES_WARN_ONLY = """
rules:
  - check: exposed-config
    action: warn
    severity: high
  - check: server-version-disclosure
    action: ignore
  - check: https-not-enforced
    action: ignore
"""

RULES = """
rules:
  - check: "x-powered-*"
    action: fail
  - check: exposed-config
    action: warn
    severity: high
  - check: server-version-disclosure
    action: ignore
  - check: https-not-enforced
    action: ignore
"""

SUPPRESSIONS = """
suppressions:
  - check: directory-listing
    url: '^http://127\\.0\\.0\\.1:{http_port}/files/'
    reason: the http listing is a public mirror (SEC-42)
    expires: 2099-12-31
  - check: csp-missing
    reason: waiting for the CSP rollout
    expires: 2020-01-31
"""


def write_policy(name, text):
    path = work(name)
    with open(path, "w") as f:
        f.write(text)
    return path


def line_of(path, needle):
    with open(path) as f:
        for n, line in enumerate(f, 1):
            if needle in line:
                return n
    raise AssertionError("%s not in %s" % (needle, path))


def sarif_results(scan):
    return [r for run in scan.sarif["runs"] for r in run["results"]]


class PolicyRules(harness.unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = Testbed(*FLAWS)
        cls.options = "targets: [{http}/, {https}/]\nrate: 0\nfail-on: high\n".format(
            http=cls.site.http, https=cls.site.https)
        sup = SUPPRESSIONS.format(http_port=cls.site.http_port)
        cls.policy = write_policy("policy-rules.yml", cls.options + RULES + sup)
        cls.scan = Scan("scan", "--config", cls.policy, env=cls.site.trusting_env())
        cls.warn_only_policy = write_policy("policy-warn.yml", cls.options + RULES_WARN_ONLY + sup)
        cls.warn_only = Scan("scan", "--config", cls.warn_only_policy, env=cls.site.trusting_env())
        cls.control = Scan("scan", cls.site.http + "/", cls.site.https + "/", "--rate", "0", "--fail-on", "none",
                           env=cls.site.trusting_env())

    @classmethod
    def tearDownClass(cls):
        cls.site.stop()

    def test_control_scan_reports_what_the_policy_acts_on(self):
        found = self.control.checks_found()
        for check in ("x-powered-by-disclosure", "exposed-config", "server-version-disclosure",
                      "directory-listing", "csp-missing"):
            self.assertIn(check, found, self.control.describe())
        self.assertEqual(len(self.control.findings("directory-listing")), 2)

    def test_exit_codes(self):
        # x-powered-by-disclosure is low, under --fail-on high, but its rule says fail.
        self.assertEqual(self.scan.code, 1, self.scan.describe())
        # Without that rule: exposed-config is high (override) but warn-only, csp-missing is
        # medium: nothing fails.
        self.assertEqual(self.warn_only.code, 0, self.warn_only.describe())
        self.assertEqual(self.warn_only.findings("exposed-config")[0]["severity"], "high")

    def test_rules_in_json_and_sarif(self):
        assert_reports_valid(self, self.scan)
        xpb = self.scan.findings("x-powered-by-disclosure")
        self.assertTrue(xpb)
        self.assertTrue(all(f["policy_action"] == "fail" for f in xpb))
        cfg = self.scan.findings("exposed-config")
        self.assertTrue(cfg)
        for f in cfg:
            self.assertEqual(f["policy_action"], "warn")
            self.assertEqual(f["severity"], "high")
        # Ignored: not run, not reported, not even a SARIF rule.
        self.assertEqual(self.scan.findings("server-version-disclosure"), [])
        rules = [r["id"] for r in self.scan.sarif["runs"][0]["tool"]["driver"]["rules"]]
        self.assertNotIn("server-version-disclosure", rules)
        self.assertIn("x-powered-by-disclosure", rules)
        results = sarif_results(self.scan)
        by_rule = {}
        for r in results:
            by_rule.setdefault(rule_check(r["ruleId"]), []).append(r)
        self.assertTrue(all(r["properties"]["policy"] == "fail" for r in by_rule["x-powered-by-disclosure"]))
        for r in by_rule["exposed-config"]:
            self.assertEqual(r["ruleId"], "exposed-config/high")  # GitHub shows the rule's severity
            self.assertEqual(r["properties"]["policy"], "warn")
            self.assertEqual(r["level"], "error")  # high
        # SARIF and JSON list the same findings.
        self.assertEqual(sorted(r["partialFingerprints"]["primaryLocationLineHash"].rsplit(":", 1)[0] for r in results),
                         sorted(f["fingerprint"] for f in self.scan.findings()))

    def test_suppression_by_url_with_reason(self):
        listing = self.scan.findings("directory-listing")
        self.assertEqual(len(listing), 1, listing)
        self.assertTrue(listing[0]["url"].startswith(self.site.https), listing)
        suppressed = self.scan.report["policy"]["suppressed_findings"]
        self.assertEqual(len(suppressed), 1, suppressed)
        s = suppressed[0]
        self.assertEqual(s["check"], "directory-listing")
        self.assertTrue(s["url"].startswith(self.site.http + "/files/"))
        self.assertEqual(s["suppression"]["reason"], "the http listing is a public mirror (SEC-42)")
        self.assertEqual(s["suppression"]["expires"], "2099-12-31")
        self.assertEqual(s["suppression"]["source"],
                         "%s:%d" % (self.policy, line_of(self.policy, "- check: directory-listing")))
        self.assertEqual(self.scan.report["policy"]["suppressed"], 1)
        # Not a SARIF result: GitHub would open it as an alert.
        urls = [loc["physicalLocation"]["artifactLocation"]["uri"]
                for r in sarif_results(self.scan) if r["ruleId"] == "directory-listing" for loc in r["locations"]]
        self.assertEqual(len(urls), 1)
        self.assertIn("127.0.0.1_%d/files/" % self.site.https_port, urls[0])

    def test_expired_suppression_warns_and_no_longer_applies(self):
        self.assertEqual(len(self.scan.findings("csp-missing")), 2)
        line = line_of(self.policy, "- check: csp-missing")
        warning = "suppression at %s:%d (check csp-missing) expired on 2020-01-31" % (self.policy, line)
        self.assertIn(warning, self.scan.stderr)
        notes = self.scan.notifications("suppression-expired")
        self.assertEqual(len(notes), 1)
        self.assertIn("%s:%d" % (self.policy, line), notes[0]["message"])

    def test_terminal_summary(self):
        out = self.scan.stdout
        self.assertIn("policy %s: suppressed 1, warn-only %d, fail by rule %d, expired suppressions 1"
                      % (self.policy, len(self.scan.findings("exposed-config")),
                         len(self.scan.findings("x-powered-by-disclosure"))), out)
        self.assertRegex(out, r"\(exposed-config\)\n +\S+ \[warn\]\n")
        self.assertRegex(out, r"\(x-powered-by-disclosure\)\n +\S+ \(\+\d+ more\) \[fail\]\n")
        self.assertNotIn("server-version-disclosure", out)

    def test_command_line_flags_win_over_the_file(self):
        # The file says fail-on high (exit 0 above); --fail-on medium on the command line wins and
        # csp-missing (medium) fails the run. --checks narrows what runs.
        scan = Scan("scan", "--config", self.warn_only_policy, "--fail-on", "medium", "--checks", "csp-*",
                    env=self.site.trusting_env())
        self.assertEqual(scan.code, 1, scan.describe())
        self.assertEqual(scan.checks_found(), ["csp-missing"])


class ConfigCheck(harness.unittest.TestCase):
    def run_check(self, text):
        path = write_policy("policy-check.yml", text)
        proc = subprocess.run([harness.ARGS.gapscan, "config", "check", path], capture_output=True, text=True)
        return path, proc

    def test_typo_is_reported_with_its_line(self):
        path, proc = self.run_check("targets: [http://127.0.0.1:1/]\nrate: 5\nmax-page: 20\n"
                                    "rules:\n  - check: csp-missing\n    acton: warn\n")
        self.assertEqual(proc.returncode, 2, proc.stdout + proc.stderr)
        self.assertIn("%s:3: unknown key 'max-page' (did you mean 'max-pages'?)" % path, proc.stderr)
        self.assertIn("%s:6: unknown key 'acton' in a rule (did you mean 'action'?)" % path, proc.stderr)

    def test_valid_file_passes(self):
        path, proc = self.run_check("targets: [http://127.0.0.1:1/]\nrules:\n  - check: csp-*\n    action: warn\n"
                                    "expect:\n  absent-paths: [/.env]\n")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("%s: OK (1 options, 0 identity headers, 1 rules, 0 suppressions, 1 expectations)" % path,
                      proc.stdout)

    def test_the_commented_example_is_valid(self):
        example = os.path.join(harness.ARGS.source_dir, "examples", "gapscan.yml")
        proc = subprocess.run([harness.ARGS.gapscan, "config", "check", example], capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)

    def test_scan_with_a_broken_file_is_a_usage_error(self):
        path = write_policy("policy-broken.yml", "targets: [http://127.0.0.1:1/]\ntimeout: soon\n")
        scan = Scan("scan", "--config", path, reports=False)
        self.assertEqual(scan.code, 2, scan.describe())
        self.assertIn("%s:2: timeout:" % path, scan.stderr)


EXPECT = """
expect:
  headers:
    - name: Strict-Transport-Security
      min-max-age: 31536000
    - name: Content-Security-Policy
      contains: "base-uri 'none'"
  cookies:
    - name: SESSIONID
      flags: [secure, httponly, samesite=lax]
  protected-paths:
    - /admin/
    - /server-status
  absent-paths: [/.env]
  min-tls-version: "1.2"
"""

# Each flaw breaks one expectation above.
VIOLATING = ["--flaw", "hsts-short-max-age", "--flaw", "csp-no-base-uri", "--flaw", "cookie-no-httponly",
             "--flaw", "exposed-status-page", "--flaw", "exposed-config"]


class IntendedState(harness.unittest.TestCase):
    def scan(self, site, *extra):
        policy = write_policy("policy-expect.yml", EXPECT)
        return Scan("scan", site.https + "/", "--config", policy, "--rate", "0", "--fail-on", "none",
                    "--header", "Authorization: Bearer policy-test-token", *extra, env=site.trusting_env())

    def violations(self, scan):
        return sorted(f["key"] for f in scan.findings("policy-violation"))

    def test_violating_testbed(self):
        with Testbed(*VIOLATING) as site:
            scan = self.scan(site)
            log = site.requests()
        assert_reports_valid(self, scan)
        self.assertEqual(self.violations(scan), [
            "absent:/.env",
            "cookie:SESSIONID:/",
            "header:content-security-policy:/",
            "header:strict-transport-security:/",
            "protected:/server-status",
        ], scan.describe())
        by_key = {f["key"]: f for f in scan.findings("policy-violation")}
        self.assertIn("max-age=300", by_key["header:strict-transport-security:/"]["message"])
        self.assertEqual(by_key["header:strict-transport-security:/"]["evidence"]["header_value"], "max-age=300")
        self.assertIn("without HttpOnly", by_key["cookie:SESSIONID:/"]["message"])
        self.assertEqual(by_key["protected:/server-status"]["severity"], "high")
        self.assertEqual(by_key["protected:/server-status"]["response"]["status"], 200)
        self.assertIn("policy-expect.yml:", by_key["absent:/.env"]["message"])
        # Protected paths are requested without the user's credentials.
        status = [r for r in log if r["target"] == "/server-status"]
        anonymous = [r for r in status if not any(k.lower() == "authorization" for k, _ in r["headers"])]
        self.assertTrue(anonymous, status)

    def test_satisfying_testbed(self):
        with Testbed("--hardened") as site:
            scan = self.scan(site)
        self.assertEqual(self.violations(scan), [], scan.describe())
        self.assertGreater(scan.report["scan"]["statistics"]["probe_requests"].get("policy-violation", 0), 0)

    def test_soft_404_site_satisfies_path_expectations(self):
        # A site answering every unknown path with its home page (200) serves neither /admin/
        # nor /.env: judged against the calibration, not by status alone.
        with Testbed("--soft404", "home") as site:
            scan = self.scan(site)
        self.assertEqual(self.violations(scan), [], scan.describe())

    def test_minimum_tls_version(self):
        openssl = shutil.which("openssl")
        tmp = tempfile.mkdtemp(prefix="gapscan-policy-tls-")
        cert, key = os.path.join(tmp, "c.pem"), os.path.join(tmp, "c.key")
        subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1", "-days", "2", "-keyout", key, "-out", cert],
                       check=True, capture_output=True)
        from test_tls import SServer
        env = dict(os.environ, GAPSCAN_EXTRA_CA_FILE=cert)
        policy = write_policy("policy-tls.yml", "expect:\n  min-tls-version: \"1.2\"\n")
        with SServer("policy-tls11", cert, key, "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0") as old:
            self.assertIsNotNone(old.origin, old.error)
            scan = Scan("scan", old.origin + "/", "--config", policy, "--checks", "policy-violation",
                        "--fail-on", "none", env=env)
        found = scan.findings("policy-violation")
        self.assertEqual([f["key"] for f in found], ["min-tls-version"], scan.describe())
        self.assertIn("accepts TLSv1.1, below the policy's minimum TLS 1.2", found[0]["message"])
        with SServer("policy-tls12", cert, key, "-no_tls1", "-no_tls1_1") as modern:
            scan = Scan("scan", modern.origin + "/", "--config", policy, "--checks", "policy-violation",
                        "--fail-on", "none", env=env)
        self.assertEqual(scan.findings("policy-violation"), [], scan.describe())
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    harness.main()
