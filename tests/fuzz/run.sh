#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# Run a libFuzzer target briefly, as a test (fuzz suite of tests/fuzz):
#
#   run.sh TARGET WORKDIR SECONDS RUNS INPUT_DIR...
#
# The INPUT_DIRs (seed corpus, regression inputs) are read, never written:
# what the run finds goes to WORKDIR/corpus (emptied first) and any crash to
# WORKDIR/artifacts/. Stops after RUNS executions or SECONDS, whichever
# comes first; exit status non-zero on a crash, a leak or a timeout.
set -eu

target=$1 work=$2 secs=$3 runs=$4
shift 4
rm -rf "$work/corpus"
mkdir -p "$work/corpus" "$work/artifacts"
# per-input speed: the fast unwinder for the allocation stacks
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:fast_unwind_on_malloc=1"
exec "$target" -runs="$runs" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1 -artifact_prefix="$work/artifacts/" "$work/corpus" "$@"
