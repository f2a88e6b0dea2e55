#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# Fault cases of the data path (issue 7, cases 1-4), each under a ping
# flood from the peer and with TCP transfers whose data is compared:
#
#   fault_data.sh 1   malformed frames from the kernel side (AF_PACKET with
#                     PACKET_VNET_HDR on K: what virtio_net_hdr_to_skb() lets
#                     through reaches rtap's parser) and from the wire side
#                     (raw and virtio-net frames with bad L3/L4 headers, VLAN
#                     and QinQ stacks), rtap wire + rtap K, then af_xdp wire +
#                     rtap K
#   fault_data.sh 2   oversize frames both ways: above the MTU from the peer,
#                     64 kB GSO frames towards and from a K without offloads,
#                     the same with offloads
#   fault_data.sh 3   MTU changes on K (mirrored to P) and on the peer's
#                     interface at 67/68, 1500, 2048/2049, 9000/9001
#   fault_data.sh 4   --mbufs: too few refused with the minimum named; the
#                     minimum under a UDP flood, exhaustion counted, recovery
#
# Each case asserts: the app keeps forwarding (pings, data compared), the
# bad frames are counted (rtap xstats through telemetry, the app's stats
# line), its mbufs in use return to the baseline, and after a clean exit no
# link, fd or XDP program is left.

. "$(dirname "$0")/lib.sh"

fcase=${1:?case 1..4}
# shellcheck disable=SC2034 # lib.sh's
case $fcase in
1) L2K_NAME=fault-1-malformed ;;
2) L2K_NAME=fault-2-oversize ;;
3) L2K_NAME=fault-3-mtu ;;
4) L2K_NAME=fault-4-mbufs ;;
*) echo "fault_data.sh: unknown case '$fcase' (1..4)" >&2; exit 1 ;;
esac

require_pair rtap rtap
[ "$fcase" = 4 ] || require_bpffs # the af_xdp wire of cases 1-3
command -v fping >/dev/null || skip "fping not found"
command -v dpdk-telemetry.py >/dev/null || skip "dpdk-telemetry.py not found (dpdk-dev)"
lib_init "$(lib_tag "fa$fcase")"
FRAMES=$L2K_TOP/tests/functional/fault_frames.py
PREFIX=l2k-$TAG
FLOOD=

plugin_cleanup() { rm -rf "/var/run/dpdk/$PREFIX"; }

# ---- helpers ----

# telemetry: the JSON answer to one command
tel() { echo "$1" | timeout 10 dpdk-telemetry.py -f "$PREFIX" 2>/dev/null | tr -d '\n'; }

# xstat PORT NAME: one extended statistic of a port (rtap's names)
xstat()
{
	tel "/ethdev/xstats,$1" | "$L2K_PY" -c '
import json, sys
try:
    print(json.loads(sys.stdin.read())["/ethdev/xstats"].get(sys.argv[1], "none"))
except Exception:
    print("none")' "$2"
}

# app_mtu: the MTU the app holds for the pair (telemetry)
app_mtu()
{
	tel "/l2fwd_kernel/stats,0" | "$L2K_PY" -c '
import json, sys
print(json.loads(sys.stdin.read())["/l2fwd_kernel/stats"]["mtu"])'
}

xstat_is() { [ "$(xstat "$1" "$2")" = "$3" ]; }
# grew NS DEV FIELD BASE N: a netdev counter is N or more above BASE
grew() { [ $(($(link_stat "$1" "$2" "$3") - $4)) -ge "$5" ]; }
xstat_ge() { local v; v=$(xstat "$1" "$2"); [ "$v" != none ] && [ "$v" -ge "$3" ]; }

# fresh stats line, then one of its fields
stat_now() { next_stats >/dev/null; stats_field "$1"; }
stat_ge() { [ "$(stat_now "$1")" -ge "$2" ]; }
# log_grew TEXT N: more than N lines of the app's output hold TEXT
log_grew() { [ "$(grep -c -- "$1" "$APP_LOG")" -gt "$2" ]; }

mac_of() { ip -n "$1" -o link show "$2" | sed -n 's|.*link/ether \([0-9a-f:]*\).*|\1|p'; }

