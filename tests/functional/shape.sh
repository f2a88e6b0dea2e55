#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# --shape: what K sends to the wire leaves at the shaped rate from the
# application's own queue. With fq_codel (default) and ECN-capable TCP, the
# queue marks CE instead of dropping: the receiver on the peer sees CE
# marked packets, the data arrives intact. With --queue fifo nothing is
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
wire_up af_xdp
snapshot_links before
start_app "$L2K_TMP/app.log" -l 0,1 --vdev "$(wire_vdev af_xdp)" -- --path tap --iface "$K" \
	--netns "$DUT_NS" --shape 50mbit --queue "$queue"
wait_ready
dut_addr
assert_contains "$APP_LOG" "queueing: to the wire shaped to 50000000 bit/s" "app output"

ip netns exec "$DUT_NS" sysctl -qw net.ipv4.tcp_ecn=1
ip netns exec "$PEER_NS" sysctl -qw net.ipv4.tcp_ecn=1
# CE-marked IPv4 packets arriving at the peer
# (ip netns exec execs tcpdump: $! is tcpdump's own pid, to stop it with SIGINT)
ip netns exec "$PEER_NS" tcpdump -nn -q -i "$VB" -w "$L2K_TMP/ce.pcap" \
	'ip and (ip[1] & 3 = 3)' >/dev/null 2>&1 &
DUMP=$!
L2K_BG_PIDS="$L2K_BG_PIDS $DUMP"
sleep 1
# a bulk flow builds the queue while the data of another is checked
bg "$PEER_NS" iperf3 -s -1 -B "$PEER_IP" >/dev/null 2>&1
sleep 0.3
ip netns exec "$DUT_NS" iperf3 -c "$PEER_IP" -t 6 -P 2 >/dev/null 2>&1 &
IPERF=$!
L2K_BG_PIDS="$L2K_BG_PIDS $IPERF"
sleep 1
PING_SENT=0
XFER_BYTES=0
xfer_check "$DUT_NS" "$PEER_NS" "$PEER_IP" 8
wait "$IPERF" 2>/dev/null
sleep 0.5
kill -INT "$DUMP" 2>/dev/null
wait "$DUMP" 2>/dev/null
ce=$(tcpdump -nn -r "$L2K_TMP/ce.pcap" 2>/dev/null | wc -l)

stop_app TERM
[ "$APP_RC" = 0 ] || { show_app_log; fail "exit status $APP_RC"; }
marks=$(summary_field queue_ce_marks)
log "receiver saw $ce CE-marked packets; app queue_ce_marks=$marks" \
	"codel_drops=$(summary_field queue_codel_drops) overlimit=$(summary_field queue_overlimit_drops)"
if [ "$queue" = fq_codel ]; then
	assert_ge "$marks" 1 "queue_ce_marks"
	assert_ge "$ce" 1 "CE-marked packets seen by the receiver"
else
	assert_eq "$marks" 0 "queue_ce_marks with --queue fifo"
	assert_eq "$ce" 0 "CE-marked packets with --queue fifo"
fi
assert_no_new_links before
log "PASS"
