/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

#ifndef L2K_FUZZ_H
#define L2K_FUZZ_H

/*
 * Common to the fuzz targets of tests/fuzz. Each target defines
 * LLVMFuzzerTestOneInput(); it is linked with libFuzzer (-Dfuzz, clang) or
 * with replay.c, which runs it over the seed corpus and the regression
 * inputs in any build (unit suite).
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant of the code under test does not hold: say which, and abort
 * (libFuzzer keeps the input as a crash artifact). */
#define FUZZ_ASSERT(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: %s: invariant violated: %s\n", \
			__FILE__, __LINE__, __func__, #cond); \
		abort(); \
	} \
} while (0)

#endif /* L2K_FUZZ_H */
