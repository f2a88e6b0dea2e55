#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# Fault cases 9 and 10 of issue 7: a degraded host, missing privileges, and
# each path run with exactly the capabilities it needs.
#
#   fault_env.sh uring      io_uring disabled (kernel.io_uring_disabled=2, set
#                           for the start-up only, restored by a trap; the
#                           l2k-nouring seccomp wrapper where the sysctl is
#                           missing): auto passes over rtap, saying why, and
#                           comes up on af_xdp; --path rtap is refused naming
#                           the sysctl
#   fault_env.sh vhost      no /dev/vhost-net (hidden when the host has one):
#                           auto says why virtio-user was skipped and runs
#                           rtap;
#                           --path virtio-user is refused naming the device
#   fault_env.sh bpffs      bpffs unmounted in the app's private mount
#                           namespace (never the host's), io_uring refused so
#                           that auto gets past rtap: auto mounts it there and
#                           runs af_xdp; where it cannot be mounted, auto says
#                           so and runs af_packet
#   fault_env.sh nohuge     no hugepages (hidden when the host has some): no
#                           flag needed, and --in-memory (as a unit file may
#                           give) still starts
#   fault_env.sh caps       as root with one capability dropped at a time
#                           (capsh --drop): an explicit path that needs it is
#                           refused naming capability and path, non-zero exit,
#                           nothing left; auto (io_uring refused, so that it
#                           gets past rtap, which needs CAP_NET_ADMIN alone)
#                           picks a path that works and says why the others
#                           were skipped
#   fault_env.sh leastpriv  each testable path as user nobody with exactly its
#                           capability set (capsh --user --addamb), real
#                           traffic; the set minus any one is refused by name;
#                           auto with the systemd unit's set and wire
#
# Topology, so that the wire port needs no capability of its own beyond
# CAP_NET_ADMIN: the app runs inside the dut namespace (ip netns exec, then a
# mount namespace of its own); its wire port P is a net_tap (TAGw) joined by
# the test to a bridge (TAGs) with the veth TAGa, whose peer TAGb carries the
# peer address in the peer namespace. K is created in dut (no --netns, except
# the --netns runs). Each traffic run checks: ping both ways, a TCP transfer
# with hashes compared, mbufs and fds back to the baseline, clean exit,
# nothing left behind (links, XDP programs).

. "$(dirname "$0")/lib.sh"

what=${1:?case: uring vhost bpffs nohuge caps leastpriv}
L2K_NAME="fault-env-$what"
XFER_MB=${L2K_FAULT_XFER_MB:-2}
AUTO_ORDER="virtio-user rtap af_xdp af_packet tap"

require_root
require_app
require_tun
command -v capsh >/dev/null || skip "capsh not found (libcap2-bin, see devtools/setup-deps.sh)"
command -v unshare >/dev/null || skip "unshare not found (util-linux)"
command -v fping >/dev/null || skip "fping not found"

case $what in
uring) t=u ;; vhost) t=v ;; bpffs) t=b ;; nohuge) t=h ;; caps) t=c ;; leastpriv) t=l ;;
*) fail "unknown case '$what'" ;;
esac
lib_init "$(lib_tag "fc$t")"
WIRE=${TAG}w
BRIDGE=${TAG}s
KNS=l2k-$TAG-k
have_rtap() { [ -f "$(dirname "$L2K_APP")/../pmd-rtap/librte_net_rtap.so" ]; }
# the path auto runs where nothing is missing but vhost-net
auto_first() { if have_rtap; then echo rtap; else echo af_xdp; fi; }

URING_SYSCTL=/proc/sys/kernel/io_uring_disabled
URING_SAVED=

uring_restore()
{
	[ -n "$URING_SAVED" ] || return 0
	echo "$URING_SAVED" > "$URING_SYSCTL" ||
		warn "cannot restore kernel.io_uring_disabled=$URING_SAVED"
	log "kernel.io_uring_disabled restored to $URING_SAVED"
	URING_SAVED=
}

plugin_cleanup()
{
	uring_restore
	ip netns del "$KNS" 2>/dev/null || true
}

