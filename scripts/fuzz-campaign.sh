#!/usr/bin/env bash
# The long fuzzing campaign of issue 17: every harness of test/fuzz until it has run at least
# TARGET executions (default 10 million) without a finding, in steps of STEP seconds (default
# 900) so that it can stop and resume; each harness keeps its corpus in $FUZZ_CAMPAIGN_DIR
# (default build-fuzz/campaign/) and every step is a line of test/fuzz/campaign-ledger.tsv
# (date, harness, executions, seconds, max_len), which is committed: the totals carry over.
# It yields the CPU to everything else (nice 19, also across sessions: the autogroup's nice).
#   bash scripts/fuzz-campaign.sh [TARGET] [STEP]
set -uo pipefail
cd "$(dirname "$0")/.."
target=${1:-10000000}
step=${2:-900}
echo 19 >/proc/self/autogroup 2>/dev/null || true
export FUZZ_CAMPAIGN=${FUZZ_CAMPAIGN_DIR:-$(pwd)/build-fuzz/campaign}
export FUZZ_LEDGER=$(pwd)/test/fuzz/campaign-ledger.tsv
total() { awk -F'\t' -v h="$1" '$2 == h {s += $3} END {print s + 0}' "$FUZZ_LEDGER"; }
harnesses=()
for f in test/fuzz/fuzz_*.cc; do harnesses+=("$(basename "$f" .cc)"); done
for h in "${harnesses[@]}"; do
  while [ "$(total "$h")" -lt "$target" ]; do
    echo "fuzz-campaign: $h at $(total "$h") of $target"
    nice -n 19 bash scripts/fuzz.sh "$step" "$h" || exit 1  # a finding stops the campaign
  done
done
echo "fuzz-campaign: every harness has run at least $target executions"
