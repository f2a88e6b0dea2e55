#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# Fault cases 5-8 of the fault suite (issue 7): the control path under
# running traffic. Each case asserts that the application keeps forwarding
# (or exits as documented), that its mbufs in use and open files come back
# to their baseline, and that nothing it created is left after it exits:
# links in the root, dut and any other namespace, XDP programs, files in
# the EAL runtime directory.
#
#   fault_ctl.sh 5 [KPATH]  K renamed, deleted (re-created) and moved to a
#                           third namespace during a verified TCP transfer
#                           and a ping flood; that namespace destroyed with
#                           K in it (re-created), K moved there again
#   fault_ctl.sh 6 [KPATH]  1000 wire link flaps and 1000 K down/up under a
#                           ping flood; a netlink receive overrun (app
#                           stopped, thousands of link events) with a K
#                           change that must be mirrored after the resync
#   fault_ctl.sh 7          P's backing netdev deleted under a ping flood and
#                           iperf3 (af_xdp and af_packet wires) or moved
#                           away (af_xdp): K carrier off, exit status 1,
#                           nothing left
#   fault_ctl.sh 8          SIGTERM and SIGINT at full rate; SIGTERM/SIGINT
#                           at 0.05..2 s into start-up (af_xdp and tap
#                           paths); SIGKILL at full rate, then a restart
#                           with the same arguments that removes what the
#                           killed one left and forwards
#
# KPATH (cases 5, 6): kernel path, default tap. The wire is af_xdp on the
# testbed veth unless the case says otherwise.

. "$(dirname "$0")/lib.sh"

case_nr=${1:?case number (5-8)}
kpath=${2:-tap}
L2K_NAME="fault-$case_nr"

require_root
require_app
require_bpffs
require_tun
command -v fping >/dev/null || skip "fping not found (setup-deps.sh installs it)"

lib_init "$(lib_tag "fb$case_nr")"
OTHER_NS=l2k-$TAG-x
# the runtime directory of the EAL's default prefix (the app adds --no-shconf)
RT_DIR=/var/run/dpdk/rte

plugin_cleanup() { ip netns del "$OTHER_NS" 2>/dev/null || true; }

log_count() { [ "$(grep -cF -- "$1" "$APP_LOG")" -ge "$2" ]; } # TEXT N: N lines or more

# ---- what must be gone after the app exits ----

# rt_record: remember the files of the EAL runtime directory the app has
# bound now (its telemetry socket), from its socket inodes: "path inode"
rt_record()
{
	local ino f
	for ino in $(find "/proc/$APP_PID/fd" -lname 'socket:*' -printf '%l\n' 2>/dev/null |
		     tr -dc '0-9\n'); do
		for f in $(awk -v i="$ino" -v d="$RT_DIR/" \
			   '$7 == i && index($8, d) == 1 { print $8 }' /proc/net/unix); do
			RT_FILES="$RT_FILES $f:$(stat -c %i "$f" 2>/dev/null)"
		done
	done
}

# rt_assert_clean: none of the recorded files is left; the same name made
# again since (another file: another test's application) is only reported
rt_assert_clean()
{
	local e f left=
	for e in $RT_FILES; do
		f=${e%:*}
		[ -e "$f" ] || continue
		if [ "$(stat -c %i "$f" 2>/dev/null)" != "${e##*:}" ]; then
			log "note: $f was made again since, by another process"
		else
			left="$left $f"
		fi
	done
	[ -z "$left" ] || fail "left in the EAL runtime directory:$left"
	RT_FILES=
}

# links of this test with an XDP program: ours in the root namespace,
# every link of dut and of the third namespace
xdp_on_ours()
{
	local ns l
	for ns in "" "$DUT_NS" "$OTHER_NS"; do
		[ -z "$ns" ] || [ -e "/run/netns/$ns" ] || continue
		for l in $(link_names "$ns" | grep -v '^lo$'); do
			[ -n "$ns" ] || [[ $l == $TAG* ]] || continue
			ns_exec "$ns" ip -d link show "$l" | grep -q 'prog/xdp' &&
				echo "${ns:-root}/$l"
		done
	done
}

