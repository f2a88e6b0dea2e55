#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# State mirroring between the wire port P and the kernel interface K, each
# change made while a ping flood runs from the peer to K.
#
#   mirror.sh KPATH WIRE [events|exit]
#
# events: wire link flap -> K carrier; K MTU (refused by P and restored,
#   or raised to 9000 with jumbo pings through); K MAC (refused and restored,
#   or applied to P); K down/up stops/resumes forwarding; K promisc -> P;
#   K renamed and moved to another namespace, still followed and forwarding;
#   K deleted -> re-created; 100 wire flaps and 100 K down/up with no fd or
#   interface leaked. exit: K deleted with --on-delete exit -> clean exit.
#
# WIRE af_xdp: P is af_xdp on the testbed veth (va, peer vb in the peer ns).
# WIRE rtap: P is an rtap TAP created by the app and moved into the peer ns
#   once started (a wire port that takes any MTU and MAC).

. "$(dirname "$0")/lib.sh"

kpath=${1:?kernel path}
wire=${2:-af_xdp}
mode=${3:-events}
L2K_NAME="mirror-$kpath-$wire-$mode"

require_pair "$kpath" "$wire"

t=$(path_letter "$kpath")$(path_letter "$wire")
case $mode in exit) t=${t}e ;; *) t=${t}m ;; esac
lib_init "$(lib_tag "m$t")"
OTHER_NS=l2k-$TAG-x

cleanup_other() { ip netns del "$OTHER_NS" 2>/dev/null || true; }
plugin_cleanup() { cleanup_other; }

# the peer's end of the wire
if [ "$wire" = rtap ]; then PW=$VA; else PW=$VB; fi


start()
{
	wire_up "$wire"
	snapshot_links before
	start_app "$L2K_TMP/app.log" -l 0,1 --vdev "$(wire_vdev "$wire")" -- --path "$kpath" --iface "$K" \
		--netns "$DUT_NS" --stats 0 "$@"
	if ! wait_for_line "$APP_LOG" '^l2fwd-kernel: ready' 90; then
		grep -q "net_rtap.*not" "$APP_ERR" 2>/dev/null && skip "rtap not available"
		show_app_log
		fail "app not ready"
	fi
	wire_attach "$wire"
	dut_addr
	ping_check "$PEER_NS" "$DUT_IP" 10
	# the flood (100 per second) runs for the whole test, through every
	# change; fping's loop mode keeps going when the network is unreachable
	bg "$PEER_NS" fping -l -q -p 10 -t 500 "$DUT_IP" >/dev/null 2>&1
	FLOOD=$BG_PID
}

# ethtool K shows P's speed: tun keeps it; a veth reports its own fixed one
speed_shown()
{
	local sp
	[ "$kpath" = af_xdp ] || [ "$kpath" = af_packet ] && return 0
	sp=$(ip netns exec "$DUT_NS" ethtool "$K" 2>/dev/null | sed -n 's/^\s*Speed: //p')
	assert_eq "$sp" "10000Mb/s" "ethtool $K speed (P reports 10 Gbps)"
	log "ethtool $K: Speed $sp, as P"
}

wire_flap()
{
	local v6=/proc/sys/net/ipv6/conf/$PW/disable_ipv6
	# Quiet wire: the flood paused and no IPv6 from the peer, so that the
	# first frame to K after the flap is the peer's ARP request below. It
	# must get through at once, not with the next request a second later
	# (af_packet K: the error its socket kept from the veth going down,
	# l2k_kport_packet_fixup()).
	kill -STOP "$FLOOD"
	ip netns exec "$PEER_NS" sh -c "echo 1 > $v6"
	ip -n "$PEER_NS" link set "$PW" down
	wait_until 5 k_has NO-CARRIER || { show_app_log; fail "K carrier still on after wire down"; }
	expect_log "link down: kernel $K carrier off" "wire down"
	ip -n "$PEER_NS" link set "$PW" up
	wait_until 5 k_lacks NO-CARRIER || { show_app_log; fail "K carrier off after wire up"; }
	log "wire link down/up -> $K carrier off/on"
	ip -n "$PEER_NS" neigh flush dev "$PW"
	fwd_ok "after wire flap" 500
	ip netns exec "$PEER_NS" sh -c "echo 0 > $v6"
	kill -CONT "$FLOOD"
}