# fd_launch WIRE KPATH [APP ARGS]: testbed and app (stats every second,
# telemetry under its own prefix); 1 when the app exited before ready
fd_launch()
{
	WIRE=$1 KPATH=$2
	shift 2
	wire_up "$WIRE"
	snapshot_links before
	BASE_XDP_BEFORE=$(xdp_progs)
	start_app "$L2K_TMP/app-$WIRE-$KPATH.log" -l 0,1 --file-prefix "$PREFIX" \
		--vdev "$(wire_vdev "$WIRE")" -- --path "$KPATH" --iface "$K" \
		--netns "$DUT_NS" --stats 1 "$@"
	if ! wait_for_line "$APP_LOG" '^l2fwd-kernel: ready' 90; then
		grep -q "net_rtap.*not" "$APP_ERR" 2>/dev/null && skip "rtap not available"
		app_alive && { show_app_log; fail "app not ready after 90 s"; }
		stop_app
		return 1
	fi
}

# fd_start WIRE KPATH [APP ARGS]: fd_launch, then addresses, a first ping
# and the baseline
fd_start()
{
	fd_launch "$@" || { show_app_log; fail "app exited before ready"; }
	fd_ready
}

fd_ready()
{
	wire_attach "$WIRE"
	dut_addr
	if [ "$WIRE" = rtap ]; then PW=$VA; else PW=$VB; fi
	KMAC=$(mac_of "$DUT_NS" "$K")
	PMAC=$(mac_of "$PEER_NS" "$PW")
	ping_check "$PEER_NS" "$DUT_IP" 10
	fault_baseline
	log "$WIRE wire, $KPATH K: $(grep -o 'offloads: .*' "$APP_LOG" | head -n 1)"
}

# flood_start / flood_stop: 100 pings a second from the peer all along
flood_start()
{
	bg "$PEER_NS" fping -l -q -p 10 -t 500 "$DUT_IP" >/dev/null 2>&1
	FLOOD=$BG_PID
}

flood_stop()
{
	[ -n "$FLOOD" ] || return 0
	kill -0 "$FLOOD" 2>/dev/null || fail "the ping flood stopped during the test"
	kill "$FLOOD" 2>/dev/null
	wait "$FLOOD" 2>/dev/null
	FLOOD=
}

# fd_stop [SLACK]: traffic over; mbufs back, clean exit, nothing left behind
fd_stop()
{
	flood_stop
	ping_check "$PEER_NS" "$DUT_IP" 10
	fault_assert_running "$@"
	stop_app TERM
	[ "$APP_RC" = 0 ] || { show_app_log; fail "exit status $APP_RC"; }
	assert_contains "$APP_LOG" "l2fwd-kernel: summary iface=$K" "summary"
	fd_assert_gone
	rm -rf "/var/run/dpdk/$PREFIX"
	log "$WIRE wire, $KPATH K: clean exit, no link, fd or XDP program left"
}

# fd_assert_gone: fault_assert_gone, where the system-wide count of XDP
# programs may include other workers' (tests running beside this one): then
# none may be attached to our veth
fd_assert_gone()
{
	local i x
	app_alive && fail "app still running"
	assert_no_new_links before
	for i in $(seq 50); do
		x=$(xdp_progs)
		[ "$x" = "?" ] || [ "$x" -le "${BASE_XDP_BEFORE:-0}" ] && return 0
		sleep 0.1
	done
	! ip -d link show dev "$VA" 2>/dev/null | grep -q "prog/xdp" ||
		fail "an XDP program is left on $VA after exit"
	warn "$x XDP programs loaded after exit, ${BASE_XDP_BEFORE:-0} before start;" \
		"none on $VA: other workers'"
}

# frames_bg NS DEV SET COUNT OUT: fault_frames.py in the background
frames_bg()
{
	ip netns exec "$1" "$L2K_PY" "$FRAMES" --iface "$2" --set "$3" --count "$4" \
		--dst "${6:-$PMAC}" --src "${7:-$KMAC}" > "$5" 2>&1 &
	L2K_BG_PIDS="$L2K_BG_PIDS $!"
	BG_PID=$!
}

# refused_list OUT: the vectors the kernel refused, sorted, one line
refused_list() { sed -n 's/^\([a-z0-9_]*\) refused .*/\1/p' "$1" | sort | tr '\n' ' '; }
sent_count() { sed -n 's/^total sent \([0-9]*\) .*/\1/p' "$1"; }