# io_uring off for the next start-up only (uring_restore once it is decided)
URING_HOW=
uring_off()
{
	[ "$URING_HOW" = sysctl ] || return 0
	URING_SAVED=$(cat "$URING_SYSCTL")
	echo 2 > "$URING_SYSCTL" || fail "cannot set kernel.io_uring_disabled=2"
	log "kernel.io_uring_disabled=2 (was $URING_SAVED) for this start-up"
}

# ---- topology ----

env_up()
{
	testbed_down quiet
	ip netns add "$PEER_NS" || fail "cannot create netns $PEER_NS"
	ip netns add "$DUT_NS" || fail "cannot create netns $DUT_NS"
	ip -n "$PEER_NS" link set lo up
	ip -n "$DUT_NS" link set lo up
	# made in the root namespace and moved: a veth made across namespaces
	# may keep NO-CARRIER on some kernels
	ip link add "$VA" type veth peer name "$VB" || fail "cannot create veth $VA/$VB"
	ip link set "$VA" netns "$DUT_NS" && ip link set "$VB" netns "$PEER_NS" ||
		fail "cannot move the veth ends"
	ip netns exec "$PEER_NS" sysctl -qw "net.ipv6.conf.$VB.disable_ipv6=1" >/dev/null
	# wire-sized frames, as from a NIC (an AF_PACKET wire would see GSO frames)
	_nooffload "$PEER_NS" "$VB"
	_nooffload "$DUT_NS" "$VA"
	ip -n "$PEER_NS" addr add "$PEER_IP/24" dev "$VB"
	ip -n "$PEER_NS" link set "$VB" up || fail "cannot set $VB up"
	ip -n "$DUT_NS" link add "$BRIDGE" type bridge || fail "cannot create bridge $BRIDGE"
	ip -n "$DUT_NS" link set "$VA" master "$BRIDGE"
	ip -n "$DUT_NS" link set "$BRIDGE" up
	ip -n "$DUT_NS" link set "$VA" up
	# a file that open() refuses (ENXIO): what /dev/vhost-net becomes when hidden
	"$L2K_PY" -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' \
		"$L2K_TMP/novhost" || fail "cannot create $L2K_TMP/novhost"
}

# the app's wire port joins the bridge: its netdev gets an address of its
# own, or the bridge would take frames for P's MAC (= K's) as its own
wire_join()
{
	ip -n "$DUT_NS" link set "$WIRE" address 02:00:00:00:fc:01 &&
		ip -n "$DUT_NS" link set "$WIRE" master "$BRIDGE" &&
		ip -n "$DUT_NS" link set "$WIRE" up || fail "cannot join $WIRE to $BRIDGE"
}

# ---- how the app is run ----

# env_wrap [--bpffs mounted|absent|unmountable] [--novhost] [--nohuge]
#          [--nouring] [--memlock KIB] [--drop CAPS] [--user CAPS]
# Sets L2K_WRAP for the next run: inside dut, in a private mount namespace
# (whatever is mounted or hidden there never reaches the host), as root
# with CAPS dropped, or as nobody with exactly CAPS (comma list, cap_x;
# "none": no capability at all).
env_wrap()
{
	local bpffs=mounted novhost=0 nohuge=0 nouring=0 memlock='' drop='' user='' w
	while [ $# -gt 0 ]; do
		case $1 in
		--bpffs) bpffs=$2; shift ;;
		--novhost) novhost=1 ;;
		--nohuge) nohuge=1 ;;
		--nouring) nouring=1 ;;
		--memlock) memlock=$2; shift ;;
		--drop) drop=$2; shift ;;
		--user) user=$2; shift ;;
		*) fail "env_wrap: unknown option $1" ;;
		esac
		shift
	done
	w=$L2K_TMP/wrap.sh
	{
		echo '#!/bin/bash'
		echo 'set -e'
		case $bpffs in
		mounted) echo 'mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf' ;;
		absent) echo '! mountpoint -q /sys/fs/bpf || umount /sys/fs/bpf'
			echo '! mountpoint -q /sys/fs/bpf' ;;
		unmountable) echo '! mountpoint -q /sys/fs/bpf || umount /sys/fs/bpf'
			echo 'mount -t tmpfs -o ro,size=4k l2k-nobpffs /sys/fs' ;;
		esac
		[ "$novhost" = 0 ] ||
			echo "[ ! -e /dev/vhost-net ] || mount --bind $L2K_TMP/novhost /dev/vhost-net"
		[ "$nohuge" = 0 ] || echo '[ ! -d /sys/kernel/mm/hugepages ] ||' \
			'mount -t tmpfs -o ro,size=4k l2k-nohuge /sys/kernel/mm/hugepages'
		[ -z "$memlock" ] || echo "ulimit -l $memlock"
		local pre=
		[ "$nouring" = 0 ] || pre="$L2K_NOURING "
		if [ -n "$drop" ]; then
			echo "exec capsh --drop=$drop -- -c 'exec \"\$0\" \"\$@\"' $pre\"\$@\""
		elif [ "$user" = none ]; then
			echo "exec capsh --user=nobody -- -c 'exec \"\$0\" \"\$@\"' $pre\"\$@\""
		elif [ -n "$user" ]; then
			echo "exec capsh --caps='$user+eip cap_setuid,cap_setgid,cap_setpcap+ep'" \
				"--keep=1 --user=nobody --addamb=$user -- -c 'exec \"\$0\" \"\$@\"'" \
				"$pre\"\$@\""
		else
			echo "exec $pre\"\$@\""
		fi
	} > "$w"
	chmod 755 "$w"
	L2K_WRAP="ip netns exec $DUT_NS unshare -m --propagation private $w"
}