# af_xdp wire: 9000 is above what P takes (refused, K restored); 1400 is applied
mtu_small()
{
	if ip -n "$DUT_NS" link set "$K" mtu 9000 2>/dev/null; then
		expect_log "kernel $K MTU 9000 refused" "MTU 9000 on an af_xdp wire"
		wait_until 5 k_has " mtu 1500 " || fail "K MTU not restored to 1500: $(klink)"
		log "MTU 9000 refused by P, K restored to 1500"
	else
		# a veth whose peer runs XDP: the kernel itself refuses
		log "MTU 9000 refused by the kernel for K"
	fi
	ip -n "$DUT_NS" link set "$K" mtu 1400
	expect_log "kernel $K MTU 1500 -> 1400: applied" "MTU 1400"
	wait_until 5 grep -qx 1400 "/sys/class/net/$VA/mtu" || fail "P's netdev MTU not 1400"
	ip -n "$PEER_NS" link set "$PW" mtu 1400
	ip netns exec "$PEER_NS" ping -c 3 -W 1 -M do -s 1372 "$DUT_IP" >/dev/null ||
		fail "1400-byte packets do not pass at MTU 1400"
	ip -n "$DUT_NS" link set "$K" mtu 1500
	ip -n "$PEER_NS" link set "$PW" mtu 1500
	expect_log "kernel $K MTU 1400 -> 1500: applied" "MTU back to 1500"
	log "MTU 1400 applied to P, full-size pings passed, back to 1500"
}

# rtap wire: 9000 is applied to P; K on rtap takes it too, and jumbo frames
# pass both ways. K on tap in another namespace cannot (net_tap sets the
# MTU by name in the app's namespace): refused, K restored.
mtu_jumbo()
{
	ip -n "$DUT_NS" link set "$K" mtu 9000
	if [ "$kpath" = tap ]; then
		expect_log "kernel $K MTU 9000 refused (" "MTU 9000 on tap"
		wait_until 5 k_has " mtu 1500 " || fail "K MTU not restored to 1500: $(klink)"
		log "MTU 9000 refused for a tap K in another namespace, K restored to 1500"
		return
	fi
	expect_log "kernel $K MTU 1500 -> 9000: applied" "MTU 9000"
	wait_until 5 eval '[ "$(ip netns exec "$PEER_NS" cat /sys/class/net/$PW/mtu)" = 9000 ]' ||
		fail "P's netdev MTU not 9000"
	wait_until 5 k_lacks NO-CARRIER
	ip netns exec "$PEER_NS" ping -c 5 -i 0.2 -W 1 -M do -s 8972 "$DUT_IP" >/dev/null ||
		{ show_app_log; fail "9000-byte pings do not pass"; }
	ip netns exec "$DUT_NS" ping -c 5 -i 0.2 -W 1 -M do -s 8972 "$PEER_IP" >/dev/null ||
		{ show_app_log; fail "9000-byte pings from K do not pass"; }
	log "MTU 9000 applied to P; 9000-byte pings pass both ways"
	ip -n "$DUT_NS" link set "$K" mtu 1500
	expect_log "kernel $K MTU 9000 -> 1500: applied" "MTU back to 1500"
	wait_until 5 k_lacks NO-CARRIER
}