# ---- case 1: malformed frames ----

# what virtio_net_hdr_to_skb() (and dev_validate_header for the runt)
# refuses at send() on Linux 6.x; the set the fuzz target covers instead
KERNEL_REFUSES="csum_offset_past_frame csum_start_in_eth csum_start_past_frame gso_ecn_only \
gso_size_zero gso_tcpv6_on_ipv4 gso_type_unknown runt_13 uso_tcp_offset "
# accepted by packet_snd(), dropped by the kernel's GSO checks before the
# TAP (inet_gso_segment() finds UDP under a TCP GSO type); gso_udp_ufo is
# accepted and fragmented in software (IP fragments reach rtap, no GSO)
KERNEL_DROPS=gso_tcpv4_on_udp
# reach rtap and are malformed for it: more IPv6 extension headers than
# DPDK's parser skips, so the GSO type does not match the parsed L4
RTAP_MALFORMED=2

malformed_rtap_rtap()
{
	local c=20 ko=$L2K_TMP/k-vnet.out wo=$L2K_TMP/w-vnet.out ro=$L2K_TMP/w-raw.out
	local kp wp kr wr m0k m0p d0 kd kw0 pw0

	fd_start rtap rtap
	m0k=$(xstat 1 rx_q0_malformed)
	m0p=$(xstat 0 rx_q0_malformed)
	kw0=$(xstat 1 tx_q0_write_errors)
	pw0=$(xstat 0 tx_q0_write_errors)
	d0=$(link_stat "$DUT_NS" "$K" tx_dropped)
	flood_start
	frames_bg "$DUT_NS" "$K" vnet $c "$ko"
	kp=$BG_PID
	frames_bg "$PEER_NS" "$PW" vnet $c "$wo"
	wp=$BG_PID
	frames_bg "$PEER_NS" "$PW" raw $c "$ro"
	xfer_check "$PEER_NS" "$DUT_NS" "$DUT_IP" 5
	xfer_check "$DUT_NS" "$PEER_NS" "$PEER_IP" 5
	wait "$kp" || { cat "$ko"; fail "frames from K failed"; }
	wait "$wp" || { cat "$wo"; fail "virtio-net frames from the peer failed"; }
	wait "$BG_PID" || { cat "$ro"; fail "raw frames from the peer failed"; }
	kr=$(refused_list "$ko")
	wr=$(refused_list "$wo")
	[ "$kr" = "$KERNEL_REFUSES" ] ||
		fail "the kernel refused on K: '$kr', expected '$KERNEL_REFUSES'"
	[ "$wr" = "$KERNEL_REFUSES" ] ||
		fail "the kernel refused on the peer's TAP: '$wr', expected '$KERNEL_REFUSES'"
	log "kernel refused at send(), both sides: $kr"
	log "sent: K side $(sent_count "$ko"), wire side $(sent_count "$wo") virtio-net +" \
		"$(sent_count "$ro") raw"
	# the kernel's own GSO checks drop these on K before rtap reads them
	kd=$(($(link_stat "$DUT_NS" "$K" tx_dropped) - d0))
	log "dropped by the kernel's GSO checks on $K: $kd ($KERNEL_DROPS x $c)"
	assert_ge "$kd" $c "$K tx_dropped"
	# what reaches rtap and is malformed there: counted, both ports
	wait_until 10 xstat_is 1 rx_q0_malformed $((m0k + RTAP_MALFORMED * c)) ||
		fail "K rx_q0_malformed $(xstat 1 rx_q0_malformed), expected $((m0k + RTAP_MALFORMED * c))"
	wait_until 10 xstat_is 0 rx_q0_malformed $((m0p + RTAP_MALFORMED * c)) ||
		fail "P rx_q0_malformed $(xstat 0 rx_q0_malformed), expected $((m0p + RTAP_MALFORMED * c))"
	assert_ge "$(stat_now kernel_port_drops)" $((RTAP_MALFORMED * c)) "kernel_port_drops"
	assert_ge "$(stats_field wire_port_drops)" $((RTAP_MALFORMED * c)) "wire_port_drops"
	log "rtap counted $((RTAP_MALFORMED * c)) malformed on K and on P (rx_q0_malformed," \
		"kernel_port_drops=$(stats_field kernel_port_drops)" \
		"wire_port_drops=$(stats_field wire_port_drops));" \
		"to_wire_drops=$(stats_field to_wire_drops) to_kernel_drops=$(stats_field to_kernel_drops)"
	# what rtap wrote on, with the header it built, the other kernel took
	assert_eq "$(xstat 1 tx_q0_write_errors)" "$kw0" "K tx_q0_write_errors"
	assert_eq "$(xstat 0 tx_q0_write_errors)" "$pw0" "P tx_q0_write_errors"
	fd_stop
}

