#!/usr/bin/env bash
# Benchmark: a generated static site of PAGES interlinked pages served by nginx on 127.0.0.1;
# gapscan crawls it (all checks, then no checks) and wrk fetches the same URLs in the same run.
# Prints pages/s, requests/s, peak memory, and the ratios. Loopback only.
#   bench/run.sh [PAGES]   (default 3000; needs build/gapscan, nginx, wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES=${1:-3000}
GAPSCAN=${GAPSCAN:-./build/gapscan}
work=$(mktemp -d /tmp/gapscan-bench.XXXXXX)
trap 'kill $(cat "$work/nginx.pid" 2>/dev/null) 2>/dev/null || true; [ -n "${BENCH_KEEP:-}" ] || rm -rf "$work"' EXIT
/usr/bin/python3 bench/gen_site.py "$work/www" "$PAGES"
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/tmp"
sed -e "s|@PORT@|$port|; s|@ROOT@|$work/www|; s|@WORK@|$work|g; s|@AUTOINDEX@|off|" \
  test/nginx/nginx.conf.in | sed 's/access_log .*/access_log off;/' > "$work/nginx.conf"
/usr/sbin/nginx -c "$work/nginx.conf" -e "$work/error.log" &
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.05; done
base="http://127.0.0.1:$port"

run_gapscan() {  # $1 = label, rest = extra flags
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time.$label" "$GAPSCAN" scan "$base/" --rate 0 --max-pages $((PAGES * 3)) \
    --max-per-pattern $((PAGES * 2)) --concurrency 64 --per-host 32 --quiet --fail-on none \
    --json "$work/$label.json" "$@" || true
  read -r secs kb < "$work/time.$label"
  /usr/bin/python3 - "$work/$label.json" "$label" "$secs" "$kb" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); st = r["scan"]["statistics"]
secs = float(sys.argv[3]); kb = int(sys.argv[4])
print("%-18s pages=%d requests=%d wall=%.2fs pages/s=%.0f req/s=%.0f peak_rss=%.1fMiB findings=%d" % (
    sys.argv[2], st["pages"], st["requests"], secs, st["pages"] / secs, st["requests"] / secs, kb / 1024.0,
    len(r["findings"])))
open(sys.argv[1] + ".rps", "w").write("%f %f\n" % (st["requests"] / secs, secs))
PY
}

echo "site: $PAGES pages at $base (nginx $(/usr/sbin/nginx -v 2>&1 | cut -d/ -f2))"
run_gapscan all-checks
run_gapscan no-checks --exclude-checks '*'

cat > "$work/urls.lua" <<LUA
local urls = {}
for line in io.lines("$work/www/urls.txt") do urls[#urls + 1] = line end
local i = 0
request = function()
  i = i % #urls + 1
  return wrk.format("GET", urls[i])
end
LUA
wrk -t2 -c64 -d5s -s "$work/urls.lua" "$base/" > "$work/wrk.txt"
wrk_rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
echo "wrk (same URLs)    req/s=$wrk_rps"
read -r all_rps all_secs < "$work/all-checks.json.rps"
read -r none_rps none_secs < "$work/no-checks.json.rps"
/usr/bin/python3 -c "
a, n, w = $all_rps, $none_rps, $wrk_rps
print('ratio gapscan/wrk req/s: all checks %.2f, no checks %.2f' % (a / w, n / w))
print('passive checks wall-time factor (all/none): %.2f' % ($all_secs / $none_secs))"
