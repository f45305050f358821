#!/usr/bin/env bash
# The full test suite: installs dependencies if needed, builds with -Werror, runs ctest
# (unit tests, golden files, integration tests against the testbed and real nginx on loopback).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/build.sh
# The real-app range (label realapps) is opt-in until it is reliable on a fresh machine
# (issue 13 open: a DokuWiki start failure and MediaWiki re-logins seen in CI):
# GAPSCAN_REALAPPS=1 runs it too.
if [ "${GAPSCAN_REALAPPS:-0}" = 1 ]; then
  ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j"$(nproc)"
else
  ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j"$(nproc)" -LE realapps
fi
