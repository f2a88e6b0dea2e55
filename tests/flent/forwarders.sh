# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# The two forwarders of the benchmark, each started the same way on the
# namespace testbed of tests/functional/lib.sh (source after lib.sh,
# measure.sh and pmd-rtap/tests/plugin.sh).
#
#   fwd_check TOOL PATH     prints why TOOL cannot forward over PATH here
#                           (nothing and status 0 when it can)
#   fwd_start TOOL PATH LOG wire_up, TOOL forwarding between the wire and kernel
#                           path PATH; on success K is in DUT_NS with DUT_IP and the
#                           peer's end of the wire (PEER_DEV) in PEER_NS; APP_PID
#   fwd_stop                SIGTERM, wait; FWD_DROPS from its exit statistics
#   fwd_rows_check WHO ROWS ALLOWED..
#                           exits 2 naming the first of ROWS (a --rows list) that
#                           is none of ALLOWED
#
# TOOL: testpmd | l2fwd-kernel. Globals: FWD_WIRE (af_xdp, af_packet, rtap),
# FWD_L2K_ARGS (array: more application options, e.g. --idle-sleep 0),
# FWD_PREFIX (--file-prefix, so that the telemetry socket FWD_SOCK is this
# run's own), TESTPMD, RTAP_SO (net_rtap shared driver for testpmd; may be
# empty).
#
# Both run on lcores 0,1 (0 control, 1 the one forwarding lcore), from
# ordinary memory (--no-huge), without shared runtime files (--no-shconf).
# testpmd: io forwarding, --nb-cores=1, each driver's default ring sizes; the
# kernel port is a TAP netdev (tap, rtap, virtio-user; moved into DUT_NS once
# testpmd started it) or, for af_xdp and af_packet, a veth pair whose DPDK end
# (TAGd) stays in the root namespace, as the application makes it.
#
# shellcheck shell=bash disable=SC2034 # FWD_SOCK and PEER_DEV are the callers'

FWD_SOCK=
FWD_DROPS=-
FWD_L2K_ARGS=()
PEER_DEV=

fwd_rows_check()
{
	local who=$1 rows=$2 r a list
	shift 2
	for r in $rows; do
		for a in "$@"; do
			[ "$r" != "$a" ] || continue 2
		done
		list="$*"
		echo "$who: --rows: unknown row '$r' (${list// /, })" >&2
		exit 2
	done
}

fwd_check()
{
	local tool=$1 p=$2
	case $p in
	tap|rtap|virtio-user) [ -c /dev/net/tun ] || { echo "no /dev/net/tun"; return 1; } ;;
	af_xdp|af_packet) ;;
	*) echo "unknown path"; return 1 ;;
	esac
	if [ "$p" = virtio-user ] && [ ! -c /dev/vhost-net ]; then
		echo "no /dev/vhost-net (CONFIG_VHOST_NET not set)"
		return 1
	fi
	if [ "$p" = rtap ] || [ "$FWD_WIRE" = rtap ]; then
		if [ "$(sysctl -n kernel.io_uring_disabled 2>/dev/null || echo 0)" != 0 ]; then
			echo "io_uring disabled (kernel.io_uring_disabled)"
			return 1
		fi
		if [ "$tool" = testpmd ] && [ -z "$RTAP_SO" ]; then
			echo "no net_rtap shared driver in the build"
			return 1
		fi
	fi
	if [ "$tool" = testpmd ] && [ ! -x "$TESTPMD" ]; then
		echo "dpdk-testpmd not found"
		return 1
	fi
	return 0
}

# veth for testpmd's veth kernel paths: K (into dut) <-> TAGd (DPDK end, root)
_fwd_kveth()
{
	local dpdk_end=${TAG}d
	ip link add "$K" type veth peer name "$dpdk_end" || return 1
	sysctl -qw "net.ipv6.conf.$dpdk_end.disable_ipv6=1" >/dev/null
	_nooffload "" "$K"
	_nooffload "" "$dpdk_end"
	ip link set "$K" netns "$DUT_NS" || return 1
	ip link set "$dpdk_end" up
	echo "$dpdk_end"
}

