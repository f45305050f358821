#!/usr/bin/env bash
# Installs the Debian packages gapscan needs, unless they are all present already.
set -euo pipefail
cd "$(dirname "$0")/.."
# The package lines of install-deps.sh (its redirections are not packages).
needed=$(grep -oE '^  [a-z0-9].*\\?$' scripts/install-deps.sh | tr -d '\\' | xargs -n1 | grep -v '^>' | xargs)
missing=0
for pkg in $needed; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing=1
done
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then missing=1; fi
if [ "$missing" = 1 ]; then bash scripts/install-deps.sh; fi
