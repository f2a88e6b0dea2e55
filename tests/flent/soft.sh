#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# Measurement (not a test) behind --soft-offload auto: TCP throughput
# (iperf3, one flow) both ways through l2fwd-kernel with each
# --soft-offload mode, on a wire that has no offloads (af_xdp or af_packet
# veth), and the forwarding lcore's cycles per byte it sent:
#
#   peer -> K   P -> K: software GRO (when on) merges the peer's segments
#   K -> peer   K -> P: software checksums and TSO4 (when on) let the
#               kernel send partial checksums and 64 kB frames
#
# Medians of REPS runs of SECONDS each. Takes /tmp/l2k-func.lock and
# /tmp/l2k-bench.lock itself (namespaces, and a machine left alone).
#
#   tests/flent/soft.sh [--path KPATH] [--wire WIRE] [--seconds S] [--reps N]
#                       [--modes "off on auto"]

if [ -z "${L2K_SOFT_LOCKED:-}" ]; then
	exec env L2K_SOFT_LOCKED=1 flock /tmp/l2k-func.lock flock /tmp/l2k-bench.lock \
		bash "$0" "$@"
fi

. "$(dirname "$0")/../functional/lib.sh"
. "$(dirname "$0")/measure.sh"
. "$(dirname "$0")/forwarders.sh"

kpath=rtap
wire=af_xdp
secs=10
reps=3
modes="off on"
while [ $# -gt 0 ]; do
	case $1 in
	--path) opt_value soft.sh "$@"; kpath=$2; shift 2 ;;
	--wire) opt_value soft.sh "$@"; wire=$2; shift 2 ;;
	--seconds) opt_value soft.sh "$@"; secs=$2; shift 2 ;;
	--reps) opt_value soft.sh "$@"; reps=$2; shift 2 ;;
	--modes) opt_value soft.sh "$@"; modes=$2; shift 2 ;;
	*) opt_unknown soft.sh "$1" ;;
	esac
done
L2K_NAME=soft
require_root
require_app
require_bpffs
command -v iperf3 >/dev/null || skip "no iperf3"
lib_init "$(lib_tag sft)"
FWD_PREFIX=l2k-$TAG-fwd
FWD_WIRE=$wire
plugin_cleanup() { rm -rf "/var/run/dpdk/$FWD_PREFIX"; }
W_TSC_MHZ=$(tsc_mhz) || W_TSC_MHZ="- none"
W_TSC_MHZ=${W_TSC_MHZ%% *}

median() { tr ' ' '\n' | grep -v '^-\?$' | sort -n | awk '{ v[NR] = $1 }
	END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2];
	      else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# one direction, REPS times: "MBPS_MEDIAN CPB_MEDIAN"
run_dir()
{
	local rev=$1 i mb="" cpb=""
	for i in $(seq 1 "$reps"); do
		win_begin
		measure_iperf "$PEER_NS" "$DUT_IP" "$secs" $rev || M_MBPS=-
		win_end
		mb+=" $M_MBPS"
		cpb+=" $W_CPB"
	done
	echo "$(echo $mb | median) $(echo $cpb | median) ($(echo $mb | tr ' ' '/'))"
}

printf '\n| --soft-offload | peer -> K Mbit/s | cycles/byte | K -> peer Mbit/s | cycles/byte |'
printf ' software work (to_kernel_soft_gro_segs, to_wire_soft_gso_segs, to_wire_soft_csum) |\n'
printf '| --- | --- | --- | --- | --- | --- |\n'
for mode in $modes; do
	FWD_L2K_ARGS=(--soft-offload "$mode")
	testbed_up
	fwd_start l2fwd-kernel "$kpath" "$L2K_TMP/$mode.log" || fail "l2fwd-kernel did not start"
	FWD_TID=$(fwd_lcore_tid "$APP_PID") || FWD_TID=
	log "$(grep 'soft-offload ' "$APP_LOG" | sed 's/^l2fwd-kernel: //')"
	servers_start
	measure_ping "$PEER_NS" "$DUT_IP" 3 100 >/dev/null || true
	read -r in_mb in_cpb in_all < <(run_dir "")
	read -r out_mb out_cpb out_all < <(run_dir -R)
	fwd_stop
	printf '| %s | %s %s | %s | %s %s | %s | %s, %s, %s |\n' "$mode" "$in_mb" "$in_all" \
		"$in_cpb" "$out_mb" "$out_all" "$out_cpb" \
		"$(summary_field to_kernel_soft_gro_segs)" "$(summary_field to_wire_soft_gso_segs)" \
		"$(summary_field to_wire_soft_csum)"
	testbed_down quiet
done
echo
echo "setup: $(nproc) cores, lcores 0,1 (one forwarding lcore), path $kpath, wire $wire," \
	"iperf3 one TCP flow, $secs s x $reps (median; all runs in brackets)," \
	"DPDK $(pkg-config --modversion libdpdk 2>/dev/null || echo '?'), --no-huge," \
	"cycles = lcore CPU time x TSC $W_TSC_MHZ MHz"
echo "command: tests/flent/soft.sh --path $kpath --wire $wire --seconds $secs --reps $reps" \
	"--modes \"$modes\""
