#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# Every documented error: the message on stderr ("l2fwd-kernel: error: ..."),
# a non-zero exit status, and nothing left behind in the root or dut netns.

. "$(dirname "$0")/lib.sh"
L2K_NAME=bad-input

require_root
require_app
require_bpffs
lib_init "$(lib_tag fb)"
testbed_up
ip link add "${TAG}x" type veth peer name "${TAG}y" || fail "cannot create veth ${TAG}x"
# and a device named like K inside dut: the name must be free where K ends up
ip link add "${TAG}q" type veth peer name "${TAG}r" || fail "cannot create veth ${TAG}q"
ip link set "${TAG}q" netns "$DUT_NS" && ip -n "$DUT_NS" link set "${TAG}q" name "${TAG}z" ||
	fail "cannot place ${TAG}z in $DUT_NS"
snapshot_links before
wire=$(wire_vdev af_xdp)
ncase=0
failed=

# case_fail MSG: record a failed case, go on with the next one
case_fail()
{
	show_app_log
	warn "$1"
	failed="$failed $cname"
}

# expect_error NAME SUBSTRING [runner] -- ARGS...
expect_error()
{
	local msg=$2 runner=()
	cname=$1
	shift 2
	while [ "$1" != -- ]; do runner+=("$1"); shift; done
	shift
	local out=$L2K_TMP/case$ncase.log
	ncase=$((ncase + 1))
	APP_LOG=$out
	APP_ERR=$out.err
	log "case $cname: ${runner[*]} dpdk-l2fwd-kernel $*"
	APP_RC=0
	timeout -k 5 60 "${runner[@]}" "$L2K_APP" $L2K_EAL_EXTRA "$@" \
		>"$out" 2>"$out.err" </dev/null || APP_RC=$?
	if [ "$APP_RC" = 124 ] || [ "$APP_RC" -ge 128 ]; then
		case_fail "case $cname: timed out or crashed (status $APP_RC)"
	elif [ "$APP_RC" = 0 ]; then
		case_fail "case $cname: exit status 0"
	elif ! grep '^l2fwd-kernel: error: ' "$out.err" | grep -qF -- "$msg"; then
		case_fail "case $cname: no 'l2fwd-kernel: error: ...$msg...' on stderr"
	else
		log "case $cname ok (status $APP_RC):" \
			"$(grep '^l2fwd-kernel: error: ' "$out.err" | head -n 1)"
	fi
	# nothing left behind, whatever the message
	assert_no_new_links before
	if ip -d link show "$VA" | grep -q 'prog/xdp'; then
		ip link set "$VA" xdp off 2>/dev/null
		ip link set "$VA" xdpgeneric off 2>/dev/null
		fail "case $cname: XDP program left on the wire $VA"
	fi
}

base=(-l 0,1 --vdev "$wire" --)
kargs=(--iface "$K" --netns "$DUT_NS")

expect_error unknown-option "unknown option '--bogus'" -- "${base[@]}" "${kargs[@]}" --bogus
expect_error unknown-path "unknown path 'foo'" -- "${base[@]}" "${kargs[@]}" --path foo
expect_error iface-too-long "is too long (max 15 characters)" -- \
	"${base[@]}" --iface "${TAG}abcdefghijklmn" --netns "$DUT_NS"
for p in auto tap af_xdp af_packet; do
	expect_error "iface-in-use-$p" "is already in use by another device" -- \
		"${base[@]}" --path "$p" --iface "${TAG}x" --netns "$DUT_NS"
done
expect_error iface-in-use-in-dut "is already in use by another device" -- \
	"${base[@]}" --path tap --iface "${TAG}z" --netns "$DUT_NS"
expect_error no-ports "no ports probed" -- -l 0,1 --no-pci -- "${kargs[@]}"
expect_error no-privileges "CAP_NET_ADMIN" \
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all -- \
	"${base[@]}" "${kargs[@]}"
expect_error config-missing "cannot read config file" -- \
	"${base[@]}" "${kargs[@]}" --config "$L2K_TMP/does-not-exist.conf"
printf '# a comment\ngarbage\n' > "$L2K_TMP/bad.conf"
expect_error config-malformed "expected 'key = value'" -- \
	"${base[@]}" "${kargs[@]}" --config "$L2K_TMP/bad.conf"
expect_error netns-missing "network namespace '${TAG}-nonexistent' not found" -- \
	"${base[@]}" --iface "$K" --netns "${TAG}-nonexistent"
expect_error one-lcore "needs two lcores" -- -l 0 --vdev "$wire" -- "${kargs[@]}"
expect_error too-many-names "2 interface names given for 1 port(s)" -- \
	"${base[@]}" --iface "$K,${TAG}y" --netns "$DUT_NS"
expect_error eal-bad-vdev "EAL initialisation failed" -- \
	-l 0,1 --vdev net_nosuchdriver0 -- "${kargs[@]}"
# rtap without io_uring (disabled for the app alone by a seccomp filter)
if [ -f "$(dirname "$L2K_APP")/../pmd-rtap/librte_net_rtap.so" ] && [ -x "$L2K_NOURING" ]; then
	expect_error rtap-no-io_uring "path rtap: io_uring unavailable" "$L2K_NOURING" -- \
		"${base[@]}" "${kargs[@]}" --path rtap
else
	log "case rtap-no-io_uring not run: net_rtap or l2k-nouring not built"
fi

[ -z "$failed" ] || fail "failed cases:$failed"

# the app must still start after all of the above
start_app "$L2K_TMP/ok.log" "${base[@]}" "${kargs[@]}"
wait_ready 90
stop_app TERM
assert_no_new_links before
log "PASS ($ncase error cases)"