# begin SNAPSHOT: before the app starts
begin()
{
	snapshot_links "$1"
	RT_FILES=
	BASE_XDP_BEFORE=$(xdp_progs)
}

# all_gone SNAPSHOT: the app exited; nothing it made is left anywhere.
# XDP programs: none on any link of the test, wherever it is (a program
# the app loaded outlives it only attached). l2k-bpfcount counts every
# program of the host, other tests' too: a higher count is only reported.
all_gone()
{
	local x
	app_alive && fail "app still running"
	assert_no_new_links "$1"
	ip -n "$DUT_NS" link show "$K" >/dev/null 2>&1 && fail "$K left in $DUT_NS"
	if [ -e "/run/netns/$OTHER_NS" ]; then
		# the test's own wire end may be there (case 7 moves it)
		x=$(link_names "$OTHER_NS" | grep -vx "lo\|$VA" | tr '\n' ' ')
		[ -z "$x" ] || fail "left in $OTHER_NS: $x"
	fi
	x=$(xdp_on_ours | tr '\n' ' ')
	[ -z "$x" ] || fail "XDP program left on $x"
	x=$(xdp_progs)
	[ "$x" = "?" ] || [ "$x" -le "${BASE_XDP_BEFORE:-0}" ] ||
		log "note: $x XDP programs loaded on the host, $BASE_XDP_BEFORE before start;" \
			"none on this test's links"
	rt_assert_clean
	log "nothing left: links (root, $DUT_NS${KNS:+, $KNS}), XDP programs, EAL runtime files"
}

# ---- the application ----

# baseline: fault_baseline, and what its files are
baseline()
{
	fault_baseline
	app_fd_targets > "$L2K_TMP/fds.base"
}

# running_ok: fault_assert_running; on a file leak, which files are new
running_ok()
{
	( fault_assert_running ) && return 0
	app_fd_targets | comm -13 "$L2K_TMP/fds.base" - | sed 's/^/  new fd: /' >&2
	fail "file descriptors or mbufs not back to the baseline"
}

# start_ready LOG KPATH WIRE [app args]: start, wait for ready, give K its address
start_ready()
{
	local log=$1 kp=$2 w=$3
	shift 3
	start_app "$L2K_TMP/$log.log" -l 0,1 --vdev "$(wire_vdev "$w")" -- --path "$kp" \
		--iface "$K" --netns "$DUT_NS" --stats 1 "$@"
	wait_ready 60
	rt_record
	dut_addr
}

# stop_clean SIGNAL: the app exits with status 0, a summary and "exit" last
stop_clean()
{
	stop_app "$1"
	[ "$APP_RC" = 0 ] || { show_app_log; fail "exit status $APP_RC after SIG$1, expected 0"; }
	assert_contains "$APP_LOG" "l2fwd-kernel: summary iface=" "summary after SIG$1"
	assert_eq "$(tail -n 1 "$APP_LOG")" "l2fwd-kernel: exit" "last line after SIG$1"
}

# ---- traffic ----

flood_start()
{
	bg "$PEER_NS" fping -l -q -p 10 -t 500 "$DUT_IP" >/dev/null 2>&1
	FLOOD=$BG_PID
}

flood_stop()
{
	kill -0 "$FLOOD" 2>/dev/null || fail "the ping flood stopped during the test"
	kill "$FLOOD" 2>/dev/null
	wait "$FLOOD" 2>/dev/null
}

