#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# One kernel path end to end on the namespace testbed.
#
#   path.sh KPATH WIRE traffic   ping both ways, TCP transfers both ways with
#                                hashes compared, counters vs. traffic after
#                                SIGTERM, cleanup after SIGTERM
#   path.sh KPATH WIRE restart   SIGKILL, then a second start with the same
#                                --iface must succeed and forward again
#
# KPATH: tap af_xdp af_packet rtap virtio-user; WIRE: af_xdp af_packet.
# Environment: L2K_APP (binary), L2K_XFER_MB (default 20).

. "$(dirname "$0")/lib.sh"

kpath=${1:?kernel path}
wire=${2:-af_xdp}
check=${3:-traffic}
mb=${L2K_XFER_MB:-20}
L2K_NAME="path-$kpath-$wire-$check"

require_pair "$kpath" "$wire"

# tag: 1 letter per path and check, pid digits
t=$(path_letter "$kpath")$(path_letter "$wire")
case $check in restart) t=${t}r ;; *) t=${t}t ;; esac
lib_init "$(lib_tag "f$t")"
testbed_up
snapshot_links before

app_args=(-l 0,1 --vdev "$(wire_vdev "$wire")" -- --path "$kpath" --iface "$K"
	--netns "$DUT_NS" --stats 1)

# start the app and wait for ready; skip when rtap is not provided
start_ready()
{
	start_app "$L2K_TMP/app$1.log" "${app_args[@]}"
	if ! wait_for_line "$APP_LOG" '^l2fwd-kernel: ready' 90; then
		# rtap not built or not usable on this host: skip; any other failure fails
		local why re='not built|not available|not supported|unsupported|disabled'
		why=$(grep -hE "(net_rtap|io_uring).*($re)" "$APP_ERR" "$APP_LOG" 2>/dev/null |
			head -n 1)
		[ "$kpath" = rtap ] && ! app_alive && [ -n "$why" ] &&
			skip "rtap not provided: $why"
		show_app_log
		fail "app not ready (pid $APP_PID alive: $(app_alive && echo yes || echo no))"
	fi
	assert_contains "$APP_LOG" "l2fwd-kernel: path $kpath: chosen (" "app stdout"
	# K: in dut, up, with P's MAC and MTU (P runs on va)
	local kl pmac pmtu
	kl=$(ip -n "$DUT_NS" -o link show "$K" 2>/dev/null) ||
		{ show_app_log; fail "$K not in netns $DUT_NS at ready"; }
	pmac=$(cat "/sys/class/net/$VA/address")
	pmtu=$(cat "/sys/class/net/$VA/mtu")
	echo "$kl" | grep -q "link/ether $pmac " || fail "$K MAC is not P's ($pmac): $kl"
	echo "$kl" | grep -q " mtu $pmtu " || fail "$K MTU is not P's ($pmtu): $kl"
	echo "$kl" | grep -q '[<,]UP[,>]' || warn "$K is not up at ready: $kl"
	dut_addr
}

assert_cleanup()
{
	ip -n "$DUT_NS" link show "$K" >/dev/null 2>&1 && fail "$K still exists in $DUT_NS"
	ip link show "$K" >/dev/null 2>&1 && fail "$K exists in the root netns"
	assert_no_new_links before
	local l
	for l in $(link_names "" | grep "^$TAG"); do
		if ip -d link show "$l" | grep -q 'prog/xdp\|xdpgeneric\|xdpdrv\| xdp '; then
			if [ "$l" = "$VA" ]; then
				warn "XDP program left on the wire $VA (not created by the app)"
			else
				fail "XDP program left on $l"
			fi
		fi
	done
	log "cleanup ok: no $K, nothing new in root/dut, no XDP left"
}

assert_summary()
{
	grep -q '^l2fwd-kernel: summary ' "$APP_LOG" ||
		{ show_app_log; fail "no summary line after SIG$1"; }
	assert_contains "$APP_LOG" "summary iface=$K path=$kpath " "summary line"
	assert_eq "$(tail -n 1 "$APP_LOG")" "l2fwd-kernel: exit" "last stdout line"
	[ "$APP_RC" = 0 ] || warn "exit status $APP_RC after SIG$1"
}

