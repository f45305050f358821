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
  chromium fonts-dejavu-core dpkg-dev file \
  dokuwiki mediawiki libapache2-mod-php php-sqlite3 sqlite3 lighttpd caddy curl >/dev/null
# The real-app range (scripts/realapps.sh) also runs Node-RED and Verdaccio from npm: Debian's
# nodejs and npm, unless a node with its own npm is installed already (NodeSource's conflicts
# with Debian's npm).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
