# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# Shell library for the functional tests, the demo and the benchmark.
# Source it (bash), then:
#
#   lib_init TAG          names for this run; installs the EXIT trap
#   lib_names TAG         names only (devtools/testbed.sh)
#   testbed_up            netns peer (vb 10.99.0.2/24) <-veth-> va (root ns), netns dut
#   start_app LOG ARGS..  start dpdk-l2fwd-kernel in the background (APP_PID)
#   wait_for_line FILE ERE [SECONDS]
#   stop_app [SIGNAL]     signal the app by PID and wait for it (APP_RC)
#   testbed_down          remove namespaces and veths (also done by the trap)
#
# Names (all unique per TAG, TAG <= 8 characters):
#   PEER_NS=l2k-TAG-peer  DUT_NS=l2k-TAG-dut  VA=TAGa  VB=TAGb  K=TAGk
# Skips exit 77 after printing the reason; failures exit 1.

L2K_TOP=${L2K_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
L2K_APP=${L2K_APP:-$L2K_TOP/build/app/dpdk-l2fwd-kernel}
# EAL options every start gets: never let the EAL touch the host's PCI NICs
L2K_EAL_EXTRA=${L2K_EAL_EXTRA---no-pci}
# command start_app runs the app under (e.g. $L2K_NOURING); empty: none
L2K_WRAP=${L2K_WRAP:-}
L2K_NOURING=${L2K_NOURING:-$L2K_TOP/build/tests/functional/l2k-nouring}
L2K_BPFCOUNT=${L2K_BPFCOUNT:-$L2K_TOP/build/tests/functional/l2k-bpfcount}
PEER_IP=10.99.0.2
DUT_IP=10.99.0.1
# pyenv shims do not work inside "ip netns exec" reliably: prefer the system one
L2K_PY=${L2K_PY:-$(command -v /usr/bin/python3 || command -v python3)}

APP_PID=
APP_RC=
L2K_BG_PIDS=
L2K_TMP=

log() { printf '%s: %s\n' "${L2K_NAME:-l2k}" "$*"; }
fail() { printf '%s: FAIL: %s\n' "${L2K_NAME:-l2k}" "$*" >&2; exit 1; }
skip() { printf '%s: SKIP: %s\n' "${L2K_NAME:-l2k}" "$*"; exit 77; }
warn() { printf '%s: WARN: %s\n' "${L2K_NAME:-l2k}" "$*" >&2; }

# lib_init TAG: set the names for this run and install the cleanup trap.
lib_init()
{
	lib_names "$1"
	L2K_TMP=$(mktemp -d "/tmp/l2k-$TAG.XXXXXX")
	trap lib_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# lib_names TAG: only set the names (no trap)
lib_names()
{
	TAG=$1
	[[ $TAG =~ ^[a-z][a-z0-9]{0,7}$ ]] ||
		{ echo "lib: tag '$TAG': 1-8 of [a-z0-9], starting with a letter" >&2; exit 1; }
	PEER_NS=l2k-$TAG-peer
	DUT_NS=l2k-$TAG-dut
	VA=${TAG}a
	VB=${TAG}b
	K=${TAG}k
}

# lib_tag PREFIX: PREFIX + 3 digits, not used by a live testbed (another
# test, another worker): starts from the pid, then tries random numbers
lib_tag()
{
	local n=$(($$ % 1000)) i t
	for i in $(seq 1 50); do
		t=$(printf '%s%03d' "$1" "$n")
		if [ ! -e "/run/netns/l2k-$t-peer" ] && [ ! -e "/run/netns/l2k-$t-dut" ] &&
		   [ ! -e "/sys/class/net/${t}a" ]; then
			echo "$t"
			return 0
		fi
		n=$((RANDOM % 1000))
	done
	echo "$t"
}

# opt_value WHO "$@": in an option loop, before "$2" is taken as the value
# of option "$1": exit 2 naming the option when it has none (a bare
# "shift 2" would not shift, and the loop would never end)
opt_value() { [ $# -ge 3 ] || { echo "$1: $2 needs a value" >&2; exit 2; }; }

# opt_unknown WHO OPTION: exit 2 naming an option the script does not know,
# then its usage (the comment block at the top of $0)
opt_unknown()
{
	echo "$1: unknown option '$2'" >&2
	awk 'NR > 3 && /^#/ { sub(/^# ?/, ""); print; next } NR > 3 { exit }' "$0" >&2
	exit 2
}

require_root()
{
	[ "$(id -u)" = 0 ] || skip "needs root (network namespaces, veth, DPDK vdevs)"
	command -v ip >/dev/null || skip "iproute2 'ip' not found"
	ip netns list >/dev/null 2>&1 || skip "network namespaces not available"
}

require_app()
{
	[ -x "$L2K_APP" ] || fail "application not found: $L2K_APP (build it first)"
}

require_bpffs()
{
	if ! mountpoint -q /sys/fs/bpf 2>/dev/null; then
		mount -t bpf bpf /sys/fs/bpf 2>/dev/null ||
			skip "bpffs not mounted on /sys/fs/bpf (AF_XDP needs it; see setup-deps.sh)"
	fi
}

require_tun()
{
	[ -c /dev/net/tun ] || skip "/dev/net/tun missing (TAP paths)"
}

# requirements of a path used as kernel path or as wire
require_path()
{
	case $1 in
	tap|rtap|virtio-user) require_tun ;;
	af_xdp) require_bpffs ;;
	esac
}

# require_pair KPATH WIRE: root, the app, and what both paths need
require_pair()
{
	require_root
	require_app
	require_path "$1"
	require_path "$2"
	[ "$1" != virtio-user ] || [ -c /dev/vhost-net ] ||
		skip "virtio-user needs /dev/vhost-net (CONFIG_VHOST_NET not set on this kernel)"
}

# path_letter PATH: one letter per path, for test tags
path_letter()
{
	case $1 in
	tap) echo t ;; af_xdp) echo x ;; af_packet) echo p ;; rtap) echo r ;; *) echo v ;;
	esac
}

