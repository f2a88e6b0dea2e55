#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# Offload negotiation end to end: what the app prints it negotiated, TCP
# transfers both ways with their data compared, and the counters that say
# whether frames crossed whole (GSO) or as the kernel segmented them.
#
#   offload.sh KPATH WIRE
#
# rtap on an rtap wire: both sides exchange virtio-net headers, so the
# kernel's TSO frames cross whole both ways (to_wire_gso, to_kernel_gso > 0)
# and checksums are left to the other kernel. Any path on an af_xdp wire:
# P has no offloads, nothing is negotiated, no frame is handed on whole.

. "$(dirname "$0")/lib.sh"

kpath=${1:?kernel path}
wire=${2:-af_xdp}
mb=${L2K_XFER_MB:-50}
L2K_NAME="offload-$kpath-$wire"

require_pair "$kpath" "$wire"
lib_init "$(lib_tag "o$(path_letter "$kpath")$(path_letter "$wire")")"
wire_up "$wire"
snapshot_links before
start_app "$L2K_TMP/app.log" -l 0,1 --vdev "$(wire_vdev "$wire")" -- --path "$kpath" \
	--iface "$K" --netns "$DUT_NS"
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
# the lcore has been idle (asleep) since ready: the first frames must wake it
sleep 1

PING_SENT=0
XFER_BYTES=0
ping_check "$PEER_NS" "$DUT_IP" 10
xfer_check "$DUT_NS" "$PEER_NS" "$PEER_IP" "$mb"
xfer_check "$PEER_NS" "$DUT_NS" "$DUT_IP" "$mb"
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

stop_app TERM
[ "$APP_RC" = 0 ] || { show_app_log; fail "exit status $APP_RC"; }
tw=$(summary_field to_wire_gso)
tk=$(summary_field to_kernel_gso)
dw=$(summary_field to_wire_drops)
dk=$(summary_field to_kernel_drops)
log "summary: to_wire_gso=$tw to_kernel_gso=$tk to_wire_drops=$dw to_kernel_drops=$dk"
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
assert_eq "$dw" 0 "to_wire_drops"
assert_eq "$dk" 0 "to_kernel_drops"
assert_no_new_links before
log "PASS"
