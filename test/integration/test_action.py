"""The GitHub Action (action.yml): its inputs reach scripts/action.sh, the example workflow uses
only inputs it declares and keeps its reports whatever the gate said, and the action's script,
run here as the runner would run it, scans, writes the reports and the step outputs, and exits
with gapscan's code."""

import os
import subprocess
import unittest

import yaml

import harness
from harness import Testbed

def source(*path):
    return os.path.join(harness.ARGS.source_dir, *path)


def load(*path):
    with open(source(*path), encoding="utf-8") as f:
        return yaml.safe_load(f)


class Action(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.action = load("action.yml")
        cls.site = Testbed("--all-flaws", https=False)

    @classmethod
    def tearDownClass(cls):
        cls.site.stop()

    def run_action(self, **inputs):
        out = harness.work("action-output-%d.txt" % len(inputs))
        if os.path.exists(out):
            os.remove(out)
        env = dict(os.environ, GAPSCAN_BIN=harness.ARGS.gapscan, GITHUB_OUTPUT=out)
        for name, value in inputs.items():
            env["INPUT_" + name.upper().replace("-", "_")] = value
        proc = subprocess.run(["bash", source("scripts", "action.sh")],
                              capture_output=True, text=True, env=env, cwd=harness.ARGS.work_dir,
                              timeout=300)
        outputs = {}
        if os.path.exists(out):
            with open(out) as f:
                outputs = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
        return proc, outputs

    def test_every_input_reaches_the_script(self):
        step = self.action["runs"]["steps"][0]
        self.assertEqual(self.action["runs"]["using"], "composite")
        for name in self.action["inputs"]:
            var = "INPUT_" + name.upper().replace("-", "_")
            self.assertEqual(step["env"].get(var), "${{ inputs.%s }}" % name, name)
        with open(source("scripts", "action.sh")) as f:
            script = f.read()
        for var in step["env"]:
            self.assertIn(var, script)

    def test_example_workflow_uses_declared_inputs_and_keeps_reports(self):
        workflow = load("examples", "ci", "github-action.yml")
        steps = workflow["jobs"]["dast"]["steps"]
        scan = [s for s in steps if s.get("uses") == "./"]
        self.assertEqual(len(scan), 1)
        self.assertLessEqual(set(scan[0]["with"]), set(self.action["inputs"]))
        for uses in ("github/codeql-action/upload-sarif", "actions/upload-artifact"):
            step = [s for s in steps if s.get("uses", "").startswith(uses)]
            self.assertEqual(step[0].get("if"), "always()", uses)
        baseline = [s for s in steps if s.get("name") == "Fetch the baseline"][0]["run"]
        self.assertIn("--status completed", baseline)

    def test_the_step_scans_and_sets_outputs(self):
        proc, outputs = self.run_action(**{"targets": self.site.http + "/\n",
                                           "fail-on": "high", "sarif": "act.sarif",
                                           "json": "act.json", "html": "act.html",
                                           "args": "--max-pages 20 --rate 0"})
        self.assertEqual(proc.returncode, 1, proc.stdout[-2000:] + proc.stderr[-2000:])
        self.assertEqual(outputs.get("exit-code"), "1")
        for kind in ("sarif", "json", "html"):
            self.assertEqual(outputs.get(kind), "act." + kind)
            self.assertTrue(os.path.getsize(os.path.join(harness.ARGS.work_dir, "act." + kind)))
        passing, outputs = self.run_action(targets=self.site.http + "/", args="--max-pages 5",
                                           **{"fail-on": "none"})
        self.assertEqual(passing.returncode, 0, passing.stderr[-2000:])
        self.assertEqual(outputs.get("exit-code"), "0")

    def test_empty_targets_is_a_usage_error(self):
        proc, _ = self.run_action(targets="  ")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("'targets' input is empty", proc.stderr)


if __name__ == "__main__":
    harness.main()
