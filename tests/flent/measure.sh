# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# Measurement helpers for the demo and the benchmark (source after
# tests/functional/lib.sh). Each sets M_* variables and returns non-zero
# when the measurement failed; none of them asserts anything.
#
#   measure_ping NS DST COUNT INTERVAL_MS   M_RECV M_LOSS M_AVG M_P50 M_P99 M_MAX (ms)
#   measure_irtt NS DST SECONDS             M_IRTT_P50 M_IRTT_P99 (ms) M_IRTT_LOSS (%)
#   measure_iperf NS DST SECONDS [-R]       M_MBPS (receiver side, Mbit/s)
#   measure_udp64 NS DST SECONDS [-R]       M_SENT_KPPS M_RECV_KPPS (64-byte frames
#                                           iperf3 sent, and received at the other socket)
#   measure_rrul NS DST SECONDS DIR TITLE [FLENT ARGS..]
#                                           M_TCP_TOTAL M_TCP_DOWN M_TCP_UP (Mbit/s)
#                                           M_PING_AVG M_PING_P50 M_PING_P99 (ICMP, ms)
#                                           M_UDP_AVG M_UDP_P50 M_UDP_P99 (UDP BE, ms)
#                                           M_FLENT_FILE
#   servers_start                           netserver, iperf3 -s and irtt server in
#                                           DUT_NS (PIDs kept)
#
# The forwarding lcore's CPU time, for the cost per packet:
#
#   fwd_lcore_tid PID                       thread id of EAL lcore 1 (rte-worker-1)
#   thread_cpu_ns PID TID                   time it ran on a CPU so far (ns)
#   tsc_mhz                                 "MHZ SOURCE": the TSC rate and where it came from
#   perf_cycles_ok                          true when "perf stat -e cycles" counts here
#   fwd_counters SOCKET                     "PACKETS BYTES" sent by all ports of a DPDK
#                                           process, from its telemetry socket
#   win_begin, then win_end                 over one measurement: W_UP_KPPS W_DOWN_KPPS
#                                           (kpps the netdevs got from the forwarder),
#                                           W_CPP W_CPB (lcore cycles per packet and per
#                                           byte the forwarder sent), W_SHARE (the share
#                                           of a CPU the lcore got). Uses APP_PID, FWD_TID,
#                                           FWD_SOCK, PEER_DEV, K, W_CPU_METHOD (perf:
#                                           perf stat -e cycles; else CPU time x
#                                           W_TSC_MHZ)
#   host_busy                               share of all CPUs busy over 1 s
#
# Long measurements run through _fg: in the background, waited for, so that
# a signal to the script is handled at once (bash runs a trap only after the
# foreground child ended) and lib.sh's cleanup ends them with the others.
# When L2K_PID_LOG names a file, every PID started here is appended to it.
#
# shellcheck shell=bash disable=SC2034 # the M_* results are the callers'

# _pidlog PID: remember a PID we started, with its start time (field 22 of
# /proc/PID/stat, set at fork): the pair names the process even after exec
_pidlog()
{
	local st
	[ -n "${L2K_PID_LOG:-}" ] || return 0
	st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20)
	echo "$1 ${st:--}" >> "$L2K_PID_LOG"
}

# _fg CMD..: run CMD in the background and wait for it; its exit status
_fg()
{
	local pid rc=0 p keep=
	"$@" &
	pid=$!
	_pidlog "$pid"
	L2K_BG_PIDS="$L2K_BG_PIDS $pid"
	wait "$pid" || rc=$?
	for p in $L2K_BG_PIDS; do
		[ "$p" = "$pid" ] || keep="$keep $p"
	done
	L2K_BG_PIDS=$keep
	return $rc
}

