#!/usr/bin/env bash
# Installs everything gapscan needs to build, test and benchmark, from Debian's packages only.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  build-essential cmake ninja-build pkg-config git ca-certificates \
  libcurl4-openssl-dev libboost-dev libcli11-dev nlohmann-json3-dev doctest-dev \
  libgumbo-dev libssl-dev libpsl-dev libyaml-cpp-dev libre2-dev \
  clang-format clang-tidy clang-14 libclang-rt-14-dev \
  nginx-light apache2 python3 python3-jsonschema python3-yaml openssl wrk time \
  chromium fonts-dejavu-core dpkg-dev file >/dev/null
