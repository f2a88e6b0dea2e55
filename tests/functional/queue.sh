#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# The application's queue without --shape. A direction that receives
# segmentation-offload frames (rtap K and an rtap wire: TSO from the kernel,
# LRO from the wire) has one by default (fq_codel, no token bucket), and each
# round reads up to five bursts into it: a backlog left in K's ring moves into
# the flow queues, where a sparse flow overtakes a bulk one. With --queue off,
# or where frames come one MTU each (tap K on an af_xdp wire: no offloads,
# and af_xdp's frames are its UMEM's), there is none: frames leave in the
# ring's order, and the start-up log says why.
#
# The backlog is made by stopping the application (SIGSTOP) while dut sends
# 600 datagrams of one flow and then one of another; after SIGCONT the peer
# sees where the lone datagram arrived among them. Data integrity both ways,
# and the queue counters (stats line, telemetry, exit summary), are checked too.
# mtu: K's TUN ring is the queue, sized by the bulk flows through it: one
# iperf3 flow dut -> peer must get it 512 frames, four at most 256; a
# txqueuelen set by hand then stops the sizing and stays.
#
#   queue.sh fq_codel|off|mtu

. "$(dirname "$0")/lib.sh"

case ${1:-fq_codel} in
fq_codel|off) queue=$1 kpath=rtap wire=rtap ;;
mtu) queue=fq_codel kpath=tap wire=af_xdp ;;
*) echo "usage: queue.sh fq_codel|off|mtu" >&2; exit 2 ;;
esac
variant=${1:-fq_codel}
L2K_NAME="queue-$variant"
BULK=600
require_pair "$kpath" "$wire"
command -v tcpdump >/dev/null || skip "tcpdump not found (setup-deps.sh installs it)"
lib_init "$(lib_tag "q${variant:0:2}")"
plugin_cleanup() { rm -rf "/var/run/dpdk/l2k-$TAG"; }
wire_up "$wire"
snapshot_links before
start_app "$L2K_TMP/app.log" -l 0,1 --file-prefix "l2k-$TAG" --vdev "$(wire_vdev "$wire")" -- \
	--path "$kpath" --iface "$K" --netns "$DUT_NS" --queue "$queue" --stats 1
wait_ready
wire_attach "$wire"
dut_addr
if [ "$wire" = rtap ]; then PW=$VA; else PW=$VB; fi
# queued: whether the directions have the application's queue; ring: K's TUN
# ring (txqueuelen) as the application leaves it
queued=1
ring=1000
case $variant in
off)
	assert_contains "$APP_LOG" "queueing: $K to the wire unshaped, none (queue off)" \
		"app output"
	queued= ;;
mtu)
	assert_contains "$APP_LOG" "queueing: $K to the wire unshaped, none: frames of one MTU \
(no segmentation offload); the queue is $K's TUN ring, txqueuelen 128, up to 512 while one \
bulk flow has it alone" "app output"
	assert_contains "$APP_LOG" "queueing: $K to the kernel unshaped, none: net_af_xdp frames \
are buffers of its UMEM; the queue is the RX ring of port 0, 512 descriptors" "app output"
	assert_contains "$APP_LOG" "port 0: 1 queue pair(s), 512 rx /" "app output"
	queued= ring=128 ;;
*)
	assert_contains "$APP_LOG" "queueing: $K to the wire unshaped, fq_codel" "app output"
	assert_contains "$APP_LOG" "queueing: $K to the kernel unshaped, fq_codel" "app output"
	assert_not_contains "$APP_LOG" "unshaped, none" "app output" ;;
esac
k_qlen() { ip -n "$DUT_NS" -o link show "$K" | sed -n 's/.* qlen \([0-9]*\).*/\1/p'; }
assert_eq "$(k_qlen)" "$ring" "txqueuelen of $K"
PING_SENT=0
XFER_BYTES=0
ping_check "$PEER_NS" "$DUT_IP" 10
xfer_check "$DUT_NS" "$PEER_NS" "$PEER_IP" 32
xfer_check "$PEER_NS" "$DUT_NS" "$DUT_IP" 32

