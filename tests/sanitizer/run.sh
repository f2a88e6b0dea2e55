#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# Test wrapper of the 'asan' test setup (meson test --setup asan, see
# tests/meson.build): runs one test with the reports of every sanitized
# process it starts (the test program, the application a script starts,
# dpdk-testpmd with net_rtap) written to a directory of its own, then prints
# them and fails the test if there is one, whatever the test's exit status.
# A script that expects the application to fail (bad_input.sh) would
# otherwise take the exit status of a sanitizer report for the error it
# expects, and a script that only warns about an exit status would pass.
#
#   run.sh PROGRAM [ARGS...]
set -u

dir=$(mktemp -d "${TMPDIR:-/tmp}/l2k-san.XXXXXX") || exit 1
# the application also runs unprivileged (bad_input.sh: setpriv --reuid)
chmod 1777 "$dir"
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:log_path=$dir/asan:log_exe_name=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-}:log_path=$dir/ubsan:log_exe_name=1"

"$@"
rc=$?

n=0
for f in "$dir"/*; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	printf '==== sanitizer report %s ====\n' "${f##*/}" >&2
	cat "$f" >&2
done
rm -rf "$dir"
if [ "$n" -gt 0 ]; then
	printf 'sanitizer: %d report(s) from %s (exit status %d): test failed\n' \
		"$n" "$*" "$rc" >&2
	exit 1
fi
exit $rc