# wire vdev argument for the EAL
wire_vdev()
{
	case ${1:-af_xdp} in
	af_xdp) echo "net_af_xdp0,iface=$VA" ;;
	af_packet) echo "net_af_packet0,iface=$VA" ;;
	rtap) echo "net_rtap0,iface=$VA" ;;
	*) fail "unknown wire '$1'" ;;
	esac
}

# wire_up WIRE: the testbed for a wire: the veth pair for af_xdp/af_packet;
# for rtap only the namespaces (the app creates P's netdev, see wire_attach)
wire_up()
{
	if [ "$1" != rtap ]; then
		testbed_up
		return
	fi
	testbed_down quiet
	ip netns add "$PEER_NS" || fail "cannot create netns $PEER_NS"
	ip netns add "$DUT_NS" || fail "cannot create netns $DUT_NS"
	ip -n "$PEER_NS" link set lo up
	ip -n "$DUT_NS" link set lo up
}

# wire_attach WIRE: once the app runs, an rtap wire's netdev (va) becomes the
# peer's interface: moved into the peer namespace (only after its port
# started), given the peer address. The peer's end is then $VA, not $VB.
wire_attach()
{
	[ "$1" = rtap ] || return 0
	ip link set "$VA" netns "$PEER_NS" || fail "cannot move $VA to $PEER_NS"
	ip -n "$PEER_NS" addr add "$PEER_IP/24" dev "$VA"
	ip -n "$PEER_NS" link set "$VA" up
}

# ns_exec NS CMD...: run in a namespace ("" = root)
ns_exec()
{
	local ns=$1; shift
	if [ -n "$ns" ]; then ip netns exec "$ns" "$@"; else "$@"; fi
}

_nooffload()
{
	# each feature separately: not all kernels know all of them
	local ns=$1 dev=$2 f
	for f in tx tso gso gro; do
		ns_exec "$ns" ethtool -K "$dev" "$f" off >/dev/null 2>&1 || true
	done
}