# no offloads between an af_xdp P and K: the kernel finishes every frame
# before the TAP, rtap parses nothing; raw frames from the peer pass blindly
malformed_xdp_rtap()
{
	local c=20 ko=$L2K_TMP/k-vnet2.out ro=$L2K_TMP/w-raw2.out kp m0

	fd_start af_xdp rtap
	m0=$(xstat 1 rx_q0_malformed)
	flood_start
	frames_bg "$DUT_NS" "$K" vnet $c "$ko"
	kp=$BG_PID
	frames_bg "$PEER_NS" "$PW" raw $c "$ro" "$KMAC" "$PMAC"
	xfer_check "$PEER_NS" "$DUT_NS" "$DUT_IP" 5
	wait "$kp" || { cat "$ko"; fail "frames from K failed"; }
	wait "$BG_PID" || { cat "$ro"; fail "raw frames from the peer failed"; }
	[ "$(refused_list "$ko")" = "$KERNEL_REFUSES" ] ||
		fail "the kernel refused on K: '$(refused_list "$ko")'"
	assert_eq "$(xstat 1 rx_q0_malformed)" "$m0" "K rx_q0_malformed without offloads"
	assert_eq "$(xstat 1 rx_q0_csum_partial)" 0 "K rx_q0_csum_partial without offloads"
	log "af_xdp wire, rtap K: $(sent_count "$ko") frames from K finished by the kernel," \
		"$(sent_count "$ro") raw frames from the peer forwarded blindly, none malformed"
	fd_stop
}

# ---- case 2: oversize ----

# oversize_rtap KPATH: P is rtap; the peer's TAP (P's netdev) has its MTU
# raised behind the app's back, frames above P's MTU are dropped by P and
# counted; 64 kB GSO frames from the peer: whole to an rtap K (P's LRO), in
# segments the peer's kernel makes when P has no LRO (tap K, no offloads)
oversize_rtap()
{
	local kp=$1 c=20 out=$L2K_TMP/big-$1.out o0 g0 kr0 n

	fd_start rtap "$kp"
	flood_start
	o0=$(xstat 0 rx_q0_oversize)
	g0=$(stats_field to_kernel_gso)
	kr0=$(link_stat "$DUT_NS" "$K" rx_packets)
	ip -n "$PEER_NS" link set "$PW" mtu 9000 || fail "cannot raise $PW's MTU"
	# frames 100 bytes above P's MTU (1500), within the peer's
	ip netns exec "$PEER_NS" "$L2K_PY" "$FRAMES" --iface "$PW" --set big --count $c \
		--mtu 1500 --dst "$PMAC" --src "$PMAC" > "$out" 2>&1 || { cat "$out"; fail "big frames"; }
	n=$(sed -n 's/^above_mtu_icmp sent \([0-9]*\).*/\1/p' "$out")
	assert_eq "$n" $c "above-MTU frames sent by the peer"
	wait_until 10 xstat_is 0 rx_q0_oversize $((o0 + c)) ||
		fail "P rx_q0_oversize $(xstat 0 rx_q0_oversize), expected $((o0 + c))"
	ip netns exec "$PEER_NS" ping -c 3 -i 0.1 -W 1 -s 4000 -M dont "$DUT_IP" >/dev/null 2>&1 &&
		fail "4000-byte pings passed a 1500-byte P"
	ip -n "$PEER_NS" link set "$PW" mtu 1500
	assert_ge "$(stat_now wire_port_drops)" $c "wire_port_drops"
	assert_eq "$(stats_field to_kernel_drops)" 0 "to_kernel_drops (no oversize frame reached K)"
	log "rtap wire, $kp K: $c+ frames above P's MTU from the peer dropped by P" \
		"(rx_q0_oversize $(xstat 0 rx_q0_oversize), wire_port_drops" \
		"$(stats_field wire_port_drops)), none forwarded"
	n=$(sed -n 's/^gso_64k_tcpv4 sent \([0-9]*\).*/\1/p' "$out")
	assert_eq "$n" $c "64 kB GSO frames sent by the peer"
	if [ "$kp" = rtap ]; then
		wait_until 10 stat_ge to_kernel_gso $((g0 + c)) ||
			fail "to_kernel_gso $(stats_field to_kernel_gso): 64 kB frames not passed whole"
		log "64 kB GSO frames from the peer: passed whole to K (to_kernel_gso" \
			"$(stats_field to_kernel_gso))"
	else
		# 64 kB of TCP payload in segments of at most 1460 bytes: 45 each
		wait_until 10 grew "$DUT_NS" "$K" rx_packets "$kr0" $((45 * c)) ||
			fail "K received $(($(link_stat "$DUT_NS" "$K" rx_packets) - kr0)) frames, expected $((45 * c)) segments"
		assert_eq "$(stat_now to_kernel_gso)" 0 "to_kernel_gso with a K without offloads"
		log "64 kB GSO frames from the peer: segmented by the peer's kernel (P has no LRO" \
			"for a tap K), $(($(link_stat "$DUT_NS" "$K" rx_packets) - kr0)) frames reached K"
	fi
	xfer_check "$PEER_NS" "$DUT_NS" "$DUT_IP" 5
	fd_stop
}