# xfer_start SRC_NS DST_NS DST_IP MB: a verified TCP transfer in the background
xfer_start()
{
	local port=$((20000 + RANDOM % 20000))
	XFER_SO=$L2K_TMP/xfer-srv.out
	XFER_CO=$L2K_TMP/xfer-cli.out
	XFER_WHAT="$1 -> $2"
	bg "$2" "$L2K_PY" "$L2K_TOP/tests/functional/xfer.py" server --bind "$3" \
		--port "$port" --timeout 60 > "$XFER_SO" 2>&1
	XFER_SP=$BG_PID
	wait_until 10 grep -q listening "$XFER_SO" || fail "xfer server did not start"
	bg "$1" "$L2K_PY" "$L2K_TOP/tests/functional/xfer.py" client --host "$3" \
		--port "$port" --mb "$4" --timeout 60 > "$XFER_CO" 2>&1
	XFER_CP=$BG_PID
}

xfer_running() { kill -0 "$XFER_CP" 2>/dev/null; }

# xfer_wait: both ends done, the data the server read is the data sent
xfer_wait()
{
	local ch cb sh sb
	wait "$XFER_CP" ||
		{ cat "$XFER_CO" "$XFER_SO" >&2; show_app_log; fail "xfer client failed"; }
	wait "$XFER_SP" ||
		{ cat "$XFER_CO" "$XFER_SO" >&2; show_app_log; fail "xfer server failed"; }
	ch=$(sed -n 's/^sha256 \([0-9a-f]*\) bytes \([0-9]*\).*/\1/p' "$XFER_CO")
	cb=$(sed -n 's/^sha256 \([0-9a-f]*\) bytes \([0-9]*\).*/\2/p' "$XFER_CO")
	sh=$(sed -n 's/^sha256 \([0-9a-f]*\) bytes \([0-9]*\).*/\1/p' "$XFER_SO")
	sb=$(sed -n 's/^sha256 \([0-9a-f]*\) bytes \([0-9]*\).*/\2/p' "$XFER_SO")
	[ -n "$ch" ] && [ "$ch" = "$sh" ] && [ "$cb" = "$sb" ] ||
		fail "xfer $XFER_WHAT: data differ (client $ch/$cb, server $sh/$sb)"
	log "xfer $XFER_WHAT: $cb bytes sent and received, sha256 equal," \
		"$(grep -o 'in [0-9.]* s.*' "$XFER_CO")"
}

# k_flowing: K receives the transfer (its rx_bytes grow by 100 kB within 5 s)
k_flowing()
{
	local ns=${KNS:-$DUT_NS} dev=${KNAME:-$K} a b i=0
	a=$(link_stat "$ns" "$dev" rx_bytes)
	while [ $i -lt 50 ]; do
		sleep 0.1
		b=$(link_stat "$ns" "$dev" rx_bytes)
		[ $((b - a)) -ge 100000 ] && return 0
		i=$((i + 1))
	done
	return 1
}

# iperf3 from the peer to K's address: N parallel TCP streams for a minute
iperf_start()
{
	local port=$((5201 + RANDOM % 1000))
	iperf3_server "$DUT_NS" "$DUT_IP" "$port"
	IPERF_S=$BG_PID
	bg "$PEER_NS" iperf3 -c "$DUT_IP" -p "$port" -P "${1:-4}" -t 60 >/dev/null 2>&1
	IPERF_C=$BG_PID
}

iperf_stop()
{
	kill "$IPERF_C" "$IPERF_S" 2>/dev/null
	wait "$IPERF_C" "$IPERF_S" 2>/dev/null
}

# at_full_rate: the app moves the flood (to_kernel_pkts grow by 1000 between stats lines)
at_full_rate()
{
	local a b i=0
	while [ $i -lt 10 ]; do
		next_stats || { show_app_log; fail "no stats line"; }
		a=$(stats_field to_kernel_pkts)
		next_stats || { show_app_log; fail "no stats line"; }
		b=$(stats_field to_kernel_pkts)
		if [ $((b - a)) -ge 1000 ]; then
			log "flood running: $((b - a)) frames/s to the kernel"
			return 0
		fi
		i=$((i + 1))
	done
	fail "the flood does not go through the app ($a -> $b frames to the kernel)"
}

# ---- case 5: K renamed, deleted and moved while traffic runs ----

