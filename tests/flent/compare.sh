#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# dpdk-testpmd (io forwarding) and dpdk-l2fwd-kernel side by side, in one run,
# on the namespace testbed, for each kernel path this machine provides.
# Prints figures, asserts nothing (not a test). Root.
#
#   tests/flent/compare.sh [--paths tap,af_xdp,af_packet,rtap] [--duration S]
#                          [--rrul-len S] [--no-rrul] [--wire af_xdp|af_packet]
#                          [--results DIR] [--build DIR]
#
# Per path and tool: idle ping RTT (100 pings at 20 ms: avg, p99), iperf3 TCP
# each way (--duration s, default 10), flent rrul (--rrul-len s, default 20:
# TCP total, ICMP ping avg/p99 under load). flent's .flent.gz files and the
# logs go to --results (default tests/flent/results/<date>).

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/functional/lib.sh"
. "$top/tests/flent/measure.sh"
. "$top/pmd-rtap/tests/plugin.sh"
L2K_NAME=compare

paths= dur=10 rlen=20 rrul=1 wire=af_xdp results= bdir=build
while [ $# -gt 0 ]; do
	case $1 in
	--paths) paths=$(echo "${2:?}" | tr ',' ' '); shift ;;
	--duration) dur=${2:?}; shift ;;
	--rrul-len) rlen=${2:?}; shift ;;
	--no-rrul) rrul=0 ;;
	--wire) wire=${2:?}; shift ;;
	--results) results=${2:?}; shift ;;
	--build) bdir=${2:?}; shift ;;
	-h|--help) sed -n '5,16s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "compare: unknown option '$1' (see --help)" >&2; exit 2 ;;
	esac
	shift
