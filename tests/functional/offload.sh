#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# Offload negotiation end to end: what the app prints it negotiated; TCP
# over IPv4 and IPv6, UDP sent with UDP GSO, and 802.1Q-tagged TCP and UDP
# frames, both ways, every byte compared; and the counters and captures
# that say whether frames crossed whole (GSO) or as the kernel segmented
# them.
#
#   offload.sh KPATH WIRE [soft]
#
# rtap on an rtap wire: both sides exchange virtio-net headers, so the
# kernel's TSO frames cross whole both ways (to_wire_gso, to_kernel_gso > 0)
# and checksums are left to the other kernel. Any path on an af_xdp wire:
# P has no offloads, nothing is negotiated, no frame is handed on whole.
#
# soft (rtap on an af_xdp wire, --soft-offload on): the application does
# what P cannot. The kernel may send partial checksums and TCP/IPv4 GSO
# frames (completed and cut in software: to_wire_soft_csum, _soft_gso),
# not TSO6/USO (turned off on K); the peer's segments are merged for the
# kernel (to_kernel_soft_gro_segs), both over IPv4 and IPv6 with the data
# compared. Then runs of in-order segments with wrong TCP checksums from
# the peer: never merged (to_kernel_soft_csum_bad counts them), and the
# kernel drops every one of them (TcpInCsumErrors); the same runs with
# right checksums are merged.

. "$(dirname "$0")/lib.sh"

kpath=${1:?kernel path}
wire=${2:-af_xdp}
soft=${3:-}
mb=${L2K_XFER_MB:-50}
L2K_NAME="offload-$kpath-$wire${soft:+-$soft}"
soft_args=()
[ -z "$soft" ] || soft_args=(--soft-offload on --stats 1)

# the kernel's count of TCP segments with a bad checksum, in dut
csum_errors() { ip netns exec "$DUT_NS" nstat -saz TcpInCsumErrors | awk '/TcpInCsumErrors/ {print $2}'; }

# tcprun bad|good: runs of in-order segments from the peer (fault_frames.py),
# then two stats lines, so the counters read next include them
tcprun()
{
	ip netns exec "$PEER_NS" "$L2K_PY" "$L2K_TOP/tests/functional/fault_frames.py" \
		--iface "$PW" --set tcprun --only "tcp_run_$1" --segs "$segs" --count "$runs" \
		--dst "$kmac" --src "$pmac" --saddr "$PEER_IP" --daddr "$DUT_IP" >/dev/null ||
		fail "fault_frames.py tcprun $1 failed"
	sleep 0.5
	next_stats || fail "no stats line"
	next_stats || fail "no stats line"
}

