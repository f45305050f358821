"""Static identities (--cookie, --basic-auth with the password from the environment, ${VAR} in
--header, identity headers of a policy file): the target receives them on every request, a
second loopback server linked from the site (and even allowed by --include) never does, and no
output of any format, nor the terminal, ever contains a secret."""

import base64
import os
import re
import subprocess
import unittest

import harness
from harness import Scan, Testbed, work

TOKEN = "gapscan-identity-token-7d2e9a"
PASSWORD = "gapscan-identity-pw-51c0"
COOKIE = "gapscan-identity-cookie-a83f"
SECRETS = [TOKEN, PASSWORD, COOKIE, base64.b64encode(("alice:" + PASSWORD).encode()).decode()]


class StaticIdentities(unittest.TestCase):
    def test_credentials_reach_only_the_target_and_never_an_output(self):
        env = dict(os.environ, GAPSCAN_TEST_TOKEN=TOKEN, GAPSCAN_PASSWORD=PASSWORD, GAPSCAN_TEST_COOKIE=COOKIE)
        outputs = {ext: work("identities." + ext) for ext in ("md", "junit.xml", "cdx.json", "gitlab.json", "html")}
        with Testbed("--hardened", https=False) as foreign:
            with Testbed("--all-flaws", "--also-link", foreign.http + "/linked",
                         "--redirect-to", foreign.http + "/redirected", https=False) as site:
                scan = Scan("scan", site.http + "/", "--rate", "0", "--fail-on", "none", "--jsonl",
                            "--include", "^" + re.escape(foreign.http) + "/",
                            "--header", "X-Api-Key: ${GAPSCAN_TEST_TOKEN}",
                            "--cookie", "sid=${GAPSCAN_TEST_COOKIE}",
                            "--basic-auth", "alice",
                            "--markdown", outputs["md"], "--junit", outputs["junit.xml"],
                            "--sbom", outputs["cdx.json"], "--gitlab", outputs["gitlab.json"],
                            "--html", outputs["html"], env=env)
                site_hits = site.requests()
                foreign_hits = foreign.requests()
        self.assertEqual(scan.code, 0, scan.describe())
        harness.assert_reports_valid(self, scan)
        # The command line holds only variable names.
        self.assertFalse(any(s in " ".join(scan.cmd) for s in SECRETS))
        self.assertTrue(any(r["target"] == "/redirected" for r in foreign_hits), foreign_hits)
        for r in foreign_hits:
            sent = " ".join(v for _, v in r["headers"])
            for s in SECRETS:
                self.assertNotIn(s, sent, r)
        basic = "Basic " + SECRETS[3]
        self.assertTrue(site_hits)
        anonymous = 0
        for r in site_hits:
            headers = {}
            for k, v in r["headers"]:
                headers.setdefault(k.lower(), []).append(v)
            if "x-api-key" not in headers:
                # The anonymous comparison crawl (access-control-missing) and probes of what an
                # anonymous visitor gets: none of the identity's credentials at all.
                anonymous += 1
                sent = " ".join(v for _, v in r["headers"])
                for s in SECRETS:
                    self.assertNotIn(s, sent, r)
                continue
            self.assertEqual(headers.get("x-api-key"), [TOKEN], r)
            self.assertEqual(headers.get("cookie"), ["sid=" + COOKIE], r)
            auth = headers.get("authorization", [])
            self.assertEqual(len(auth), 1, r)
            # default-credentials probes send their own Basic guess instead of the user's.
            if auth[0] != basic:
                self.assertTrue(auth[0].startswith("Basic "), r)
        self.assertLess(anonymous, len(site_hits) / 2 + 1)
        # Every page the anonymous crawl requested was requested with the credentials too.
        with_credentials = {r["target"] for r in site_hits if any(k.lower() == "x-api-key" for k, _ in r["headers"])}
        self.assertIn("/", with_credentials)
        texts = [scan.stdout, scan.stderr]
        for path in [scan.json_path, scan.sarif_path] + list(outputs.values()):
            if os.path.exists(path):
                with open(path, encoding="utf-8") as f:
                    texts.append(f.read())
        self.assertGreaterEqual(len(texts), 7)
        for text in texts:
            for s in SECRETS:
                self.assertNotIn(s, text)

    def test_identity_headers_from_a_policy_file(self):
        policy = work("identity-policy.yml")
        with open(policy, "w") as f:
            f.write("identity:\n  headers:\n    - name: Authorization\n      env: GAPSCAN_TEST_BEARER\n")
        with Testbed("--hardened", https=False) as site:
            missing = Scan("scan", site.http + "/", "--config", policy, "--checks", "csp-*", reports=False,
                           env={k: v for k, v in os.environ.items() if k != "GAPSCAN_TEST_BEARER"})
            self.assertEqual(missing.code, 2, missing.describe())
            self.assertIn("identity header Authorization: environment variable GAPSCAN_TEST_BEARER is not set",
                          missing.stderr)
            scan = Scan("scan", site.http + "/", "--config", policy, "--rate", "0", "--checks", "csp-*",
                        env=dict(os.environ, GAPSCAN_TEST_BEARER="Bearer " + TOKEN))
            hits = site.requests()
        self.assertEqual(scan.code, 0, scan.describe())
        self.assertTrue(hits)
        with_token = [r for r in hits if ["Authorization", "Bearer " + TOKEN] in r["headers"]]
        without = [r for r in hits if ["Authorization", "Bearer " + TOKEN] not in r["headers"]]
        self.assertTrue(with_token)
        # The rest is the anonymous comparison crawl: no credential at all, and nothing the
        # authenticated crawl did not request too.
        for r in without:
            self.assertFalse([h for h in r["headers"] if h[0].lower() == "authorization"], r)
        self.assertLessEqual({r["target"] for r in without}, {r["target"] for r in with_token})
        for path in (scan.json_path, scan.sarif_path):
            with open(path, encoding="utf-8") as f:
                self.assertNotIn(TOKEN, f.read())

    def test_missing_password_is_a_clear_usage_error(self):
        env = {k: v for k, v in os.environ.items() if k != "GAPSCAN_PASSWORD"}
        proc = subprocess.run([harness.ARGS.gapscan, "scan", "http://127.0.0.1:9/", "--basic-auth", "alice"],
                              capture_output=True, text=True, env=env)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("environment variable GAPSCAN_PASSWORD (the password) is not set", proc.stderr)


if __name__ == "__main__":
    harness.main()
