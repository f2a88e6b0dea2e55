#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# Fuzz one target of tests/fuzz for a while (the fuzz suite runs each one
# for seconds only):
#
#   devtools/fuzz.sh TARGET [SECONDS]       (default 60)
#   devtools/fuzz.sh TARGET --runs N        (N executions, no time limit)
#   TARGET: fuzz_nl_parse fuzz_config fuzz_rtap_vnet fuzz_pkt_headers
#
# Builds in $L2K_FUZZ_BUILD (default build-sanitize, the sanitize.sh build:
# clang, ASan, UBSan, libFuzzer), starts from the seed corpus and regression
# inputs plus what earlier runs found (BUILD/fuzz-corpus/TARGET, kept), and
# prints libFuzzer's final statistics and a summary line: executions, speed,
# coverage (cov: edges, ft: features), corpus size. A crash is kept in
# BUILD/fuzz-artifacts/TARGET/: once fixed, add it to
# tests/fuzz/regressions/TARGET/ so that the suites replay it.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-}
secs=${2:-60}
limit=""
if [ "$secs" = --runs ]; then
	runs=${3:-}
	case $runs in
	''|*[!0-9]*) echo "fuzz: --runs needs a number of executions, not '$runs'" >&2; exit 2 ;;
	esac
	limit="-runs=$runs"
	secs=0
fi
build=${L2K_FUZZ_BUILD:-build-sanitize}
cd "$top"

case $target in
fuzz_nl_parse|fuzz_config|fuzz_rtap_vnet|fuzz_pkt_headers) ;;
*) echo "usage: $0 fuzz_nl_parse|fuzz_config|fuzz_rtap_vnet|fuzz_pkt_headers [SECONDS | --runs N]" >&2
   exit 2 ;;
esac
case $secs in
''|*[!0-9]*) echo "fuzz: SECONDS must be a number, not '$secs'" >&2; exit 2 ;;
esac

opts="-Dwerror=true"
opts="$opts -Db_sanitize=address,undefined -Db_lundef=false -Dfuzz=enabled"
if [ ! -f "$build/build.ninja" ]; then
	# shellcheck disable=SC2086
	CC=clang-14 meson setup "$build" $opts >/dev/null
fi
ninja -C "$build" "tests/fuzz/$target" >/dev/null

corpus=$build/fuzz-corpus/$target
art=$build/fuzz-artifacts/$target
log=$build/fuzz-$target.log
mkdir -p "$corpus" "$art"
inputs="tests/fuzz/corpus/$target"
[ -d "tests/fuzz/regressions/$target" ] && inputs="$inputs tests/fuzz/regressions/$target"

san=$top/tests/sanitizer
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:handle_abort=1:detect_stack_use_after_return=1"
export LSAN_OPTIONS="suppressions=$san/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1"
UBSAN_OPTIONS="$UBSAN_OPTIONS:suppressions=$san/ubsan.supp"

[ -n "$limit" ] || limit="-max_total_time=$secs"
echo "fuzz: $target ${limit#-}, corpus $corpus, crashes to $art/"
rc=0
# shellcheck disable=SC2086
"$build/tests/fuzz/$target" "$limit" -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1 -artifact_prefix="$art/" "$corpus" $inputs >"$log" 2>&1 || rc=$?

grep -E '^stat::' "$log" || true
python3 - "$log" "$target" "$rc" <<'PY'
import re, sys
log, target, rc = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(log, errors="replace").read()
stat = dict(re.findall(r"^stat::(\w+):\s*(\d+)", text, re.M))
cov = re.findall(r"cov: (\d+) ft: (\d+) corp: (\d+)/", text)
cov, ft, corp = cov[-1] if cov else ("?", "?", "?")
print(f"fuzz: {target}: {stat.get('number_of_executed_units', '?')} executions, "
      f"{stat.get('average_exec_per_sec', '?')}/s, cov {cov}, ft {ft}, corpus {corp}, "
      f"peak rss {stat.get('peak_rss_mb', '?')} MB, "
      + ("no crash" if rc == 0 else f"FAILED (status {rc}), see {log}"))
PY
if [ "$rc" != 0 ]; then
	grep -E 'ERROR|runtime error|invariant violated|SUMMARY|Test unit written' "$log" >&2 ||
		true
	ls "$art" >&2
fi
exit "$rc"
