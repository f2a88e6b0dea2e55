#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# Benchmark (not a test): how long a mirrored change takes to reach the
# other side, over N changes each way (default 100), on the namespace
# testbed with the af_xdp wire.
#
#   P -> K: the peer takes the wire down/up (vb); measured from the wire
#           netdev's carrier event (va, root namespace) to K's carrier event
#           (dut namespace).
#   K -> P: a user sets K's MTU (1400/1500 alternately); measured from K's
#           event to the wire netdev's MTU event (va, set by P's driver).
#
# Both ends are sampled every 0.5 ms from sysfs (carrier, mtu) by a small
# poller in each namespace, on the same clock: netlink notifications are
# no use here, because the kernel's linkwatch delays carrier notifications
# of a tun device by up to a second. Prints median, p99 and max in ms.
#
#   tests/flent/mirror_latency.sh [--path KPATH] [--count N]


. "$(dirname "$0")/../functional/lib.sh"
. "$(dirname "$0")/measure.sh"

kpath=tap
count=100
while [ $# -gt 0 ]; do
	case $1 in
	--path) opt_value mirror_latency.sh "$@"; kpath=$2; shift 2 ;;
	--count) opt_value mirror_latency.sh "$@"; count=$2; shift 2 ;;
	*) opt_unknown mirror_latency.sh "$1" ;;
	esac
done
L2K_NAME=mirror-latency
require_root
require_app
require_path "$kpath"
require_bpffs
lib_init "$(lib_tag lat)"
testbed_up
start_app "$L2K_TMP/app.log" -l 0,1 --vdev "$(wire_vdev af_xdp)" -- --path "$kpath" \
	--iface "$K" --netns "$DUT_NS"
wait_ready
dut_addr

poller='
import sys, time
dev, out = sys.argv[1], open(sys.argv[2], "w", buffering=1)
base = "/sys/class/net/%s/" % dev
last = None
while True:
    try:
        c = open(base + "carrier").read().strip()
        m = open(base + "mtu").read().strip()
    except OSError:
        c = m = "-"
    if (c, m) != last:
        out.write("%.6f %s %s\n" % (time.time(), c, m))
        last = (c, m)
    time.sleep(0.0005)
'
ip netns exec "$DUT_NS" "$L2K_PY" -c "$poller" "$K" "$L2K_TMP/dut.mon" &
POLL_DUT=$!
"$L2K_PY" -c "$poller" "$VA" "$L2K_TMP/root.mon" &
POLL_ROOT=$!
L2K_BG_PIDS="$L2K_BG_PIDS $POLL_DUT $POLL_ROOT"
sleep 1

log "P -> K: $count wire flaps"
for i in $(seq "$count"); do
	ip -n "$PEER_NS" link set "$VB" down
	sleep 0.05
	ip -n "$PEER_NS" link set "$VB" up
	sleep 0.05
done
sleep 0.5
echo MARK > "$L2K_TMP/mark"
log "K -> P: $count MTU changes"
for i in $(seq "$count"); do
	ip -n "$DUT_NS" link set "$K" mtu $((i % 2 ? 1400 : 1500))
	sleep 0.1
done
sleep 0.5
kill "$POLL_DUT" "$POLL_ROOT"
stop_app TERM

"$L2K_PY" - "$L2K_TMP/root.mon" "$L2K_TMP/dut.mon" "$count" <<'PY'
import math, re, sys

def samples(path):
    return [(float(t), c, m) for t, c, m in (l.split() for l in open(path))]

root, dut, n = samples(sys.argv[1]), samples(sys.argv[2]), int(sys.argv[3])

def changes(ev, field, first):
    # (time, value) at each change of carrier (1) or mtu (2)
    res, last = [], first
    for e in ev:
        if e[field] != last and e[field] != '-':
            res.append((e[0], e[field]))
            last = e[field]
    return res

# Two pollers sampling every 0.5 ms, either one descheduled for a few ms on a
# busy host: an effect may be seen before its cause. Changes of the same value
# are 100 ms apart, so anything within 20 ms before still pairs with its cause.
SLACK = 0.020

def delays(src, dst):
    # each change at the source, paired with the next change to the same value
    # at the destination; negative sampling skew counts as 0
    d, j = [], 0
    for t, v in src:
        while j < len(dst) and (dst[j][0] < t - SLACK or dst[j][1] != v):
            j += 1
        if j < len(dst):
            d.append(max(0.0, dst[j][0] - t) * 1000.0)
            j += 1
    return d

def stats(name, d, want):
    if not d:
        print(f"{name}: no samples"); return
    v = sorted(d)
    pc = lambda q: v[min(len(v) - 1, max(0, math.ceil(q / 100.0 * len(v)) - 1))]
    print(f"{name}: {len(v)} of {want} changes, median {pc(50):.2f} ms, "
          f"p99 {pc(99):.2f} ms, max {v[-1]:.2f} ms")

stats("P->K wire carrier -> K carrier", delays(changes(root, 1, '1'), changes(dut, 1, '1')),
      2 * n)
stats("K->P K mtu -> wire mtu", delays(changes(dut, 2, '1500'), changes(root, 2, '1500')), n)
PY
grep '^l2fwd-kernel: summary' "$APP_LOG" | tr ' ' '\n' | grep -E '^mirror_(wire_link|mtu)='
log "machine: $(nproc) cores, kernel $(uname -r), path $kpath, wire af_xdp"