# ---- assertions on the path lines ----

chosen_path()
{
	sed -nE 's/^l2fwd-kernel: path ([a-z_-]+): chosen \(.*\)$/\1/p' "$APP_LOG"
}

# expect_skip PATH TEXT: auto skipped PATH and the reason contains TEXT
expect_skip()
{
	local l
	l=$(grep "^l2fwd-kernel: path $1: skipped: " "$APP_LOG") ||
		{ show_app_log; fail "no 'path $1: skipped: ...' line"; }
	[[ $l == *"$2"* ]] || { show_app_log; fail "path $1 skipped, but not for '$2': $l"; }
	log "  $l"
}

# expect_chosen PATH: auto chose PATH, and said why for each path ranked before it
expect_chosen()
{
	local c p
	c=$(chosen_path)
	[ "$c" = "$1" ] || { show_app_log; fail "auto chose '$c', expected $1"; }
	for p in $AUTO_ORDER; do
		[ "$p" != "$c" ] || break
		grep -qE "^l2fwd-kernel: path $p: skipped: .+" "$APP_LOG" ||
			{ show_app_log; fail "path $p ranks before $c but no line says why it was skipped"; }
	done
	log "  $(grep "^l2fwd-kernel: path $c: chosen" "$APP_LOG")"
}

# nothing_left NAME: as fault_assert_gone NAME (no link left, XDP programs
# system-wide back to their count), except that on a host where other test
# runs load XDP programs meanwhile, a higher count is reported, not failed,
# when no link of our namespaces (the only ones the app touches) has one
nothing_left()
{
	local x ns
	app_alive && fail "$1: app still running"
	assert_no_new_links "$1"
	x=$(xdp_progs)
	[ "$x" = "?" ] || [ "$x" -le "${BASE_XDP_BEFORE:-0}" ] && return 0
	for ns in "$DUT_NS" "$KNS"; do
		[ -e "/run/netns/$ns" ] || continue
		! ip -n "$ns" -d link show | grep -qE 'prog/xdp| xdp(generic|drv|offload)? ' ||
			fail "$1: XDP program left on a link in $ns: $(ip -n "$ns" -d link show)"
	done
	log "note: $x XDP programs system-wide after $1, $BASE_XDP_BEFORE before, none on" \
		"our links (another test's?)"
}

