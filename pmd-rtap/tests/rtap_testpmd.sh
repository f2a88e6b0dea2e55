#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# Functional test of net_rtap loaded into dpdk-testpmd with -d: two rtap
# ports (two queue pairs each) in io forwarding, each TAP moved into its own
# network namespace after the ports started; ping and a TCP transfer (sha256
# compared) cross them.
# Mode 'offload' (second argument) enables LRO/RX checksum on the ports and
# forwards with testpmd's csum engine doing TSO/checksum by offload, so GSO
# frames and partial checksums cross the driver both ways.
# Usage: rtap_testpmd.sh <librte_net_rtap.so> [plain|offload]

SO=$1
. "$(dirname "$0")/plugin.sh"
MODE=${2:-plain}
TAG=rt$$
A=${TAG}a
B=${TAG}b
NSA=${TAG}-nsa
NSB=${TAG}-nsb
TMP=$(mktemp -d /tmp/rtap-test.XXXXXX)
PMD_PID=

skip() { echo "SKIP: $*"; exit 77; }
fail() {
	echo "FAIL: $*"
	echo "---- testpmd log ----"
	grep -v "^ *$" "$TMP/testpmd.log" |
		grep -iv "^EAL\|pps\|throughput\|####\|statistics\|RX-nombuf\|RX-errors" |
		head -n "${LOGLINES:-60}"
	exit 1
}

