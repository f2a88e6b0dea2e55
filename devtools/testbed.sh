#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# The namespace testbed of TESTBED.md, for humans, the demo and the benchmark.
#
#   devtools/testbed.sh up   [TAG]   create it, print the names as shell variables
#   devtools/testbed.sh down [TAG]   remove it (namespaces, veths, stale K peers)
#   devtools/testbed.sh show [TAG]   print the names
#
# TAG (default tb, 1-8 of [a-z0-9]) makes the names unique:
#   netns l2k-TAG-peer with vb=TAGb 10.99.0.2/24, veth TAGa (root netns, the
#   wire port: --vdev net_af_xdp0,iface=TAGa), netns l2k-TAG-dut for K=TAGk.
# Then, for example:
#   build/app/dpdk-l2fwd-kernel -l 0,1 --vdev net_af_xdp0,iface=tba -- \
#           --iface tbk --netns l2k-tb-dut
#   ip -n l2k-tb-dut addr add 10.99.0.1/24 dev tbk
#   ip netns exec l2k-tb-peer ping 10.99.0.1

. "$(cd "$(dirname "$0")/.." && pwd)/tests/functional/lib.sh"
L2K_NAME=testbed

usage() { sed -n '5,19s/^# \{0,1\}//p' "$0"; exit "${1:-2}"; }

cmd=${1:-}
lib_names "${2:-tb}"

show()
{
	cat <<EOF
PEER_NS=$PEER_NS
DUT_NS=$DUT_NS
VA=$VA
VB=$VB
K=$K
PEER_IP=$PEER_IP
DUT_IP=$DUT_IP
EOF
}

case $cmd in
up)
	[ "$(id -u)" = 0 ] || fail "must run as root"
	require_bpffs
	testbed_up
	show
	;;
down)
	[ "$(id -u)" = 0 ] || fail "must run as root"
	testbed_down
	;;
show) show ;;
-h|--help|help) usage 0 ;;
*) usage ;;
esac