mac_change()
{
	local m=02:00:00:aa:bb:cc
	ip -n "$DUT_NS" link set "$K" address $m
	if [ "$wire" = af_xdp ]; then
		expect_log "kernel $K address $m refused" "MAC on an af_xdp wire"
		wait_until 5 k_lacks "link/ether $m" || fail "K MAC not restored: $(klink)"
		log "MAC refused by af_xdp P, K restored"
	else
		expect_log "kernel $K address" "MAC"
		expect_log "-> $m: applied" "MAC"
		wait_until 5 eval 'ip -n "$PEER_NS" link show "$PW" | grep -qi "link/ether $m"' ||
			fail "P's MAC is not $m"
		ip -n "$PEER_NS" link set "$PW" address 02:00:00:aa:bb:01
		ip -n "$PEER_NS" neigh flush dev "$PW"
		log "MAC applied to P"
	fi
	fwd_ok "after MAC change"
}

up_down()
{
	local a b
	ip -n "$DUT_NS" link set "$K" down
	expect_log "kernel $K down: forwarding stopped" "K down"
	a=$(link_stat "$PEER_NS" "$PW" rx_packets)
	sleep 0.5
	b=$(link_stat "$PEER_NS" "$PW" rx_packets)
	[ $((b - a)) -le 2 ] || fail "peer still received $((b - a)) packets with K down"
	ip -n "$DUT_NS" link set "$K" up
	expect_log "kernel $K up: forwarding resumed" "K up"
	fwd_ok "after K down/up"
}

promisc()
{
	ip -n "$DUT_NS" link set "$K" promisc on
	expect_log "kernel $K promiscuous on: applied" "promisc on"
	if [ "$wire" = af_xdp ]; then
		wait_until 5 eval 'ip link show "$VA" | grep -q PROMISC' || fail "P ($VA) not promiscuous"
	fi
	ip -n "$DUT_NS" link set "$K" promisc off
	expect_log "kernel $K promiscuous off: applied" "promisc off"
	log "promiscuous on/off mirrored to P"
}

rename_move()
{
	ip -n "$DUT_NS" link set "$K" down
	ip -n "$DUT_NS" link set "$K" name "${K}n"
	expect_log "kernel $K renamed ${K}n: still followed" "rename"
	ip -n "$DUT_NS" link set "${K}n" name "$K"
	ip -n "$DUT_NS" link set "$K" up
	expect_log "kernel ${K}n renamed $K" "rename back"
	k_move "$OTHER_NS"
	fwd_ok "K in $OTHER_NS"
	# still followed there: a change made there reaches P
	ip -n "$OTHER_NS" link set "$K" promisc on
	expect_log "kernel $K promiscuous on: applied" "promisc in $OTHER_NS"
	ip -n "$OTHER_NS" link set "$K" promisc off
	log "K renamed and moved to $OTHER_NS: followed, forwarding"
}

delete_recreate()
{
	ip -n "$KNS" link del "$K" || fail "cannot delete $K"
	expect_log "kernel $K deleted: re-creating it" "delete"
	expect_log "kernel $K re-created via $kpath" "re-create"
	KNS=$DUT_NS
	wait_until 10 k_has UP || fail "K not back in $DUT_NS: $(klink)"
	dut_addr
	fwd_ok "after re-creation"
}

many_flaps()
{
	local fd0 fd1 i
	fd0=$(app_fds)
	app_fd_targets > "$L2K_TMP/fds.before"
	for i in $(seq 100); do
		ip -n "$PEER_NS" link set "$PW" down
		ip -n "$PEER_NS" link set "$PW" up
	done
	for i in $(seq 100); do
		ip -n "$DUT_NS" link set "$K" down
		ip -n "$DUT_NS" link set "$K" up
	done
	app_alive || { show_app_log; fail "app died during 200 flaps"; }
	wait_until 5 k_lacks NO-CARRIER || fail "K carrier off after the flaps: $(klink)"
	sleep 0.5
	fwd_ok "after 100 wire flaps and 100 K down/up"
	fd1=$(app_fds_back "$fd0")
	if [ "$fd1" -gt "$fd0" ]; then
		app_fd_targets | comm -13 "$L2K_TMP/fds.before" - | sed 's/^/  new fd: /' >&2
		fail "file descriptors grew from $fd0 to $fd1 during the flaps"
	fi
	log "200 flaps: app alive, fds $fd0 -> $fd1"
}