cleanup() {
	plugin_cleanup
	if [ -n "$PMD_PID" ] && kill -0 "$PMD_PID" 2>/dev/null; then
		kill -INT "$PMD_PID" 2>/dev/null
		for _ in $(seq 50); do kill -0 "$PMD_PID" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$PMD_PID" 2>/dev/null
	fi
	[ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null
	ip netns del "$NSA" 2>/dev/null
	ip netns del "$NSB" 2>/dev/null
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
command -v python3 >/dev/null || skip "python3 not installed"
[ -c /dev/net/tun ] || skip "no /dev/net/tun"

MACA=02:99:77:00:00:0a
MACB=02:99:77:00:00:0b
EXTRA=(--forward-mode=io --rxq=2 --txq=2)
if [ "$MODE" = offload ]; then
	cat > "$TMP/cmds" <<CMDS
port stop all
csum set ip hw 0
csum set tcp hw 0
csum set udp hw 0
csum set ip hw 1
csum set tcp hw 1
csum set udp hw 1
tso set 1400 0
tso set 1400 1
port start all
CMDS
	# the csum engine rewrites MAC addresses: make them the TAPs' own
	EXTRA=("--eth-peer=0,$MACA" "--eth-peer=1,$MACB" --forward-mode=csum
	       --enable-lro --enable-rx-cksum --rxd=128 --txd=512
	       --cmdline-file="$TMP/cmds")
fi

timeout -s INT 120 stdbuf -oL -eL "${PLUGIN_EXEC[@]}" dpdk-testpmd --no-huge -m 512 --no-shconf \
	--file-prefix "$TAG" -l 0,1 --log-level=pmd.net.rtap:info -d "$SO" \
	--vdev "net_rtap0,iface=$A,mac=$MACA" --vdev "net_rtap1,iface=$B,mac=$MACB" -- \
	"${EXTRA[@]}" --stats-period 1 --auto-start --total-num-mbufs 32768 \
	> "$TMP/testpmd.log" 2>&1 &
PMD_PID=$!

# both TAPs exist and are up once the ports started; in offload mode the
# command file stops and restarts the ports, so wait until testpmd says it
# has read all of it ("Set csum ... mode" is printed before)
READY="Start automatic\|io packet forwarding"
[ "$MODE" = offload ] && READY="Read CLI commands from"
for _ in $(seq 100); do
	if grep -q "$READY" "$TMP/testpmd.log" &&
	   ip link show "$A" 2>/dev/null | grep -q ",UP" &&
	   ip link show "$B" 2>/dev/null | grep -q ",UP"; then
		break
	fi
	kill -0 "$PMD_PID" 2>/dev/null || fail "testpmd exited early"
	sleep 0.2
done
ip link show "$A" | grep -q ",UP" || fail "$A not up after start"
ip link show "$A" | grep -q "$MACA" || fail "$A does not have the MAC given as devarg"
if [ "$MODE" = plain ]; then
	ip -d link show "$A" | grep -q "numqueues 2" || fail "$A does not have 2 queues"
fi
sleep 1
FD_BEFORE=$(ls /proc/$PMD_PID/fd | wc -l)

ip netns add "$NSA" || fail "netns add"
ip netns add "$NSB" || fail "netns add"
ip link set "$A" netns "$NSA" || fail "move $A"
ip link set "$B" netns "$NSB" || fail "move $B"
ip -n "$NSA" addr add 10.99.77.1/24 dev "$A"
ip -n "$NSB" addr add 10.99.77.2/24 dev "$B"
ip -n "$NSA" link set "$A" up
ip -n "$NSB" link set "$B" up
ip -n "$NSA" link set lo up
ip -n "$NSB" link set lo up

ip netns exec "$NSA" ping -c 3 -i 0.2 -W 2 10.99.77.2 > "$TMP/ping.log" 2>&1 ||
	{ cat "$TMP/ping.log"; fail "ping across two rtap ports"; }
echo "ping ok: $(grep -o '[0-9.]*/[0-9.]*/[0-9.]*/[0-9.]* ms' "$TMP/ping.log")"

cat > "$TMP/srv.py" <<'PY'
import hashlib, socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.99.77.2", 5201)); s.listen(1); s.settimeout(30)
c, _ = s.accept(); c.settimeout(30)
h = hashlib.sha256(); n = 0
while True:
    d = c.recv(65536)
    if not d:
        break
    h.update(d); n += len(d)
open(sys.argv[1], "w").write("%s %d\n" % (h.hexdigest(), n))
PY
cat > "$TMP/cli.py" <<'PY'
import hashlib, os, socket, sys
data = os.urandom(int(sys.argv[1]))
c = socket.create_connection(("10.99.77.2", 5201), timeout=30)
c.sendall(data); c.shutdown(socket.SHUT_WR); c.recv(1); c.close()
print("%s %d" % (hashlib.sha256(data).hexdigest(), len(data)))
PY
ip netns exec "$NSB" python3 "$TMP/srv.py" "$TMP/srv.out" &
SRV_PID=$!
sleep 0.5
SENT=$(ip netns exec "$NSA" python3 "$TMP/cli.py" 8000000) || fail "TCP client"
wait "$SRV_PID" || fail "TCP server"
SRV_PID=
GOT=$(cat "$TMP/srv.out")
[ "$SENT" = "$GOT" ] || fail "TCP transfer: sent '$SENT' received '$GOT'"
echo "tcp ok: $SENT"

# the ports survive the move: link state still read from the kernel
sleep 1.5
kill -0 "$PMD_PID" 2>/dev/null || fail "testpmd died"
FD_AFTER=$(ls /proc/$PMD_PID/fd | wc -l)
[ "$FD_AFTER" -le "$FD_BEFORE" ] || fail "fd leak: $FD_BEFORE fds before, $FD_AFTER after"

kill -INT "$PMD_PID"
for _ in $(seq 100); do kill -0 "$PMD_PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$PMD_PID" 2>/dev/null && fail "testpmd did not exit on SIGINT"
wait "$PMD_PID"
PMD_PID=
grep -q "Bye" "$TMP/testpmd.log" || fail "testpmd did not close cleanly"
grep -E "RX-packets|TX-packets|RX-error" "$TMP/testpmd.log" | tail -n 6
if [ "$MODE" = offload ]; then
	# 8 MB in far fewer frames than 1500-byte segments: GSO crossed the driver
	RXP=$(grep -A1 "Forward statistics for port 0" "$TMP/testpmd.log" | tail -n 1 |
	      awk '{print $2}')
	[ -n "$RXP" ] && [ "$RXP" -lt 2000 ] || fail "no GSO frames: port 0 received $RXP frames"
	echo "gso ok: 8 MB in $RXP frames"
fi
# non-persistent TAPs disappear with the port
ip -n "$NSA" link show "$A" >/dev/null 2>&1 && fail "$A still exists after close"
echo PASS
