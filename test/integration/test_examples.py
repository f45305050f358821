"""The CI and Kubernetes examples (examples/ci, examples/k8s) are valid YAML with the structure
their comments promise, every gapscan command line in them uses only flags gapscan has, and
their scan scripts actually work: the GitHub step, the GitLab job script and the Kubernetes
shard and merge scripts are run here as written (plus `--rate 0`, since the target is our own
testbed on loopback) against the testbed, with /config and /out of the Kubernetes pods
mapped to temporary directories."""

import glob
import json
import os
import re
import shutil
import subprocess

import yaml

import harness
from harness import Testbed, lint_sarif, work

# `gapscan <subcommand>` (or a path ending in /gapscan) as a command, not a file name.
INVOCATION = re.compile(r"(?:^|[\s;&|(])(?:[\w./-]*/)?gapscan\s+(scan|merge|diff|checks|config)\b(.*)")
TESTBED = re.compile(r"(?:^|[\s;&|(])(?:[\w./-]*/)?gapscan-testbed\s+(.*)")
FLAG = re.compile(r"(?<![\w$/{}.-])(-{1,2}[A-Za-z][\w-]*)")
# A shell command ends at these (the flags after them belong to another command).
COMMAND_END = re.compile(r"\s(?:;|&&|\|\||\||>|2>)\s|;\s*$")


def examples_dir(*parts):
    return os.path.join(harness.ARGS.source_dir, "examples", *parts)


def example_files():
    files = []
    for sub in ("ci", "k8s"):
        files += sorted(glob.glob(examples_dir(sub, "*.yml")) + glob.glob(examples_dir(sub, "*.yaml")))
    return files


def load(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]