# servers_start: netserver (flent), iperf3, and irtt (flent's UDP pings and
# measure_irtt; when installed) in the dut namespace
servers_start()
{
	bg "$DUT_NS" netserver -D -4 -L "$DUT_IP" >/dev/null 2>&1
	_pidlog "$BG_PID"
	bg "$DUT_NS" iperf3 -s -B "$DUT_IP" >/dev/null 2>&1
	_pidlog "$BG_PID"
	if command -v irtt >/dev/null; then
		bg "$DUT_NS" irtt server -b "$DUT_IP" >/dev/null 2>&1
		_pidlog "$BG_PID"
	fi
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

# a scratch file for one measurement's output
_mtmp() { mktemp "${L2K_TMP:-/tmp}/measure.XXXXXX"; }

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

# UDP round trips with irtt (10 ms apart), against the irtt server of servers_start
measure_irtt()
{
	local ns=$1 dst=$2 t=${3:-2} out
	M_IRTT_P50=- M_IRTT_P99=- M_IRTT_LOSS=-
	command -v irtt >/dev/null || return 1
	out=$(_mtmp)
	_fg ip netns exec "$ns" timeout $((t + 20)) irtt client -Q -i 10ms -d "${t}s" \
		-o "$out.json" "$dst" >/dev/null 2>&1 || return 1
	read -r M_IRTT_P50 M_IRTT_P99 M_IRTT_LOSS < <("$L2K_PY" -c '
import json, math, sys
d = json.load(open(sys.argv[1]))
rt = d.get("round_trips") or []
v = sorted(r["delay"]["rtt"] / 1e6 for r in rt
           if r.get("lost") == "false" and "rtt" in r.get("delay", {}))
if not v:
    print("- - -"); sys.exit(0)
pc = lambda q: v[min(len(v) - 1, max(0, math.ceil(q / 100.0 * len(v)) - 1))]
print("%.3f %.3f %.1f" % (pc(50), pc(99), 100.0 * (len(rt) - len(v)) / len(rt)))
' "$out.json") || return 1
	[ "$M_IRTT_P50" != - ]
}

measure_iperf()
{
	local ns=$1 dst=$2 t=${3:-5} rev=${4:-} out
	M_MBPS=-
	out=$(_mtmp)
	_fg ip netns exec "$ns" timeout $((t + 30)) iperf3 -c "$dst" -t "$t" -J \
		${rev:+"$rev"} > "$out" 2>&1 || { tail -n 5 "$out" >&2; return 1; }
	M_MBPS=$("$L2K_PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
print("%.0f" % (d["end"]["sum_received"]["bits_per_second"] / 1e6))' "$out") || return 1
}

# 64-byte frames: 18 bytes of UDP payload + 8 UDP + 20 IPv4 + 14 Ethernet
# + 4 FCS, as fast as iperf3 sends them (-b 0)
measure_udp64()
{
	local ns=$1 dst=$2 t=${3:-5} rev=${4:-} out
	M_SENT_KPPS=- M_RECV_KPPS=-
	out=$(_mtmp)
	_fg ip netns exec "$ns" timeout $((t + 30)) iperf3 -c "$dst" -u -l 18 -b 0 -t "$t" -J \
		${rev:+"$rev"} > "$out" 2>&1 || { tail -n 5 "$out" >&2; return 1; }
	# received: payload bytes / 18 (iperf3's packet count is the highest
	# sequence number seen, its loss count the gaps below it)
	read -r M_SENT_KPPS M_RECV_KPPS < <("$L2K_PY" -c '
import json, sys
e = json.load(open(sys.argv[1]))["end"]
s, r = e["sum_sent"], e["sum_received"]
print("%.1f %.1f" % (s["packets"] / (s["seconds"] or 1) / 1e3,
                     r["bytes"] / 18.0 / (r["seconds"] or 1) / 1e3))
' "$out") || return 1
}

# flent summary line "NAME : avg median p99 unit n": prints "avg median p99"
_flent_stats()
{
	awk -F' *: *' -v n="$2" '{ k = $1; sub(/^ */, "", k) }
		k == n { split($2, f, " +"); print f[1], f[2], f[3]; exit }' "$1"
}

# kept for callers of the former interface: prints "avg p99"
_flent_field()
{
	_flent_stats "$1" "$2" | awk '{ print $1, $3 }'
}

measure_rrul()
{
	local ns=$1 dst=$2 t=${3:-20} dir=$4 title=$5 out
	shift 5
	M_TCP_TOTAL=- M_TCP_DOWN=- M_TCP_UP=- M_PING_AVG=- M_PING_P50=- M_PING_P99=-
	M_UDP_AVG=- M_UDP_P50=- M_UDP_P99=- M_FLENT_FILE=
	mkdir -p "$dir"
	out=$dir/$title.summary.txt
	_fg ip netns exec "$ns" timeout $((t + 90)) flent rrul -l "$t" -H "$dst" -D "$dir" \
		-t "$title" "$@" > "$out" 2>&1 || { tail -n 5 "$out" >&2; return 1; }
	M_FLENT_FILE=$(sed -n 's/^Data file written to \(.*\.flent\.gz\).*/\1/p' "$out" |
		head -n 1)
	M_TCP_TOTAL=$(_flent_stats "$out" 'TCP totals' | cut -d' ' -f1)
	M_TCP_DOWN=$(_flent_stats "$out" 'TCP download sum' | cut -d' ' -f1)
	M_TCP_UP=$(_flent_stats "$out" 'TCP upload sum' | cut -d' ' -f1)
	read -r M_PING_AVG M_PING_P50 M_PING_P99 < <(_flent_stats "$out" 'Ping (ms) ICMP')
	read -r M_UDP_AVG M_UDP_P50 M_UDP_P99 < <(_flent_stats "$out" 'Ping (ms) UDP BE')
	[ -n "$M_TCP_TOTAL" ] || { M_TCP_TOTAL=-; return 1; }
}

# ---- CPU cost of the forwarding lcore ----

fwd_lcore_tid()
{
	local t
	for t in /proc/"$1"/task/*; do
		case $(cat "$t/comm" 2>/dev/null) in
		*worker-1) echo "${t##*/}"; return 0 ;;
		esac
	done
	return 1
}

thread_cpu_ns()
{
	local v
	read -r v _ < "/proc/$1/task/$2/schedstat" 2>/dev/null || return 1
	echo "$v"
}

# the kernel's TSC calibration (dmesg), else the CPU clock /proc/cpuinfo shows
tsc_mhz()
{
	local m
	m=$(dmesg 2>/dev/null |
		sed -n 's/.*tsc: Refined TSC clocksource calibration: \([0-9.]*\) MHz.*/\1/p' |
		tail -n 1)
	[ -n "$m" ] && { echo "$m dmesg-refined"; return 0; }
	m=$(dmesg 2>/dev/null | sed -n 's/.*tsc: Detected \([0-9.]*\) MHz.*/\1/p' | tail -n 1)
	[ -n "$m" ] && { echo "$m dmesg"; return 0; }
	m=$(sed -n 's/^cpu MHz[[:space:]]*: *\([0-9.]*\).*/\1/p' /proc/cpuinfo | head -n 1)
	[ -n "$m" ] && { echo "$m cpuinfo"; return 0; }
	return 1
}

perf_cycles_ok()
{
	local v
	command -v perf >/dev/null || return 1
	v=$(perf stat -x, -e cycles -- true 2>&1 >/dev/null | awk -F, '/cycles/ { print $1; exit }')
	[[ $v =~ ^[0-9]+$ ]] && [ "$v" -gt 0 ]
}

fwd_counters()
{
	"$L2K_PY" - "$1" <<'PY'
import json, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.settimeout(2)
s.connect(sys.argv[1])
json.loads(s.recv(16384))          # greeting
def q(cmd):
    s.send(cmd.encode())
    return json.loads(s.recv(65536).decode())
pk = by = 0
for port in q("/ethdev/list")["/ethdev/list"]:
    st = q("/ethdev/stats,%d" % port)["/ethdev/stats"]
    pk += st["opackets"]
    by += st["obytes"]
print(pk, by)
PY
}

# ---- counters over a measurement window (the benchmark) ----

W_PERF=
FWD_TID=${FWD_TID:-}

# peer's end of the wire and K: tx/rx packets/bytes, as their kernels count them
_netdev_counts()
{
	local ns dev s ns_dev
	for ns_dev in "$PEER_NS:$PEER_DEV" "$DUT_NS:$K"; do
		ns=${ns_dev%%:*} dev=${ns_dev#*:}
		for s in tx_packets rx_packets tx_bytes rx_bytes; do
			link_stat "$ns" "$dev" "$s"
		done
	done | tr '\n' ' '
}

win_begin()
{
	W_T0=$(date +%s%N)
	W_CPU0=
	[ -z "$FWD_TID" ] || W_CPU0=$(thread_cpu_ns "$APP_PID" "$FWD_TID")
	W_C0=$(fwd_counters "$FWD_SOCK" 2>/dev/null)
	W_N0=$(_netdev_counts)
	if [ "${W_CPU_METHOD:-tsc}" = perf ] && [ -n "$FWD_TID" ]; then
		perf stat -x, -e cycles -t "$FWD_TID" -o "$L2K_TMP/perf.out" &
		W_PERF=$!
		_pidlog "$W_PERF"
	fi
}

# sets W_UP_KPPS W_DOWN_KPPS (kpps the netdevs got from the forwarder),
# W_CPP W_CPB (lcore cycles per packet and per byte the forwarder sent), W_SHARE
win_end()
{
	local t1 cpu1 c1 n1 cyc=
	t1=$(date +%s%N)
	cpu1=
	[ -z "$FWD_TID" ] || cpu1=$(thread_cpu_ns "$APP_PID" "$FWD_TID")
	c1=$(fwd_counters "$FWD_SOCK" 2>/dev/null)
	n1=$(_netdev_counts)
	if [ -n "$W_PERF" ]; then
		kill -INT "$W_PERF" 2>/dev/null
		wait "$W_PERF" 2>/dev/null
		W_PERF=
		cyc=$(awk -F, '$3 ~ /^cycles/ { print $1; exit }' "$L2K_TMP/perf.out" 2>/dev/null)
		[[ $cyc =~ ^[0-9]+$ ]] || cyc=
	fi
	read -r W_UP_KPPS W_DOWN_KPPS W_CPP W_CPB W_SHARE < <(
		awk -v t0="$W_T0" -v t1="$t1" -v cpu0="${W_CPU0:--}" -v cpu1="${cpu1:--}" \
		    -v c0="$W_C0" -v c1="$c1" -v n0="$W_N0" -v n1="$n1" -v mhz="${W_TSC_MHZ:--}" \
		    -v cyc="$cyc" 'BEGIN {
			dt = (t1 - t0) / 1e9
			split(n0, a, " "); split(n1, b, " ")
			# peer: 1 tx_p 2 rx_p 3 tx_b 4 rx_b; K: 5 tx_p 6 rx_p 7 tx_b 8 rx_b
			for (i = 1; i <= 8; i++) d[i] = b[i] - a[i]
			up = d[6] / dt / 1e3; dn = d[2] / dt / 1e3
			# packets and bytes the forwarder sent: its own counters, else
			# what the netdevs received from it
			split(c0, x, " "); split(c1, y, " ")
			if (c0 != "" && c1 != "") { pk = y[1] - x[1]; by = y[2] - x[2] }
			else { pk = d[2] + d[6]; by = d[4] + d[8] }
			share = cpp = cpb = "-"
			if (cpu0 != "-" && cpu1 != "-") {
				share = sprintf("%.2f", (cpu1 - cpu0) / 1e9 / dt)
				if (cyc == "" && mhz + 0 > 0) cyc = (cpu1 - cpu0) / 1e3 * mhz
			}
			if (cyc != "" && pk > 0) cpp = sprintf("%.0f", cyc / pk)
			if (cyc != "" && by > 0) cpb = sprintf("%.2f", cyc / by)
			printf "%.1f %.1f %s %s %s\n", up, dn, cpp, cpb, share
		}')
}

# host_busy: the share of all CPUs busy (steal included) over 1 s, sampled
# while the harness runs nothing: what others do on the machine
host_busy()
{
	local a b
	a=$(head -n 1 /proc/stat)
	sleep 1
	b=$(head -n 1 /proc/stat)
	awk -v a="$a" -v b="$b" 'BEGIN {
		split(a, x, " "); split(b, y, " ")
		# cpu user nice system idle iowait irq softirq steal
		for (i = 2; i <= 9; i++) { d = y[i] - x[i]; t += d; if (i == 5 || i == 6) idle += d }
		printf "%.2f", t ? 1 - idle / t : 0
	}'
}