done
case $bdir in /*) ;; *) bdir=$top/$bdir ;; esac
L2K_APP=$bdir/app/dpdk-l2fwd-kernel
results=${results:-$top/tests/flent/results/$(date +%Y-%m-%dT%H%M%S)}
mkdir -p "$results" || fail "cannot create $results"
results=$(cd "$results" && pwd)

[ "$(id -u)" = 0 ] || fail "must run as root"
require_app
require_bpffs
TESTPMD=${TESTPMD:-$(command -v dpdk-testpmd)}
[ -x "$TESTPMD" ] || fail "dpdk-testpmd not found (apt install dpdk)"
# net_rtap as a shared driver for testpmd, when the build made one
rtap_so=$(find "$bdir/pmd-rtap" -name 'librte_net_rtap*.so*' 2>/dev/null | head -n 1)

if [ -z "$paths" ]; then
	paths="tap af_xdp af_packet"
	[ -n "$rtap_so" ] || grep -q L2K_HAVE_RTAP "$bdir/build.ninja" 2>/dev/null &&
		paths="rtap $paths"
fi

lib_init "$(lib_tag bc)"
declare -A R	# R[path,tool,metric]

# ---- the two forwarders ----

# veth for testpmd's veth kernel paths: K (to dut) <-> TAGd (DPDK end, root)
mk_kveth()
{
	local dpdk_end=${TAG}d
	ip link add "$K" type veth peer name "$dpdk_end" || return 1
	sysctl -qw "net.ipv6.conf.$dpdk_end.disable_ipv6=1" >/dev/null
	_nooffload "" "$K"
	_nooffload "" "$dpdk_end"
	ip link set "$K" netns "$DUT_NS" || return 1
	ip link set "$dpdk_end" up
	echo "$dpdk_end"
}

start_testpmd()
{
	local p=$1 kvdev log=$L2K_TMP/testpmd-$p.log d extra=()
	case $p in
	tap) kvdev="net_tap0,iface=$K" ;;
	rtap)
		[ -n "$rtap_so" ] || { warn "no net_rtap shared driver for testpmd"; return 1; }
		private_plugin "$rtap_so" || { warn "cannot copy $rtap_so to /run"; return 1; }
		extra=(-d "$PLUGIN_SO")
		kvdev="net_rtap0,iface=$K" ;;
	af_xdp|af_packet)
		d=$(mk_kveth) || { warn "cannot create veth $K"; return 1; }
		kvdev="net_${p}1,iface=$d" ;;
	*) return 1 ;;
	esac
	local wv=${wire_vdev}
	APP_LOG=$log
	APP_ERR=$log
	log "run: testpmd --vdev $wv --vdev $kvdev"
	"$TESTPMD" -l 0,1 --no-huge -m 1024 --no-shconf --no-pci "${extra[@]}" \
		--vdev "$wv" --vdev "$kvdev" -- --forward-mode=io --stats-period 1 \
		--auto-start --nb-cores=1 >"$log" 2>&1 </dev/null &
	APP_PID=$!
	wait_for_line "$log" 'Port statistics' 60 || { show_app_log; return 1; }
	case $p in
	tap|rtap)
		# after testpmd started its ports: move K into dut
		ip link set "$K" netns "$DUT_NS" || return 1 ;;
	esac
	dut_addr
}

start_l2k()
{
	start_app "$L2K_TMP/l2k-$1.log" -l 0,1 --vdev "$wire_vdev" -- \
		--path "$1" --iface "$K" --netns "$DUT_NS"
	wait_for_line "$APP_LOG" '^l2fwd-kernel: ready' 90 || { show_app_log; return 1; }
	dut_addr
}

# ---- one run ----

run_one()
{
	local p=$1 tool=$2 k
	testbed_up
	wire_vdev=$(wire_vdev "$wire")
	printf '\n=== %s / %s\n' "$p" "$tool"
	if ! "start_$tool" "$p"; then
		warn "$tool on $p did not start (log: $results/$tool-$p.log)"
		stop_app TERM 10
		cp "$APP_LOG" "$results/$tool-$p.log" 2>/dev/null
		testbed_down quiet
		return
	fi
	servers_start
	# warm up ARP, then idle RTT
	ip netns exec "$PEER_NS" fping -q -c 3 -p 100 "$DUT_IP" >/dev/null 2>&1
	measure_ping "$PEER_NS" "$DUT_IP" 100 20
	R[$p,$tool,rtt]="$M_AVG/$M_P99"
	R[$p,$tool,rtt_avg]=$M_AVG
	R[$p,$tool,rtt_p99]=$M_P99
	log "idle ping avg $M_AVG p99 $M_P99 ms, $M_LOSS lost"
	measure_iperf "$PEER_NS" "$DUT_IP" "$dur"
	R[$p,$tool,up]=$M_MBPS
	measure_iperf "$PEER_NS" "$DUT_IP" "$dur" -R
	R[$p,$tool,down]=$M_MBPS
	log "iperf3 up ${R[$p,$tool,up]} down ${R[$p,$tool,down]} Mbit/s"
	if [ $rrul = 1 ]; then
		measure_rrul "$PEER_NS" "$DUT_IP" "$rlen" "$results" "$p-$tool" ||
			warn "rrul failed"
		R[$p,$tool,rrul]=$M_TCP_TOTAL
		R[$p,$tool,lping_avg]=$M_PING_AVG
		R[$p,$tool,lping_p99]=$M_PING_P99
		log "rrul TCP total $M_TCP_TOTAL Mbit/s," \
			"ICMP ping avg $M_PING_AVG p99 $M_PING_P99 ms"
	fi
	stop_app TERM 20
	[ "$tool" = l2k ] && grep '^l2fwd-kernel: summary' "$APP_LOG"
	cp "$APP_LOG" "$results/$tool-$p.log" 2>/dev/null
	[ "$APP_ERR" != "$APP_LOG" ] && cp "$APP_ERR" "$results/$tool-$p.err" 2>/dev/null
	# the servers live in the namespaces: testbed_down ends them
	testbed_down quiet
	L2K_BG_PIDS=
}

ratio()
{
	"$L2K_PY" -c 'import sys
try:
    print("%.2f" % (float(sys.argv[2]) / float(sys.argv[1])))
except Exception:
    print("-")' "$1" "$2"
}

# ---- main ----

# congestion control as a new namespace sees it (the default is per netns)
cc=$(sysctl -n net.ipv4.tcp_congestion_control)
ip netns add "l2k-$TAG-cc" 2>/dev/null && {
	cc=$(ip netns exec "l2k-$TAG-cc" sysctl -n net.ipv4.tcp_congestion_control)
	ip netns del "l2k-$TAG-cc"
}
rrul_desc=off
[ $rrul = 0 ] || rrul_desc="$rlen s"
header=$(cat <<EOF
l2fwd-kernel vs dpdk-testpmd (io), $(date -u '+%Y-%m-%d %H:%M UTC')
machine: nproc $(nproc), kernel $(uname -r), DPDK $(pkg-config --modversion libdpdk 2>/dev/null),
         TCP congestion control $cc, wire $wire (veth, offloads off), lcores 0,1
runs:    idle ping 100 x 20 ms; iperf3 ${dur} s each way; rrul $rrul_desc
EOF
)
echo "$header"

for p in $paths; do
	case $p in
	tap|rtap) [ -c /dev/net/tun ] || { warn "skip $p: no /dev/net/tun"; continue; } ;;
	af_xdp|af_packet) ;;
	*) warn "skip unknown path '$p'"; continue ;;
	esac
	for tool in testpmd l2k; do
		run_one "$p" "$tool"
	done
done

{
	echo
	echo "$header"
	echo
	printf '%-10s %-26s %14s %14s %7s\n' path metric testpmd l2fwd-kernel ratio
	for p in $paths; do
		for m in "up:iperf3 peer->dut Mbit/s" "down:iperf3 dut->peer Mbit/s" \
			 "rtt_avg:idle ping avg ms" "rtt_p99:idle ping p99 ms" \
			 "rrul:rrul TCP total Mbit/s" "lping_avg:rrul ping avg ms" \
			 "lping_p99:rrul ping p99 ms"; do
			k=${m%%:*}
			[ $rrul = 1 ] || case $k in rrul|lping_*) continue ;; esac
			a=${R[$p,testpmd,$k]:--}
			b=${R[$p,l2k,$k]:--}
			printf '%-10s %-26s %14s %14s %7s\n' "$p" "${m#*:}" "$a" "$b" \
				"$(ratio "$a" "$b")"
		done
	done
	echo
	echo "ratio = l2fwd-kernel / testpmd" \
		"(throughput: higher is better; latency: lower is better)"
	echo "results: $results"
} | tee "$results/summary.txt"
