#!/usr/bin/env bash
# Builds the Debian package gapscan_<version>_amd64.deb: a Release build of the gapscan binary
# only (no tests, no testbed) in build-package/ (or $BUILD_DIR) with Debian's optimisation and
# hardening flags (dpkg-buildflags: -O2, stack protector, _FORTIFY_SOURCE, full RELRO), then
# `cpack -G DEB`, which strips the binary and computes Depends with dpkg-shlibdeps.
# Build output goes to stderr; stdout is the absolute path of the .deb. Extra args go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
# SKIP_DEPS=1: the build packages are installed already (the Dockerfile's build stage).
if [ "${SKIP_DEPS:-0}" != 1 ]; then bash scripts/ensure-deps.sh; fi
BUILD_DIR=${BUILD_DIR:-build-package}
export DEB_BUILD_MAINT_OPTIONS=hardening=+all DEB_CXXFLAGS_STRIP=-g  # stripped anyway
cxxflags="$(dpkg-buildflags --get CXXFLAGS) $(dpkg-buildflags --get CPPFLAGS)"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGAPSCAN_BUILD_TESTS=OFF \
  -DCMAKE_CXX_FLAGS="$cxxflags" -DCMAKE_CXX_FLAGS_RELEASE=-DNDEBUG \
  -DCMAKE_EXE_LINKER_FLAGS="$(dpkg-buildflags --get LDFLAGS)" "$@" >&2
cmake --build "$BUILD_DIR" --target gapscan -j"${JOBS:-$(nproc)}" >&2
version=$(sed -nE 's/^CMAKE_PROJECT_VERSION:STATIC=(.*)/\1/p' "$BUILD_DIR/CMakeCache.txt")
deb="$BUILD_DIR/gapscan_${version}_amd64.deb"
rm -f "$deb"
(cd "$BUILD_DIR" && cpack -G DEB) >&2
test -f "$deb" || { echo "package.sh: cpack did not write $deb" >&2; exit 1; }
echo "$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")"
