#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# Smoke test of the benchmark harness, tests/flent/bench.sh (meson suite
# functional). First, asked for rtap on a build without net_rtap, it must
# refuse at once with meson's reason (and idle.sh an unknown --rows row
# with its name, cpu-job.py bad arguments with the reason). Then quick
# mode on the af_xdp path with very short runs, both forwarders, and the shaped rrul (--shape
# 100mbit, queue management on and off). Asserts that flent's data files, flent's plots and summary.md exist
# with non-zero figures, and that the run left nothing behind: no
# namespace or interface of its tag, no process it started, no telemetry
# directory, no scratch directory. Then a second run, stopped by SIGTERM in
# the middle of its measurements, must leave nothing behind either.
# Environment: L2K_APP (the application), L2K_KEEP=1 keeps the output.

# shellcheck source-path=SCRIPTDIR source=../functional/lib.sh
. "$(dirname "$0")/../functional/lib.sh"
bench=$(cd "$(dirname "$0")" && pwd)/bench.sh
L2K_NAME="bench-smoke"

require_root
require_app
require_bpffs
for c in flent netperf netserver iperf3 fping dpdk-testpmd; do
	command -v $c >/dev/null || skip "$c not installed (devtools/setup-deps.sh)"
done
"$L2K_PY" -c 'import matplotlib' 2>/dev/null || skip "python3-matplotlib not installed (flent's plots)"

out=$(mktemp -d /tmp/l2k-bench-smoke.XXXXXX)
BENCH_PID=
smoke_cleanup()
{
	local rc=$?
	if [ -n "$BENCH_PID" ] && kill -0 "$BENCH_PID" 2>/dev/null; then
		kill "$BENCH_PID" 2>/dev/null
		wait "$BENCH_PID" 2>/dev/null
	fi
	if [ $rc = 0 ] && [ -z "${L2K_KEEP:-}" ]; then
		rm -rf "$out"
	else
		echo "bench-smoke: output kept in $out"
	fi
	exit $rc
}
trap smoke_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# meta RUN KEY: a value of the run's meta.tsv
meta() { awk -F'\t' -v k="$2" '$1 == k { print $2; exit }' "$1/meta.tsv" 2>/dev/null; }

# nothing of run DIR is left
assert_nothing_left()
{
	local dir=$1 tag pid st now
	tag=$(meta "$dir" tag)
	[ -n "$tag" ] || fail "no tag in $dir/meta.tsv"
	! ip netns list | grep -E "^l2k-$tag-" ||
		fail "network namespaces of run $tag left behind"
	! link_names "" | grep -E "^$tag" || fail "interfaces of run $tag left behind"
	[ ! -e "/var/run/dpdk/l2k-$tag-fwd" ] || fail "/var/run/dpdk/l2k-$tag-fwd left behind"
	! ls -d /tmp/l2k-"$tag".* 2>/dev/null || fail "scratch directory of run $tag left behind"
	[ -s "$dir/pids.txt" ] || fail "run $tag logged no PID"
	while read -r pid st; do
		[ "$st" != - ] || continue
		now=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f20)
		[ "$now" != "$st" ] ||
			fail "process $pid ($(cat "/proc/$pid/comm" 2>/dev/null)) of run $tag still runs"
	done < "$dir/pids.txt"
	log "run $tag: no namespace, interface, process or file left ($(wc -l < "$dir/pids.txt") PIDs checked)"
}

# ---- 0: asked for rtap, a build without net_rtap is refused with the reason ----

nortap=$out/nortap
mkdir -p "$nortap/app" "$nortap/meson-logs"
ln -s "$L2K_APP" "$nortap/app/dpdk-l2fwd-kernel"
: > "$nortap/build.ninja"
echo "Message: pmd-rtap (net_rtap) disabled: smoke's own reason" > "$nortap/meson-logs/meson-log.txt"
for args in "--wire rtap" "--paths af_xdp,rtap"; do
	# shellcheck disable=SC2086
	msg=$(timeout 30 bash "$bench" $args --build "$nortap" --out "$nortap/run" 2>&1) &&
		fail "bench.sh $args ran on a build without net_rtap"
	case $msg in
	*"has no net_rtap (smoke's own reason)"*) ;;
	*) fail "bench.sh $args on a build without net_rtap: '$msg'" ;;
	esac
