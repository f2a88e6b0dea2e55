#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# A periodic job sharing a CPU, for benchmarks of a host shared with other
# work: pinned to CPU, spins BUSY_MS, sleeps the rest of PERIOD_MS, again,
# until killed. Not a test.
#
#   tests/flent/cpu-job.py CPU BUSY_MS PERIOD_MS
"""Spin BUSY_MS out of every PERIOD_MS on one CPU."""

import os
import sys
import time


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: cpu-job.py CPU BUSY_MS PERIOD_MS")
    try:
        cpu = int(sys.argv[1])
        busy, period = float(sys.argv[2]) / 1000, float(sys.argv[3]) / 1000
    except ValueError as e:
        sys.exit(f"cpu-job.py: {e}")
    if busy <= 0 or period < busy:
        sys.exit("cpu-job.py: want 0 < BUSY_MS <= PERIOD_MS")
    try:
        os.sched_setaffinity(0, {cpu})
    except OSError as e:
        sys.exit(f"cpu-job.py: CPU {cpu}: {e.strerror}")
    while True:
        t = time.perf_counter()
        while time.perf_counter() - t < busy:
            pass
        time.sleep(period - busy)


if __name__ == "__main__":
    main()