# flows_run N: N parallel TCP flows dut -> peer for 3 s (iperf3), K's
# txqueuelen read every 0.1 s meanwhile: QLENS, from the second second on
flows_run()
{
	local port=$((5201 + RANDOM % 1000)) t=0 c s
	iperf3_server "$PEER_NS" "$PEER_IP" "$port"
	s=$BG_PID
	bg "$DUT_NS" iperf3 -c "$PEER_IP" -p "$port" -P "$1" -t 3 > "$L2K_TMP/iperf3-$1.out" 2>&1
	c=$BG_PID
	QLENS=
	while kill -0 "$c" 2>/dev/null; do
		sleep 0.1
		t=$((t + 1))
		[ $t -lt 10 ] || QLENS="$QLENS $(k_qlen)"
	done
	wait "$c" || { cat "$L2K_TMP/iperf3-$1.out" >&2; show_app_log
		fail "iperf3 -P $1 dut -> peer failed"; }
	wait "$s"
}

if [ "$variant" = mtu ]; then
	# K's ring sized by the bulk flows through it: a lone flow gets 512
	# frames, four share 128 (256 when they hash as two, once in 600)
	command -v iperf3 >/dev/null || skip "iperf3 not found (setup-deps.sh installs it)"
	flows_run 1
	log "one flow: $K's txqueuelen over time:$QLENS"
	[[ " $QLENS " == *" 512 "* ]] || { show_app_log; fail "one bulk flow: ring never 512:$QLENS"; }
	flows_run 4
	log "four flows: $K's txqueuelen over time:$QLENS"
	min=$(echo $QLENS | tr ' ' '\n' | sort -n | head -n 1)
	assert_le "$min" 256 "$K's txqueuelen with four bulk flows"
	# flows gone, the ring stays as it is once they are out of the counting
	# window (0.5 s); then the stats line says what the kernel says
	sleep 1
	ring=$(k_qlen)
	next_stats || fail "no stats line"
	assert_ge "$(stats_field kernel_ring_resizes)" 2 "kernel_ring_resizes"
	assert_eq "$(stats_field kernel_ring_frames)" "$ring" \
		"kernel_ring_frames against $K's txqueuelen"
	if command -v dpdk-telemetry.py >/dev/null; then
		tel=$(echo "/l2fwd_kernel/stats,0" | timeout 10 dpdk-telemetry.py -f "l2k-$TAG" 2>&1)
		[[ $tel == *'"kernel_ring_frames": '* ]] ||
			fail "telemetry /l2fwd_kernel/stats,0 lacks kernel_ring_frames: $tel"
	fi
	# a txqueuelen set by someone else is theirs: the sizing stops, with
	# one line, and four flows leave it as it is
	ip -n "$DUT_NS" link set "$K" txqueuelen 1000 || fail "cannot set $K's txqueuelen"
	expect_log "kernel $K: txqueuelen set to 1000 by someone else: its ring is left at that" \
		"txqueuelen set by hand"
	flows_run 4
	log "four flows after txqueuelen 1000 by hand: $K's txqueuelen over time:$QLENS"
	[ "$(echo $QLENS | tr ' ' '\n' | sort -u)" = 1000 ] ||
		{ show_app_log; fail "txqueuelen 1000 set by hand not kept:$QLENS"; }
	next_stats || fail "no stats line"
	assert_eq "$(stats_field kernel_ring_frames)" 1000 "kernel_ring_frames after txqueuelen by hand"
	# the backlog below then fits in the ring whole, in the ring's order
	ring=$(k_qlen)
fi

# K's TX drops: what its TUN ring refused
k_tx_dropped()
{
	ip -n "$DUT_NS" -s -j link show "$K" | "$L2K_PY" -c \
		'import json,sys; print(json.load(sys.stdin)[0]["stats64"]["tx"]["dropped"])'
}

# the backlog: BULK datagrams to port 9001, then one to port 9002, all sent
# while the application is stopped, so they wait in K's ring together
# (the peer's address pinned in dut's neighbour table: no ARP while stopped)
mac=$(ip -n "$PEER_NS" -o link show "$PW" | sed -n 's|.*link/ether \([0-9a-f:]*\).*|\1|p')
ip -n "$DUT_NS" neigh replace "$PEER_IP" lladdr "$mac" dev "$K" nud permanent ||
	fail "cannot pin $PEER_IP at $mac in $DUT_NS"