# expect_identity CAPS: the app runs as nobody with exactly CAPS effective
EXPECT_USER=
expect_identity()
{
	local st uid eff want
	st=$(cat "/proc/$APP_PID/status") || fail "no /proc/$APP_PID/status"
	uid=$(echo "$st" | awk '/^Uid:/ {print $2}')
	eff=$(echo "$st" | awk '/^CapEff:/ {print $2}')
	want=$(capsh --decode="$eff" | sed 's/.*=//')
	assert_eq "$uid" 65534 "uid of the app"
	assert_eq "$(echo "$want" | tr ',' '\n' | sort | tr '\n' ' ')" \
		"$(echo "$1" | tr ',' '\n' | sort | tr '\n' ' ')" "effective capabilities of the app"
	log "app runs as uid $uid with $want (CapEff $eff)"
}

# ---- runs ----

# traffic_run NAME KNS [APP ARGS...]: start (wrapped by env_wrap), wait for
# ready, join the wire, traffic both ways with the fault-case checks, stop,
# clean exit and nothing left. K's namespace is KNS (dut unless --netns).
# Returns with APP_LOG kept for the caller's checks of the path lines.
RUN_SUMMARY=
RUN_WIRE=tap
MOVE_K=
traffic_run()
{
	local name=$1 kns=$2 rx0 rx1
	shift 2
	snapshot_links "$name"
	BASE_XDP_BEFORE=$(xdp_progs)
	if [ "$RUN_WIRE" = af_packet ]; then
		start_app "$L2K_TMP/$name.log" -l 0,1 --vdev "net_af_packet0,iface=$VA" -- \
			--iface "$K" --stats 1 "$@"
	else
		start_app "$L2K_TMP/$name.log" -l 0,1 --vdev "net_tap0,iface=$WIRE" -- \
			--iface "$K" --stats 1 "$@"
	fi
	wait_ready 90
	uring_restore
	[ -z "$EXPECT_USER" ] || expect_identity "$EXPECT_USER"
	[ "$RUN_WIRE" = af_packet ] || wire_join
	if [ -n "$MOVE_K" ]; then
		# moved by a user after start, to where the app cannot follow it
		ip -n "$DUT_NS" link set "$K" netns "$kns" || fail "cannot move $K to $kns"
		wait_for_line "$APP_LOG" "kernel $K moved to a network namespace this application cannot see" 10 ||
			{ show_app_log; fail "no warning that $K cannot be followed"; }
		log "  $(grep "kernel $K moved to" "$APP_LOG")"
	fi
	# K has a new MAC each run (P's, random): forget the last run's
	ip -n "$PEER_NS" neigh flush dev "$VB"
	ip -n "$kns" addr add "$DUT_IP/24" dev "$K" || fail "cannot add $DUT_IP to $K in $kns"
	ip -n "$kns" link set "$K" up || fail "cannot set $K up in $kns"
	fault_baseline
	PING_SENT=0
	XFER_BYTES=0
	rx0=$(stats_field to_kernel_pkts)
	ping_check "$PEER_NS" "$DUT_IP" 20
	xfer_check "$PEER_NS" "$kns" "$DUT_IP" "$XFER_MB"
	ping_check "$kns" "$PEER_IP" 10
	kns_follow "$kns"
	fault_assert_running
	rx1=$(stats_field to_kernel_pkts)
	MBUFS_AFTER=$(stats_field mbufs_in_use)
	stop_app TERM
	[ "$APP_RC" = 0 ] || { show_app_log; fail "$name: exit status $APP_RC"; }
	assert_eq "$(tail -n 1 "$APP_LOG")" "l2fwd-kernel: exit" "$name: last line"
	nothing_left "$name"
	RUN_SUMMARY="$(chosen_path): $PING_SENT pings, $XFER_BYTES bytes verified,"
	RUN_SUMMARY+=" to_kernel_pkts $rx0 -> $rx1, mbufs in use $BASE_MBUFS -> $MBUFS_AFTER"
	log "$name: ok: $RUN_SUMMARY"
}

