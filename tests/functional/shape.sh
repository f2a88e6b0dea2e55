#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# --shape and --shape-in: what K sends to the wire, and what comes from the
# wire for K, leave at the shaped rate from the application's own queues.
# With fq_codel (default) and ECN-capable TCP, the queues mark CE instead
# of dropping: the receiver (on the peer, then in dut) sees CE marked
# packets, the data arrives intact both ways. With --queue fifo nothing is
# marked. Rates and latencies are measured by the benchmark, not here.
#
#   shape.sh [fq_codel|fifo]

. "$(dirname "$0")/lib.sh"

queue=${1:-fq_codel}
L2K_NAME="shape-$queue"
require_pair tap af_xdp
command -v tcpdump >/dev/null || skip "tcpdump not found (setup-deps.sh installs it)"
command -v iperf3 >/dev/null || skip "iperf3 not found (setup-deps.sh installs it)"
lib_init "$(lib_tag "s${queue:0:2}")"
# the runtime directory of --file-prefix (its telemetry socket) goes with the test
plugin_cleanup() { rm -rf "/var/run/dpdk/l2k-$TAG"; }
wire_up af_xdp
snapshot_links before
start_app "$L2K_TMP/app.log" -l 0,1 --file-prefix "l2k-$TAG" --vdev "$(wire_vdev af_xdp)" -- --path tap --iface "$K" \
	--netns "$DUT_NS" --shape 50mbit --shape-in 40mbit --queue "$queue"
wait_ready
dut_addr
assert_contains "$APP_LOG" "queueing: $K to the wire shaped to 50000000 bit/s" "app output"
assert_contains "$APP_LOG" "queueing: $K to the kernel shaped to 40000000 bit/s" "app output"

ip netns exec "$DUT_NS" sysctl -qw net.ipv4.tcp_ecn=1
ip netns exec "$PEER_NS" sysctl -qw net.ipv4.tcp_ecn=1
# shaped_bulk SRC DST DST_IP DUMP_NS DUMP_DEV PCAP: a bulk flow SRC -> DST builds
# the queue while the data of another is checked; CE-marked IPv4 packets
# arriving at DUMP_DEV are captured to PCAP; SHAPED_CE: how many there were.
shaped_bulk()
{
	local src=$1 dst=$2 ip=$3 iperf
	capture_start "$4" "$5" "$6" 'ip and (ip[1] & 3 = 3)'
	bg "$dst" iperf3 -s -1 -B "$ip" >/dev/null 2>&1
	sleep 0.3
	ip netns exec "$src" iperf3 -c "$ip" -t 6 -P 2 >/dev/null 2>&1 &
	iperf=$!
	L2K_BG_PIDS="$L2K_BG_PIDS $iperf"
	sleep 1
	xfer_check "$src" "$dst" "$ip" 8
	wait "$iperf" 2>/dev/null
	capture_stop
	SHAPED_CE=$CAPTURED
}

ip netns exec "$DUT_NS" sysctl -qw net.ipv4.tcp_ecn=1
ip netns exec "$PEER_NS" sysctl -qw net.ipv4.tcp_ecn=1
PING_SENT=0
XFER_BYTES=0
# to the wire (--shape): CE marks seen by the peer
shaped_bulk "$DUT_NS" "$PEER_NS" "$PEER_IP" "$PEER_NS" "$VB" "$L2K_TMP/ce-wire.pcap"
ce=$SHAPED_CE
# to the kernel (--shape-in): CE marks seen by dut
shaped_bulk "$PEER_NS" "$DUT_NS" "$DUT_IP" "$DUT_NS" "$K" "$L2K_TMP/ce-kern.pcap"
ce_in=$SHAPED_CE

# the queue counters of both directions through DPDK telemetry (this run's socket)
if command -v dpdk-telemetry.py >/dev/null; then
	tel=$(echo "/l2fwd_kernel/stats,0" | timeout 10 dpdk-telemetry.py -f "l2k-$TAG" 2>&1)
	for f in to_wire_queue_ce_marks to_kernel_queue_ce_marks to_kernel_queue_backlog_bytes \
		to_wire_shaper_lost_bytes to_kernel_shaper_lost_bytes; do
		[[ $tel == *"\"$f\": "* ]] || fail "telemetry /l2fwd_kernel/stats,0 lacks $f: $tel"
	done
	log "telemetry: queue counters of both directions"
else
	warn "dpdk-telemetry.py not found: telemetry not checked"
fi

stop_app TERM
[ "$APP_RC" = 0 ] || { show_app_log; fail "exit status $APP_RC"; }
marks=$(summary_field to_wire_queue_ce_marks)
marks_in=$(summary_field to_kernel_queue_ce_marks)
log "to the wire: the peer saw $ce CE-marked packets; queue_ce_marks=$marks" \
	"codel_drops=$(summary_field to_wire_queue_codel_drops)" \
	"overlimit=$(summary_field to_wire_queue_overlimit_drops)"
log "to the kernel: dut saw $ce_in CE-marked packets; queue_ce_marks=$marks_in" \
	"codel_drops=$(summary_field to_kernel_queue_codel_drops)" \
	"overlimit=$(summary_field to_kernel_queue_overlimit_drops)"
# rate a late lcore could not catch up: timing, so only its presence is checked
for f in to_wire_shaper_lost_bytes to_kernel_shaper_lost_bytes; do
	v=$(summary_field $f)
	[[ $v =~ ^[0-9]+$ ]] || fail "exit summary: $f is '$v', not a count"
	log "$f=$v"
done
if [ "$queue" = fq_codel ]; then
	assert_ge "$marks" 1 "to_wire_queue_ce_marks"
	assert_ge "$ce" 1 "CE-marked packets seen by the peer"
	assert_ge "$marks_in" 1 "to_kernel_queue_ce_marks"
	assert_ge "$ce_in" 1 "CE-marked packets seen by dut"
else
	assert_eq "$marks" 0 "to_wire_queue_ce_marks with --queue fifo"
	assert_eq "$ce" 0 "CE-marked packets with --queue fifo (to the wire)"
	assert_eq "$marks_in" 0 "to_kernel_queue_ce_marks with --queue fifo"
	assert_eq "$ce_in" 0 "CE-marked packets with --queue fifo (to the kernel)"
fi
assert_no_new_links before
log "PASS"
