#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# Unit test of the scripts' own input handling (no privileges: every case
# ends before the scripts need root):
# - the benchmark scripts of tests/flent refuse an option without its value
#   and an unknown option, naming it, with status 2 and at once (an option
#   loop that shifts past the end never ends);
# - devtools/failed-tests.py, which names CI's failed tests: its exit
#   status and what it prints, for logs with failures, without, missing and
#   malformed, and without arguments.
#
#   test_scripts.sh TOP   (the source tree)

top=${1:?source tree}
py=$(command -v python3)
tmp=$(mktemp -d /tmp/l2k-scripts.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
n=0
bad=0

# expect STATUS SUBSTRING CMD...: CMD ends within 10 s with STATUS, its
# output (stdout and stderr) containing SUBSTRING
expect()
{
	local want=$1 msg=$2 out rc
	shift 2
	n=$((n + 1))
	out=$(timeout 10 "$@" 2>&1)
	rc=$?
	if [ $rc = 124 ]; then
		echo "FAIL: $*: still running after 10 s"
		bad=$((bad + 1))
	elif [ $rc != "$want" ] || [[ $out != *"$msg"* ]]; then
		echo "FAIL: $*: status $rc, want $want; output '$out', want '$msg'"
		bad=$((bad + 1))
	fi
}

flent=$top/tests/flent
# should a check let a case through, the script stops at require_app (no
# application there) instead of setting up a benchmark
export L2K_APP=$tmp/no-such-app
for s in flood.sh idle.sh soft.sh mirror_latency.sh; do
	expect 2 "$s: --path needs a value" bash "$flent/$s" --path
	expect 2 "$s: unknown option '--bogus'" bash "$flent/$s" --bogus
done
expect 2 "flood.sh: --seconds needs a value" bash "$flent/flood.sh" --dir up --seconds
expect 2 "flood.sh: --dir: 'down' or 'up', not 'sideways'" bash "$flent/flood.sh" --dir sideways
expect 2 "flood.sh: --seconds: at least 3" bash "$flent/flood.sh" --seconds 2
expect 2 "flood.sh: --seconds: at least 3" bash "$flent/flood.sh" --seconds x
expect 2 "flood.sh: --count: 1 to 300 pings fit in 8 s" bash "$flent/flood.sh" --count 301
expect 2 "flood.sh: --count: 1 to 50 pings fit in 3 s" bash "$flent/flood.sh" --seconds 3 --count 51
expect 2 "flood.sh: --count: 1 to 300 pings fit in 8 s" bash "$flent/flood.sh" --count 0
expect 2 "flood.sh: --rows: unknown row 'tespmd' (l2fwd-kernel, testpmd)" \
	bash "$flent/flood.sh" --rows tespmd
expect 2 "idle.sh: --rows: unknown row 'x'" bash "$flent/idle.sh" --rows x
expect 2 "idle.sh: --sleep needs a value" bash "$flent/idle.sh" --sleep
expect 2 "soft.sh: --reps needs a value" bash "$flent/soft.sh" --reps
expect 2 "mirror_latency.sh: --count needs a value" bash "$flent/mirror_latency.sh" --count
expect 2 "bench: unknown option '--bogus'" bash "$flent/bench.sh" --bogus
expect 1 "--reps N" bash "$flent/bench.sh" --reps

# ---- devtools/failed-tests.py ----
ft=$top/devtools/failed-tests.py
ok='{"name": "unit / a", "result": "OK", "returncode": 0, "duration": 0.1, "stdout": "fine"}'
skip='{"name": "functional / v", "result": "SKIP", "returncode": 77, "duration": 0.1, "stdout": "x"}'
fail='{"name": "functional / b", "result": "FAIL", "returncode": 1, "duration": 2.5, "stdout": "one\nFAIL: the reason\n"}'
printf '%s\n%s\n' "$ok" "$skip" > "$tmp/ok.json"
printf '%s\n\n%s\n' "$ok" "$fail" > "$tmp/fail.json"
printf '%s\n{not json\n' "$ok" > "$tmp/broken.json"
: > "$tmp/empty.json"
expect 2 "usage: failed-tests.py LOG.json" "$py" "$ft"
expect 0 "failed-tests: 0 failed in 1 log(s)" "$py" "$ft" "$tmp/ok.json"
expect 0 "failed-tests: 0 failed in 1 log(s)" "$py" "$ft" "$tmp/empty.json"
expect 1 "== FAILED functional / b (FAIL, rc 1, 2.5 s) in $tmp/fail.json" \
	"$py" "$ft" "$tmp/ok.json" "$tmp/fail.json"
expect 1 "   FAIL: the reason" "$py" "$ft" "$tmp/fail.json"
expect 1 "failed-tests: 1 failed in 2 log(s)" "$py" "$ft" "$tmp/ok.json" "$tmp/fail.json"
# a missing or malformed log is named, the others still read; failures win
expect 2 "failed-tests: $tmp/none.json: [Errno 2]" "$py" "$ft" "$tmp/none.json" "$tmp/ok.json"
expect 2 "0 failed in 1 log(s), 1 log(s) unread" "$py" "$ft" "$tmp/none.json" "$tmp/ok.json"
expect 2 "failed-tests: $tmp/broken.json: " "$py" "$ft" "$tmp/broken.json"
expect 1 "1 failed in 1 log(s), 1 log(s) unread" "$py" "$ft" "$tmp/broken.json" "$tmp/fail.json"

echo "scripts: $n checks, $bad failed"
[ $bad = 0 ]
