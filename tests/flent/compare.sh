#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# The former entry point of the benchmark, kept for the commands quoted with
# runs 1-3 of doc/benchmarks.md: its options onto tests/flent/bench.sh, every
# path this host has, one repetition, iperf3 10 s and rrul 20 s unless told
# otherwise. New runs: use bench.sh.
#
#   tests/flent/compare.sh [--paths LIST] [--duration S] [--rrul-len S] [--no-rrul]
#                          [--wire af_xdp|af_packet] [--results DIR] [--build DIR]

args=(--full --reps 1 --rrul-len 20)
while [ $# -gt 0 ]; do
	case $1 in
	--results) args+=(--out "${2:?--results DIR}"); shift ;;
	--paths|--duration|--rrul-len|--wire|--build) args+=("$1" "${2:?$1 VALUE}"); shift ;;
	--no-rrul) args+=("$1") ;;
	-h|--help) sed -n '5,11s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "compare: unknown option '$1' (see --help)" >&2; exit 2 ;;
	esac
	shift
done
exec bash "$(dirname "$0")/bench.sh" "${args[@]}"