# soft: IPv6 transfers, then runs of segments with bad checksums
soft_checks()
{
	local line kmac pmac bad0 bad1 err0 err1 gro0 gro1 segs=8 runs=4 f
	line=$(grep "soft-offload on: " "$APP_LOG") || fail "no soft-offload line at start"
	log "app: ${line#l2fwd-kernel: }"
	[[ $line == *"GRO on"*"checksums and TSO4 in software on"* ]] ||
		fail "soft-offload line: $line"
	line=$(grep "kernel features off: " "$APP_LOG") ||
		{ show_app_log; fail "no kernel features line"; }
	log "app: ${line#l2fwd-kernel: }"
	for f in tx-tcp6-segmentation tx-udp-segmentation; do
		ip netns exec "$DUT_NS" ethtool -k "$K" 2>/dev/null | grep -qE "^\s*$f: off" ||
			fail "$f still on on $K"
	done
	ip netns exec "$DUT_NS" ethtool -k "$K" 2>/dev/null |
		grep -qE "^\s*tx-tcp-segmentation: on" || fail "tx-tcp-segmentation off on $K"

	# (the IPv6 transfers above: checksums completed in software, TSO6 the kernel's)

	next_stats || fail "no stats line"
	assert_ge "$(stats_field to_kernel_soft_gro_segs)" 2 "to_kernel_soft_gro_segs"
	assert_ge "$(stats_field to_wire_soft_gso_segs)" 2 "to_wire_soft_gso_segs"
	assert_ge "$(stats_field to_wire_soft_csum)" 1 "to_wire_soft_csum"

	# bad checksums: never merged, every one dropped by the kernel
	kmac=$(ip -n "$DUT_NS" link show "$K" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
	pmac=$(ip -n "$PEER_NS" link show "$PW" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
	next_stats || fail "no stats line"
	bad0=$(stats_field to_kernel_soft_csum_bad)
	gro0=$(stats_field to_kernel_soft_gro)
	err0=$(csum_errors)
	tcprun bad
	bad1=$(stats_field to_kernel_soft_csum_bad)
	gro1=$(stats_field to_kernel_soft_gro)
	err1=$(csum_errors)
	log "bad checksums: sent $((segs * runs)), soft_csum_bad +$((bad1 - bad0))," \
		"soft_gro +$((gro1 - gro0)), kernel TcpInCsumErrors +$((err1 - err0))"
	assert_eq "$((bad1 - bad0))" "$((segs * runs))" "to_kernel_soft_csum_bad growth"
	assert_eq "$((gro1 - gro0))" 0 "to_kernel_soft_gro growth on bad segments"
	assert_eq "$((err1 - err0))" "$((segs * runs))" "kernel TcpInCsumErrors growth"

	# the same runs with right checksums are merged (when they arrive in one burst):
	# what the bad ones would have been without the check
	tcprun good
	local gro2 err2
	gro2=$(stats_field to_kernel_soft_gro)
	err2=$(csum_errors)
	log "good checksums: sent $((segs * runs)), soft_gro +$((gro2 - gro1)), soft_csum_bad" \
		"+$(($(stats_field to_kernel_soft_csum_bad) - bad1)), TcpInCsumErrors +$((err2 - err1))"
	assert_eq "$(stats_field to_kernel_soft_csum_bad)" "$bad1" \
		"soft_csum_bad on good segments"
	assert_eq "$err2" "$err1" "kernel TcpInCsumErrors on good segments"
	# the runs leave the sender back to back: at least one is merged (each one, usually)
	assert_ge "$((gro2 - gro1))" 1 "to_kernel_soft_gro growth on good segments"
}

require_pair "$kpath" "$wire"
lib_init "$(lib_tag "o$(path_letter "$kpath")$(path_letter "$wire")${soft:+s}")"
wire_up "$wire"
snapshot_links before
# one variant runs the application under SCHED_BATCH: a policy the user
# chose is kept, and the lcore keeps the default slice (and says why)
batch=
if [ "$kpath" = tap ] && [ "$wire" = rtap ]; then batch=1; L2K_WRAP="chrt --batch 0${L2K_WRAP:+ $L2K_WRAP}"; fi
start_app "$L2K_TMP/app.log" -l 0,1 --vdev "$(wire_vdev "$wire")" -- --path "$kpath" \
	--iface "$K" --netns "$DUT_NS" "${soft_args[@]}"
if ! wait_for_line "$APP_LOG" '^l2fwd-kernel: ready' 90; then
	show_app_log
	fail "app not ready"
fi
wire_attach "$wire"
dut_addr
if [ "$wire" = rtap ]; then PW=$VA; else PW=$VB; fi

line=$(grep "offloads: " "$APP_LOG") || { show_app_log; fail "no offloads line at start"; }
log "app: ${line#l2fwd-kernel: }"
if [ "$kpath" = rtap ] && [ "$wire" = rtap ]; then
	want="tx csum+tso4+tso6+uso on P; K sends csum-partial+TSO4+TSO6"
elif [ -n "$soft" ]; then
	want="no tx offload on P; K sends csum-partial+TSO4+TSO-ECN; kernel verifies rx csum;"
	want+=" software: checksums and TSO4 and GRO (checksums verified first)"
else
	want="no tx offload on P; K sends finished frames; kernel verifies rx csum"
fi
[[ $line == *"$want"* ]] || fail "offloads line: expected '$want' in: $line"
# byte queue limits: tracked by reference count on an rtap P (it holds the
# mbuf until its write completes); none needed on af_xdp (copies at send)
if [ "$wire" = rtap ]; then want="txq 0: by reference count (net_rtap)"
else want="txq 0: none needed: net_af_xdp copies"; fi
line=$(grep "bql: " "$APP_LOG") || { show_app_log; fail "no bql line at start"; }
log "app: ${line#l2fwd-kernel: }"
[[ $line == *"$want"* ]] || fail "bql line: expected '$want' in: $line"
# idle back-off: RX interrupts where every RX queue of the lcore has them (rtap)
if [ "$kpath" = rtap ] && [ "$wire" = rtap ]; then want="naps up to 100 us, then sleeps on RX interrupts"
else want="naps up to 100 us"; fi
line=$(grep "idle: " "$APP_LOG") || { show_app_log; fail "no idle line at start"; }
[[ $line == *"$want" ]] || fail "idle line: expected '$want' at the end of: $line"
# the napping lcore asks for a short scheduler slice (custom slices: Linux 6.12)
line=$(grep "sched: " "$APP_LOG") || { show_app_log; fail "no sched line at start"; }
log "app: ${line#l2fwd-kernel: }"
if [ -n "$batch" ]; then
	want="default slice (the lcore's scheduling policy is not SCHED_OTHER, kept)"
	[[ $line == *"$want" ]] || fail "sched line under SCHED_BATCH: expected '$want' in: $line"
	chrt -p "$APP_PID" | grep -q SCHED_BATCH || fail "the application left SCHED_BATCH"
elif [ "$(printf '%s\n' 6.12 "$(uname -r)" | sort -V | head -1)" = 6.12 ]; then
	[[ $line == *"sched: slice 100 us" ]] || fail "sched line: expected 'slice 100 us' in: $line"
	tid=
	for t in /proc/"$APP_PID"/task/*; do
		[[ $(cat "$t/comm" 2>/dev/null) == *worker-1 ]] && tid=${t##*/}
	done
	[ -n "$tid" ] || fail "no forwarding lcore thread (worker-1) in /proc/$APP_PID/task"
	slice=$(awk '$1 == "se.slice" { print $3 }' "/proc/$APP_PID/task/$tid/sched")
	[ "$slice" = 100000 ] || fail "lcore thread: se.slice $slice ns, expected 100000"
	log "lcore thread $tid: se.slice $slice ns"
else
	[[ $line == *"default slice"* ]] || fail "sched line: expected 'default slice' in: $line"
fi
# the lcore has been idle (asleep) since ready: the first frames must wake it
sleep 1

PING_SENT=0
XFER_BYTES=0
ping_check "$PEER_NS" "$DUT_IP" 10
xfer_check "$DUT_NS" "$PEER_NS" "$PEER_IP" "$mb"
xfer_check "$PEER_NS" "$DUT_NS" "$DUT_IP" "$mb"
# IPv6 both ways (TSO6 frames whole where offloads cross)
ip netns exec "$PEER_NS" sysctl -qw "net.ipv6.conf.$PW.disable_ipv6=0"
ip netns exec "$DUT_NS" sysctl -qw "net.ipv6.conf.$K.disable_ipv6=0"
ip -n "$PEER_NS" addr add fd00:99::2/64 dev "$PW" nodad
ip -n "$DUT_NS" addr add fd00:99::1/64 dev "$K" nodad
xfer_check "$DUT_NS" "$PEER_NS" fd00:99::2 "$((mb / 5 + 1))"
xfer_check "$PEER_NS" "$DUT_NS" fd00:99::1 "$((mb / 5 + 1))"
# UDP, sent with UDP GSO: checksums left partial where negotiated, and on
# rtap on rtap the USO frames carried whole both ways (datagrams over the
# MTU arrive)
capture_start "$PEER_NS" "$PW" "$L2K_TMP/uso-wire.pcap" 'udp and greater 3000'
udp_check "$DUT_NS" "$PEER_NS" "$PEER_IP" 10
capture_stop
uso_w=$CAPTURED
capture_start "$DUT_NS" "$K" "$L2K_TMP/uso-kern.pcap" 'udp and greater 3000'
udp_check "$PEER_NS" "$DUT_NS" "$DUT_IP" 10
capture_stop
uso_k=$CAPTURED
log "UDP frames over 3000 bytes: $uso_w arrived at the peer, $uso_k at K"
if [ "$kpath" = rtap ] && [ "$wire" = rtap ]; then
	assert_ge "$uso_w" 10 "USO frames handed to the peer whole"
	assert_ge "$uso_k" 10 "USO frames handed to K whole"
else
	assert_eq "$uso_w" 0 "UDP frames over the MTU without offloads"
	assert_eq "$uso_k" 0 "UDP frames over the MTU without offloads"
fi

# 802.1Q-tagged frames (VLAN 100) made at layer 2: this kernel may have no
# VLAN devices. Where TSO crosses (rtap on rtap) tagged frames larger than
# any MTU arrive on the receiving side: the TSO frames carried whole.
vlan_check "$DUT_NS" "$K" "$PEER_NS" "$PW" "$DUT_IP" "$PEER_IP"
big_w=$VLAN_BIG
vlan_check "$PEER_NS" "$PW" "$DUT_NS" "$K" "$PEER_IP" "$DUT_IP"
big_k=$VLAN_BIG
if [ "$kpath" = rtap ] && [ "$wire" = rtap ]; then
	assert_ge "$big_w" 10 "tagged TSO frames handed to the peer whole"
	assert_ge "$big_k" 10 "tagged TSO frames handed to K whole"
else
	assert_eq "$big_w" 0 "tagged frames over the MTU without offloads"
	# software GRO (--soft-offload) may merge the peer's segments for K
	app_says "GRO on" || assert_eq "$big_k" 0 "tagged frames over the MTU without offloads"
fi

# ... and with the peer's own offloads off: frames the kernel finished
ns_exec "$PEER_NS" ethtool -K "$PW" tx off tso off gso off >/dev/null 2>&1 || true
xfer_check "$PEER_NS" "$DUT_NS" "$DUT_IP" 5
[ -z "$soft" ] || soft_checks

stop_app TERM
[ "$APP_RC" = 0 ] || { show_app_log; fail "exit status $APP_RC"; }
tw=$(summary_field to_wire_gso)
tk=$(summary_field to_kernel_gso)
dw=$(summary_field to_wire_drops)
dk=$(summary_field to_kernel_drops)
log "summary: to_wire_gso=$tw to_kernel_gso=$tk to_wire_drops=$dw to_kernel_drops=$dk"
# the drops of the application's queue (where a direction has one) are its
# congestion signal to the senders, not losses: every other drop is one
queue_drops()
{
	local o c
	o=$(summary_field "$1_queue_overlimit_drops")
	c=$(summary_field "$1_queue_codel_drops")
	echo $((${o:-0} + ${c:-0}))
}
qw=$(queue_drops to_wire)
qk=$(queue_drops to_kernel)
log "summary: queue drops to the wire $qw, to the kernel $qk"
bl=$(summary_field bql_limit_bytes)
if [ "$wire" = rtap ]; then
	# the limit started at 0 and grew on starvation: the queue is limited,
	# not stopped (the transfers above completed with their data intact)
	log "summary: bql_limit_bytes=$bl bql_inflight_bytes=$(summary_field \
		bql_inflight_bytes) bql_throttled=$(summary_field bql_throttled)"
	assert_ge "${bl:-0}" 1 "bql_limit_bytes after transfers"
else
	assert_eq "$bl" "" "bql_limit_bytes without a limited queue"
fi
if [ "$kpath" = rtap ] && [ "$wire" = rtap ]; then
	assert_ge "$tw" 100 "to_wire_gso (kernel TSO frames handed to P whole)"
	assert_ge "$tk" 100 "to_kernel_gso (P's LRO frames handed to the kernel whole)"
else
	assert_eq "$tw" 0 "to_wire_gso without offloads"
	assert_eq "$tk" 0 "to_kernel_gso without offloads"
fi
assert_eq "$((dw - qw))" 0 "to_wire_drops other than the queue's"
# idle back-off, counted: the lcore idled a second before the traffic, and
# each of the pings (one at a time) came after a nap, so the polling window
# after it yielded the core
naps=$(summary_field lcore_naps)
iw=$(summary_field lcore_intr_waits)
ylds=$(summary_field lcore_yields)
log "idle: lcore_naps=$naps lcore_intr_waits=$iw lcore_yields=$ylds"
if [ "$kpath" = rtap ] && [ "$wire" = rtap ]; then
	assert_ge "${iw:-0}" 1 "lcore_intr_waits (RX interrupts on every queue)"
else
	assert_eq "$iw" 0 "lcore_intr_waits without RX interrupts"
fi
assert_ge "${naps:-0}" 1 "lcore_naps"
assert_ge "${ylds:-0}" 1 "lcore_yields after the pings"
assert_eq "$((dk - qk))" 0 "to_kernel_drops other than the queue's"
if [ -n "$soft" ]; then
	log "summary: $(grep '^l2fwd-kernel: summary ' "$APP_LOG" | tail -n 1 | tr ' ' '\n' |
		grep '_soft_' | tr '\n' ' ')"
	assert_eq "$(summary_field to_wire_soft_errors)" 0 "to_wire_soft_errors"
	assert_eq "$(summary_field to_kernel_soft_errors)" 0 "to_kernel_soft_errors"
fi
assert_no_new_links before
log "PASS"