done
[ ! -e "$nortap/run" ] || fail "bench.sh refused the build but created its output"
log "a build without net_rtap: --wire rtap and --paths rtap refused with the reason"
# idle.sh: a row it does not know is refused with its name, before any set-up
msg=$(timeout 30 bash "$(dirname "$bench")/idle.sh" --rows "testpmd tespmd" 2>&1) &&
	fail "idle.sh ran with an unknown row"
[[ $msg == *"--rows: unknown row 'tespmd'"* ]] || fail "idle.sh --rows tespmd: '$msg'"
log "idle.sh: an unknown --rows row refused with its name"
# cpu-job.py: bad arguments refused, each with what is wrong
job=$(dirname "$bench")/cpu-job.py
for c in "9999 2 8|CPU 9999: Invalid argument" "1 3 2|want 0 < BUSY_MS <= PERIOD_MS" \
	"x 2 8|invalid literal for int()" "1 2|usage: cpu-job.py CPU BUSY_MS PERIOD_MS"; do
	# shellcheck disable=SC2086 # the arguments are meant to split
	msg=$(timeout 10 "$L2K_PY" "$job" ${c%%|*} 2>&1) && fail "cpu-job.py ${c%%|*} ran"
	[[ $msg == *"${c#*|}"* ]] || fail "cpu-job.py ${c%%|*}: '$msg', want '${c#*|}'"
done
log "cpu-job.py: bad arguments refused with the reason"

# ---- 1: a complete quick run ----

run=$out/run
log "bench.sh --quick --paths af_xdp --duration 2 --rrul-len 5 --shape 100mbit"
t0=$(date +%s)
timeout -k 10 300 bash "$bench" --quick --paths af_xdp --duration 2 --rrul-len 5 \
	--shape 100mbit --out "$run" > "$out/run.log" 2>&1 ||
	{ tail -n 40 "$out/run.log"; fail "bench.sh failed (status $?)"; }
log "bench.sh took $(($(date +%s) - t0)) s"