# an af_xdp P: no offloads anywhere; 64 kB GSO frames sent on K are
# segmented by the DUT's kernel (K has no TSO), frames above va's MTU from
# the peer are dropped by the veth itself
oversize_xdp()
{
	local c=20 out=$L2K_TMP/big-k.out w0 d0 r0 n

	fd_start af_xdp rtap
	flood_start
	w0=$(stats_field to_wire_pkts)
	r0=$(link_stat "$PEER_NS" "$PW" rx_packets)
	ip netns exec "$DUT_NS" "$L2K_PY" "$FRAMES" --iface "$K" --set big --count $c \
		--dst "$PMAC" --src "$KMAC" --saddr "$DUT_IP" --daddr "$PEER_IP" > "$out" 2>&1 ||
		{ cat "$out"; fail "big frames from K"; }
	grep -q "^above_mtu_icmp refused EMSGSIZE" "$out" ||
		fail "the kernel let an above-MTU frame be sent on K: $(head -n 1 "$out")"
	n=$(sed -n 's/^gso_64k_tcpv4 sent \([0-9]*\).*/\1/p' "$out")
	assert_eq "$n" $c "64 kB GSO frames sent on K"
	wait_until 10 grew "$PEER_NS" "$PW" rx_packets "$r0" $((45 * c)) ||
		fail "the peer received $(($(link_stat "$PEER_NS" "$PW" rx_packets) - r0)) frames, expected $((45 * c))"
	assert_eq "$(stat_now to_wire_gso)" 0 "to_wire_gso without TSO on P"
	assert_eq "$(stats_field to_wire_drops)" 0 "to_wire_drops"
	log "af_xdp wire, rtap K: above-MTU frame refused on K by the kernel (EMSGSIZE);" \
		"$c 64 kB GSO frames segmented by the DUT's kernel: $(($(stats_field to_wire_pkts) - w0))" \
		"frames to the wire, to_wire_gso 0, no drop"
	# the peer's MTU above va's: the veth drops (va's XDP caps vb's MTU)
	d0=$(($(link_stat "" "$VA" rx_dropped) + $(link_stat "$PEER_NS" "$PW" tx_dropped)))
	ip -n "$PEER_NS" link set "$PW" mtu 3000 || fail "cannot raise $PW's MTU to 3000"
	ip netns exec "$PEER_NS" ping -c 5 -i 0.1 -W 1 -s 2500 -M 'do' "$DUT_IP" >/dev/null 2>&1 &&
		fail "2500-byte pings passed a 1500-byte wire"
	ip -n "$PEER_NS" link set "$PW" mtu 1500
	n=$(($(link_stat "" "$VA" rx_dropped) + $(link_stat "$PEER_NS" "$PW" tx_dropped) - d0))
	assert_ge "$n" 5 "frames above va's MTU dropped by the veth"
	log "peer MTU 3000, va 1500: 2500-byte pings dropped by the veth ($n counted on" \
		"$VA rx_dropped / $PW tx_dropped), never reach P"
	xfer_check "$DUT_NS" "$PEER_NS" "$PEER_IP" 5
	fd_stop
}

