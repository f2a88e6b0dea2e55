/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

#ifndef L2K_TEST_H
#define L2K_TEST_H

/*
 * Checks for the unit tests: each failed check prints file:line and what
 * failed, and the test's exit status says whether any failed.
 */

#include <stdio.h>
#include <string.h>

static unsigned int checks, failures;

#define CHECK(cond) do { \
	checks++; \
	if (!(cond)) { \
		failures++; \
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
	} \
} while (0)

#define CHECK_STR(got, want) do { \
	checks++; \
	if (strcmp((got), (want)) != 0) { \
		failures++; \
		fprintf(stderr, "%s:%d: got '%s', want '%s'\n", __FILE__, __LINE__, \
			(got), (want)); \
	} \
} while (0)

/* 'got' contains 'want'. */
#define CHECK_HAS(got, want) do { \
	checks++; \
	if (strstr((got), (want)) == NULL) { \
		failures++; \
		fprintf(stderr, "%s:%d: '%s' does not contain '%s'\n", __FILE__, __LINE__, \
			(got), (want)); \
	} \
} while (0)

/* Closing line and exit status of a test program. */
static inline int
test_result(const char *name)
{
	printf("%s: %u checks, %u failed\n", name, checks, failures);
	return failures ? 1 : 0;
}

#endif /* L2K_TEST_H */