# refused NAME TEXT... -- APP ARGS: the app (wrapped by env_wrap) exits
# non-zero with "l2fwd-kernel: error: ..." containing each TEXT, before
# ready, leaving nothing behind
refused()
{
	local name=$1 texts=() t e
	shift
	while [ "$1" != -- ]; do texts+=("$1"); shift; done
	shift
	snapshot_links "$name"
	BASE_XDP_BEFORE=$(xdp_progs)
	run_app "$L2K_TMP/$name.log" -l 0,1 --vdev "net_tap0,iface=$WIRE" -- --iface "$K" "$@"
	uring_restore
	[ "$APP_RC" != 0 ] || { show_app_log; fail "$name: exit status 0"; }
	[ "$APP_RC" -lt 124 ] || { show_app_log; fail "$name: timed out or crashed ($APP_RC)"; }
	assert_not_contains "$APP_LOG" "l2fwd-kernel: ready" "$name: stdout"
	e=$(grep '^l2fwd-kernel: error: ' "$APP_ERR" | head -n 1)
	for t in "${texts[@]}"; do
		[[ $e == *"$t"* ]] || { show_app_log; fail "$name: error does not say '$t': $e"; }
	done
	nothing_left "$name"
	log "$name: refused (status $APP_RC): ${e#l2fwd-kernel: error: }"
}

# ---- case 9: degraded host ----

case_uring()
{
	local how
	have_rtap || skip "net_rtap not built: there is no io_uring path to fall back from"
	if [ -w "$URING_SYSCTL" ]; then
		how=sysctl
	elif [ -x "$L2K_NOURING" ]; then
		how=seccomp
		log "no writable $URING_SYSCTL: io_uring refused by l2k-nouring (seccomp) instead"
	else
		skip "neither kernel.io_uring_disabled nor l2k-nouring to disable io_uring"
	fi
	URING_HOW=$how
	local nour=()
	[ "$how" = sysctl ] || nour=(--nouring)

	env_wrap --novhost "${nour[@]}"
	uring_off
	traffic_run uring-auto "$DUT_NS"
	if [ "$how" = sysctl ]; then
		expect_skip rtap "io_uring unavailable: Operation not permitted (sysctl kernel.io_uring_disabled=2)"
	else
		expect_skip rtap "io_uring unavailable: Operation not permitted"
	fi
	expect_chosen af_xdp
	local s1=$RUN_SUMMARY

	env_wrap "${nour[@]}"
	uring_off
	if [ "$how" = sysctl ]; then
		refused uring-rtap "path rtap" "io_uring unavailable" "kernel.io_uring_disabled=2" -- \
			--path rtap
	else
		refused uring-rtap "path rtap" "io_uring unavailable" -- --path rtap
	fi
	log "RESULT auto -> $s1; --path rtap refused"
}

case_vhost()
{
	[ -e /dev/vhost-net ] && log "host has /dev/vhost-net: hidden in the app's mount namespace"
	env_wrap --novhost
	traffic_run vhost-auto "$DUT_NS"
	expect_skip virtio-user "/dev/vhost-net not available"
	expect_chosen "$(auto_first)"
	local s1=$RUN_SUMMARY
	refused vhost-virtio "path virtio-user" "/dev/vhost-net not available" -- --path virtio-user
	log "RESULT auto -> $s1; --path virtio-user refused"
}

host_bpffs() { grep ' /sys/fs/bpf ' /proc/self/mountinfo | cut -d' ' -f1-5 | tr '\n' ' '; }

case_bpffs()
{
	local before s1
	before=$(host_bpffs)

	# not mounted where the app runs, but it may mount it: it does, for af_xdp
	# (io_uring refused: auto gets past rtap, which needs no bpffs)
	env_wrap --novhost --nouring --bpffs absent
	traffic_run bpffs-mount "$DUT_NS"
	assert_contains "$APP_LOG" "l2fwd-kernel: mounted bpffs on /sys/fs/bpf for AF_XDP"
	expect_chosen af_xdp
	s1=$RUN_SUMMARY

	# not mounted, and /sys/fs/bpf is not there to mount it on
	env_wrap --novhost --nouring --bpffs unmountable
	traffic_run bpffs-none "$DUT_NS"
	expect_skip af_xdp "bpffs is not mounted on /sys/fs/bpf and mounting it failed"
	expect_chosen af_packet

	assert_eq "$(host_bpffs)" "$before" "the host's bpffs mounts"
	log "host bpffs untouched: ${before:-none}"
	log "RESULT mountable -> $s1; unmountable -> $RUN_SUMMARY"
}

