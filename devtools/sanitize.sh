#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# The sanitizer run: builds with clang, AddressSanitizer (leaks searched at
# exit), UndefinedBehaviorSanitizer and the libFuzzer targets, then runs the
# unit, functional and fuzz suites with the 'asan' test setup (options and
# suppressions in tests/meson.build and tests/sanitizer/: any sanitizer
# report fails its test). Run as root on Debian 12:
#
#   devtools/sanitize.sh [BUILD_DIR]    (default: build-sanitize)
#
# Ends with "sanitize: N passed, N failed, N skipped"; exit status 0 when
# every test passed or was skipped with a reason.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build-sanitize}
cd "$top"

"$top/devtools/setup-deps.sh" >/dev/null

opts="-Dwerror=true"
opts="$opts -Db_sanitize=address,undefined -Db_lundef=false -Dfuzz=enabled"
if [ -f "$build/build.ninja" ]; then
	# (meson 1.0 ignores -Dc_args given to setup --reconfigure)
	# shellcheck disable=SC2086
	meson configure "$build" $opts >/dev/null
else
	# shellcheck disable=SC2086
	CC=clang-14 meson setup "$build" $opts >/dev/null
fi
ninja -C "$build"

rc=0
meson test -C "$build" --setup asan --suite unit --suite functional --suite fuzz \
	--print-errorlogs || rc=$?

# one closing line any CI reader understands
python3 - "$build/meson-logs/testlog-asan.json" <<'PY' || true
import json, sys
res = {}
for line in open(sys.argv[1]):
    r = json.loads(line).get("result", "")
    res[r] = res.get(r, 0) + 1
ok = res.get("OK", 0) + res.get("EXPECTEDFAIL", 0)
bad = sum(v for k, v in res.items() if k not in ("OK", "EXPECTEDFAIL", "SKIP"))
print(f"sanitize: {ok} passed, {bad} failed, {res.get('SKIP', 0)} skipped")
PY
exit $rc