[ ! -s "$run/failures.txt" ] || { cat "$run/failures.txt"; fail "bench.sh reported failures"; }
for t in testpmd l2fwd-kernel l2fwd-kernel-fq_codel l2fwd-kernel-fifo; do
	f=$(awk -F'\t' -v t=$t '$1 == 1 && $2 == "af_xdp" && $3 == t { print $4 }' \
		"$run/flent/index.tsv" 2>/dev/null)
	[ -s "${f:-/nonexistent}" ] || fail "no flent data file for $t"
	gzip -t "$f" || fail "$f is not a gzip file"
	case $f in "$run"/flent/rep1/*.flent.gz) ;; *) fail "flent data file outside the run: $f" ;; esac
done
for p in rrul-af_xdp-testpmd-all_scaled rrul-af_xdp-l2fwd-kernel-all_scaled \
	 rrul-af_xdp-ping_cdf rrul-box_totals shaped-af_xdp-ping_cdf \
	 shaped-af_xdp-l2fwd-kernel-fq_codel-all_scaled; do
	f=$run/plots/$p.png
	[ -s "$f" ] || fail "plot $p.png missing"
	[ "$(head -c 4 "$f" | od -An -tx1 | tr -d ' \n')" = 89504e47 ] || fail "$p.png is not a PNG"
done
log "4 flent data files, 6 PNG plots"

# every figure of both forwarders, non-zero
for t in testpmd l2fwd-kernel; do
	for m in tcp_up tcp_down rrul_total rrul_icmp_p50 idle_icmp_p50 udp64_up_kpps \
		 udp64_down_kpps cpp64_up cpp64_down cpb_tcp_up lcore_share; do
		v=$(awk -F'\t' -v t=$t -v m=$m '$2 == "af_xdp" && $3 == t && $4 == m { print $5 }' \
			"$run/results.tsv")
		awk -v v="${v:-0}" 'BEGIN { exit !(v > 0) }' || fail "$t $m: '${v}' is not > 0"
	done
done
# no forwarder: the same figures of the bare veth, and its flent file
for m in tcp_up tcp_down rrul_total rrul_icmp_p99 idle_icmp_p50; do
	v=$(awk -F'\t' -v m=$m '$2 == "-" && $3 == "none" && $4 == m { print $5 }' "$run/results.tsv")
	awk -v v="${v:-0}" 'BEGIN { exit !(v > 0) }' || fail "no forwarder, $m: '${v}' is not > 0"
done
f=$(awk -F'\t' '$1 == 1 && $2 == "-" && $3 == "none" { print $4 }' "$run/flent/index.tsv")
[ -s "${f:-/nonexistent}" ] && gzip -t "$f" || fail "no flent data file for the run with no forwarder"
# the shaped runs: TCP both ways, pings
for t in l2fwd-kernel-fq_codel l2fwd-kernel-fifo; do
	for m in rrul_down rrul_up rrul_icmp_p99; do
		v=$(awk -F'\t' -v t=$t -v m=$m '$2 == "af_xdp" && $3 == t && $4 == m { print $5 }' \
			"$run/results.tsv")
		awk -v v="${v:-0}" 'BEGIN { exit !(v > 0) }' || fail "$t $m: '${v}' is not > 0"
	done
done
s=$run/summary.md
[ -s "$s" ] || fail "no summary.md"
for want in '### af_xdp' '| rrul TCP total | Mbit/s |' 'lcore cycles per packet' \
	    'DPDK | ' '--no-huge' 'forwarding lcore' 'plots/rrul-box_totals.png' \
	    '## Shaped to 100mbit both ways' '### af_xdp, shaped' \
	    'plots/shaped-af_xdp-ping_cdf.png' 'No forwarder (veth straight into dut' '; rrul TCP total '; do
	grep -qF -- "$want" "$s" || fail "summary.md lacks '$want'"
done
# the rrul row: two figures and their ratio
grep -qE '^\| rrul TCP total \| Mbit/s \| higher \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \|$' "$s" ||
	fail "summary.md: no figures or ratio in the rrul row"
grep -qE '^\| download goodput, of the shaped rate \| % \| higher \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \|$' \
	"$s" || fail "summary.md: no figures or ratio in the shaped goodput row"
grep -qF "$(sed -n 1p "$s")" "$out/run.log" || fail "bench.sh did not print the summary"
assert_nothing_left "$run"

# ---- 2: SIGTERM in the middle ----

run=$out/stop
log "bench.sh, stopped by SIGTERM during its measurements"
bash "$bench" --quick --paths af_xdp --forwarders l2fwd-kernel --duration 10 --rrul-len 5 \
	--out "$run" > "$out/stop.log" 2>&1 &
BENCH_PID=$!
# the forwarder runs, its servers too, once its idle ping is done
i=0
until [ "$(grep -c 'idle ping median' "$out/stop.log")" -ge 2 ]; do
	kill -0 "$BENCH_PID" 2>/dev/null || { cat "$out/stop.log"; fail "bench.sh ended early"; }
	[ $i -lt 600 ] || fail "bench.sh did not reach its measurements in 60 s"
	sleep 0.1
	i=$((i + 1))
done
sleep 2
kill -TERM "$BENCH_PID"
t0=$(date +%s)
rc=0
wait "$BENCH_PID" || rc=$?
BENCH_PID=
log "stopped after $(($(date +%s) - t0)) s with status $rc"
[ $rc = 143 ] || { tail -n 20 "$out/stop.log"; fail "bench.sh: status $rc after SIGTERM, not 143"; }
assert_nothing_left "$run"
log "PASS"