case_nohuge()
{
	local s1
	env_wrap --novhost --nohuge
	traffic_run nohuge-auto "$DUT_NS"
	assert_contains "$APP_LOG" "no hugepages reserved: running from ordinary memory (--no-huge)"
	expect_chosen "$(auto_first)"
	s1=$RUN_SUMMARY
	# the unit file's EAL options: --in-memory must not clash with --no-huge
	env_wrap --novhost --nohuge
	L2K_EAL_EXTRA="$L2K_EAL_EXTRA --in-memory" traffic_run nohuge-inmem "$DUT_NS"
	assert_contains "$APP_LOG" "no hugepages reserved"
	log "RESULT no flag -> $s1; --in-memory -> $RUN_SUMMARY"
}

# ---- case 10: missing privileges ----

case_caps()
{
	local s_raw s_sys s_bpf s_bc

	# CAP_NET_ADMIN: every path needs it
	env_wrap --drop cap_net_admin
	refused caps-net_admin-tap "path tap" "needs CAP_NET_ADMIN" -- --path tap
	refused caps-net_admin-auto "every kernel path" "needs CAP_NET_ADMIN" --

	# CAP_NET_RAW: the redirect paths, and a wire port on AF_PACKET
	env_wrap --drop cap_net_raw
	refused caps-net_raw-af_packet "path af_packet" "needs CAP_NET_RAW" -- --path af_packet
	L2K_EAL_EXTRA="$L2K_EAL_EXTRA --vdev net_af_packet1,iface=$VA" refused caps-net_raw-wire "wire port net_af_packet1" "needs CAP_NET_RAW" -- --path tap
	# io_uring refused too, so that auto gets past rtap to the paths that
	# need CAP_NET_RAW
	env_wrap --novhost --nouring --drop cap_net_raw
	traffic_run caps-net_raw-auto "$DUT_NS"
	expect_skip af_xdp "needs CAP_NET_RAW"
	expect_skip af_packet "needs CAP_NET_RAW"
	expect_chosen tap
	s_raw=$RUN_SUMMARY

	# CAP_SYS_ADMIN: af_xdp (libxdp) and --netns (setns)
	env_wrap --drop cap_sys_admin
	refused caps-sys_admin-af_xdp "path af_xdp" "needs CAP_SYS_ADMIN" -- --path af_xdp
	ip netns add "$KNS" || fail "cannot create netns $KNS"
	refused caps-sys_admin-netns "--netns" "needs CAP_SYS_ADMIN" -- --path tap --netns "$KNS"
	env_wrap --novhost --nouring --drop cap_sys_admin
	traffic_run caps-sys_admin-auto "$DUT_NS"
	expect_skip af_xdp "needs CAP_SYS_ADMIN"
	expect_chosen af_packet
	s_sys=$RUN_SUMMARY

	# CAP_NET_BROADCAST: --netns (K's events from another namespace)
	env_wrap --drop cap_net_broadcast
	refused caps-net_broadcast-netns "--netns" "needs CAP_NET_BROADCAST" -- \
		--path tap --netns "$KNS"

	# and without it, a K moved to another namespace cannot be followed: a
	# warning, and forwarding goes on
	env_wrap --drop cap_net_broadcast
	MOVE_K=1 traffic_run caps-net_broadcast-moved "$KNS" --path tap
	s_bc=$RUN_SUMMARY

	# CAP_IPC_LOCK: af_xdp's UMEM, when the locked-memory limit is small
	env_wrap --drop cap_ipc_lock --memlock 8192
	refused caps-ipc_lock-af_xdp "path af_xdp" "needs CAP_IPC_LOCK" -- --path af_xdp

	# CAP_BPF: not needed where CAP_SYS_ADMIN is (and not enough without it)
	env_wrap --drop cap_bpf
	traffic_run caps-bpf-af_xdp "$DUT_NS" --path af_xdp
	s_bpf=$RUN_SUMMARY
	log "RESULT no CAP_NET_RAW: auto -> $s_raw; no CAP_SYS_ADMIN: auto -> $s_sys;" \
		"no CAP_BPF: --path af_xdp -> $s_bpf; no CAP_NET_BROADCAST, K moved: $s_bc"
}