traffic()
{
	PING_SENT=0
	XFER_BYTES=0
	start_ready 1
	local vtx0 vrx0
	vtx0=$(link_stat "$PEER_NS" "$VB" tx_packets)
	vrx0=$(link_stat "$PEER_NS" "$VB" rx_packets)

	ping_check "$PEER_NS" "$DUT_IP" 20
	ping_check "$DUT_NS" "$PEER_IP" 20
	xfer_check "$PEER_NS" "$DUT_NS" "$DUT_IP" "$mb"
	xfer_check "$DUT_NS" "$PEER_NS" "$PEER_IP" "$mb"
	# a periodic stats line with --stats 1
	wait_for_line "$APP_LOG" "^l2fwd-kernel: stats iface=$K path=$kpath " 5 ||
		{ show_app_log; fail "no periodic stats line with --stats 1"; }
	local f sl
	sl=$(grep "^l2fwd-kernel: stats " "$APP_LOG" | tail -n 1)
	for f in to_kernel_pkts to_kernel_bytes to_kernel_drops to_wire_pkts to_wire_bytes \
		 to_wire_drops; do
		[[ $sl =~ \ $f=[0-9]+( |$) ]] || fail "stats line lacks $f=N: $sl"
	done

	local vtx vrx
	vtx=$(($(link_stat "$PEER_NS" "$VB" tx_packets) - vtx0))
	vrx=$(($(link_stat "$PEER_NS" "$VB" rx_packets) - vrx0))
	stop_app TERM
	assert_summary TERM
	grep '^l2fwd-kernel: summary ' "$APP_LOG" | sed 's/^/  /'

	local tkp tkb twp twb bytes=$((mb * 1024 * 1024))
	tkp=$(summary_field to_kernel_pkts)
	tkb=$(summary_field to_kernel_bytes)
	twp=$(summary_field to_wire_pkts)
	twb=$(summary_field to_wire_bytes)
	for v in tkp tkb twp twb; do
		[[ ${!v} =~ ^[0-9]+$ ]] || fail "summary field for $v missing or not a number"
	done
	# software GRO (--soft-offload auto, rtap K) hands the kernel fewer, larger
	# frames: count the segments they were merged from
	local gro gsegs
	gro=$(summary_field to_kernel_soft_gro)
	gsegs=$(summary_field to_kernel_soft_gro_segs)
	tkp=$((tkp + ${gsegs:-0} - ${gro:-0}))
	log "peer $VB sent $vtx pkts, received $vrx pkts; ping requests $PING_SENT" \
		"(to_kernel: ${gro:-0} GRO frames of ${gsegs:-0} segments)"
	# each direction carried: pings (requests one way, replies the other) and one transfer
	assert_ge "$tkp" $((PING_SENT - 2 + bytes / 1500)) "to_kernel_pkts"
	assert_ge "$tkb" "$bytes" "to_kernel_bytes"
	assert_ge "$twp" $((PING_SENT - 2)) "to_wire_pkts"
	assert_ge "$twb" "$bytes" "to_wire_bytes"
	assert_lt "$tkp" $((10 * vtx + 100)) "to_kernel_pkts vs. packets the peer sent"
	assert_lt "$twp" $((10 * vrx + 100)) "to_wire_pkts vs. packets the peer received"
	log "counters ok: to_kernel $tkp pkts $tkb B, to_wire $twp pkts $twb B"
	assert_cleanup
}

restart()
{
	PING_SENT=0
	start_ready 1
	ping_check "$PEER_NS" "$DUT_IP" 5
	stop_app KILL
	log "app killed with SIGKILL; starting again with --iface $K"
	start_ready 2
	case $kpath in
	af_xdp|af_packet)
		cat "$APP_LOG" "$APP_ERR" > "$L2K_TMP/app2.all"
		assert_contains "$L2K_TMP/app2.all" "removed stale interface" \
			"app output at restart" ;;
	esac
	ping_check "$PEER_NS" "$DUT_IP" 20
	ping_check "$DUT_NS" "$PEER_IP" 20
	stop_app TERM
	assert_summary TERM
	assert_cleanup
}

case $check in
traffic) traffic ;;
restart) restart ;;
*) fail "unknown check '$check'" ;;
esac
log "PASS"
