# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# Measurement helpers for the demo and the benchmark (source after
# tests/functional/lib.sh). Each sets M_* variables and returns non-zero
# when the measurement failed; none of them asserts anything.
#
#   measure_ping NS DST COUNT INTERVAL_MS   M_RECV M_LOSS M_AVG M_P50 M_P99 M_MAX (ms)
#   measure_iperf NS DST SECONDS [-R]       M_MBPS (receiver side, Mbit/s)
#   measure_rrul NS DST SECONDS DIR TITLE   M_TCP_TOTAL M_TCP_DOWN M_TCP_UP (Mbit/s)
#                                           M_PING_AVG M_PING_P99 (ICMP, ms) M_FLENT_FILE
#   servers_start                           netserver + iperf3 -s in DUT_NS (PIDs kept)

# servers_start: netserver (flent) and iperf3 in the dut namespace
servers_start()
{
	bg "$DUT_NS" netserver -D -4 -L "$DUT_IP" >/dev/null 2>&1
	bg "$DUT_NS" iperf3 -s -B "$DUT_IP" >/dev/null 2>&1
	sleep 0.5
}

# percentile helper: stdin numbers, $1 percentile; prints avg p50 pN max
_stats()
{
	"$L2K_PY" -c '
import math, sys
p = float(sys.argv[1])
v = sorted(float(x) for x in sys.stdin.read().split())
if not v:
    print("- - - -"); sys.exit(0)
def pc(q):  # nearest rank
    return v[min(len(v) - 1, max(0, math.ceil(q / 100.0 * len(v)) - 1))]
print("%.3f %.3f %.3f %.3f" % (sum(v) / len(v), pc(50), pc(p), v[-1]))
' "$1"
}

measure_ping()
{
	local ns=$1 dst=$2 n=${3:-20} ms=${4:-50} out rtts
	M_RECV=0 M_LOSS=$n M_AVG=- M_P50=- M_P99=- M_MAX=-
	out=$(ip netns exec "$ns" fping -q -C "$n" -p "$ms" -t 2000 "$dst" 2>&1) || true
	rtts=$(echo "$out" | grep -m1 "^$dst" | cut -d: -f2 | tr ' ' '\n' | grep -E '^[0-9.]+$')
	M_RECV=$(echo "$rtts" | grep -c .)
	M_LOSS=$((n - M_RECV))
	[ "$M_RECV" -gt 0 ] || return 1
	read -r M_AVG M_P50 M_P99 M_MAX < <(echo "$rtts" | _stats 99)
}

measure_iperf()
{
	local ns=$1 dst=$2 t=${3:-5} rev=${4:-} json
	M_MBPS=-
	json=$(ip netns exec "$ns" timeout $((t + 30)) iperf3 -c "$dst" -t "$t" -J $rev 2>&1) ||
		{ echo "$json" | tail -n 5 >&2; return 1; }
	M_MBPS=$(echo "$json" | "$L2K_PY" -c '
import json, sys
d = json.load(sys.stdin)
print("%.0f" % (d["end"]["sum_received"]["bits_per_second"] / 1e6))') || return 1
}

# flent summary line "NAME : avg median p99 unit n": prints "avg p99"
_flent_field()
{
	awk -F' *: *' -v n="$2" '{ k = $1; sub(/^ */, "", k) }
		k == n { split($2, f, " +"); print f[1], f[3]; exit }' "$1"
}

measure_rrul()
{
	local ns=$1 dst=$2 t=${3:-20} dir=$4 title=$5 out
	M_TCP_TOTAL=- M_TCP_DOWN=- M_TCP_UP=- M_PING_AVG=- M_PING_P99=- M_FLENT_FILE=
	mkdir -p "$dir"
	out=$dir/$title.summary.txt
	ip netns exec "$ns" timeout $((t + 60)) flent rrul -l "$t" -H "$dst" -D "$dir" \
		-t "$title" > "$out" 2>&1 || { tail -n 5 "$out" >&2; return 1; }
	M_FLENT_FILE=$(sed -n 's/^Data file written to \(.*\.flent\.gz\).*/\1/p' "$out" |
		head -n 1)
	M_TCP_TOTAL=$(_flent_field "$out" 'TCP totals' | cut -d' ' -f1)
	M_TCP_DOWN=$(_flent_field "$out" 'TCP download sum' | cut -d' ' -f1)
	M_TCP_UP=$(_flent_field "$out" 'TCP upload sum' | cut -d' ' -f1)
	read -r M_PING_AVG M_PING_P99 < <(_flent_field "$out" 'Ping (ms) ICMP')
	[ -n "$M_TCP_TOTAL" ] || { M_TCP_TOTAL=-; return 1; }
}