capture_start "$PEER_NS" "$PW" "$L2K_TMP/order.pcap" 'udp and (dst port 9001 or dst port 9002)'
drops0=$(k_tx_dropped)
kill -STOP "$APP_PID"
ip netns exec "$DUT_NS" "$L2K_PY" - "$PEER_IP" "$BULK" <<'EOF' || { kill -CONT "$APP_PID"; fail "sender failed"; }
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(int(sys.argv[2])):
    s.sendto(b"b" * 200, (sys.argv[1], 9001))
s.sendto(b"s" * 200, (sys.argv[1], 9002))
EOF
sleep 0.2
kill -CONT "$APP_PID"
sleep 1
capture_stop
order=$(tcpdump -nn -r "$L2K_TMP/order.pcap" 2>/dev/null | sed -n 's/.*\.\(900[12]\):.*/\1/p')
total=$(echo "$order" | grep -c .)
pos=$(echo "$order" | grep -n '^9002$' | cut -d: -f1)
if [ "$ring" -lt "$BULK" ]; then
	# the short ring: what it does not hold is dropped at its tail, the lone
	# datagram with it, and counted as K's TX drops
	drops=$(($(k_tx_dropped) - drops0))
	log "$total of $((BULK + 1)) datagrams arrived, $K dropped $drops, the lone one: ${pos:-lost}"
	assert_ge "$total" $((ring * 3 / 4)) "datagrams that arrived from a full ring"
	assert_le "$total" $((ring + 32)) "datagrams that arrived from a ring of $ring"
	assert_ge "$drops" $((BULK - ring - 32)) "TX drops of $K"
	[ -z "$pos" ] || fail "the lone datagram arrived (number $pos): the ring held more than $ring"
else
	[ -n "$pos" ] || { show_app_log; fail "the lone datagram (port 9002) did not arrive ($total captured)"; }
	assert_ge "$total" $((BULK * 9 / 10)) "datagrams of the backlog that arrived"
	log "the lone datagram arrived as number $pos of $total"
	if [ -z "$queued" ]; then
		# the ring's order: behind the whole backlog
		assert_eq "$pos" "$total" "position of the lone datagram without a queue"
	else
		# read ahead into its own flow queue, it overtakes most of the backlog
		assert_lt "$pos" $((total / 2)) "position of the lone datagram (of $total)"
	fi
fi

# the queue counters, where there is a queue: stats line, telemetry, exit summary
next_stats || fail "no stats line"
for dir in to_wire to_kernel; do
	f=$(stats_field ${dir}_queue_backlog_bytes)
	if [ -z "$queued" ]; then
		[ -z "$f" ] || fail "stats line has ${dir}_queue_backlog_bytes without a queue"
	elif [[ ! $f =~ ^[0-9]+$ ]]; then
		fail "stats line: ${dir}_queue_backlog_bytes is '$f', not a count"
	fi
done
if [ -n "$queued" ] && command -v dpdk-telemetry.py >/dev/null; then
	tel=$(echo "/l2fwd_kernel/stats,0" | timeout 10 dpdk-telemetry.py -f "l2k-$TAG" 2>&1)
	for f in to_wire_queue_overlimit_drops to_kernel_queue_codel_drops; do
		[[ $tel == *"\"$f\": "* ]] || fail "telemetry /l2fwd_kernel/stats,0 lacks $f: $tel"
	done
	log "telemetry: queue counters of both directions"
fi
stop_app TERM
[ "$APP_RC" = 0 ] || { show_app_log; fail "exit status $APP_RC"; }
if [ "$variant" = mtu ]; then
	v=$(summary_field kernel_ring_resizes)
	assert_ge "${v:-0}" 2 "kernel_ring_resizes in the exit summary"
else
	[ -z "$(summary_field kernel_ring_frames)" ] ||
		fail "exit summary has kernel_ring_frames where K's ring is left alone"
fi
for f in to_wire_queue_overlimit_drops to_kernel_queue_codel_drops; do
	v=$(summary_field $f)
	if [ -z "$queued" ]; then
		[ -z "$v" ] || fail "exit summary has $f without a queue"
	else
		[[ $v =~ ^[0-9]+$ ]] || fail "exit summary: $f is '$v', not a count"
		log "$f=$v"
	fi
done
assert_no_new_links before
log "PASS"
