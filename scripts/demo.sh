#!/usr/bin/env bash
# The demo: builds gapscan, starts the bundled testbed (every flaw switched on, HTTP and HTTPS
# on 127.0.0.1), scans it, and writes out/demo.sarif and out/demo.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/build.sh
mkdir -p out
ready=$(mktemp)
rm -f "$ready"
./build/gapscan-testbed --all-flaws --http-port 0 --https-port 0 --ready-file "$ready" &
testbed=$!
trap 'kill $testbed 2>/dev/null; rm -f "$ready"' EXIT
for _ in $(seq 100); do [ -s "$ready" ] && break; sleep 0.05; done
http_port=$(sed -E 's/.*"http_port": *([0-9]+).*/\1/' "$ready")
https_port=$(sed -E 's/.*"https_port": *([0-9]+).*/\1/' "$ready")
echo "demo target: http://127.0.0.1:$http_port/ and https://127.0.0.1:$https_port/"
set +e
# The demo target is our own process on loopback: no need for the production-safe default
# of 20 requests per second per host (extra arguments still override this).
./build/gapscan scan "http://127.0.0.1:$http_port/" "https://127.0.0.1:$https_port/" \
  --rate 200 --sarif out/demo.sarif --json out/demo.json "$@"
code=$?
set -e
echo "reports: out/demo.sarif out/demo.json (gapscan exit code $code)"
exit $code
