"""The Debian package: gapscan_<version>_amd64.deb with the control fields and runtime
dependencies dpkg-shlibdeps computed, only the gapscan binary and its docs, and an extracted
binary that runs a real scan of the testbed.

The package under test is $GAPSCAN_DEB when set (e.g. the Release build of scripts/package.sh,
as .ci/run does); otherwise the test packages the gapscan binary of the build tree it runs in
with cpack (the same install rules and CPack settings, a few seconds instead of a Release
build of several minutes)."""

import os
import re
import subprocess

import harness
from harness import Scan, Testbed, assert_reports_valid, work


def source_version():
    with open(os.path.join(harness.ARGS.source_dir, "CMakeLists.txt")) as f:
        m = re.search(r"project\(gapscan\s+VERSION\s+([0-9][0-9.]*)", f.read())
    return m.group(1)


def run(*cmd, **kw):
    return subprocess.run(list(cmd), capture_output=True, text=True, timeout=kw.pop("timeout", 120), **kw)


DEB = None


def package():
    """The .deb under test (built once per run)."""
    global DEB
    if DEB:
        return DEB
    given = os.environ.get("GAPSCAN_DEB")
    if given:
        DEB = os.path.abspath(given)
        return DEB
    build_dir = os.path.dirname(os.path.abspath(harness.ARGS.gapscan))
    out = work("cpack")
    proc = run("cpack", "-G", "DEB", "--config", os.path.join(build_dir, "CPackConfig.cmake"), "-B", out,
               timeout=240)
    if proc.returncode != 0:
        raise RuntimeError("cpack failed:\n" + proc.stdout + proc.stderr)
    debs = [f for f in os.listdir(out) if f.endswith(".deb")]
    if len(debs) != 1:
        raise RuntimeError("cpack wrote %s:\n%s" % (debs, proc.stdout))
    DEB = os.path.join(out, debs[0])
    return DEB


def field(name):
    proc = run("dpkg-deb", "-f", package(), name)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def depends():
    """Package names in Depends (alternatives flattened, version constraints dropped)."""
    return {re.split(r"[\s(]", alt.strip())[0] for dep in field("Depends").split(",") for alt in dep.split("|")}


def extracted():
    root = work("root")
    if not os.path.isdir(root):
        proc = run("dpkg-deb", "-x", package(), root)
        assert proc.returncode == 0, proc.stderr
    return root


class Package(harness.unittest.TestCase):
    def test_file_name_and_control_fields(self):
        version = source_version()
        self.assertEqual(os.path.basename(package()), "gapscan_%s_amd64.deb" % version)
        self.assertEqual(field("Package"), "gapscan")
        self.assertEqual(field("Version"), version)
        self.assertEqual(field("Architecture"), "amd64")
        self.assertEqual(field("Section"), "net")
        self.assertRegex(field("Maintainer"), r"^[^<>]+ <[^<>@\s]+@[^<>\s]+>$")
        self.assertTrue(field("Homepage").startswith("https://"))
        description = field("Description").split("\n")
        self.assertIn("DAST", description[0])
        self.assertGreater(len(description), 2)  # a synopsis and a long description
        for line in description:
            self.assertLessEqual(len(line), 80, line)

    def test_depends_covers_every_shared_library(self):
        deps = depends()
        for needed in ("libcurl4", "libssl3", "libstdc++6", "libc6"):
            self.assertIn(needed, deps)
        self.assertTrue(any(d.startswith("libyaml-cpp") for d in deps), deps)
        self.assertTrue(any(d.startswith("libgumbo") for d in deps), deps)
        self.assertTrue(any(d.startswith("libpsl") for d in deps), deps)
        # Each library the binary links (NEEDED) belongs to a package in Depends.
        binary = os.path.join(extracted(), "usr", "bin", "gapscan")
        proc = run("readelf", "-d", binary)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        sonames = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", proc.stdout)
        self.assertIn("libcurl.so.4", sonames)
        for soname in sonames:
            owner = run("dpkg", "-S", "*/" + soname)
            self.assertEqual(owner.returncode, 0, "no package ships " + soname)
            owners = {line.split(":")[0] for line in owner.stdout.splitlines()}
            self.assertTrue(owners & deps, "%s (from %s) not in Depends: %s" % (soname, owners, sorted(deps)))

    def test_contents_are_the_binary_and_its_docs(self):
        proc = run("dpkg-deb", "-c", package())
        self.assertEqual(proc.returncode, 0, proc.stderr)
        files = sorted(line.split()[-1] for line in proc.stdout.splitlines() if not line.startswith("d"))
        self.assertEqual(files, ["./usr/bin/gapscan", "./usr/share/doc/gapscan/README.md",
                                 "./usr/share/doc/gapscan/copyright"])
        for line in proc.stdout.splitlines():
            self.assertIn(" root/root ", line)
            if line.endswith("./usr/bin/gapscan"):
                self.assertTrue(line.startswith("-rwxr-xr-x"), line)
        copyright_file = os.path.join(extracted(), "usr", "share", "doc", "gapscan", "copyright")
        with open(copyright_file) as f:
            self.assertTrue(f.read().startswith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/"))
        # Stripped: the package carries no debug sections.
        proc = run("readelf", "-S", os.path.join(extracted(), "usr", "bin", "gapscan"))
        self.assertNotIn(".debug_info", proc.stdout)

    def test_extracted_binary_runs_and_scans(self):
        binary = os.path.join(extracted(), "usr", "bin", "gapscan")
        proc = run(binary, "--version")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.strip(), "gapscan " + source_version())
        built = harness.ARGS.gapscan
        harness.ARGS.gapscan = binary
        try:
            with Testbed("--flaw", "exposed-vcs", "--flaw", "csp-unsafe-inline") as site:
                scan = Scan("scan", site.http + "/", site.https + "/", "--rate", "0", env=site.trusting_env())
        finally:
            harness.ARGS.gapscan = built
        self.assertEqual(scan.code, 1, scan.describe())  # exposed-vcs is high
        assert_reports_valid(self, scan)
        self.assertIn("exposed-vcs", scan.checks_found())
        self.assertIn("csp-unsafe-inline", scan.checks_found())
        self.assertEqual(scan.report["tool"], {"name": "gapscan", "version": source_version()})

    def test_tests_can_be_left_out_of_the_build(self):
        # scripts/package.sh configures with -DGAPSCAN_BUILD_TESTS=OFF: no test targets, no ctest.
        out = work("configure-no-tests")
        proc = run("cmake", "-S", harness.ARGS.source_dir, "-B", out, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                   "-DGAPSCAN_BUILD_TESTS=OFF", timeout=240)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        targets = run("ninja", "-C", out, "-t", "targets", "all").stdout
        self.assertIn("gapscan:", targets)
        self.assertNotIn("gapscan_unit_tests", targets)
        self.assertFalse(os.path.exists(os.path.join(out, "test", "CTestTestfile.cmake")))
        with open(os.path.join(harness.ARGS.source_dir, "scripts", "package.sh")) as f:
            script = f.read()
        self.assertIn("-DGAPSCAN_BUILD_TESTS=OFF", script)
        self.assertIn("cpack -G DEB", script)


if __name__ == "__main__":
    harness.main()