testbed_up()
{
	testbed_down quiet
	ip netns add "$PEER_NS" || fail "cannot create netns $PEER_NS"
	ip netns add "$DUT_NS" || fail "cannot create netns $DUT_NS"
	ip link add "$VA" type veth peer name "$VB" || fail "cannot create veth $VA/$VB"
	ip link set "$VB" netns "$PEER_NS" || fail "cannot move $VB to $PEER_NS"
	sysctl -qw "net.ipv6.conf.$VA.disable_ipv6=1" >/dev/null
	# frames for 10.99.0.1 that reach va's own stack (af_packet wire) must not be routed
	sysctl -qw "net.ipv4.conf.$VA.forwarding=0" >/dev/null 2>&1 || true
	ip netns exec "$PEER_NS" sysctl -qw "net.ipv6.conf.$VB.disable_ipv6=1" >/dev/null
	_nooffload "" "$VA"
	_nooffload "$PEER_NS" "$VB"
	ip link set "$VA" up || fail "cannot set $VA up"
	ip -n "$PEER_NS" link set lo up
	ip -n "$DUT_NS" link set lo up
	ip -n "$PEER_NS" addr add "$PEER_IP/24" dev "$VB"
	ip -n "$PEER_NS" link set "$VB" up || fail "cannot set $VB up"
}

# testbed_down [quiet]: remove everything this TAG created; never fails
testbed_down()
{
	local ns
	for ns in "$PEER_NS" "$DUT_NS"; do
		[ -n "$ns" ] || continue
		# kill what still runs in the namespace (our servers only live there)
		if [ -e "/run/netns/$ns" ]; then
			local p
			for p in $(ip netns pids "$ns" 2>/dev/null); do
				kill -9 "$p" 2>/dev/null || true
			done
			ip netns del "$ns" 2>/dev/null || true
		fi
	done
	ip link del "$VA" 2>/dev/null || true
	ip link del "$K" 2>/dev/null || true
	# K and stale veth peers of K an app left in the root namespace, and
	# single-letter helpers (TAGx) of the tests
	local l
	for l in $(link_names "" | grep -E "^($K|${TAG}[a-z]\$)" || true); do
		ip link del "$l" 2>/dev/null || true
	done
	[ "$1" = quiet ] || log "testbed $TAG down"
}

# dut_addr: give K the dut address (K is up already; set it up anyway)
dut_addr()
{
	local dev=${1:-$K}
	ip -n "$DUT_NS" link show "$dev" >/dev/null 2>&1 ||
		fail "kernel interface $dev not found in netns $DUT_NS"
	ip -n "$DUT_NS" addr add "$DUT_IP/24" dev "$dev" 2>/dev/null ||
		ip -n "$DUT_NS" addr show dev "$dev" | grep -q "$DUT_IP/" ||
		fail "cannot add $DUT_IP to $dev"
	ip -n "$DUT_NS" link set "$dev" up || fail "cannot set $dev up in $DUT_NS"
}

# start_app LOG [EAL args] -- [app args]: stdout to LOG, stderr to LOG.err
start_app()
{
	APP_LOG=$1; shift
	APP_ERR=$APP_LOG.err
	: > "$APP_LOG"
	log "run: $L2K_WRAP $L2K_APP $L2K_EAL_EXTRA $*"
	$L2K_WRAP "$L2K_APP" $L2K_EAL_EXTRA "$@" >"$APP_LOG" 2>"$APP_ERR" </dev/null &
	APP_PID=$!
}

# run_app LOG ARGS...: run in the foreground, status in APP_RC
run_app()
{
	APP_LOG=$1; shift
	APP_ERR=$APP_LOG.err
	log "run: $L2K_WRAP $L2K_APP $L2K_EAL_EXTRA $*"
	APP_RC=0
	timeout -k 5 60 $L2K_WRAP "$L2K_APP" $L2K_EAL_EXTRA "$@" \
		>"$APP_LOG" 2>"$APP_ERR" </dev/null || APP_RC=$?
}