case5()
{
	testbed_up
	# the transfer must outlast the changes: the peer sends at 80 Mbit/s
	ip netns exec "$PEER_NS" tc qdisc add dev "$VB" root tbf rate 80mbit burst 32k \
		latency 400ms || skip "tc tbf not available to pace the transfer"
	begin before
	start_ready app "$kpath" af_xdp
	baseline
	flood_start
	xfer_start "$PEER_NS" "$DUT_NS" "$DUT_IP" 40
	k_flowing || { show_app_log; fail "the transfer does not reach $K"; }

	# renamed (a netdev is renamed down), traffic resumes under the new name
	ip -n "$DUT_NS" link set "$K" down
	ip -n "$DUT_NS" link set "$K" name "${K}n" || fail "cannot rename $K"
	expect_log "kernel $K renamed ${K}n: still followed" "rename"
	ip -n "$DUT_NS" link set "${K}n" up
	KNAME=${K}n k_flowing || { show_app_log; fail "no traffic through ${K}n"; }
	ip -n "$DUT_NS" link set "${K}n" down
	ip -n "$DUT_NS" link set "${K}n" name "$K"
	ip -n "$DUT_NS" link set "$K" up
	expect_log "kernel ${K}n renamed $K: still followed" "rename back"
	k_flowing || { show_app_log; fail "no traffic through $K after the renames"; }
	log "K renamed to ${K}n and back during the transfer: followed, traffic resumed"

	# deleted: re-created by the app; the same TCP connection goes on
	ip -n "$DUT_NS" link del "$K" || fail "cannot delete $K"
	expect_log "kernel $K deleted: re-creating it" "delete"
	expect_log "kernel $K re-created via $kpath" "re-create"
	wait_until 10 k_has UP || fail "$K not back in $DUT_NS: $(klink)"
	dut_addr
	k_flowing || { show_app_log; fail "the transfer does not resume through the new $K"; }
	xfer_running || fail "the transfer ended before K was deleted: not a test of it"
	log "K deleted during the transfer: re-created, transfer resumed"
	xfer_wait

	# moved to a third namespace: followed; a new transfer goes there
	k_move "$OTHER_NS"
	xfer_start "$PEER_NS" "$OTHER_NS" "$DUT_IP" 10
	xfer_wait
	ip -n "$OTHER_NS" link set "$K" promisc on
	expect_log "kernel $K promiscuous on: applied" "promisc in $OTHER_NS"
	fwd_ok "K in $OTHER_NS"

	# that namespace destroyed, K with it (unreported but for its id): re-created
	ip netns del "$OTHER_NS"
	wait_until 20 log_count "kernel $K re-created via $kpath" 2 ||
		{ show_app_log; fail "$K not re-created after $OTHER_NS was deleted"; }
	KNS=
	wait_until 10 k_has UP || fail "$K not back in $DUT_NS: $(klink)"
	dut_addr
	fwd_ok "K re-created after its namespace was destroyed"

	# and moved there again, to be there when the app exits
	ip netns add "$OTHER_NS" || fail "cannot create $OTHER_NS"
	ip -n "$DUT_NS" link set "$K" netns "$OTHER_NS"
	wait_until 10 log_count "kernel $K moved to network namespace" 2 || fail "second move"
	KNS=$OTHER_NS
	ip -n "$OTHER_NS" addr add "$DUT_IP/24" dev "$K"
	ip -n "$OTHER_NS" link set "$K" up
	fwd_ok "K in $OTHER_NS again"

	flood_stop
	running_ok
	stop_clean TERM
	local s
	s=$(grep '^l2fwd-kernel: summary' "$APP_LOG")
	for f in rename:2 netns:2 recreate:2; do
		[[ $s =~ \ mirror_${f%:*}=([0-9]+) ]] && [ "${BASH_REMATCH[1]}" -ge "${f#*:}" ] ||
			fail "summary counts fewer than ${f#*:} mirror_${f%:*}: $s"
	done
	log "summary: to_kernel_pkts=$(summary_field to_kernel_pkts)" \
		"to_wire_pkts=$(summary_field to_wire_pkts)" \
		"mirror_rename=$(summary_field mirror_rename)" \
		"mirror_recreate=$(summary_field mirror_recreate)" \
		"mirror_netns=$(summary_field mirror_netns)"
	all_gone before
}

