#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# Benchmark (not a test): a thin flow beside a flood the forwarder cannot
# carry whole. One iperf3 64-byte UDP flood (-l 18 -b 0) runs for SECONDS;
# meanwhile COUNT pings go the same way, 20 ms apart (each request rides
# in the flood's direction, its reply against it). For each forwarder:
#
#   flood:  kpps iperf3 sent, and kpps that reached its receiving socket
#   ping:   received of COUNT, median, p99 and max in ms
#   drops:  the forwarder's own (l2fwd-kernel: its queue's overlimit and
#           CoDel drops, then all it dropped, those included; testpmd: RX and
#           TX dropped of its exit statistics)
#
#   tests/flent/flood.sh [--path KPATH] [--wire WIRE] [--dir down|up]
#                        [--seconds S] [--count N] [--rows "ROW ..."]
#
#   --dir down  the flood and the pings go dut -> peer (K -> P), the
#               default; up: peer -> dut (P -> K)
#   --rows      l2fwd-kernel, testpmd (default: both, in that order)
#
# Defaults: path rtap, wire rtap (both directions have the application's
# queue there), 8 s, 300 pings. $L2K_APP picks the application build.

. "$(dirname "$0")/../functional/lib.sh"
. "$(dirname "$0")/measure.sh"
. "$(dirname "$0")/forwarders.sh"
. "$L2K_TOP/pmd-rtap/tests/plugin.sh"

kpath=rtap
wire=rtap
dir=down
secs=8
count=300
rows="l2fwd-kernel testpmd"
while [ $# -gt 0 ]; do
	case $1 in
	--path) opt_value flood.sh "$@"; kpath=$2; shift 2 ;;
	--wire) opt_value flood.sh "$@"; wire=$2; shift 2 ;;
	--dir) opt_value flood.sh "$@"; dir=$2; shift 2
		case $dir in down|up) ;; *) echo "flood.sh: --dir: 'down' or 'up', not '$dir'" >&2
			exit 2 ;; esac ;;
	--seconds) opt_value flood.sh "$@"; secs=$2; shift 2 ;;
	--count) opt_value flood.sh "$@"; count=$2; shift 2 ;;
	--rows) opt_value flood.sh "$@"; rows=$2; shift 2
		fwd_rows_check flood.sh "$rows" l2fwd-kernel testpmd ;;
	*) opt_unknown flood.sh "$1" ;;
	esac
done
[[ $secs =~ ^[0-9]+$ && $secs -ge 3 ]] || { echo "flood.sh: --seconds: at least 3" >&2; exit 2; }
[[ $count =~ ^[0-9]+$ && $count -ge 1 && $count -le $(((secs - 2) * 50)) ]] ||
	{ echo "flood.sh: --count: 1 to $(((secs - 2) * 50)) pings fit in $secs s" >&2; exit 2; }
L2K_NAME=flood
require_root
require_app
require_bpffs
command -v iperf3 >/dev/null || skip "iperf3 not found (setup-deps.sh installs it)"
lib_init "$(lib_tag fld)"
FWD_PREFIX=l2k-$TAG-fwd
FWD_WIRE=$wire
plugin_cleanup() { rm -rf "/var/run/dpdk/$FWD_PREFIX"; }
TESTPMD=${TESTPMD:-$(command -v dpdk-testpmd)}
RTAP_SO=${RTAP_SO:-$L2K_TOP/build/pmd-rtap/librte_net_rtap.so}
[ -f "$RTAP_SO" ] || RTAP_SO=

# the sender's namespace, the receiver's, and the receiver's address
if [ "$dir" = down ]; then
	src=$DUT_NS dst=$PEER_NS dst_ip=$PEER_IP
else
	src=$PEER_NS dst=$DUT_NS dst_ip=$DUT_IP
fi

printf '\n| forwarder | flood sent (kpps) | received | ping received | p50 (ms) | p99 | max | drops |\n'
printf '| --- | --- | --- | --- | --- | --- | --- | --- |\n'
for row in $rows; do
	why=$(fwd_check "$row" "$kpath") || { printf '| %s | skipped: %s |\n' "$row" "$why"; continue; }
	testbed_up
	fwd_start "$row" "$kpath" "$L2K_TMP/$row.log" || fail "$row did not start"
	measure_ping "$src" "$dst_ip" 5 100 >/dev/null || true
	port=$((5301 + RANDOM % 1000))
	iperf3_server "$dst" "$dst_ip" "$port"
	srv=$BG_PID
	bg "$src" timeout $((secs + 30)) iperf3 -c "$dst_ip" -p "$port" -u -l 18 -b 0 -t "$secs" \
		-J > "$L2K_TMP/$row.flood.json" 2>&1
	cli=$BG_PID
	sleep 1
	measure_ping "$src" "$dst_ip" "$count" 20 || true
	wait "$cli" || warn "$row: iperf3 flood failed: $(tail -n 3 "$L2K_TMP/$row.flood.json")"
	wait "$srv" 2>/dev/null
	read -r sent recv < <("$L2K_PY" -c '
import json, sys
try:
    e = json.load(open(sys.argv[1]))["end"]
    s, r = e["sum_sent"], e["sum_received"]
    print("%.1f %.1f" % (s["packets"] / (s["seconds"] or 1) / 1e3,
                         r["bytes"] / 18.0 / (r["seconds"] or 1) / 1e3))
except (OSError, ValueError, KeyError):
    print("- -")
' "$L2K_TMP/$row.flood.json")
	fwd_stop
	drops=$FWD_DROPS
	if [ "$row" = l2fwd-kernel ]; then
		q=0
		for f in to_wire_queue_overlimit_drops to_kernel_queue_overlimit_drops; do
			v=$(summary_field $f); q=$((q + ${v:-0}))
		done
		c=0
		for f in to_wire_queue_codel_drops to_kernel_queue_codel_drops; do
			v=$(summary_field $f); c=$((c + ${v:-0}))
		done
		drops="overlimit $q, CoDel $c; all $FWD_DROPS"
	fi
	printf '| %s | %s | %s | %s/%s | %s | %s | %s | %s |\n' "$row" "$sent" "$recv" \
		"$M_RECV" "$count" "$M_P50" "$M_P99" "$M_MAX" "$drops"
	testbed_down quiet
done
echo
echo "setup: $(nproc) cores, lcores 0,1 (one forwarding lcore), path $kpath, wire $wire," \
	"flood $dir, DPDK $(pkg-config --modversion libdpdk 2>/dev/null || echo '?'), --no-huge"
