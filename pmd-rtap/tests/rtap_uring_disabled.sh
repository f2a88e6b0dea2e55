#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# With kernel.io_uring_disabled=2 the net_rtap probe must fail with a message
# that names io_uring and the sysctl, and create no TAP. The sysctl is
# restored on exit whatever happens.
# Usage: rtap_uring_disabled.sh <librte_net_rtap.so>

SO=$1
. "$(dirname "$0")/plugin.sh"
SYSCTL=/proc/sys/kernel/io_uring_disabled
IFACE=rtu$$
TMP=$(mktemp -d /tmp/rtap-uring.XXXXXX)
OLD=

skip() { echo "SKIP: $*"; exit 77; }
cleanup() {
	plugin_cleanup
	[ -n "$OLD" ] && echo "$OLD" > "$SYSCTL"
	ip link del "$IFACE" 2>/dev/null
	rm -rf "$TMP"
	# last: after the EAL process is gone
	dpdk_runtime_cleanup "$IFACE"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || skip "needs root"
[ -f "$SO" ] || skip "$SO not built"
private_plugin "$SO" || { echo "FAIL: cannot copy $SO to /run"; exit 1; }
SO=$PLUGIN_SO
[ -e "$SYSCTL" ] || skip "kernel has no kernel.io_uring_disabled sysctl"
command -v dpdk-testpmd >/dev/null || skip "dpdk-testpmd not installed"

OLD=$(cat "$SYSCTL")
echo 2 > "$SYSCTL" || skip "cannot write $SYSCTL"

timeout -s KILL 30 "${PLUGIN_EXEC[@]}" dpdk-testpmd --no-huge -m 256 --no-shconf --file-prefix "$IFACE" -l 0 \
	-d "$SO" --vdev "net_rtap0,iface=$IFACE" -- --stats-period 1 --total-num-mbufs 2048 \
	> "$TMP/log" 2>&1
RC=$?
echo "$OLD" > "$SYSCTL"
OLD=

grep "io_uring" "$TMP/log"
if ! grep -q "io_uring is not available.*io_uring_disabled=2" "$TMP/log"; then
	echo "FAIL: no clear io_uring message (testpmd rc=$RC)"
	tail -n 30 "$TMP/log"
	exit 1
fi
if ip link show "$IFACE" >/dev/null 2>&1; then
	echo "FAIL: TAP $IFACE created although the probe failed"
	exit 1
fi
echo PASS
