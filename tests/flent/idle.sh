#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# Benchmark (not a test): what a forwarder costs when there is nothing to
# forward, and the round trip it gives a low-rate flow, for
#   l2fwd-kernel             defaults (idle back-off: naps up to 100 us)
#   l2fwd-kernel-poll        --idle-sleep 0 (always polls)
#   testpmd                  io forwarding
# on the namespace testbed (one kernel path, af_xdp wire by default).
#
#   idle CPU:  CPU time of the whole process over SECONDS with no traffic,
#              as % of one core (utime + stime from /proc/PID/stat)
#   low rate:  COUNT pings peer -> kernel side, 100 ms apart (each one
#              finds the forwarder idle): median, p99 and max in ms; then
#              irtt (UDP request/response to a user-space server, 10 ms
#              apart, 5 s): median and p99 in ms
#
#   tests/flent/idle.sh [--path KPATH] [--wire WIRE] [--seconds S] [--count N]
#                       [--sleep US]   (the l2fwd-kernel row's --idle-sleep)
#                       [--rows "ROW ..."]  (default: all three, in that order)

. "$(dirname "$0")/../functional/lib.sh"
. "$(dirname "$0")/measure.sh"
. "$(dirname "$0")/forwarders.sh"
. "$L2K_TOP/pmd-rtap/tests/plugin.sh"

kpath=tap
wire=af_xdp
secs=10
count=100
nap=
rows="l2fwd-kernel l2fwd-kernel-poll testpmd"
while [ $# -gt 0 ]; do
	case $1 in
	--path) opt_value idle.sh "$@"; kpath=$2; shift 2 ;;
	--wire) opt_value idle.sh "$@"; wire=$2; shift 2 ;;
	--seconds) opt_value idle.sh "$@"; secs=$2; shift 2 ;;
	--count) opt_value idle.sh "$@"; count=$2; shift 2 ;;
	--sleep) opt_value idle.sh "$@"; nap=$2; shift 2 ;;
	--rows) opt_value idle.sh "$@"; rows=$2; shift 2
		fwd_rows_check idle.sh "$rows" l2fwd-kernel l2fwd-kernel-poll testpmd ;;
	*) opt_unknown idle.sh "$1" ;;
	esac
done
L2K_NAME=idle
require_root
require_app
require_bpffs
lib_init "$(lib_tag idl)"
FWD_PREFIX=l2k-$TAG-fwd
FWD_WIRE=$wire
# the forwarders' runtime directory (telemetry socket) goes with the run
plugin_cleanup() { rm -rf "/var/run/dpdk/$FWD_PREFIX"; }
TESTPMD=${TESTPMD:-$(command -v dpdk-testpmd)}
RTAP_SO=${RTAP_SO:-$L2K_TOP/build/pmd-rtap/librte_net_rtap.so}
[ -f "$RTAP_SO" ] || RTAP_SO=

cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

printf '\n| forwarder | idle CPU (%% of a core, %s s) | ping p50 (ms) | p99 | max | received | irtt p50 (ms) | p99 |\n' \
	"$secs"
printf '| --- | --- | --- | --- | --- | --- | --- | --- |\n'
for row in $rows; do
	tool=$row
	FWD_L2K_ARGS=()
	case $row in
	l2fwd-kernel) tool=l2fwd-kernel; [ -z "$nap" ] || FWD_L2K_ARGS=(--idle-sleep "$nap") ;;
	l2fwd-kernel-poll) tool=l2fwd-kernel; FWD_L2K_ARGS=(--idle-sleep 0) ;;
	esac
	why=$(fwd_check "$tool" "$kpath") || { printf '| %s | skipped: %s |\n' "$row" "$why"; continue; }
	testbed_up
	fwd_start "$tool" "$kpath" "$L2K_TMP/$row.log" || fail "$row did not start"
	# settle (ARP, IPv6 DAD chatter), then measure an idle interval
	measure_ping "$PEER_NS" "$DUT_IP" 5 100 >/dev/null || true
	sleep 2
	hz=$(getconf CLK_TCK)
	t0=$(cpu_ticks "$APP_PID")
	sleep "$secs"
	t1=$(cpu_ticks "$APP_PID")
	cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s="$secs" \
		'BEGIN { printf "%.1f", 100 * (b - a) / hz / s }')
	measure_ping "$PEER_NS" "$DUT_IP" "$count" 100 || true
	servers_start
	measure_irtt "$PEER_NS" "$DUT_IP" 5 || true
	printf '| %s | %s | %s | %s | %s | %s/%s | %s | %s |\n' "$row" "$cpu" "$M_P50" "$M_P99" \
		"$M_MAX" "$M_RECV" "$count" "$M_IRTT_P50" "$M_IRTT_P99"
	fwd_stop
	testbed_down quiet
done
echo
echo "setup: $(nproc) cores, lcores 0,1 (one forwarding lcore), path $kpath, wire $wire," \
	"DPDK $(pkg-config --modversion libdpdk 2>/dev/null || echo '?'), --no-huge"
