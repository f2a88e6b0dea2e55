#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# l2fwd-kernel in one command (root, Debian 12): install the dependencies,
# build, bring up the namespace testbed, run the app with --path auto, drive
# real traffic through it (ping, iperf3 both ways, flent rrul) and print a
# table. Exits 0 only when the traffic went through.
#
#   devtools/demo.sh [--no-setup] [--no-build] [--no-rrul] [--build DIR]
#
# Topology: netns l2k-demo-peer (10.99.0.2) --veth-- demoa [wire port P,
# net_af_xdp] dpdk-l2fwd-kernel [kernel port K] demok in netns l2k-demo-dut
# (10.99.0.1).

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/functional/lib.sh"
. "$top/tests/flent/measure.sh"
L2K_NAME=demo

setup=1 build=1 rrul=1 bdir=build
while [ $# -gt 0 ]; do
	case $1 in
	--no-setup) setup=0 ;;
	--no-build) build=0 ;;
	--no-rrul) rrul=0 ;;
	--build) bdir=${2:?--build DIR}; shift ;;
	-h|--help) sed -n '5,13s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "demo: unknown option '$1' (see --help)" >&2; exit 2 ;;
	esac
	shift
done
case $bdir in /*) ;; *) bdir=$top/$bdir ;; esac
L2K_APP=$bdir/app/dpdk-l2fwd-kernel
pidfile=/run/l2k-demo.pid
rdir=$top/tests/flent/results/demo-$(date +%Y-%m-%dT%H%M%S)

step() { printf '\n=== %s\n' "$*"; }

[ "$(id -u)" = 0 ] || { echo "demo: must run as root" >&2; exit 1; }

if [ $setup = 1 ]; then
	step "dependencies (devtools/setup-deps.sh)"
	"$top/devtools/setup-deps.sh" || fail "setup-deps.sh failed"
fi
if [ $build = 1 ]; then
	step "build ($bdir)"
	if [ ! -f "$bdir/build.ninja" ]; then
		meson setup "$bdir" "$top" || fail "meson setup failed"
	fi
	ninja -C "$bdir" || fail "build failed"
fi
require_app
require_bpffs

step "testbed"
# a previous demo may have been interrupted: its app (by its PID file) and its names
if [ -f $pidfile ]; then
	old=$(cat $pidfile)
	if [ -n "$old" ] && grep -q dpdk-l2fwd-kernel "/proc/$old/cmdline" 2>/dev/null; then
		log "stopping the app of a previous demo (pid $old)"
		kill "$old" 2>/dev/null
		sleep 2
		kill -9 "$old" 2>/dev/null
	fi
	rm -f $pidfile
fi
lib_init demo
testbed_up
log "peer: netns $PEER_NS, $VB $PEER_IP/24 <-> wire $VA (root netns)"
log "dut:  netns $DUT_NS, $K $DUT_IP/24 (K, created by the app)"

step "start dpdk-l2fwd-kernel --path auto"
start_app "$L2K_TMP/app.log" -l 0,1 --vdev "net_af_xdp0,iface=$VA" -- \
	--path auto --iface "$K" --netns "$DUT_NS" --stats 5
echo "$APP_PID" > $pidfile
wait_ready 120
grep -E '^l2fwd-kernel: path ' "$APP_LOG"
path=$(sed -nE 's/^l2fwd-kernel: path ([^:]*): chosen.*/\1/p' "$APP_LOG")
dut_addr
servers_start
ok=1

step "ping both ways (50 x 20 ms)"
measure_ping "$PEER_NS" "$DUT_IP" 50 20 || ok=0
p_up="$M_AVG / $M_MAX ($M_LOSS lost)"
[ "$M_LOSS" -le 1 ] || ok=0
measure_ping "$DUT_NS" "$PEER_IP" 50 20 || ok=0
p_dn="$M_AVG / $M_MAX ($M_LOSS lost)"
[ "$M_LOSS" -le 1 ] || ok=0
log "peer -> dut: avg/max $p_up ms; dut -> peer: $p_dn ms"

step "iperf3 TCP, 5 s each way"
measure_iperf "$PEER_NS" "$DUT_IP" 5 || ok=0
i_up=$M_MBPS
measure_iperf "$PEER_NS" "$DUT_IP" 5 -R || ok=0
i_dn=$M_MBPS
log "peer -> dut $i_up Mbit/s; dut -> peer $i_dn Mbit/s"

r_tot=- r_ping=-
if [ $rrul = 1 ]; then
	step "flent rrul, 20 s (4 TCP flows each way + pings)"
	if measure_rrul "$PEER_NS" "$DUT_IP" 20 "$rdir" demo; then
		r_tot="$M_TCP_TOTAL (down $M_TCP_DOWN, up $M_TCP_UP)"
		r_ping="$M_PING_AVG / $M_PING_P99"
		log "flent data: $M_FLENT_FILE (plot: flent -i FILE -p all_scaled -o rrul.png)"
	else
		ok=0
	fi
fi

step "stop (SIGTERM)"
stop_app TERM
rm -f $pidfile
summary=$(grep '^l2fwd-kernel: summary ' "$APP_LOG" | tail -n 1)
[ -n "$summary" ] || { warn "no summary line from the app"; show_app_log; }
f() { echo "$summary" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

step "result"
printf '%-32s %s\n' \
	"kernel path (auto)" "$path" \
	"ping peer->dut avg/max ms" "$p_up" \
	"ping dut->peer avg/max ms" "$p_dn" \
	"iperf3 peer->dut Mbit/s" "$i_up" \
	"iperf3 dut->peer Mbit/s" "$i_dn" \
	"rrul TCP total Mbit/s" "$r_tot" \
	"rrul ICMP ping avg/p99 ms" "$r_ping" \
	"app to_kernel pkts/bytes/drops" \
	"$(f to_kernel_pkts) / $(f to_kernel_bytes) / $(f to_kernel_drops)" \
	"app to_wire pkts/bytes/drops" \
	"$(f to_wire_pkts) / $(f to_wire_bytes) / $(f to_wire_drops)"
[ "$(tail -n 1 "$APP_LOG")" = "l2fwd-kernel: exit" ] || warn "app did not print its exit line"
if [ $ok = 1 ] && [ "$i_up" != - ] && [ "$i_dn" != - ]; then
	log "traffic OK"
	exit 0
fi
log "traffic FAILED"
show_app_log
exit 1
