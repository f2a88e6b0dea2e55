#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# No --path (auto): the app picks a path, logs one 'skipped' line per path it
# passed over, and forwards ping both ways.

. "$(dirname "$0")/lib.sh"
L2K_NAME=auto

require_root
require_app
require_bpffs
lib_init "$(lib_tag fa)"
testbed_up
snapshot_links before

start_app "$L2K_TMP/app.log" -l 0,1 --vdev "$(wire_vdev af_xdp)" -- \
	--iface "$K" --netns "$DUT_NS"
wait_ready 90
grep -E '^l2fwd-kernel: path ' "$APP_LOG" | sed 's/^/  /'

valid='rtap|tap|virtio-user|af_xdp|af_packet'
chosen=$(sed -nE "s/^l2fwd-kernel: path ($valid): chosen \(.*\)\$/\1/p" "$APP_LOG")
[ "$(echo "$chosen" | grep -c .)" = 1 ] || fail "expected exactly one 'path X: chosen (why)' line"
skipped=$(sed -nE "s/^l2fwd-kernel: path ([^:]*): skipped: .+\$/\1/p" "$APP_LOG")
for s in $skipped; do
	[[ $s =~ ^($valid)$ ]] || fail "skipped line names an unknown path '$s'"
	[ "$s" != "$chosen" ] || fail "path $s both skipped and chosen"
done
dups=$(echo "$skipped" | sort | uniq -d)
[ -z "$dups" ] || fail "path skipped more than once: $dups"
if [ ! -c /dev/vhost-net ] && [ "$chosen" != virtio-user ]; then
	# virtio-user is unusable here; it is either skipped or ranked after the choice
	echo "$skipped" | grep -qx virtio-user ||
		log "note: virtio-user not in the skipped lines (ranked after $chosen?)"
fi
log "auto chose $chosen; skipped: $(echo $skipped)"

dut_addr
PING_SENT=0
ping_check "$PEER_NS" "$DUT_IP" 20
ping_check "$DUT_NS" "$PEER_IP" 20
# SIGINT here (the path tests use SIGTERM): same summary and cleanup
stop_app INT
assert_contains "$APP_LOG" "l2fwd-kernel: summary iface=$K path=$chosen " "summary line"
assert_eq "$(tail -n 1 "$APP_LOG")" "l2fwd-kernel: exit" "last stdout line"
assert_no_new_links before
ip -n "$DUT_NS" link show "$K" >/dev/null 2>&1 && fail "$K still in $DUT_NS after SIGINT"
log "PASS"