# ---- least privilege: each path as nobody with exactly its set ----

# minus_one NAME PATH CAPS [ARGS]: CAPS without each one in turn is refused
# naming the one taken away (the set is also sufficient: see the traffic run)
minus_one()
{
	local name=$1 path=$2 caps=$3 c rest
	shift 3
	for c in ${caps//,/ }; do
		rest=$(echo ",$caps," | sed "s/,$c,/,/; s/^,//; s/,\$//")
		[ -n "$rest" ] || rest=none
		env_wrap --user "$rest" --memlock 8192
		refused "$name-no-$c" "needs ${c^^}" -- --path "$path" "$@"
	done
}

case_leastpriv()
{
	local results=() p caps

	for p in tap rtap af_packet af_xdp; do
		case $p in
		tap|rtap) caps=cap_net_admin ;;
		af_packet) caps=cap_net_admin,cap_net_raw ;;
		af_xdp) caps=cap_net_admin,cap_net_raw,cap_sys_admin,cap_ipc_lock ;;
		esac
		if [ "$p" = rtap ] && ! have_rtap; then
			log "rtap not built: not run"
			continue
		fi
		# a default locked-memory limit (8 MiB): CAP_IPC_LOCK is what lets AF_XDP in
		env_wrap --user "$caps" --memlock 8192
		EXPECT_USER=$caps traffic_run "least-$p" "$DUT_NS" --path "$p"
		grep -q "^l2fwd-kernel: path $p: chosen" "$APP_LOG" || fail "path $p not chosen"
		results+=("$p [$caps]: $RUN_SUMMARY")
		minus_one "least-$p" "$p" "$caps"
	done
	if [ -c /dev/vhost-net ]; then
		log "virtio-user not run: /dev/vhost-net is root's (0600); grant it by a udev rule"
	else
		log "virtio-user not run: no /dev/vhost-net on this host"
	fi

	# --netns: K in another namespace, its changes still followed
	caps=cap_net_admin,cap_sys_admin,cap_net_broadcast
	ip netns add "$KNS" || fail "cannot create netns $KNS"
	ip -n "$KNS" link set lo up
	env_wrap --user "$caps"
	EXPECT_USER=$caps traffic_run least-netns "$KNS" --path tap --netns "$KNS"
	results+=("tap --netns [$caps]: $RUN_SUMMARY")
	minus_one least-netns tap "$caps" --netns "$KNS"

	# the systemd unit's set, and its wire: AF_PACKET on a netdev (here the
	# bridge port $VA, which the packet socket sees before the bridge);
	# auto runs rtap, which needs no more than CAP_NET_ADMIN
	caps=cap_net_admin,cap_net_raw,cap_net_broadcast
	env_wrap --user "$caps" --novhost
	RUN_WIRE=af_packet EXPECT_USER=$caps traffic_run least-unit "$DUT_NS"
	if have_rtap; then
		assert_not_contains "$APP_LOG" "l2fwd-kernel: path af_xdp: skipped" "app stdout"
		expect_chosen rtap
	else
		expect_skip af_xdp "needs CAP_SYS_ADMIN"
		expect_chosen af_packet
	fi
	results+=("auto, wire net_af_packet, the unit's [$caps]: $RUN_SUMMARY")
	for r in "${results[@]}"; do log "RESULT $r"; done
}

# with --netns: K down/up in its namespace is followed (CAP_NET_BROADCAST)
kns_follow()
{
	[ "$1" != "$DUT_NS" ] && [ -z "$MOVE_K" ] || return 0
	ip -n "$1" link set "$K" down
	wait_for_line "$APP_LOG" "kernel $K down: forwarding stopped" 10 ||
		{ show_app_log; fail "K down in $1 not followed (CAP_NET_BROADCAST?)"; }
	ip -n "$1" link set "$K" up
	wait_for_line "$APP_LOG" "kernel $K up: forwarding resumed" 10 ||
		{ show_app_log; fail "K up in $1 not followed"; }
	ping_check "$PEER_NS" "$DUT_IP" 10
	log "K down/up in $1 followed"
}

env_up
"case_$what"
log "PASS"