def strings(node):
    """Every string value in a parsed YAML tree."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v)


def logical_lines(script):
    """Shell lines with backslash continuations joined and comment lines dropped."""
    out = []
    for line in script.replace("\\\n", " ").split("\n"):
        if not line.strip().startswith("#"):
            out.append(line)
    return out


def invocations(script):
    """(subcommand, argument text) of each gapscan command in a shell script."""
    found = []
    for line in logical_lines(script):
        m = INVOCATION.search(line)
        if m:
            found.append((m.group(1), COMMAND_END.split(m.group(2))[0]))
    return found


def with_fast_rate(script):
    """The script with `--rate 0` appended to every `gapscan scan` command (one per line)."""
    out = []
    for line in logical_lines(script):
        m = INVOCATION.search(line)
        out.append(line + " --rate 0" if m and m.group(1) == "scan" else line)
    return "\n".join(out) + "\n"


def option_value(args, flag):
    m = re.search(r"(?:^|\s)" + re.escape(flag) + r"[\s=]+(\S+)", args)
    return m.group(1).strip("\"'") if m else None


def help_flags(*cmd):
    proc = subprocess.run(list(cmd) + ["--help"], capture_output=True, text=True, timeout=30)
    if proc.returncode != 0:
        return None
    return set(re.findall(r"(?<![\w-])(-{1,2}[A-Za-z][\w-]*)", proc.stdout + proc.stderr))


def github_on(doc):
    # PyYAML (YAML 1.1) reads the key `on` as the boolean True.
    return doc.get("on", doc.get(True))


def steps_using(job, prefix):
    return [s for s in job.get("steps", []) if str(s.get("uses", "")).startswith(prefix)]


def scan_steps(job):
    return [s for s in job.get("steps", []) if any(sub == "scan" for sub, _ in invocations(s.get("run", "")))]


# -dev packages install-deps.sh installs for scripts/fuzz.sh only (libFuzzer and the sanitizer
# runtimes of clang-14): building gapscan does not need them.
FUZZ_ONLY_PACKAGES = {"libclang-rt-14-dev"}


def build_dev_packages():
    """The -dev packages scripts/install-deps.sh installs: what building gapscan needs."""
    with open(os.path.join(harness.ARGS.source_dir, "scripts", "install-deps.sh")) as f:
        return set(re.findall(r"(?<![\w-])([a-z0-9][a-z0-9.+-]*-dev)\b", f.read())) - FUZZ_ONLY_PACKAGES


class Bin:
    """A directory holding `gapscan` (a link to the binary under test), for PATH."""

    def __init__(self):
        self.dir = work("bin")
        os.makedirs(self.dir, exist_ok=True)
        link = os.path.join(self.dir, "gapscan")
        if not os.path.lexists(link):
            os.symlink(os.path.abspath(harness.ARGS.gapscan), link)

    def env(self, **extra):
        env = dict(os.environ, PATH=self.dir + os.pathsep + os.environ.get("PATH", ""))
        env.pop("GITHUB_STEP_SUMMARY", None)
        env.update(extra)
        return env


def fresh_dir(name):
    d = work(name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    # The examples refer to examples/ci/gapscan.yml from the repository root.
    os.symlink(examples_dir(), os.path.join(d, "examples"))
    return d


class Examples(harness.unittest.TestCase):
    github_runs = 0

    def test_every_example_parses_and_is_listed(self):
        files = example_files()
        self.assertGreaterEqual(len(files), 4, files)
        with open(examples_dir("README.md"), encoding="utf-8") as f:
            readme = f.read()
        for path in files + [examples_dir("k8s", "Dockerfile")]:
            if path.endswith((".yml", ".yaml")):
                self.assertTrue(load(path), path)
            rel = os.path.relpath(path, examples_dir())
            self.assertIn(rel, readme, "examples/README.md does not mention " + rel)
        self.assertIn("testbed/", readme)

    def test_command_lines_use_existing_flags(self):
        gapscan = harness.ARGS.gapscan
        known = {"scan": help_flags(gapscan, "scan")}
        self.assertIsNotNone(known["scan"])
        self.assertIn("--shard", known["scan"])
        merge_known = help_flags(gapscan, "merge")
        testbed_known = help_flags(harness.ARGS.testbed)
        self.assertIsNotNone(testbed_known)
        checked = {"scan": 0, "merge": 0, "testbed": 0}
        skipped_merge = []
        for path in example_files():
            for doc in load(path):
                for text in strings(doc):
                    for sub, args in invocations(text):
                        flags = FLAG.findall(args)
                        if sub == "merge" and merge_known is None:
                            skipped_merge.append(args)
                            continue
                        allowed = merge_known if sub == "merge" else known.get(sub)
                        if allowed is None:
                            allowed = known[sub] = help_flags(gapscan, sub)
                        self.assertIsNotNone(allowed, "gapscan %s --help failed" % sub)
                        for flag in flags:
                            self.assertIn(flag, allowed, "%s: gapscan %s %s" % (os.path.basename(path), sub, args))
                        checked[sub] = checked.get(sub, 0) + 1
                    for line in logical_lines(text):
                        m = TESTBED.search(line)
                        if m:
                            for flag in FLAG.findall(COMMAND_END.split(m.group(1))[0]):
                                self.assertIn(flag, testbed_known, "%s: %s" % (os.path.basename(path), line))
                            checked["testbed"] += 1
        self.assertGreaterEqual(checked["scan"], 3, checked)
        self.assertGreaterEqual(checked["testbed"], 2, checked)
        if skipped_merge:
            self.skipTest("`gapscan merge --help` failed (merge not built yet): not checked: %s" % skipped_merge)
        self.assertGreaterEqual(checked["merge"], 2, checked)

    def test_policy_files_are_valid(self):
        policies = [examples_dir("ci", "gapscan.yml")]
        for doc in load(examples_dir("k8s", "indexed-job.yaml")):
            if doc.get("kind") == "ConfigMap" and "gapscan.yml" in doc.get("data", {}):
                path = work("configmap-gapscan.yml")
                with open(path, "w") as f:
                    f.write(doc["data"]["gapscan.yml"])
                policies.append(path)
        self.assertEqual(len(policies), 2)
        for path in policies:
            proc = subprocess.run([harness.ARGS.gapscan, "config", "check", path], capture_output=True, text=True)
            self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)

    def test_build_steps_install_every_build_dependency(self):
        needed = build_dev_packages()
        self.assertIn("libyaml-cpp-dev", needed)
        with open(os.path.join(harness.ARGS.source_dir, "CMakeLists.txt")) as f:
            self.assertIn("option(GAPSCAN_BUILD_TESTS", f.read())
        for name in ("github-actions.yml", "gitlab-ci.yml"):
            with open(examples_dir("ci", name)) as f:
                text = f.read()
            # dpkg-dev (dpkg-shlibdeps) only for the job that packages a .deb.
            wanted = needed if "cpack" in text else needed - {"dpkg-dev"}
            missing = sorted(p for p in wanted if not re.search(r"(?<![\w-])" + re.escape(p) + r"(?![\w-])", text))
            self.assertEqual(missing, [], name + " does not install these build dependencies")
            self.assertIn("-DGAPSCAN_BUILD_TESTS=OFF", text)

    # --- GitHub Actions ---

    def github(self):
        (doc,) = load(examples_dir("ci", "github-actions.yml"))
        (job,) = doc["jobs"].values()
        return doc, job

    def test_github_structure(self):
        doc, job = self.github()
        self.assertTrue(github_on(doc))
        perms = dict(doc.get("permissions", {}), **job.get("permissions", {}))
        self.assertEqual(perms.get("security-events"), "write")
        (scan,) = scan_steps(job)
        ((_, args),) = invocations(scan["run"])
        for flag in ("--config", "--sarif", "--markdown", "--baseline", "--fail-on-new"):
            self.assertIn(flag, FLAG.findall(args))
        (upload,) = steps_using(job, "github/codeql-action/upload-sarif@")
        self.assertTrue(upload["uses"].endswith("@v3"), upload["uses"])
        self.assertEqual(upload["with"]["category"], "gapscan-staging")
        self.assertEqual(upload["with"]["sarif_file"], option_value(args, "--sarif"))
        self.assertIn("always()", upload.get("if", ""))
        steps = job["steps"]
        self.assertLess(steps.index(scan), steps.index(upload))
        self.assertNotIn("if", scan)  # the scan's exit code fails the job
        # The secret reaches gapscan through the environment, never on a command line.
        env = dict(doc.get("env", {}), **job.get("env", {}), **scan.get("env", {}))
        self.assertTrue(any("secrets.GAPSCAN_TOKEN" in str(v) for v in env.values()), env)
        self.assertNotIn("secrets.", scan["run"])

    def run_github_scan(self, site, baseline=None):
        _, job = self.github()
        (scan,) = scan_steps(job)
        Examples.github_runs += 1
        d = fresh_dir("github%d" % Examples.github_runs)
        extra = {"TARGET_URL": site.https + "/", "GAPSCAN_AUTHORIZATION": "Bearer test-token"}
        if baseline:
            extra["BASELINE"] = baseline
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", with_fast_rate(scan["run"])],
                              cwd=d, env=self.bin.env(**extra), capture_output=True, text=True, timeout=120)
        return d, proc

    def setUp(self):
        self.bin = Bin()

    def test_github_scan_step_passes_then_fails_on_findings_and_baseline_forgives(self):
        with Testbed("--hardened") as site:
            d, proc = self.run_github_scan(site)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        for name in ("gapscan.sarif", "gapscan.json", "gapscan.md"):
            self.assertTrue(os.path.exists(os.path.join(d, name)), name)
        lint_sarif(self, os.path.join(d, "gapscan.sarif"))
        # The self-signed certificate of the stand-in is suppressed by examples/ci/gapscan.yml.
        self.assertIn("suppressed 1", proc.stdout + proc.stderr)

        with Testbed("--flaw", "exposed-vcs") as site:
            d1, first = self.run_github_scan(site)
            self.assertEqual(first.returncode, 1, first.stdout + first.stderr)
            lint_sarif(self, os.path.join(d1, "gapscan.sarif"))
            baseline = os.path.join(d1, "gapscan.json")
            d2, again = self.run_github_scan(site, baseline=baseline)
        # The same findings again, with the last report as the baseline: nothing new, pass.
        self.assertEqual(again.returncode, 0, again.stdout + again.stderr)
        with open(os.path.join(d2, "gapscan.json")) as f:
            states = {x.get("baseline_state") for x in json.load(f)["findings"]}
        self.assertEqual(states, {"unchanged"})

    # --- GitLab CI ---

    def gitlab_job(self):
        (doc,) = load(examples_dir("ci", "gitlab-ci.yml"))
        jobs = {k: v for k, v in doc.items() if isinstance(v, dict) and "script" in v}
        (name,) = [k for k, v in jobs.items() if any(invocations(s) for s in v["script"])]
        return doc, jobs, jobs[name]

    def test_gitlab_dast_artifact_is_the_gitlab_report(self):
        doc, jobs, job = self.gitlab_job()
        ((sub, args),) = [i for s in job["script"] for i in invocations(s)]
        self.assertEqual(sub, "scan")
        report = option_value(args, "--gitlab")
        self.assertIsNotNone(report, args)
        self.assertEqual(job["artifacts"]["reports"]["dast"], report)
        self.assertEqual(job["artifacts"]["when"], "always")
        self.assertIn(job["stage"], doc["stages"])
        # The build job packages the .deb the scan job installs.
        build = jobs[job["needs"][0]]
        self.assertTrue(any("cpack -G DEB" in s for s in build["script"]))
        self.assertIn("build-package/gapscan_*_amd64.deb", build["artifacts"]["paths"])
        self.assertTrue(any("./build-package/gapscan_*_amd64.deb" in s for s in job["before_script"]))

        # The job's script, run as written against the stand-in application.
        d = fresh_dir("gitlab")
        with Testbed("--flaw", "exposed-vcs") as site:
            env = self.bin.env(TARGET_URL=site.https + "/", GAPSCAN_AUTHORIZATION="Bearer test-token")
            proc = subprocess.run(["bash", "-e", "-c", with_fast_rate("\n".join(job["script"]))],
                                  cwd=d, env=env, capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)  # exposed-vcs is high
        with open(os.path.join(d, report)) as f:
            gl = json.load(f)
        self.assertIn("exposed-vcs", json.dumps(gl["vulnerabilities"]))
        self.assertTrue(os.path.exists(os.path.join(d, job["artifacts"]["reports"]["junit"])))

    # --- Kubernetes ---

    def k8s(self):
        docs = load(examples_dir("k8s", "indexed-job.yaml"))
        by_kind = {}
        for d in docs:
            by_kind.setdefault(d["kind"], []).append(d)
        jobs = by_kind["Job"]
        (shards,) = [j for j in jobs if j["spec"].get("completionMode") == "Indexed"]
        (merge,) = [j for j in jobs if j is not shards]
        (cm,) = by_kind["ConfigMap"]
        return by_kind, shards, merge, cm

    @staticmethod
    def script_of(job):
        (c,) = job["spec"]["template"]["spec"]["containers"]
        return c, c["command"][-1]  # ["/bin/sh", "-c", SCRIPT]

    def test_k8s_structure(self):
        by_kind, shards, merge, cm = self.k8s()
        spec = shards["spec"]
        n = spec["completions"]
        self.assertGreater(n, 1)
        self.assertLessEqual(spec["parallelism"], n)
        container, script = self.script_of(shards)
        ((sub, args),) = invocations(script)
        self.assertEqual(sub, "scan")
        self.assertEqual(option_value(args, "--shard"), "$((JOB_COMPLETION_INDEX+1))/%d" % n)
        self.assertIn("$JOB_COMPLETION_INDEX", option_value(args, "--sarif"))
        self.assertIn("$JOB_COMPLETION_INDEX", option_value(args, "--json"))
        # --list reads the ConfigMap's file; the reports go to the shared claim.
        mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
        volumes = {v["name"]: v for v in shards["spec"]["template"]["spec"]["volumes"]}
        cfg_mount = [mounts[k] for k, v in volumes.items() if "configMap" in v][0]
        out_mount = [mounts[k] for k, v in volumes.items() if "persistentVolumeClaim" in v][0]
        self.assertEqual(option_value(args, "--list"), cfg_mount + "/targets.txt")
        self.assertIn("targets.txt", cm["data"])
        self.assertTrue(option_value(args, "--sarif").startswith(out_mount + "/"))
        claim = [v["persistentVolumeClaim"]["claimName"] for v in volumes.values() if "persistentVolumeClaim" in v][0]
        (pvc,) = by_kind["PersistentVolumeClaim"]
        self.assertEqual(pvc["metadata"]["name"], claim)
        self.assertIn("ReadWriteMany", pvc["spec"]["accessModes"])
        # podFailurePolicy needs restartPolicy Never; exit code 2 is not retried.
        self.assertEqual(shards["spec"]["template"]["spec"]["restartPolicy"], "Never")
        rules = spec["podFailurePolicy"]["rules"]
        self.assertTrue(any(r["action"] == "FailJob" and 2 in r["onExitCodes"]["values"] for r in rules))

        mcontainer, mscript = self.script_of(merge)
        merges = [args for sub, args in invocations(mscript) if sub == "merge"]
        self.assertTrue(any(a.split()[0] == out_mount + "/shard-*.sarif" and option_value(a, "-o") == out_mount + "/all.sarif"
                            for a in merges), merges)
        self.assertIn("-ge %d" % n, mscript)  # waits for all N shards
        mclaims = [v["persistentVolumeClaim"]["claimName"] for v in merge["spec"]["template"]["spec"]["volumes"]]
        self.assertEqual(mclaims, [claim])
        self.assertEqual(container["image"], mcontainer["image"])
        with open(examples_dir("k8s", "Dockerfile")) as f:
            dockerfile = f.read()
        self.assertIn(container["image"], dockerfile)
        self.assertIn("COPY gapscan_*_amd64.deb", dockerfile)

    def test_k8s_shards_and_merge_run(self):
        _, shards, merge, cm = self.k8s()
        n = shards["spec"]["completions"]
        if help_flags(harness.ARGS.gapscan, "merge") is None:
            self.skipTest("`gapscan merge --help` failed (merge not built yet)")
        base = work("k8s")
        shutil.rmtree(base, ignore_errors=True)
        config, out = os.path.join(base, "config"), os.path.join(base, "out")
        os.makedirs(config)
        os.makedirs(out)

        def pod_script(job):
            _, script = self.script_of(job)
            return with_fast_rate(script).replace("/config/", config + "/").replace("/out/", out + "/")

        with open(os.path.join(config, "gapscan.yml"), "w") as f:
            # The ConfigMap is for real hosts with trusted certificates; the loopback stand-in
            # has a self-signed one, so the credential header needs the opt-in here.
            f.write(cm["data"]["gapscan.yml"] + "insecure-credentials: true\n")
        with Testbed("--flaw", "exposed-vcs") as site:
            # Loopback stand-ins for the ConfigMap's hosts (curl resolves *.localhost itself).
            targets = []
            for host in ("127.0.0.1", "localhost", "app.localhost", "api.localhost", "www.localhost"):
                targets += ["http://%s:%d/" % (host, site.http_port), "https://%s:%d/" % (host, site.https_port)]
            with open(os.path.join(config, "targets.txt"), "w") as f:
                f.write("# loopback stand-ins\n" + "\n".join(targets) + "\n")
            env = self.bin.env(GAPSCAN_AUTHORIZATION="Bearer test-token")
            codes = []
            for k in range(n):
                proc = subprocess.run(["/bin/sh", "-c", pod_script(shards)], env=dict(env, JOB_COMPLETION_INDEX=str(k)),
                                      capture_output=True, text=True, timeout=120)
                self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
                with open(os.path.join(out, "shard-%d.done" % k)) as f:
                    codes.append(int(f.read()))
        proc = subprocess.run(["/bin/sh", "-c", pod_script(merge)], env=env, capture_output=True, text=True, timeout=60)
        # exposed-vcs is high: the shards that scanned something exited 1, so the merge fails.
        self.assertIn(1, codes)
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        lint_sarif(self, os.path.join(out, "all.sarif"))
        shard_reports = []
        for k in range(n):
            with open(os.path.join(out, "shard-%d.json" % k)) as f:
                shard_reports.append(json.load(f))
        with open(os.path.join(out, "all.json")) as f:
            merged = json.load(f)
        scanned = sorted(t for r in shard_reports for t in r["scan"]["targets"])
        self.assertEqual(scanned, sorted(targets))  # every target in exactly one shard
        self.assertGreater(sum(1 for r in shard_reports if r["scan"]["targets"]), 1)
        self.assertEqual(sorted({f["fingerprint"] for r in shard_reports for f in r["findings"]}),
                         sorted(f["fingerprint"] for f in merged["findings"]))
        self.assertIn("exposed-vcs", {f["check"] for f in merged["findings"]})


if __name__ == "__main__":
    harness.main()
