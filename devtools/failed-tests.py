#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# Prints, for every test that neither passed nor skipped in the given meson
# test logs (meson-logs/testlog*.json), its name, result and the last lines
# of its output: CI shows only the tail of what it ran, and this is put
# there so a failure is named where it is read.
#
#   devtools/failed-tests.py LOG.json [LOG.json ...]
#
# Exit status: 1 when a test failed, else 2 when a log was missing or
# malformed (the others are still read), else 0.
import json
import sys

TAIL = 25


def main(paths):
    failed = 0
    unread = 0
    for path in paths:
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                rows = [json.loads(line) for line in f if line.strip()]
        except (OSError, ValueError) as e:
            # a run that stopped before its tests: say so, read the others
            print(f"failed-tests: {path}: {e}")
            unread += 1
            continue
        for r in rows:
            if r.get("result") in ("OK", "EXPECTEDFAIL", "SKIP"):
                continue
            failed += 1
            out = (r.get("stdout") or "").rstrip("\n").split("\n")
            print(f"== FAILED {r.get('name')} ({r.get('result')}, "
                  f"rc {r.get('returncode')}, {r.get('duration', 0):.1f} s) in {path}")
            for line in out[-TAIL:]:
                print(f"   {line}")
    print(f"failed-tests: {failed} failed in {len(paths) - unread} log(s)"
          + (f", {unread} log(s) unread" if unread else ""))
    return 1 if failed else 2 if unread else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print("usage: failed-tests.py LOG.json [LOG.json ...]", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1:]))
