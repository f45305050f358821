#!/usr/bin/env bash
# Builds the libFuzzer harnesses of test/fuzz with clang-14 (ASan + UBSan) into build-fuzz/ and
# runs each for SECONDS (default 30) over a scratch copy of its seed corpus (test/fuzz/corpus/
# <name>/, never written to: new inputs stay in build-fuzz/runs/). Exits non-zero when a harness
# finds a crash, leak, UB, timeout or OOM; the input is kept in build-fuzz/runs/<name>/.
#   bash scripts/fuzz.sh [SECONDS] [HARNESS...]     e.g. bash scripts/fuzz.sh 60 fuzz_csp
# -max_len is the cap gapscan enforces on that input: 64 KiB for header values (--max-headers),
# and 1 MiB for bodies and report/policy files (the scanner keeps 5 MiB of a body and parses
# 2 MiB of HTML; 1 MiB keeps runs fast). FUZZ_ARGS adds libFuzzer flags (e.g. -runs=N).
# FUZZ_CAMPAIGN=DIR keeps each harness's corpus in DIR/<name>/ across runs (a long campaign
# resumed in steps) and appends "date harness executions seconds max_len" to DIR/ledger.tsv
# (or to $FUZZ_LEDGER; scripts/fuzz-campaign.sh keeps it in test/fuzz/campaign-ledger.tsv).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true
BUILD_DIR=${BUILD_DIR:-build-fuzz}

launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
# -O1 without NDEBUG: asserts stay on; RelWithDebInfo's -O2 -g would only make the build slower.
CC=clang-14 CXX=clang++-14 cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DGAPSCAN_FUZZ=ON \
  -DGAPSCAN_BUILD_TESTS=OFF "${launcher[@]}" >/dev/null
cmake --build "$BUILD_DIR" --target gapscan_fuzzers -j"${FUZZ_BUILD_JOBS:-$(nproc)}"

declare -A max_len=(
  [fuzz_cookies]=65536 [fuzz_csp]=65536 [fuzz_hsts]=65536 [fuzz_referrer_policy]=65536
  [fuzz_jwt]=65536 [fuzz_url]=65536
)
declare -A dict=(
  [fuzz_html]=html [fuzz_login_form]=html [fuzz_csp]=csp [fuzz_cookies]=cookies [fuzz_hsts]=hsts
  [fuzz_sitemap]=sitemap [fuzz_robots]=robots [fuzz_json]=json [fuzz_baseline]=json
  [fuzz_merge]=json [fuzz_config]=config [fuzz_jwt]=jwt [fuzz_url]=url
  [fuzz_referrer_policy]=referrer_policy
)

if [ $# -gt 0 ]; then
  harnesses=("$@")
else
  harnesses=()
  for f in test/fuzz/fuzz_*.cc; do harnesses+=("$(basename "$f" .cc)"); done
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=()
for name in "${harnesses[@]}"; do
  short=${name#fuzz_}
  run="$BUILD_DIR/runs/$name"
  rm -rf "$run" && mkdir -p "$run/corpus"
  if [ -d "test/fuzz/corpus/$short" ]; then cp -r "test/fuzz/corpus/$short/." "$run/corpus/"; fi
  if [ -n "${FUZZ_CAMPAIGN:-}" ]; then
    mkdir -p "$FUZZ_CAMPAIGN/$name"
    cp -rn "$run/corpus/." "$FUZZ_CAMPAIGN/$name/"
    rm -rf "$run/corpus" && ln -s "$(realpath "$FUZZ_CAMPAIGN/$name")" "$run/corpus"
  fi
  args=(-max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1
    -max_len="${max_len[$name]:-1048576}" -artifact_prefix="$run/")
  if [ -n "${dict[$name]:-}" ]; then args+=(-dict="test/fuzz/dict/${dict[$name]}.dict"); fi
  # shellcheck disable=SC2206
  args+=(${FUZZ_ARGS:-})
  echo "== $name (${seconds}s, max_len ${max_len[$name]:-1048576})"
  if "$BUILD_DIR/test/fuzz/$name" "${args[@]}" "$run/corpus" >"$run/log" 2>&1; then
    grep -E '^(stat::|Done )' "$run/log" | tr '\n' ' ' && echo
    if [ -n "${FUZZ_CAMPAIGN:-}" ]; then
      printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$name" \
        "$(sed -n 's/^stat::number_of_executed_units: *//p' "$run/log")" \
        "$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$run/log")" \
        "${max_len[$name]:-1048576}" >>"${FUZZ_LEDGER:-$FUZZ_CAMPAIGN/ledger.tsv}"
    fi
  else
    echo "FAILED: see $run/log; the input is $(ls "$run"/{crash,leak,timeout,oom,slow-unit}-* 2>/dev/null | head -1)"
    tail -40 "$run/log"
    failed+=("$name")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: ${#failed[@]} harness(es) found a problem: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: ${#harnesses[@]} harnesses ran ${seconds}s each, nothing found"