# ---- case 6: 2000 flaps, then a netlink overrun and the resync ----

# flap_batch N DEV: ip -batch lines taking DEV down and up N times
flap_batch()
{
	local i
	for i in $(seq "$1"); do
		echo "link set dev $2 down"
		echo "link set dev $2 up"
	done
}

case6()
{
	local n=1000 t0 t1 f0 f1 wl up

	testbed_up
	begin before
	start_ready app "$kpath" af_xdp
	baseline
	f0=$(app_fds)
	flood_start

	flap_batch $n "$VB" > "$L2K_TMP/wire.batch"
	flap_batch $n "$K" > "$L2K_TMP/kern.batch"
	t0=$(date +%s%N)
	ip -n "$PEER_NS" -batch "$L2K_TMP/wire.batch" || fail "ip -batch (wire flaps) failed"
	ip -n "$DUT_NS" -batch "$L2K_TMP/kern.batch" || fail "ip -batch (K down/up) failed"
	t1=$(date +%s%N)
	log "$n wire link flaps ($VB down/up) and $n $K down/up in $(((t1 - t0) / 1000000)) ms"
	app_alive || { show_app_log; fail "app died during the flaps"; }
	wait_until 10 k_lacks NO-CARRIER ||
		{ show_app_log; fail "$K carrier off after the flaps: $(klink)"; }
	wait_until 10 k_has '[<,]UP[,>]' || fail "$K not up after the flaps: $(klink)"
	fwd_ok "after the flaps"
	xfer_start "$PEER_NS" "$DUT_NS" "$DUT_IP" 10
	xfer_wait
	next_stats
	wl=$(stats_field mirror_wire_link)
	up=$(stats_field mirror_up)
	log "mirrored: wire_link=$wl up=$up netlink_resyncs=$(stats_field netlink_resyncs)"
	assert_ge "$wl" 2 "mirror_wire_link after $n wire flaps"
	assert_ge "$up" 2 "mirror_up after $n K down/up"
	f1=$(app_fds_back "$f0")
	[ "$f1" -le "$f0" ] || fail "open files grew from $f0 to $f1 during the flaps"

	# overrun: the app stopped, thousands of link events queue up on its
	# netlink socket, one of them a change of K that must reach P
	ip -n "$DUT_NS" link add "${TAG}x" type veth peer name "${TAG}y" ||
		fail "cannot create a veth in $DUT_NS"
	# the kernel announces a change of alias only on a link that is up
	ip -n "$DUT_NS" link set "${TAG}x" up
	{
		for i in $(seq 4000); do echo "link set dev ${TAG}x alias fault-6-$i"; done
		echo "link set dev $K mtu 1400"
		for i in $(seq 4001 6000); do echo "link set dev ${TAG}x alias fault-6-$i"; done
	} > "$L2K_TMP/overrun.batch"
	kill -STOP "$APP_PID"
	ip -n "$DUT_NS" -batch "$L2K_TMP/overrun.batch"
	kill -CONT "$APP_PID"
	log "app stopped while 6000 alias changes and MTU 1400 on $K were made: continued"
	expect_log "netlink events were lost (receive buffer overrun): state read again" "overrun"
	expect_log "kernel $K MTU 1500 -> 1400: applied" "MTU change made during the overrun"
	wait_until 10 grep -qx 1400 "/sys/class/net/$VA/mtu" ||
		fail "P's netdev MTU is $(cat "/sys/class/net/$VA/mtu"), not 1400"
	next_stats
	next_stats
	local rs
	rs=$(stats_field netlink_resyncs)
	assert_ge "$rs" 1 "netlink_resyncs after the overrun"
	log "overrun: netlink_resyncs=$rs; K's MTU 1400 mirrored to P ($VA mtu 1400)"
	ip -n "$DUT_NS" link del "${TAG}x"
	ip -n "$DUT_NS" link set "$K" mtu 1500
	expect_log "kernel $K MTU 1400 -> 1500: applied" "MTU back to 1500"
	fwd_ok "after the overrun"

	flood_stop
	running_ok
	stop_clean TERM
	all_gone before
}

