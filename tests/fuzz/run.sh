#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs every fuzz target for a bounded time from its corpus in tests/fuzz/corpus/NAME (read-only: new
# inputs go to a scratch folder). Fails on the first crash, leak, timeout or out-of-memory, and keeps the
# input that caused it in build-fuzz/crashes/.
# Usage: tests/fuzz/run.sh BUILD_DIR [SECONDS_PER_TARGET]
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR [SECONDS]}
seconds=${2:-25}
here=$(cd "$(dirname "$0")" && pwd)
crashes="$build/crashes"
mkdir -p "$crashes"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0
for name in kubeconfig relationshipfile watchdecoder cronschedule godurations; do
    mkdir -p "$scratch/$name"
    start=$(date +%s)
    if ! ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
        "$build/fuzz_$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$crashes/$name-" "$scratch/$name" "$here/corpus/$name" \
        > "$build/fuzz_$name.log" 2>&1; then
        echo "fuzz_$name FAILED after $(( $(date +%s) - start )) s; the input is in $crashes, the log:"
        tail -n 40 "$build/fuzz_$name.log"
        status=1
        continue
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$build/fuzz_$name.log" | grep -o '[0-9]*$' || echo '?')
    echo "fuzz_$name: no crash in $(( $(date +%s) - start )) s, $runs inputs"
done
exit $status