# the same counters through DPDK telemetry; a bad pair id is refused
telemetry_check()
{
	local out
	command -v dpdk-telemetry.py >/dev/null || { warn "dpdk-telemetry.py not found"; return; }
	out=$(echo "/l2fwd_kernel/stats,0" | timeout 10 dpdk-telemetry.py 2>&1)
	[[ $out == *"\"iface\": \"$K\""* && $out =~ \"mirror_wire_link\":\ [1-9] ]] ||
		fail "telemetry /l2fwd_kernel/stats,0: $out"
	out=$(echo "/l2fwd_kernel/stats,x1" | timeout 10 dpdk-telemetry.py 2>&1)
	[[ $out == *'"/l2fwd_kernel/stats": null'* ]] || fail "telemetry accepted pair 'x1': $out"
	log "telemetry: /l2fwd_kernel/stats,0 has the mirror counters; a bad pair id is refused"
}

finish()
{
	local tkp
	kill -0 "$FLOOD" 2>/dev/null || fail "the ping flood stopped during the test"
	kill "$FLOOD" 2>/dev/null
	wait "$FLOOD" 2>/dev/null
	telemetry_check
	stop_app TERM
	[ "$APP_RC" = 0 ] || { show_app_log; fail "exit status $APP_RC"; }
	assert_contains "$APP_LOG" "l2fwd-kernel: summary iface=$K" "summary"
	cleanup_other
	assert_no_new_links before
	ip -n "$DUT_NS" link show "$K" >/dev/null 2>&1 && fail "$K left in $DUT_NS"
	grep '^l2fwd-kernel: summary' "$APP_LOG" | tr ' ' '\n' | grep '^mirror_' | tr '\n' ' '
	echo
	# the flood went through the app between the changes
	tkp=$(summary_field to_kernel_pkts)
	assert_ge "$tkp" 300 "to_kernel_pkts with the flood running"
}

events()
{
	start
	speed_shown
	wire_flap
	if [ "$wire" = rtap ]; then mtu_jumbo; else mtu_small; fi
	mac_change
	up_down
	promisc
	rename_move
	delete_recreate
	many_flaps
	finish
	local s m=0 r=0
	s=$(grep '^l2fwd-kernel: summary' "$APP_LOG")
	[[ $s =~ \ mirror_mtu=([0-9]+) ]] && m=${BASH_REMATCH[1]}
	[[ $s =~ \ mirror_refused=([0-9]+) ]] && r=${BASH_REMATCH[1]}
	[ $((m + r)) -ge 1 ] || fail "summary counts no MTU change: $s"
	for f in wire_link up promisc rename netns recreate; do
		[[ $s =~ \ mirror_$f=([0-9]+) ]] && [ "${BASH_REMATCH[1]}" -ge 1 ] ||
			fail "summary does not count mirror_$f: $s"
	done
}

on_delete_exit()
{
	start --on-delete exit
	ip -n "$DUT_NS" link del "$K" || fail "cannot delete $K"
	wait_until 30 eval '! app_alive' || { show_app_log; fail "app still running"; }
	stop_app TERM
	[ "$APP_RC" = 0 ] || { show_app_log; fail "exit status $APP_RC after K deleted"; }
	assert_contains "$APP_LOG" "kernel $K deleted: exiting (on-delete=exit)" "app output"
	assert_eq "$(tail -n 1 "$APP_LOG")" "l2fwd-kernel: exit" "last line"
	kill "$FLOOD" 2>/dev/null
	assert_no_new_links before
	log "K deleted with --on-delete exit: clean exit"
}

case $mode in
events) events ;;
exit) on_delete_exit ;;
*) fail "unknown mode '$mode'" ;;
esac
log "PASS"