app_alive() { [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; }

# wait_for_line FILE ERE [SECONDS]: 0 when a line matches; 1 on timeout or
# when the app died before printing it
wait_for_line()
{
	local file=$1 re=$2 t=${3:-60} i=0
	while [ $i -lt $((t * 10)) ]; do
		grep -Eq -- "$re" "$file" 2>/dev/null && return 0
		if [ -n "$APP_PID" ] && ! app_alive; then
			grep -Eq -- "$re" "$file" 2>/dev/null && return 0
			return 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

show_app_log()
{
	[ -n "$APP_LOG" ] || return 0
	echo "---- app stdout ($APP_LOG) ----" >&2
	tail -n 40 "$APP_LOG" >&2 2>/dev/null
	echo "---- app stderr ----" >&2
	tail -n 40 "$APP_ERR" >&2 2>/dev/null
	echo "----" >&2
}

# show_counters: the netdev counters at both ends of the path and at the
# wire's root end, for a lost or damaged frame to be placed
show_counters()
{
	local nd ns dev
	for nd in "$PEER_NS:$VB" "$PEER_NS:$VA" ":$VA" "${KNS:-$DUT_NS}:$K"; do
		ns=${nd%%:*}
		dev=${nd#*:}
		[ -n "$dev" ] || continue
		ns_exec "$ns" ip link show dev "$dev" >/dev/null 2>&1 || continue
		echo "---- $dev in ${ns:-the root namespace} ----" >&2
		ns_exec "$ns" ip -s -s link show dev "$dev" >&2 2>/dev/null
	done
}

# traffic_fail MSG: a traffic check failed. The netdevs' counters are shown
# while the app still runs (it removes a K it created), then the app is
# stopped so that its summary (packets and drops per direction, the ports'
# drops) is in the log shown; then fail with MSG
traffic_fail()
{
	show_counters
	if app_alive; then
		log "stopping the app for its summary"
		stop_app TERM 10
	fi
	show_app_log
	fail "$1"
}

# wait_ready [SECONDS]: wait for the ready line; fail with the app's output
wait_ready()
{
	local t=${1:-90}
	if ! wait_for_line "$APP_LOG" '^l2fwd-kernel: ready' "$t"; then
		show_app_log
		app_alive && fail "app not ready after ${t}s" || fail "app exited before ready"
	fi
}

# stop_app [SIGNAL] [SECONDS]: signal by PID, wait; APP_RC = exit status
stop_app()
{
	local sig=${1:-TERM} t=${2:-30} i=0
	[ -n "$APP_PID" ] || return 0
	kill -s "$sig" "$APP_PID" 2>/dev/null || true
	while app_alive && [ $i -lt $((t * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if app_alive; then
		warn "app pid $APP_PID still alive ${t}s after SIG$sig: killing"
		kill -9 "$APP_PID" 2>/dev/null || true
	fi
	APP_RC=0
	{ wait "$APP_PID"; } 2>/dev/null || APP_RC=$?
	APP_PID=
}

exec_bg() { exec "$@"; }

# bg NS CMD...: background process in a namespace, remembered for cleanup
bg()
{
	local ns=$1; shift
	# exec: $! is the command itself (ip netns exec execs too), so a
	# signal to BG_PID reaches it, not a subshell that would leave it behind
	if [ -n "$ns" ]; then
		exec_bg ip netns exec "$ns" "$@" &
	else
		exec_bg "$@" &
	fi
	L2K_BG_PIDS="$L2K_BG_PIDS $!"
	BG_PID=$!
}

# iperf3_server NS ADDR PORT: an iperf3 server for one test in NS on
# ADDR:PORT, listening when this returns; BG_PID is it
iperf3_server()
{
	local i=0
	bg "$1" iperf3 -s -1 -B "$2" -p "$3" >/dev/null 2>&1
	while ! ip netns exec "$1" ss -ltn "sport = :$3" | grep -q LISTEN; do
		[ $i -lt 100 ] || fail "iperf3 server in $1 did not start"
		sleep 0.05
		i=$((i + 1))
	done
}

lib_cleanup()
{
	local rc=$?
	trap - EXIT INT TERM
	[ -n "$APP_PID" ] && kill -9 "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null
	local p
	for p in $L2K_BG_PIDS; do
		# a stopped one (mirror.sh pauses its flood) takes the TERM once continued
		kill "$p" 2>/dev/null && kill -CONT "$p" 2>/dev/null || true
	done
	[ -n "$TAG" ] && testbed_down quiet
	[ -n "$L2K_TMP" ] && [ -z "$L2K_KEEP" ] && rm -rf "$L2K_TMP"
	! declare -F plugin_cleanup >/dev/null || plugin_cleanup
	exit $rc
}

# ---- assertions ----

assert_contains() # FILE SUBSTRING [WHAT]
{
	grep -qF -- "$2" "$1" ||
		{ show_app_log; fail "${3:-$1} does not contain '$2'"; }
}

assert_not_contains() # FILE SUBSTRING [WHAT]
{
	! grep -qF -- "$2" "$1" ||
		{ show_app_log; fail "${3:-$1} contains '$2'"; }
}

assert_eq() { [ "$1" = "$2" ] || fail "${3:-value}: expected '$2', got '$1'"; }
assert_ge() { [ "$1" -ge "$2" ] || fail "${3:-value}: $1 < $2"; }
assert_lt() { [ "$1" -lt "$2" ] || fail "${3:-value}: $1 >= $2"; }
assert_le() { [ "$1" -le "$2" ] || fail "${3:-value}: $1 > $2"; }

# link names in a namespace ("" = root), one per line, sorted
link_names()
{
	ns_exec "$1" ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | sort
}

# snapshot_links NAME: remember links of root and dut
snapshot_links()
{
	link_names "" > "$L2K_TMP/$1.root"
	link_names "$DUT_NS" > "$L2K_TMP/$1.dut"
}

# assert_no_new_links BEFORE: nothing new in dut; nothing new in root that
# carries our tag (other workers create links in the root namespace too)
assert_no_new_links()
{
	local b=$1 now=$L2K_TMP/now.$$ new
	link_names "$DUT_NS" > "$now.dut"
	new=$(comm -13 "$L2K_TMP/$b.dut" "$now.dut" | tr '\n' ' ')
	[ -z "$new" ] || fail "left behind in netns $DUT_NS: $new"
	link_names "" > "$now.root"
	new=$(comm -13 "$L2K_TMP/$b.root" "$now.root" | grep "^$TAG" | tr '\n' ' ')
	[ -z "$new" ] || fail "left behind in the root netns: $new"
	new=$(comm -13 "$L2K_TMP/$b.root" "$now.root" | grep -v "^$TAG" | tr '\n' ' ')
	[ -z "$new" ] || log "note: new root links not ours (other workers?): $new"
}

# wait_until SECONDS CMD...: 0 once CMD succeeds (polled every 50 ms), 1 after SECONDS
wait_until()
{
	local t=$1 i=0; shift
	while [ $i -lt $((t * 20)) ]; do
		"$@" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# ---- the app's output and K, wherever it went ----

app_says() { grep -qF -- "$1" "$APP_LOG" "$APP_ERR" 2>/dev/null; }
# expect_log TEXT WHAT: the app says TEXT within 10 s
expect_log()
{
	wait_until 10 app_says "$1" || { show_app_log; fail "$2: no '$1' in the app's output"; }
}

# K's link line, in KNS (default DUT_NS), by name KNAME (default K)
klink() { ip -n "${KNS:-$DUT_NS}" -o link show "${KNAME:-$K}" 2>/dev/null; }
k_has() { klink | grep -q -- "$1"; }
k_lacks() { klink | grep -q . && ! klink | grep -q -- "$1"; }

# k_move NS: a new namespace NS, K moved there from DUT_NS and given DUT_IP;
# the app must say it followed. KNS is NS afterwards.
k_move()
{
	ip netns add "$1" || fail "cannot create $1"
	ip -n "$DUT_NS" link set "$K" netns "$1" || fail "cannot move $K to $1"
	expect_log "kernel $K moved to network namespace" "move"
	KNS=$1
	ip -n "$1" addr add "$DUT_IP/24" dev "$K"
	ip -n "$1" link set "$K" up
}

# ---- traffic ----

# fwd_ok WHAT [TIMEOUT_MS]: pings from the peer to DUT_IP are answered now (5 of 10
# at least, each within TIMEOUT_MS, default 1000)
fwd_ok()
{
	local out
	out=$(ip netns exec "$PEER_NS" fping -q -c 10 -p 50 -t "${2:-1000}" "$DUT_IP" 2>&1)
	[[ $out =~ xmt/rcv/%loss\ =\ [0-9]+/([0-9]+)/ ]] && [ "${BASH_REMATCH[1]}" -ge 5 ] ||
		traffic_fail "$1: forwarding broken: $out"
	log "$1: forwarding ok (${out#*: })"
}

# ping_check NS DEST [COUNT]: at most 1 loss (first ARP); fping (setup-deps installs it)
ping_check()
{
	local ns=$1 dst=$2 n=${3:-20} out recv
	out=$(ip netns exec "$ns" fping -q -c "$n" -p 50 -t 2000 "$dst" 2>&1)
	recv=$(echo "$out" | sed -n 's|.*xmt/rcv/%loss = [0-9]*/\([0-9]*\)/.*|\1|p')
	log "ping $ns -> $dst: ${recv:-0}/$n received; ${out#*loss = }"
	[ "${recv:-0}" -ge $((n - 1)) ] ||
		traffic_fail "ping $ns -> $dst lost packets: $out"
	PING_SENT=$((PING_SENT + n))
}

# xfer_check SRC_NS DST_NS DST_IP MB: TCP transfer, hashes compared
xfer_check()
{
	local src=$1 dst=$2 ip=$3 mb=$4 port=$((20000 + RANDOM % 20000))
	local so=$L2K_TMP/xfer-srv.$src.out co=$L2K_TMP/xfer-cli.$src.out sp
	ip netns exec "$dst" "$L2K_PY" "$L2K_TOP/tests/functional/xfer.py" server \
		--bind "$ip" --port "$port" --timeout 60 > "$so" 2>&1 &
	sp=$!
	L2K_BG_PIDS="$L2K_BG_PIDS $sp"
	ip netns exec "$src" "$L2K_PY" "$L2K_TOP/tests/functional/xfer.py" client \
		--host "$ip" --port "$port" --mb "$mb" --timeout 60 > "$co" 2>&1 ||
		{ cat "$co" "$so" >&2; traffic_fail "xfer client $src -> $ip failed"; }
	wait "$sp" || { cat "$co" "$so" >&2; traffic_fail "xfer server in $dst failed"; }
	local sh ch sb cb
	ch=$(sed -n 's/^sha256 \([0-9a-f]*\) bytes \([0-9]*\).*/\1/p' "$co")
	cb=$(sed -n 's/^sha256 \([0-9a-f]*\) bytes \([0-9]*\).*/\2/p' "$co")
	sh=$(sed -n 's/^sha256 \([0-9a-f]*\) bytes \([0-9]*\).*/\1/p' "$so")
	sb=$(sed -n 's/^sha256 \([0-9a-f]*\) bytes \([0-9]*\).*/\2/p' "$so")
	log "xfer $src -> $dst: sent $cb bytes, received $sb bytes," \
		"$(grep -o 'in [0-9.]* s.*' "$co")"
	[ -n "$ch" ] && [ "$ch" = "$sh" ] && [ "$cb" = "$sb" ] ||
		traffic_fail "xfer $src -> $dst: data differ (client $ch/$cb, server $sh/$sb)"
	XFER_BYTES=$((XFER_BYTES + cb))
}

# capture_start NS DEV PCAP FILTER: tcpdump of what arrives at DEV in NS
# (ip netns exec execs tcpdump: $! is tcpdump's own pid, stopped with SIGINT)
capture_start()
{
	ip netns exec "$1" tcpdump -nn -q -i "$2" -w "$3" "$4" >/dev/null 2>&1 &
	CAPTURE_PID=$!
	CAPTURE_PCAP=$3
	L2K_BG_PIDS="$L2K_BG_PIDS $CAPTURE_PID"
	sleep 1
}

# capture_stop: CAPTURED is the number of frames captured
capture_stop()
{
	sleep 0.5
	kill -INT "$CAPTURE_PID" 2>/dev/null
	wait "$CAPTURE_PID" 2>/dev/null
	CAPTURED=$(tcpdump -nn -r "$CAPTURE_PCAP" 2>/dev/null | wc -l)
}

# udp_check SRC_NS DST_NS DST_IP MB: UDP datagrams sent with UDP GSO, each
# checked at the receiver: none corrupted, 99 % or more delivered
udp_check()
{
	local src=$1 dst=$2 ip=$3 mb=$4 port=$((20000 + RANDOM % 20000))
	local so=$L2K_TMP/udp-srv.$src.out co=$L2K_TMP/udp-cli.$src.out sp
	ip netns exec "$dst" "$L2K_PY" "$L2K_TOP/tests/functional/xfer.py" server --udp \
		--bind "$ip" --port "$port" --timeout 30 > "$so" 2>&1 &
	sp=$!
	L2K_BG_PIDS="$L2K_BG_PIDS $sp"
	# a datagram sent before the bind is refused (ICMP port unreachable)
	wait_for_line "$so" '^listening' 10 || { cat "$so" >&2; fail "udp server in $dst not up"; }
	ip netns exec "$src" "$L2K_PY" "$L2K_TOP/tests/functional/xfer.py" client --udp \
		--host "$ip" --port "$port" --mb "$mb" > "$co" 2>&1 ||
		{ cat "$co" "$so" >&2; traffic_fail "udp client $src -> $ip failed"; }
	wait "$sp" || { cat "$co" "$so" >&2; traffic_fail "udp server in $dst failed"; }
	local sent got bad
	sent=$(sed -n 's/^udp datagrams \([0-9]*\) .*/\1/p' "$co")
	got=$(sed -n 's/^udp datagrams \([0-9]*\) .*/\1/p' "$so")
	bad=$(sed -n 's/^udp .* bad \([0-9]*\)$/\1/p' "$so")
	log "udp $src -> $dst: sent $sent datagrams, received $got, $bad corrupted," \
		"$(grep -o 'in [0-9.]* s.*' "$co")"
	[ -n "$got" ] && [ -n "$sent" ] && [ "$bad" = 0 ] && [ $((got * 100)) -ge $((sent * 99)) ] ||
		traffic_fail "udp $src -> $dst: sent ${sent:-?}, received ${got:-?}, corrupted ${bad:-?}"
}

# vlan_check SRC_NS SRC_DEV DST_NS DST_DEV SADDR DADDR: 802.1Q-tagged TCP
# (TSO, partial and finished checksums) and UDP frames sent at layer 2 from
# SRC_DEV to DST_DEV's MAC, every tag, checksum and byte checked on
# arrival (vlan_frames.py); VLAN_BIG: frames over the MTU that arrived
vlan_check()
{
	local so=$L2K_TMP/vlan-recv.$1.out co=$L2K_TMP/vlan-send.$1.out sp dst
	dst=$(ip netns exec "$3" cat "/sys/class/net/$4/address")
	ip netns exec "$3" "$L2K_PY" "$L2K_TOP/tests/functional/vlan_frames.py" recv \
		--iface "$4" --saddr "$5" --daddr "$6" --timeout 20 > "$so" 2>&1 &
	sp=$!
	L2K_BG_PIDS="$L2K_BG_PIDS $sp"
	wait_for_line "$so" '^listening' 10 || { cat "$so" >&2; fail "vlan receiver in $3 not up"; }
	local txd
	txd=$(link_stat "$1" "$2" tx_dropped)
	ip netns exec "$1" "$L2K_PY" "$L2K_TOP/tests/functional/vlan_frames.py" send \
		--iface "$2" --dst "$dst" --saddr "$5" --daddr "$6" > "$co" 2>&1 ||
		{ cat "$co" >&2; fail "vlan sender in $1 failed"; }
	wait "$sp"
	local rc=$?
	txd=$(($(link_stat "$1" "$2" tx_dropped) - txd))
	log "vlan $2 -> $4: $(cat "$co"); $2 dropped $txd on sending;" \
		"received: $(grep -v '^listening' "$so" | tr '\n' ' ')"
	if [ $rc != 0 ]; then
		# frames the sending netdev itself dropped (its tx_dropped) never
		# reached the forwarder: on K, a ring resize swaps its qdisc for
		# one that drops for a moment (doc/design.md "Short rings")
		local lost bad
		lost=$(sed -n 's/^vlan missing frames \([0-9]*\):.*/\1/p' "$so")
		bad=$(sed -n 's/^vlan tcp .* bad \([0-9]*\)$/\1/p' "$so")
		[ "$bad" = 0 ] && [ -n "$lost" ] && [ "$lost" -le "$txd" ] ||
			traffic_fail "vlan $2 -> $4: tagged frames lost or damaged"
		log "vlan $2 -> $4: the $lost frame(s) missing were dropped by $2 on" \
			"sending, before the forwarder (its tx_dropped rose by $txd)"
	fi
	VLAN_BIG=$(sed -n 's/.* over-mtu \([0-9]*\) .*/\1/p' "$so")
}

# netdev counter in a namespace: link_stat NS DEV rx_packets
link_stat() { ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3" 2>/dev/null || echo 0; }

# summary_field NAME: value of a field in the summary line of APP_LOG
summary_field()
{
	grep '^l2fwd-kernel: summary ' "$APP_LOG" | tail -n 1 |
		tr ' ' '\n' | sed -n "s/^$1=//p"
}

# ---- fault cases: what must come back to where it was ----

# stats_field NAME [PAIR_IFACE]: NAME from the newest stats line of APP_LOG
# (the app runs with --stats 1); empty when there is none yet
stats_field()
{
	grep "^l2fwd-kernel: stats ${2:+iface=$2 }" "$APP_LOG" | tail -n 1 |
		tr ' ' '\n' | sed -n "s/^$1=//p"
}

# next_stats: wait until the app printed one more stats line than now
next_stats()
{
	local n i=0
	n=$(grep -c '^l2fwd-kernel: stats ' "$APP_LOG")
	while [ $i -lt 50 ]; do
		[ "$(grep -c '^l2fwd-kernel: stats ' "$APP_LOG")" -gt "$n" ] && return 0
		app_alive || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

app_fds() { ls "/proc/$APP_PID/fd" 2>/dev/null | wc -l; }
# what the app's file descriptors point to, one per line
app_fd_targets() { find "/proc/$APP_PID/fd" -mindepth 1 -printf '%l\n' 2>/dev/null | sort; }

# app_fds_back BASE: the app's open files, sampled for up to 2 s until they
# are back to BASE. A control call holds files for a moment (rtap's link
# requests open a namespace fd and a netlink socket and close them): one
# sample can catch them, a leak stays in every sample.
app_fds_back()
{
	local i=0 f

	while :; do
		f=$(app_fds)
		[ "$f" -le "$1" ] || [ $i -ge 20 ] && break
		sleep 0.1
		i=$((i + 1))
	done
	echo "$f"
}
xdp_progs() { "$L2K_BPFCOUNT" 2>/dev/null || echo "?"; }

# fault_baseline: with the app ready (and --stats 1), remember its open
# files, its mbufs in use, the XDP programs and the links of root and dut
fault_baseline()
{
	next_stats || { show_app_log; fail "no stats line from the app (--stats 1?)"; }
	next_stats || true
	BASE_FDS=$(app_fds)
	BASE_MBUFS=$(stats_field mbufs_in_use)
	BASE_XDP=$(xdp_progs)
	[ -n "$BASE_MBUFS" ] || fail "no mbufs_in_use in the stats line"
	log "baseline: $BASE_FDS fds, $BASE_MBUFS mbufs in use, $BASE_XDP XDP programs"
}

# fault_assert_running [SLACK]: app alive; within 10 s of traffic stopping
# its mbufs in use come back to the baseline (+SLACK: what TX rings may
# still hold before their lazy cleanup, default 1100) and its fds to theirs
fault_assert_running()
{
	local slack=${1:-1100} i=0 m f
	app_alive || { show_app_log; fail "app died"; }
	while [ $i -lt 20 ]; do
		next_stats || { show_app_log; fail "app stopped printing stats"; }
		m=$(stats_field mbufs_in_use)
		f=$(app_fds)
		[ "$m" -le $((BASE_MBUFS + slack)) ] && [ "$f" -le "$BASE_FDS" ] && break
		i=$((i + 1))
	done
	log "now: $f fds (baseline $BASE_FDS), $m mbufs in use (baseline $BASE_MBUFS)"
	[ "$m" -le $((BASE_MBUFS + slack)) ] ||
		fail "mbufs in use stay at $m, baseline $BASE_MBUFS (+$slack): buffers lost"
	[ "$f" -le "$BASE_FDS" ] || fail "open files grew from $BASE_FDS to $f"
}

# fault_assert_gone SNAPSHOT: after the app exited, no link it created is
# left (snapshot_links SNAPSHOT taken before it started) and no XDP program
fault_assert_gone()
{
	local x
	app_alive && fail "app still running"
	assert_no_new_links "$1"
	x=$(xdp_progs)
	[ "$x" = "?" ] || [ "$BASE_XDP" = "?" ] || [ "$x" -le "${BASE_XDP_BEFORE:-0}" ] ||
		fail "$x XDP programs loaded after exit, ${BASE_XDP_BEFORE:-0} before start"
}