# ---- case 3: MTU changes ----

klink_mtu() { ip -n "$DUT_NS" -o link show "$K" | sed -n 's/.* mtu \([0-9]*\) .*/\1/p'; }
# P's netdev: va (root netns for af_xdp, peer netns for rtap)
pnet_mtu()
{
	if [ "$WIRE" = rtap ]; then ip netns exec "$PEER_NS" cat "/sys/class/net/$VA/mtu"
	else cat "/sys/class/net/$VA/mtu"; fi
}

# consistent: K's MTU (ip link), P's netdev MTU and the app's are one
mtu_consistent()
{
	local k p a
	k=$(klink_mtu) p=$(pnet_mtu) a=$(app_mtu)
	[ "$k" = "$p" ] && [ "$k" = "$a" ]
}

# mtu_k N: change K's MTU under the flood; the kernel refuses, or the app
# applies it to P, or refuses it and restores K; consistent either way
mtu_k()
{
	local n=$1 before nlines r
	before=$(klink_mtu)
	nlines=$(grep -c "kernel $K MTU" "$APP_LOG")
	if ! ip -n "$DUT_NS" link set "$K" mtu "$n" 2>"$L2K_TMP/ip.err"; then
		assert_eq "$(klink_mtu)" "$before" "K MTU after the kernel refused $n"
		r="refused by the kernel ($(head -n 1 "$L2K_TMP/ip.err"))"
	else
		[ "$n" = "$before" ] && return 0
		wait_until 10 log_grew "kernel $K MTU" "$nlines" ||
			{ show_app_log; fail "MTU $n: the app said nothing"; }
		r=$(grep "kernel $K MTU" "$APP_LOG" | tail -n 1)
		r=${r#l2fwd-kernel: }
	fi
	wait_until 10 mtu_consistent ||
		fail "MTU $n: K $(klink_mtu), P's netdev $(pnet_mtu), app $(app_mtu) differ"
	MTU_STEPS=$((MTU_STEPS + 1))
	log "K MTU $n: $r -> K=P=app $(klink_mtu)"
}

# mtu_peer N: the peer's interface alone; K and P stay as they are, and
# frames above P's MTU the peer now sends are dropped on the way (by P,
# counted as oversize, on an rtap wire; by the veth on an af_xdp wire)
mtu_peer()
{
	local n=$1 k o d
	k=$(klink_mtu)
	# rtap wire: the peer's interface is P's netdev, changed behind the
	# app's back; af_xdp wire: vb, whose MTU the XDP program on va caps
	if ! ip -n "$PEER_NS" link set "$PW" mtu "$n" 2>"$L2K_TMP/ip.err"; then
		log "peer MTU $n: refused by the kernel ($(head -n 1 "$L2K_TMP/ip.err"))"
		return 0
	fi
	if [ "$n" -gt "$k" ]; then
		o=$(xstat 0 rx_q0_oversize)
		d=$(($(link_stat "" "$VA" rx_dropped) + $(link_stat "$PEER_NS" "$PW" tx_dropped)))
		ip netns exec "$PEER_NS" ping -c 3 -i 0.1 -W 1 -M 'do' -s $((n - 28)) "$DUT_IP" \
			>/dev/null 2>&1 && fail "$n-byte pings passed a $k-byte P"
		if [ "$WIRE" = rtap ]; then
			wait_until 5 xstat_is 0 rx_q0_oversize $((o + 3)) ||
				fail "P rx_q0_oversize $(xstat 0 rx_q0_oversize), expected $((o + 3))"
			o="P dropped and counted 3 $n-byte pings (rx_q0_oversize)"
		else
			d=$(($(link_stat "" "$VA" rx_dropped) + $(link_stat "$PEER_NS" "$PW" tx_dropped) - d))
			assert_ge "$d" 3 "$n-byte pings dropped by the veth"
			o="the veth dropped 3 $n-byte pings"
		fi
	fi
	app_alive || { show_app_log; fail "app died at peer MTU $n"; }
	assert_eq "$(klink_mtu)" "$k" "K MTU after the peer's MTU $n"
	assert_eq "$(app_mtu)" "$k" "app MTU after the peer's MTU $n"
	MTU_STEPS=$((MTU_STEPS + 1))
	log "peer MTU $n: K and the app stay at $k${o:+; $o}"
}

mtu_config()
{
	local n
	MTU_STEPS=0
	fd_start "$1" "$2"
	flood_start
	for n in 67 68 1500 2048 2049 1500 9000 9001 9000; do
		mtu_k $n
	done
	if [ "$WIRE" = rtap ] && [ "$(klink_mtu)" = 9000 ]; then
		ip netns exec "$PEER_NS" ping -c 5 -i 0.2 -W 1 -M 'do' -s 8972 "$DUT_IP" >/dev/null ||
			{ show_app_log; fail "9000-byte pings do not pass at MTU 9000"; }
		log "MTU 9000 on K and P: 9000-byte pings pass"
	fi
	# an af_xdp P receives a frame into one mbuf, after 256 bytes of XDP
	# headroom: 1792 bytes (1774 of MTU with a VLAN tag); above, the app
	# refuses, and at the limit the largest frames pass both ways
	if [ "$WIRE" = af_xdp ]; then
		mtu_k 1775
		assert_eq "$(klink_mtu)" 1500 "K MTU after 1775 on an af_xdp P"
		grep -q "MTU 1775 refused (above the 1774 port 0 (net_af_xdp0) carries: net_af_xdp receives a frame into one 2048-byte mbuf" "$APP_LOG" ||
			{ show_app_log; fail "no refusal naming the af_xdp limit for MTU 1775"; }
	fi
	if [ "$WIRE" = af_xdp ] && [ "$KPATH" = rtap ]; then
		mtu_k 1774
		assert_eq "$(klink_mtu)" 1774 "K MTU after 1774 on an af_xdp P"
		ip -n "$PEER_NS" link set "$PW" mtu 1774
		ip netns exec "$PEER_NS" ping -c 5 -i 0.2 -W 1 -M 'do' -s 1746 "$DUT_IP" >/dev/null ||
			{ show_app_log; fail "1774-byte pings peer -> dut do not pass at MTU 1774"; }
		ip netns exec "$DUT_NS" ping -c 5 -i 0.2 -W 1 -M 'do' -s 1746 "$PEER_IP" >/dev/null ||
			{ show_app_log; fail "1774-byte pings dut -> peer do not pass at MTU 1774"; }
		ip -n "$PEER_NS" link set "$PW" mtu 1500
		log "af_xdp P: 1774-byte pings pass both ways at MTU 1774"
	fi
	mtu_k 1500
	for n in 67 68 2048 2049 9000 9001 1500; do
		mtu_peer $n
	done
	wait_until 10 mtu_consistent || fail "MTU not consistent at the end"
	ping_check "$PEER_NS" "$DUT_IP" 10
	xfer_check "$PEER_NS" "$DUT_NS" "$DUT_IP" 5
	xfer_check "$DUT_NS" "$PEER_NS" "$PEER_IP" 5
	log "$1 wire, $2 K: $MTU_STEPS MTU changes under the flood, traffic flows at 1500"
	fd_stop
}

# ---- case 4: mbuf pool exhaustion ----

# the minimum the app named for a too small --mbufs (for the port it names)
mbufs_min()
{
	sed -n 's/.*mbufs [0-9]* is too few to fill its rings: at least \([0-9]*\) needed.*/\1/p' \
		"$APP_ERR" | head -n 1
}

# --mbufs: too few refused, before anything runs, with the minimum of the
# port set up (K, then P); the smallest N both take works, runs dry under
# 4+4 TCP streams (each rtap read holds 33 mbufs for a 64 kB GSO frame),
# counts it (rx_nombuf in the port drops) and recovers when the load stops
mbufs_case()
{
	local n=100 min i up d0 p0 k0 w0 dk dp kn wn

	for i in 1 2 3; do
		fd_launch rtap rtap --mbufs "$n" && break
		[ "$APP_RC" = 1 ] || { show_app_log; fail "--mbufs $n: exit status $APP_RC"; }
		min=$(mbufs_min)
		if [ -z "$min" ] || [ "$min" -le "$n" ]; then
			show_app_log
			fail "--mbufs $n refused without naming a larger minimum"
		fi
		assert_eq "$(tail -n 1 "$APP_LOG")" "l2fwd-kernel: exit" "last line"
		fd_assert_gone
		log "--mbufs $n refused: $(grep -o 'error: .*' "$APP_ERR")"
		n=$min
	done
	app_alive || fail "--mbufs $n, the minimum named, not accepted either"
	assert_eq "$(grep -c "mempool $n mbufs" "$APP_LOG")" 2 "pools of $n mbufs"
	fd_ready
	log "--mbufs $n, the minimum named, accepted: 2 pools of $n mbufs," \
		"$BASE_MBUFS in use at rest (rtap's posted reads)"
	d0=$(stats_field kernel_port_drops)
	p0=$(stats_field wire_port_drops)
	k0=$(xstat 1 rx_q0_nombuf)
	w0=$(xstat 0 rx_q0_nombuf)
	flood_start
	ip netns exec "$PEER_NS" iperf3 -s -1 -D -p 5299 >/dev/null 2>&1
	ip netns exec "$DUT_NS" iperf3 -s -1 -D -p 5298 >/dev/null 2>&1
	sleep 0.5
	ip netns exec "$DUT_NS" timeout 30 iperf3 -c "$PEER_IP" -p 5299 -t 5 -P 4 \
		> "$L2K_TMP/iperf-up.txt" 2>&1 &
	up=$!
	L2K_BG_PIDS="$L2K_BG_PIDS $up"
	ip netns exec "$PEER_NS" timeout 30 iperf3 -c "$DUT_IP" -p 5298 -t 5 -P 4 \
		> "$L2K_TMP/iperf-down.txt" 2>&1 || warn "iperf3 peer -> dut: $(tail -n 1 "$L2K_TMP/iperf-down.txt")"
	wait "$up" || warn "iperf3 dut -> peer: $(tail -n 1 "$L2K_TMP/iperf-up.txt")"
	log "4 TCP streams each way: $(grep -h 'SUM.*receiver' "$L2K_TMP"/iperf-*.txt |
		awk '{print $6, $7}' | tr '\n' ' ')"
	dk=$(($(stat_now kernel_port_drops) - d0))
	dp=$(($(stats_field wire_port_drops) - p0))
	log "pool exhaustion counted: kernel_port_drops +$dk, wire_port_drops +$dp" \
		"(rtap rx_q0_nombuf K +$(($(xstat 1 rx_q0_nombuf) - k0))," \
		"P +$(($(xstat 0 rx_q0_nombuf) - w0)))"
	assert_ge $((dk + dp)) 1 "drops counted while the pools ran dry"
	# each failed allocation counted once (ethdev's rx_nombuf, not twice)
	kn=$(($(xstat 1 rx_q0_nombuf) - k0))
	wn=$(($(xstat 0 rx_q0_nombuf) - w0))
	dk=$(($(stat_now kernel_port_drops) - d0))
	dp=$(($(stats_field wire_port_drops) - p0))
	if [ "$dk" -lt "$kn" ] || { [ "$kn" -gt 0 ] && [ "$dk" -ge $((2 * kn)) ]; } ||
	   [ "$dp" -lt "$wn" ] || { [ "$wn" -gt 0 ] && [ "$dp" -ge $((2 * wn)) ]; }; then
		fail "port drops (K +$dk, P +$dp) do not match rtap's rx_nombuf (K +$kn, P +$wn)"
	fi
	xfer_check "$PEER_NS" "$DUT_NS" "$DUT_IP" 5
	xfer_check "$DUT_NS" "$PEER_NS" "$PEER_IP" 5
	fd_stop 64
}

case $fcase in
1)
	malformed_rtap_rtap
	malformed_xdp_rtap
	;;
2)
	oversize_rtap tap
	oversize_rtap rtap
	oversize_xdp
	log "chains longer than IOV_MAX: not produced by any path (longest: 33 mbufs," \
		"a 64 kB GSO frame in 2 kB mbufs); rtap refuses > 64 segments on TX," \
		"posts <= 128 iovecs on RX (pmd-rtap unit test)"
	;;
3)
	mtu_config rtap rtap
	mtu_config af_xdp tap
	mtu_config af_xdp rtap
	;;
4)
	mbufs_case
	;;
esac
log "PASS"