# ---- case 7: P's backing netdev removed under traffic ----

# wire_removed WIRE KPATH HOW: HOW = delete | move
wire_removed()
{
	local w=$1 kp=$2 how=$3 what msg
	testbed_up
	begin "before-$w-$how"
	start_ready "app-$w-$how" "$kp" "$w"
	baseline
	flood_start
	at_full_rate_light
	iperf_start 2
	at_full_rate
	if [ "$how" = move ]; then
		ip netns add "$OTHER_NS" || fail "cannot create $OTHER_NS"
		ip link set "$VA" netns "$OTHER_NS" || fail "cannot move $VA"
		what="was moved to another network namespace"
	else
		ip link del "$VA" || fail "cannot delete $VA"
		what="was deleted"
	fi
	wait_until 30 eval '! app_alive' ||
		{ show_app_log; fail "app still running 30 s after $VA $what"; }
	stop_app TERM
	iperf_stop
	kill "$FLOOD" 2>/dev/null
	wait "$FLOOD" 2>/dev/null
	[ "$APP_RC" = 1 ] ||
		{ show_app_log; fail "exit status $APP_RC after $VA $what, expected 1"; }
	msg="port 0 (net_${w}0): interface $VA $what: kernel $K carrier off; exiting"
	assert_contains "$APP_ERR" "l2fwd-kernel: error: $msg" "app stderr"
	assert_contains "$APP_LOG" "l2fwd-kernel: summary iface=$K" "summary"
	assert_eq "$(tail -n 1 "$APP_LOG")" "l2fwd-kernel: exit" "last line"
	log "$w wire, $kp K: $VA $what -> K carrier off, exit status 1," \
		"to_kernel_pkts=$(summary_field to_kernel_pkts)"
	# moved: the driver cannot find its program there, the app removes it
	[ "$how" != move ] || [ "$w" != af_xdp ] ||
		assert_contains "$APP_LOG" "removed XDP program xsk_def_prog (id" "app output"
	all_gone "before-$w-$how"
	if [ "$how" = move ]; then
		ip -n "$OTHER_NS" -d link show "$VA" | grep -q 'prog/xdp' &&
			fail "XDP program left on $VA in $OTHER_NS"
		ip netns del "$OTHER_NS"
	fi
}

# some of the flood went through (the ping rate is 100/s)
at_full_rate_light()
{
	local a b
	a=$(stats_field to_kernel_pkts)
	next_stats
	next_stats
	b=$(stats_field to_kernel_pkts)
	[ $((b - a)) -ge 20 ] ||
		{ show_app_log; fail "the ping flood does not go through ($a -> $b)"; }
}

case7()
{
	command -v iperf3 >/dev/null || skip "iperf3 not found"
	wire_removed af_xdp tap delete
	wire_removed af_packet af_xdp delete
	wire_removed af_xdp af_packet move
}

# ---- case 8: signals ----

