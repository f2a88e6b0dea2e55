#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# The test command: installs what is missing, builds, runs the unit and
# functional test suites. Run as root on Debian 12:
#
#   devtools/test.sh [BUILD_DIR]        (default: build)
#
# Exit status: 0 when every test passed or was skipped with a reason.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
cd "$top"

"$top/devtools/setup-deps.sh"

if [ -f "$build/build.ninja" ]; then
	meson setup --reconfigure "$build" >/dev/null
else
	meson setup "$build" -Dwerror=true >/dev/null
fi
ninja -C "$build"

rc=0
meson test -C "$build" --suite unit --suite functional --print-errorlogs || rc=$?

# one closing line any CI reader understands
python3 - "$build/meson-logs/testlog.json" <<'PY' || true
import json, sys
res = {}
for line in open(sys.argv[1]):
    r = json.loads(line).get("result", "")
    res[r] = res.get(r, 0) + 1
ok = res.get("OK", 0) + res.get("EXPECTEDFAIL", 0)
bad = sum(v for k, v in res.items() if k not in ("OK", "EXPECTEDFAIL", "SKIP"))
print(f"tests: {ok} passed, {bad} failed, {res.get('SKIP', 0)} skipped")
PY
exit $rc
