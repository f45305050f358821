#!/usr/bin/env bash
# The full test suite: installs dependencies if needed, builds with -Werror, runs ctest
# (unit tests, golden files, integration tests against the testbed, real nginx and Apache and
# the real-application range of scripts/realapps.sh, all on loopback).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/build.sh
ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j"$(nproc)"