sig_caught() # PID SIGNAL: the process has a handler for it
{
	local mask n
	mask=$(awk '/^SigCgt:/ { print $2 }' "/proc/$1/status" 2>/dev/null) || return 1
	[ -n "$mask" ] || return 1
	n=$(kill -l "$2")
	(( (16#$mask >> (n - 1)) & 1 ))
}

# stop at full rate with SIGNAL, K on KPATH
full_rate_stop()
{
	local sig=$1 kp=$2
	testbed_up
	begin "before-$sig"
	start_ready "app-$sig" "$kp" af_xdp
	baseline
	flood_start
	iperf_start 4
	at_full_rate
	stop_clean "$sig"
	iperf_stop
	kill "$FLOOD" 2>/dev/null
	wait "$FLOOD" 2>/dev/null
	assert_contains "$APP_LOG" "summary iface=$K path=$kp " "summary line"
	log "SIG$sig at full rate ($kp): exit 0," \
		"summary to_kernel_pkts=$(summary_field to_kernel_pkts)" \
		"to_wire_pkts=$(summary_field to_wire_pkts)"
	all_gone "before-$sig"
}

# signals during start-up: at each delay, for each path
startup_signals()
{
	local kp d sig n=0 caught ready=0 early=0 unhandled=0
	testbed_up
	for kp in af_xdp tap; do
		for d in 0.05 0.2 0.5 1 2; do
			n=$((n + 1))
			if [ $((n % 2)) = 0 ]; then sig=INT; else sig=TERM; fi
			begin "s$n"
			start_app "$L2K_TMP/start-$n.log" -l 0,1 --vdev "$(wire_vdev af_xdp)" -- \
				--path "$kp" --iface "$K" --netns "$DUT_NS" --stats 1
			sleep "$d"
			caught=no
			sig_caught "$APP_PID" "$sig" && caught=yes
			rt_record
			stop_app "$sig"
			if [ $caught = no ] && [ "$APP_RC" = $((128 + $(kill -l $sig))) ]; then
				# before main() installed the handler: the signal's default action
				unhandled=$((unhandled + 1))
			else
				[ "$APP_RC" = 0 ] || { show_app_log;
					fail "$kp, SIG$sig at ${d}s: exit status $APP_RC"; }
				assert_eq "$(tail -n 1 "$APP_LOG")" "l2fwd-kernel: exit" \
					"$kp, SIG$sig at ${d}s: last line"
				if grep -q '^l2fwd-kernel: ready' "$APP_LOG"; then
					ready=$((ready + 1))
				else
					assert_contains "$APP_LOG" \
						"start-up interrupted by a signal: stopping" \
						"$kp, SIG$sig at ${d}s"
					early=$((early + 1))
				fi
			fi
			all_gone "s$n" >/dev/null
			log "$kp: SIG$sig at ${d}s: status $APP_RC," \
				"$(grep -c . "$APP_LOG") lines, nothing left"
		done
	done
	log "start-up signals: $n runs, $early during start-up, $ready after ready," \
		"$unhandled before the handler: all clean"
}

# SIGKILL at full rate; a restart takes over what was left
kill_restart()
{
	local left
	testbed_up
	begin before-kill
	start_ready app-kill af_packet af_xdp
	flood_start
	iperf_start 4
	at_full_rate
	stop_app KILL
	iperf_stop
	left="$(link_names "" | grep "^$K" | tr '\n' ' ')"
	left="$left$(xdp_on_ours | sed 's/$/ (XDP)/' | tr '\n' ' ')"
	log "SIGKILL at full rate: left behind: ${left:-nothing}"
	start_ready app-restart af_packet af_xdp
	assert_contains "$APP_LOG" "l2fwd-kernel: removed stale interface $K left by pid" \
		"restart output"
	assert_contains "$APP_LOG" "l2fwd-kernel: removed stale XDP program xsk_def_prog (id" \
		"restart output"
	grep '^l2fwd-kernel: removed stale' "$APP_LOG" | sed 's/^/  /'
	ping_check "$PEER_NS" "$DUT_IP" 10
	xfer_start "$PEER_NS" "$DUT_NS" "$DUT_IP" 10
	xfer_wait
	kill "$FLOOD" 2>/dev/null
	wait "$FLOOD" 2>/dev/null
	stop_clean TERM
	all_gone before-kill
}

case8()
{
	command -v iperf3 >/dev/null || skip "iperf3 not found"
	full_rate_stop TERM af_xdp
	full_rate_stop INT tap
	startup_signals
	kill_restart
}

case $case_nr in
5) case5 ;;
6) case6 ;;
7) case7 ;;
8) case8 ;;
*) fail "unknown case '$case_nr' (5-8)" ;;
esac
log "PASS"
