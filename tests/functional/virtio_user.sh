#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# virtio-user kernel path. Without /dev/vhost-net: --path virtio-user fails
# clearly and leaves nothing; --path auto skips it and still forwards; then
# the test itself skips. With /dev/vhost-net: the full set of path.sh checks.

. "$(dirname "$0")/lib.sh"
L2K_NAME=virtio-user
here=$(dirname "$0")

require_root
require_app
require_bpffs
require_tun

if [ -c /dev/vhost-net ]; then
	"$here/path.sh" virtio-user af_xdp traffic || exit $?
	exec "$here/path.sh" virtio-user af_xdp restart
fi

lib_init "$(lib_tag fv)"
testbed_up
snapshot_links before

run_app "$L2K_TMP/explicit.log" -l 0,1 --vdev "$(wire_vdev af_xdp)" -- \
	--path virtio-user --iface "$K" --netns "$DUT_NS"
[ "$APP_RC" != 0 ] || fail "--path virtio-user without /dev/vhost-net exited 0"
assert_contains "$APP_ERR" "l2fwd-kernel: error: " "stderr"
assert_contains "$APP_ERR" "/dev/vhost-net" "stderr"
assert_no_new_links before
log "--path virtio-user fails (status $APP_RC):" \
	"$(grep 'l2fwd-kernel: error' "$APP_ERR" | head -n 1)"

# auto ranks virtio-user first: it is tried, skipped with the reason, and
# the next path that works forwards
start_app "$L2K_TMP/auto.log" -l 0,1 --vdev "$(wire_vdev af_xdp)" -- \
	--path auto --iface "$K" --netns "$DUT_NS"
wait_ready 90
grep '^l2fwd-kernel: path ' "$APP_LOG" | sed 's/^/  /'
assert_contains "$APP_LOG" "l2fwd-kernel: path virtio-user: skipped: /dev/vhost-net" "app stdout"
assert_contains "$APP_LOG" ": chosen (auto: " "app stdout"
dut_addr
PING_SENT=0
ping_check "$PEER_NS" "$DUT_IP" 20
ping_check "$DUT_NS" "$PEER_IP" 20
stop_app TERM
assert_no_new_links before
skip "virtio-user needs /dev/vhost-net (CONFIG_VHOST_NET not set on this kernel)"