_fwd_testpmd()
{
	local p=$1 log=$2 kvdev d plugin=()
	if [ "$p" = rtap ] || [ "$FWD_WIRE" = rtap ]; then
		private_plugin "$RTAP_SO" || { warn "cannot copy $RTAP_SO to /run"; return 1; }
		plugin=(-d "$PLUGIN_SO")
	fi
	case $p in
	tap) kvdev="net_tap1,iface=$K" ;;
	rtap) kvdev="net_rtap1,iface=$K" ;;
	virtio-user) kvdev="virtio_user1,path=/dev/vhost-net,iface=$K" ;;
	af_xdp|af_packet)
		d=$(_fwd_kveth) || { warn "cannot create veth $K"; return 1; }
		kvdev="net_${p}1,iface=$d" ;;
	esac
	APP_LOG=$log
	APP_ERR=$log
	log "run: dpdk-testpmd --vdev $WIRE_VDEV --vdev $kvdev"
	"${PLUGIN_EXEC[@]}" "$TESTPMD" -l 0,1 --no-huge -m 1024 --no-shconf \
		--file-prefix "$FWD_PREFIX" --no-pci "${plugin[@]}" \
		--vdev "$WIRE_VDEV" --vdev "$kvdev" -- --forward-mode=io --stats-period 1 \
		--auto-start --nb-cores=1 >"$log" 2>&1 </dev/null &
	APP_PID=$!
	wait_for_line "$log" 'Port statistics' 60 || return 1
	case $p in
	tap|rtap|virtio-user)
		# after testpmd started its ports: K into dut
		ip link set "$K" netns "$DUT_NS" || return 1 ;;
	esac
}

_fwd_l2k()
{
	local p=$1 log=$2
	start_app "$log" -l 0,1 --no-huge --no-shconf --file-prefix "$FWD_PREFIX" \
		--vdev "$WIRE_VDEV" -- --path "$p" --iface "$K" --netns "$DUT_NS" \
		"${FWD_L2K_ARGS[@]}"
	wait_for_line "$APP_LOG" '^l2fwd-kernel: ready' 90
}

fwd_start()
{
	local tool=$1 p=$2 log=$3
	FWD_SOCK=/var/run/dpdk/$FWD_PREFIX/dpdk_telemetry.v2
	FWD_DROPS=-
	wire_up "$FWD_WIRE"
	WIRE_VDEV=$(wire_vdev "$FWD_WIRE")
	PEER_DEV=$VB
	[ "$FWD_WIRE" != rtap ] || PEER_DEV=$VA
	case $tool in
	testpmd) _fwd_testpmd "$p" "$log" ;;
	l2fwd-kernel) _fwd_l2k "$p" "$log" ;;
	*) false ;;
	esac || { show_app_log; return 1; }
	_pidlog "$APP_PID"
	if [ "$FWD_WIRE" = rtap ]; then
		ip link show "$VA" >/dev/null 2>&1 || { warn "wire netdev $VA missing"; return 1; }
		wire_attach rtap
	fi
	ip -n "$DUT_NS" link show "$K" >/dev/null 2>&1 ||
		{ warn "$K not in netns $DUT_NS"; show_app_log; return 1; }
	dut_addr
}

fwd_stop()
{
	local f v
	[ -n "$APP_PID" ] || return 0
	stop_app TERM 20
	if grep -q '^l2fwd-kernel: summary' "$APP_LOG" 2>/dev/null; then
		FWD_DROPS=0
		for f in to_kernel_drops to_wire_drops wire_port_drops kernel_port_drops; do
			v=$(summary_field "$f")
			FWD_DROPS=$((FWD_DROPS + ${v:-0}))
		done
	else
		# testpmd: the block after "Accumulated forward statistics"
		FWD_DROPS=$(awk '/Accumulated forward statistics/ { a = 1 }
			a && /RX-dropped:/ { n += $4 } a && /TX-dropped:/ { n += $4; print n; exit }' \
			"$APP_LOG" 2>/dev/null)
		FWD_DROPS=${FWD_DROPS:--}
	fi
	# the EAL's runtime directory of this prefix (only the telemetry sockets)
	[ -z "$FWD_PREFIX" ] || rm -rf "/var/run/dpdk/$FWD_PREFIX"
}
