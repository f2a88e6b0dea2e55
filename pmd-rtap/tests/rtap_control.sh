#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# Control path of net_rtap in interactive dpdk-testpmd (commands through a
# FIFO): after the port started, its TAP is moved into a network namespace
# and renamed; MTU, MAC, promiscuous, allmulticast, link down/up and link
# status must still reach it. Then a second port is attached, started and
# detached three times: the process must not keep a file descriptor more.
# Usage: rtap_control.sh <librte_net_rtap.so>

SO=$1
. "$(dirname "$0")/plugin.sh"
TAG=rc$$
A=${TAG}a
A2=${TAG}x
B=${TAG}b
NS=${TAG}-ns
TMP=$(mktemp -d /tmp/rtap-ctl.XXXXXX)
PMD_PID=

skip() { echo "SKIP: $*"; exit 77; }
fail() {
	echo "FAIL: $*"
	grep -v "^EAL" "$TMP/log" 2>/dev/null | tail -n 40
	exit 1
}
cleanup() {
	plugin_cleanup
	exec 7>&- 2>/dev/null
	if [ -n "$PMD_PID" ] && kill -0 "$PMD_PID" 2>/dev/null; then
		kill -KILL "$PMD_PID" 2>/dev/null
	fi
	ip netns del "$NS" 2>/dev/null
	ip link del "$A" 2>/dev/null
	ip link del "$B" 2>/dev/null
	rm -rf "$TMP"
	# last: after the EAL process is gone
	dpdk_runtime_cleanup "$TAG"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || skip "needs root"
[ -f "$SO" ] || skip "$SO not built"
private_plugin "$SO" || fail "cannot copy $SO to /run"
SO=$PLUGIN_SO
command -v dpdk-testpmd >/dev/null || skip "dpdk-testpmd not installed"

mkfifo "$TMP/in"
timeout -s KILL 90 stdbuf -oL -eL "${PLUGIN_EXEC[@]}" dpdk-testpmd --no-huge -m 256 --no-shconf \
	--file-prefix "$TAG" -l 0,1 -d "$SO" --vdev "net_rtap0,iface=$A" -- -i \
	--total-num-mbufs 8192 < "$TMP/in" > "$TMP/log" 2>&1 &
PMD_PID=$!
exec 7> "$TMP/in"

cmd() { echo "$*" >&7; }
# wait for a pattern in the log (2nd arg: seconds)
expect() {
	for _ in $(seq $((${2:-5} * 10))); do
		grep -q -- "$1" "$TMP/log" && return 0
		sleep 0.1
	done
	return 1
}
# wait for a condition on the link inside the namespace
link_has() {
	for _ in $(seq 30); do
		ip -n "$NS" link show "$A2" 2>/dev/null | grep -q -- "$1" && return 0
		sleep 0.1
	done
	return 1
}
link_lacks() {
	for _ in $(seq 30); do
		ip -n "$NS" link show "$A2" 2>/dev/null | grep -q -- "$1" || return 0
		sleep 0.1
	done
	return 1
}

expect "testpmd>" 20 || fail "testpmd did not start"
ip link show "$A" | grep -q ",UP" || fail "$A not up after the port started"

ip netns add "$NS" || fail "netns add"
ip link set "$A" netns "$NS" || fail "move"
ip -n "$NS" link set "$A" name "$A2" || fail "rename"

cmd "port config mtu 0 1400"
link_has "mtu 1400" || fail "MTU not set after move + rename"
cmd "mac_addr set 0 02:99:77:00:00:42"
link_has "02:99:77:00:00:42" || fail "MAC not set"
cmd "set promisc 0 on"
link_has "PROMISC" || fail "promiscuous not set"
cmd "set promisc 0 off"
link_lacks "PROMISC" || fail "promiscuous not cleared"
cmd "set allmulti 0 on"
link_has "ALLMULTI" || fail "allmulticast not set"
cmd "set allmulti 0 off"
link_lacks "ALLMULTI" || fail "allmulticast not cleared"
cmd "set link-down port 0"
link_lacks ",UP" || fail "link-down not applied"
cmd "show port info 0"
expect "Link status: down" || fail "link status does not follow the kernel (down)"
cmd "set link-up port 0"
link_has ",UP" || fail "link-up not applied"
cmd "show port summary 0"
expect "02:99:77:00:00:42" || fail "MAC not reported"
echo "control ok: mtu, mac, promisc, allmulti, link down/up through a move and a rename"

# a second queue pair attached to the TAP where it is now (other namespace)
cmd "port stop 0"
cmd "port config all rxq 2"
cmd "port config all txq 2"
cmd "port start 0"
for _ in $(seq 30); do
	ip -n "$NS" -d link show "$A2" | grep -q "numqueues 2" && break
	sleep 0.1
done
ip -n "$NS" -d link show "$A2" | grep -q "numqueues 2" ||
	fail "second queue not attached to the moved TAP"
ip link show "$A2" >/dev/null 2>&1 && fail "a new TAP $A2 appeared in the first namespace"
echo "queues ok: second queue pair attached in the TAP's namespace"

# attach / start / stop / close / detach a second port, three times
FD0=
for i in 1 2 3; do
	cmd "port attach net_rtap1,iface=$B"
	for _ in $(seq 100); do
		[ "$(grep -c "Port 1 is attached" "$TMP/log")" -ge "$i" ] && break
		sleep 0.1
	done
	[ "$(grep -c "Port 1 is attached" "$TMP/log")" -ge "$i" ] || fail "attach $i"
	cmd "port start 1"
	sleep 1
	ip link show "$B" >/dev/null 2>&1 || fail "$B not created"
	cmd "port stop 1"
	cmd "port close 1"
	cmd "device detach net_rtap1"
	sleep 1.5
	ip link show "$B" >/dev/null 2>&1 && fail "$B left behind after detach $i"
	N=$(ls /proc/"$(pgrep -P "$PMD_PID" -x dpdk-testpmd || echo "$PMD_PID")"/fd | wc -l)
	[ -z "$FD0" ] && FD0=$N
	[ "$N" -le "$FD0" ] || fail "fd leak: $FD0 fds after the first cycle, $N after cycle $i"
done
echo "fd ok: $FD0 fds after each attach/detach cycle"

cmd "quit"
for _ in $(seq 100); do kill -0 "$PMD_PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$PMD_PID" 2>/dev/null && fail "testpmd did not quit"
PMD_PID=
grep -q "Bye" "$TMP/log" || fail "testpmd did not close cleanly"
echo PASS
